"""The groups of `world` (samanvay/conftest.py), synced from its registry: the statewide group, a
group per district (Bhopal: officer_bhopal, coord_a, member_a; Indore: officer_indore, coord_b,
member_b) and per campaign; the branch is in every one. Observers are in none."""

import io
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from PIL import ExifTags, Image

from samanvay.channel.membership import sync_all_groups
from samanvay.channel.models import Group


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    # The menu's unread counts are cached by user id, and ids repeat from one test to the next:
    # each test gets an empty cache of its own (never a flush of a Redis shared with others).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def groups(world):
    sync_all_groups()
    g = SimpleNamespace()
    g.state = Group.objects.get(level="state")
    g.bhopal = Group.objects.get(level="district", district=world.bhopal)
    g.indore = Group.objects.get(level="district", district=world.indore)
    return g


def member_ids(group) -> set[int]:
    return set(group.members.filter(left_at__isnull=True).values_list("user_id", flat=True))


def phone_photo() -> bytes:
    """A JPEG with a GPS position and a camera make, as a phone writes it."""
    image = Image.new("RGB", (80, 60), "red")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (23.0, 15.0, 30.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, comment=b"Kolar school")
    return buffer.getvalue()
