"""Photos of activities: checked by their content, re-encoded, stripped of every piece of metadata.

A phone photo carries where it was taken (GPS), when, on which device, and sometimes a caption or
a face-tagged XMP packet. None of it may survive: the photo is decoded, its orientation applied,
and its pixels alone are written into a new JPEG.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
LONGEST_SIDE = 1600
THUMBNAIL_SIDE = 320
JPEG_QUALITY = 82
# A phone camera makes at most ~50 megapixels; more is a decompression bomb or a mistake.
MAX_PIXELS = 60_000_000

NOT_A_PHOTO = _("This file is not a photo. Please attach a JPEG, PNG or WebP photo.")
TOO_LARGE = _("This photo is too large (more than %(megabytes)s MB). Please attach a smaller one.")
TOO_MANY_PIXELS = _("This photo has too many pixels. Please attach a smaller one.")


def max_photo_bytes() -> int:
    return settings.REPORT_PHOTO_MAX_BYTES


@dataclass(frozen=True)
class CleanPhoto:
    image: bytes
    thumbnail: bytes
    width: int
    height: int


def _load_strictly(image: Image.Image) -> None:
    """Decode every pixel, refusing a truncated file even where another library (WeasyPrint
    does) has told Pillow to accept truncated images process-wide."""
    lenient = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        image.load()
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient


def _open_checked(data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        # Pillow only warns below twice its own pixel limit: any bomb is an error here.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            probe = Image.open(io.BytesIO(data))
            if probe.format not in ACCEPTED_FORMATS:
                raise ValidationError(NOT_A_PHOTO, code="format")
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise ValidationError(TOO_MANY_PIXELS, code="pixels")
            probe.verify()
            # verify() leaves the image unusable: open it again to decode the pixels.
            image = Image.open(io.BytesIO(data))
            _load_strictly(image)
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ValidationError(TOO_MANY_PIXELS, code="pixels") from error
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise ValidationError(NOT_A_PHOTO, code="format") from error
    return image


def _pixels_only(image: Image.Image) -> Image.Image:
    """A new RGB image holding only the pixels: no EXIF, ICC profile, XMP or comment."""
    image = ImageOps.exif_transpose(image)
    if image.mode in {"RGBA", "LA"} or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        clean = Image.new("RGB", image.size, "white")
        clean.paste(image, mask=image.getchannel("A"))
        return clean
    clean = Image.new("RGB", image.size)
    clean.paste(image.convert("RGB"))
    return clean


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue()


def clean_photo(uploaded_file) -> CleanPhoto:
    """Check an uploaded photo and return it re-encoded, with a thumbnail; ValidationError if it
    is not a photo of an accepted kind, too large, or a decompression bomb."""
    limit = max_photo_bytes()
    if uploaded_file.size is not None and uploaded_file.size > limit:
        raise ValidationError(
            TOO_LARGE, code="size", params={"megabytes": round(limit / 1024 / 1024)}
        )
    uploaded_file.seek(0)
    data = uploaded_file.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            TOO_LARGE, code="size", params={"megabytes": round(limit / 1024 / 1024)}
        )
    image = _pixels_only(_open_checked(data))
    image.thumbnail((LONGEST_SIDE, LONGEST_SIDE), Image.Resampling.LANCZOS)
    thumbnail = image.copy()
    thumbnail.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    return CleanPhoto(
        image=_jpeg(image), thumbnail=_jpeg(thumbnail), width=image.width, height=image.height
    )
