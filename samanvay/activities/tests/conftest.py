"""Activity types, a campaign with a published plan, and reports in and out of each persona's
reach. Photos are written to a temporary media folder."""

import datetime
import io
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from samanvay.activities.models import ActivityReport, ReportPhoto
from samanvay.activities.photos import clean_photo
from samanvay.campaigns.models import ActivityType, Campaign, CampaignPlan

Status = ActivityReport.Status


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _type(code, name_en, name_hi, outcomes, position):
    activity_type, _ = ActivityType.objects.update_or_create(
        code=code,
        defaults={
            "name_en": name_en,
            "name_hi": name_hi,
            "outcomes": outcomes,
            "position": position,
        },
    )
    return activity_type


@pytest.fixture
def types(db):
    return SimpleNamespace(
        awareness=_type("awareness_session", "Awareness session", "जागरूकता सत्र", [], 1),
        rescue=_type(
            "rescue_operation",
            "Rescue operation",
            "रेस्क्यू ऑपरेशन",
            ["persons_rescued", "persons_counselled"],
            2,
        ),
        child_marriage=_type(
            "child_marriage_intervention",
            "Child-marriage intervention",
            "बाल विवाह रोकथाम",
            ["marriages_stopped"],
            3,
        ),
    )


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def srijan(world, today):
    """A campaign whose published plan runs from 60 days ago to 30 days ahead."""
    campaign, _ = Campaign.objects.get_or_create(
        code="srijan",
        defaults={"kind": "campaign", "name_en": "Srijan", "name_hi": "सृजन"},
    )
    CampaignPlan.objects.create(
        campaign=campaign,
        title="Srijan 2026",
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today + datetime.timedelta(days=30),
        status=CampaignPlan.Status.PUBLISHED,
        version=1,
        created_by=world.branch,
    )
    return campaign


def make_report(world, types, *, author, status=Status.DRAFT, **values) -> ActivityReport:
    district = values.pop("district", world.bhopal)
    fields = {
        "activity_type": types.awareness,
        "held_on": timezone.localdate() - datetime.timedelta(days=3),
        "district": district,
        "place": "Govt. Girls School, Kolar",
        "ngo": author.ngo,
        "girls": 40,
        "women": 5,
        **values,
    }
    report = ActivityReport.objects.create(created_by=author, status=status, **fields)
    if status in {Status.SUBMITTED, Status.VERIFIED}:
        report.submitted_at = timezone.now()
    if status == Status.VERIFIED:
        report.verified_at = timezone.now()
        report.verified_by = world.officer_bhopal if district == world.bhopal else world.branch
    report.save()
    return report


def jpeg_bytes(size=(64, 48), color="navy") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


def attach_photo(report, user) -> ReportPhoto:
    clean = clean_photo(ContentFile(jpeg_bytes(), name="p.jpg"))
    photo = ReportPhoto(report=report, uploaded_by=user, width=clean.width, height=clean.height)
    photo.image.save("p.jpg", ContentFile(clean.image), save=False)
    photo.thumbnail.save("t.jpg", ContentFile(clean.thumbnail), save=False)
    photo.save()
    return photo


@pytest.fixture
def reports(world, types):
    """draft_a: NGO A's draft by member_a (Bhopal); submitted_a and verified_a likewise;
    submitted_b: NGO B's report in Indore by member_b. Each submitted one has a photo."""
    r = SimpleNamespace()
    r.draft_a = make_report(world, types, author=world.member_a)
    r.submitted_a = make_report(
        world, types, author=world.member_a, status=Status.SUBMITTED, police_unit=world.wps_bhopal
    )
    r.verified_a = make_report(world, types, author=world.member_a, status=Status.VERIFIED)
    r.submitted_b = make_report(
        world, types, author=world.member_b, status=Status.SUBMITTED, district=world.indore
    )
    r.photo_draft_a = attach_photo(r.draft_a, world.member_a)
    r.photo_a = attach_photo(r.submitted_a, world.member_a)
    r.photo_b = attach_photo(r.submitted_b, world.member_b)
    return r
