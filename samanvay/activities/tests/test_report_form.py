"""The report form: drafts that are never lost, submission that needs everything, fields that
follow the activity type, validation a field worker understands, and photos."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from PIL import ExifTags, Image

from samanvay.activities.models import MAX_PHOTOS, ActivityReport, ReportPhoto
from samanvay.activities.tests.conftest import attach_photo, make_report
from samanvay.activities.tests.test_photos import phone_photo

Status = ActivityReport.Status
NEW = reverse("activities:report_create")


def english_error(form, field: str) -> str:
    """The first error of a field, worked out in English (the page's language)."""
    with translation.override("en"):
        return str(form.errors[field][0])


@pytest.fixture
def member_a(world, client, login_as):
    client.cookies["samanvay_language"] = "en"
    login_as(world.member_a)
    return client


def complete_data(world, types, **extra):
    data = {
        "activity_type": types.awareness.pk,
        "held_on": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        "district": world.bhopal.pk,
        "block": "Huzur",
        "place": "Govt. Girls School, Kolar",
        "girls": "45",
        "boys": "0",
        "women": "6",
        "men": "2",
        "description": "Good touch, bad touch session for classes 6 to 8.",
    }
    data.update(extra)
    return data


def edit_url(report):
    return reverse("activities:report_edit", args=[report.pk])


def test_a_half_done_draft_keeps_what_is_valid_and_shows_what_was_typed(world, types, member_a):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = member_a.post(
        NEW, {"place": "Kolar Road", "girls": "abc", "held_on": tomorrow, "action": "save"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert {"girls", "held_on"} <= set(form.errors)
    assert "Enter a whole number" in english_error(form, "girls")
    assert "future" in english_error(form, "held_on")
    report = ActivityReport.objects.get()
    assert (report.status, report.place, report.girls, report.held_on) == (
        Status.DRAFT,
        "Kolar Road",
        0,
        None,
    )
    assert report.created_by == world.member_a
    content = response.content.decode()
    assert 'value="abc"' in content
    assert f'action="{edit_url(report)}"' in content


@pytest.mark.parametrize(
    ("field", "text", "found"),
    [
        ("description", "Met the girl's mother, phone 98765 43210.", "a phone number"),
        ("place", "Behind the house of asha.devi@example.com", "an email address"),
        ("block", "Aadhaar 2345 6789 0124", "an Aadhaar number"),
    ],
)
def test_identifying_details_are_refused_in_the_open_fields(
    world, types, member_a, field, text, found
):
    response = member_a.post(NEW, {**complete_data(world, types), field: text, "action": "submit"})
    assert response.status_code == 200
    message = english_error(response.context["form"], field)
    assert found in message and "referral" in message
    # What was typed stays on the screen to be corrected; the words are not stored.
    assert text.split()[-1] in response.content.decode()
    report = ActivityReport.objects.get()
    assert report.status == Status.DRAFT
    assert text not in getattr(report, field)
    assert report.girls == 45  # the rest of the draft is kept


def test_a_campaign_count_and_a_date_are_not_taken_for_a_phone(world, types, member_a):
    text = "Sessions on 12.11.2026 in 3 schools, 450 girls, class 6 to 8, block code 110023."
    member_a.post(NEW, {**complete_data(world, types), "description": text, "action": "submit"})
    assert ActivityReport.objects.get().status == Status.SUBMITTED


def test_saving_a_draft_again_updates_the_same_report(world, types, member_a):
    member_a.post(NEW, {"place": "Kolar", "action": "save"})
    report = ActivityReport.objects.get()
    response = member_a.post(edit_url(report), {"place": "Kolar Road", "action": "save"})
    assert response.status_code == 302
    assert response["Location"] == edit_url(report)
    assert ActivityReport.objects.get().place == "Kolar Road"


def test_submit_needs_every_required_field(world, types, member_a):
    response = member_a.post(NEW, {"place": "Kolar", "action": "submit"})
    assert response.status_code == 200
    assert {"activity_type", "held_on", "district"} <= set(response.context["form"].errors)
    report = ActivityReport.objects.get()
    assert (report.status, report.place) == (Status.DRAFT, "Kolar")


def test_a_complete_report_is_submitted(world, types, member_a):
    response = member_a.post(NEW, {**complete_data(world, types), "action": "submit"})
    report = ActivityReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == report.get_absolute_url()
    assert (report.status, report.ngo, report.girls) == (Status.SUBMITTED, world.ngo_a, 45)
    assert not report.is_joint


def test_a_joint_report_with_a_police_unit(world, types, member_a):
    data = complete_data(world, types, police_unit=world.wps_bhopal.pk, action="submit")
    member_a.post(NEW, data)
    assert ActivityReport.objects.get().is_joint


def test_the_ngo_of_a_field_worker_cannot_be_changed(world, types, member_a):
    member_a.post(NEW, complete_data(world, types, ngo=world.ngo_b.pk, action="save"))
    assert ActivityReport.objects.get().ngo == world.ngo_a


def test_a_district_the_reporter_does_not_work_in_is_refused(world, types, member_a):
    response = member_a.post(NEW, complete_data(world, types, district=world.indore.pk))
    assert "district" in response.context["form"].errors
    assert ActivityReport.objects.get().district is None


def test_the_police_unit_must_be_in_the_reports_district(world, types, client, login_as):
    login_as(world.branch)
    data = complete_data(world, types, police_unit=world.wps_indore.pk, action="submit")
    response = client.post(NEW, data)
    assert "police_unit" in response.context["form"].errors
    report = ActivityReport.objects.get()
    assert (report.status, report.police_unit) == (Status.DRAFT, None)


def test_someone_must_have_organised_it(world, types, client, login_as):
    login_as(world.branch)
    response = client.post(NEW, complete_data(world, types, action="submit"))
    assert response.context["form"].non_field_errors()
    assert ActivityReport.objects.get().status == Status.DRAFT


def test_the_date_must_be_in_the_campaigns_period(world, types, srijan, member_a):
    long_ago = (timezone.localdate() - datetime.timedelta(days=100)).isoformat()
    data = complete_data(world, types, campaign=srijan.pk, held_on=long_ago, action="submit")
    response = member_a.post(NEW, data)
    error = response.context["form"].errors["held_on"][0]
    assert error.startswith("The date is outside the campaign's period (from ")
    data["held_on"] = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()
    member_a.post(edit_url(ActivityReport.objects.get()), data)
    assert ActivityReport.objects.get().status == Status.SUBMITTED


@pytest.mark.parametrize(
    ("value", "message"),
    [("20001", "cannot be more than 20000"), ("2.5", "whole number"), ("-1", "less than 0")],
)
def test_counts_are_whole_and_within_bounds(world, types, member_a, value, message):
    response = member_a.post(NEW, complete_data(world, types, girls=value, action="submit"))
    assert message in english_error(response.context["form"], "girls")


def test_only_the_outcomes_of_the_type_are_shown(world, types, member_a):
    report = make_report(world, types, author=world.member_a, activity_type=types.rescue)
    response = member_a.get(edit_url(report))
    content = response.content.decode()
    assert 'name="persons_rescued"' in content
    assert 'name="marriages_stopped"' not in content
    # Without JavaScript, "Update fields" shows the fields of the newly chosen type, unsaved.
    data = complete_data(world, types, activity_type=types.child_marriage.pk, action="refresh")
    response = member_a.post(edit_url(report), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="marriages_stopped"' in content
    assert 'name="persons_rescued"' not in content
    report.refresh_from_db()
    assert report.activity_type == types.rescue


def test_an_awareness_session_has_no_outcome_fields(world, types, member_a):
    report = make_report(world, types, author=world.member_a)
    content = member_a.get(edit_url(report)).content.decode()
    for name in ("persons_rescued", "marriages_stopped", "girls_traced"):
        assert f'name="{name}"' not in content


def test_a_returned_report_keeps_its_date_when_it_is_cleared(world, types, member_a):
    report = make_report(world, types, author=world.member_a, status=Status.RETURNED)
    held_on = report.held_on
    data = complete_data(world, types, held_on="", place="New place", action="save")
    response = member_a.post(edit_url(report), data)
    assert "held_on" in response.context["form"].errors
    report.refresh_from_db()
    assert (report.status, report.held_on, report.place) == (Status.RETURNED, held_on, "New place")


def test_the_ngos_coordinator_finishes_a_members_draft(world, types, client, login_as):
    report = make_report(world, types, author=world.member_a)
    login_as(world.coord_a)
    response = client.post(edit_url(report), complete_data(world, types, action="submit"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.ngo) == (Status.SUBMITTED, world.ngo_a)


# --- photos ------------------------------------------------------------------------------------


def photo_upload(name="photo.jpg"):
    return SimpleUploadedFile(name, phone_photo(size=(1200, 900)), content_type="image/jpeg")


def test_a_photo_is_stored_without_gps_or_xmp(world, types, member_a):
    data = {"place": "Kolar", "photos": photo_upload(), "confirm_no_identity": "on"}
    response = member_a.post(NEW, {**data, "action": "save"})
    assert response.status_code == 302
    photo = ReportPhoto.objects.get()
    assert photo.uploaded_by == world.member_a
    with photo.image.open("rb") as handle:
        data = handle.read()
    stored = Image.open(io.BytesIO(data))
    assert len(stored.getexif()) == 0
    assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert "xmp" not in stored.info
    assert b"GPS" not in data
    assert b"adobe:ns:meta" not in data


def test_photos_need_the_confirmation_that_nobody_is_identifiable(world, types, member_a):
    response = member_a.post(NEW, {"place": "Kolar", "photos": photo_upload(), "action": "save"})
    assert response.status_code == 200
    assert "confirm_no_identity" in response.context["form"].errors
    assert not ReportPhoto.objects.exists()
    assert ActivityReport.objects.get().place == "Kolar"


def test_a_file_that_is_not_a_photo_is_refused(world, types, member_a):
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not a photo", content_type="image/jpeg")
    response = member_a.post(
        NEW, {"photos": fake, "confirm_no_identity": "on", "place": "Kolar", "action": "save"}
    )
    assert "photo.jpg" in response.context["form"].errors["photos"][0]
    assert not ReportPhoto.objects.exists()


def test_a_report_has_at_most_five_photos(world, types, member_a):
    report = make_report(world, types, author=world.member_a)
    for _ in range(MAX_PHOTOS - 1):
        attach_photo(report, world.member_a)
    data = {
        "photos": [photo_upload("one.jpg"), photo_upload("two.jpg")],
        "confirm_no_identity": "on",
        "action": "save",
    }
    response = member_a.post(edit_url(report), data)
    assert "photos" in response.context["form"].errors
    assert report.photos.count() == MAX_PHOTOS - 1


def test_a_photo_is_removed_while_the_report_is_editable(
    world, types, member_a, django_capture_on_commit_callbacks
):
    report = make_report(world, types, author=world.member_a)
    photo = attach_photo(report, world.member_a)
    storage, name = photo.image.storage, photo.image.name
    url = reverse("activities:photo_remove", args=[report.pk, photo.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = member_a.post(url)
    assert response.status_code == 302
    assert not report.photos.exists()
    assert not storage.exists(name)


def test_photos_of_a_verified_report_cannot_be_changed(world, types, member_a):
    report = make_report(world, types, author=world.member_a, status=Status.VERIFIED)
    photo = attach_photo(report, world.member_a)
    response = member_a.post(reverse("activities:photo_remove", args=[report.pk, photo.pk]))
    assert response.status_code == 403
    assert report.photos.count() == 1
