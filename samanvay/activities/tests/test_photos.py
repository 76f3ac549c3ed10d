"""Photos are checked by their content and keep nothing but their pixels."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import ExifTags, Image, ImageCms

from samanvay.activities.photos import clean_photo

XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/">'
    b"<rdf:Description>Priya, Class 7</rdf:Description></x:xmpmeta>"
)


def phone_photo(size=(2400, 1200), orientation=6) -> bytes:
    """A JPEG as a phone writes it: GPS position, camera, orientation, XMP, comment, ICC."""
    image = Image.new("RGB", size, "red")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (23.0, 15.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (77.0, 24.0, 10.0)
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, xmp=XMP, comment=b"Kolar school", icc_profile=icc)
    return buffer.getvalue()


def upload(data: bytes, name="photo.jpg") -> ContentFile:
    return ContentFile(data, name=name)


def test_the_source_photo_really_carries_gps_and_xmp():
    source = Image.open(io.BytesIO(phone_photo()))
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert {"xmp", "comment", "icc_profile"} <= set(source.info)


def test_it_removes_all_metadata_gps_included():
    clean = clean_photo(upload(phone_photo()))
    for data in (clean.image, clean.thumbnail):
        stored = Image.open(io.BytesIO(data))
        assert stored.format == "JPEG"
        assert len(stored.getexif()) == 0
        assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert not {"exif", "xmp", "comment", "icc_profile"} & set(stored.info)
        assert b"GPS" not in data
        assert b"adobe:ns:meta" not in data
        assert b"Priya" not in data
        assert b"PhoneMaker" not in data


def test_it_applies_the_orientation_and_caps_the_longest_side():
    clean = clean_photo(upload(phone_photo(size=(2400, 1200), orientation=6)))
    # Orientation 6 means "rotate 90°": the landscape pixels become a portrait photo.
    assert (clean.width, clean.height) == (800, 1600)
    assert Image.open(io.BytesIO(clean.image)).size == (800, 1600)
    assert max(Image.open(io.BytesIO(clean.thumbnail)).size) == 320


def test_it_keeps_small_photos_at_their_size():
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "green").save(buffer, "PNG")
    clean = clean_photo(upload(buffer.getvalue(), "photo.png"))
    assert (clean.width, clean.height) == (300, 200)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_it_accepts_png_and_webp_with_transparency_as_jpeg(fmt):
    buffer = io.BytesIO()
    Image.new("RGBA", (100, 80), (0, 0, 255, 0)).save(buffer, fmt)
    clean = clean_photo(upload(buffer.getvalue(), f"photo.{fmt.lower()}"))
    stored = Image.open(io.BytesIO(clean.image))
    assert stored.format == "JPEG"
    assert stored.mode == "RGB"
    # Transparent areas become white, not black.
    assert stored.getpixel((50, 40))[0] > 240


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"%PDF-1.4 not a photo", "photo.jpg"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "photo.svg"),
        (b"", "empty.jpg"),
    ],
)
def test_it_refuses_files_that_are_not_photos(data, name):
    with pytest.raises(ValidationError) as error:
        clean_photo(upload(data, name))
    assert error.value.code == "format"


def test_it_refuses_other_image_formats_whatever_their_name():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "GIF")
    with pytest.raises(ValidationError) as error:
        clean_photo(upload(buffer.getvalue(), "photo.jpg"))
    assert error.value.code == "format"


def test_it_refuses_a_truncated_jpeg():
    data = phone_photo(size=(400, 300))
    with pytest.raises(ValidationError):
        clean_photo(upload(data[: len(data) // 2]))


def test_it_refuses_a_truncated_jpeg_even_when_pillow_was_told_to_accept_them(monkeypatch):
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    data = phone_photo(size=(400, 300))
    with pytest.raises(ValidationError):
        clean_photo(upload(data[: len(data) // 2]))
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True


def test_it_refuses_a_decompression_bomb():
    buffer = io.BytesIO()
    # 100 megapixels of one bit each: a few kilobytes on disk, gigabytes once decoded.
    Image.new("1", (10_000, 10_000)).save(buffer, "PNG")
    assert len(buffer.getvalue()) < 200_000
    with pytest.raises(ValidationError) as error:
        clean_photo(upload(buffer.getvalue(), "bomb.png"))
    assert error.value.code == "pixels"


def test_it_refuses_photos_over_the_size_limit(settings):
    settings.REPORT_PHOTO_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        clean_photo(upload(phone_photo(size=(400, 300))))
    assert error.value.code == "size"
