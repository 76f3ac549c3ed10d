"""The report page: its facts, photos served only to those who see the report, the timeline, and
the workflow buttons each user is allowed."""

import pytest
from django.urls import reverse

from samanvay.activities import services
from samanvay.activities.models import ActivityReport
from samanvay.activities.tests.conftest import attach_photo, make_report

Status = ActivityReport.Status


def detail(report):
    return reverse("activities:report_detail", args=[report.pk])


def action_urls(response) -> set[str]:
    content = response.content.decode()
    return {
        name
        for name in ("edit", "submit", "verify", "return", "reopen")
        if f"/reports/{response.context['report'].pk}/{name}/" in content
    }


def test_it_shows_the_report_with_its_outcomes_and_photos(world, types, english, login_as):
    report = make_report(
        world, types, author=world.member_a, activity_type=types.rescue, persons_rescued=4
    )
    photo = attach_photo(report, world.member_a)
    login_as(world.member_a)
    content = english.get(detail(report)).content.decode()
    assert "Rescue operation" in content
    assert "Persons rescued" in content
    assert "Child marriages stopped" not in content
    assert reverse("activities:photo_thumbnail", args=[report.pk, photo.pk]) in content
    assert reverse("activities:photo_view", args=[report.pk, photo.pk]) in content
    assert "/media/" not in content


@pytest.mark.parametrize(
    ("report_name", "persona", "expected"),
    [
        ("draft_a", "member_a", {"edit", "submit"}),
        ("draft_a", "officer_bhopal", set()),
        ("submitted_a", "member_a", set()),
        ("submitted_a", "officer_bhopal", {"verify", "return"}),
        ("submitted_a", "branch", {"verify", "return"}),
        ("verified_a", "officer_bhopal", set()),
        ("verified_a", "branch", {"reopen"}),
    ],
)
def test_it_offers_only_the_allowed_actions(
    world, reports, client, login_as, report_name, persona, expected
):
    login_as(getattr(world, persona))
    response = client.get(detail(getattr(reports, report_name)))
    assert action_urls(response) == expected


def test_photos_are_served_privately(world, reports, client, login_as):
    login_as(world.officer_bhopal)
    photo = reports.photo_a
    response = client.get(reverse("activities:photo_view", args=[photo.report_id, photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    response.close()


def test_the_timeline_shows_each_transition(world, types, english, login_as):
    report = make_report(world, types, author=world.member_a)
    services.submit_report(actor=world.member_a, report=report)
    services.return_report(actor=world.officer_bhopal, report=report, comment="Count the boys.")
    login_as(world.member_a)
    content = english.get(detail(report)).content.decode()
    assert "Submitted" in content
    assert "Returned for correction" in content
    assert "Count the boys." in content


def test_an_officer_verifies_from_the_page(world, reports, client, login_as):
    login_as(world.officer_bhopal)
    response = client.post(reverse("activities:report_verify", args=[reports.submitted_a.pk]))
    assert response.status_code == 302
    reports.submitted_a.refresh_from_db()
    assert reports.submitted_a.status == Status.VERIFIED


def test_returning_needs_a_comment(world, reports, english, login_as):
    login_as(world.officer_bhopal)
    url = reverse("activities:report_return", args=[reports.submitted_a.pk])
    response = english.post(url, {"comment": ""})
    assert response.status_code == 200
    assert "comment" in response.context["comment_form"].errors
    english.post(url, {"comment": "Add the place."})
    reports.submitted_a.refresh_from_db()
    assert reports.submitted_a.status == Status.RETURNED


def test_the_branch_reopens_with_a_reason(world, reports, client, login_as):
    login_as(world.branch)
    url = reverse("activities:report_reopen", args=[reports.verified_a.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "Counted twice."}).status_code == 302
    reports.verified_a.refresh_from_db()
    assert reports.verified_a.status == Status.RETURNED


def test_a_report_verified_by_someone_else_cannot_be_verified_again(
    world, reports, english, login_as
):
    services.verify_report(actor=world.branch, report=reports.submitted_a)
    login_as(world.officer_bhopal)
    url = reverse("activities:report_verify", args=[reports.submitted_a.pk])
    # The page was opened before the branch verified: the rule now refuses.
    assert english.post(url).status_code == 403


def test_submitting_an_incomplete_draft_explains_what_is_missing(world, types, english, login_as):
    report = make_report(world, types, author=world.member_a, held_on=None)
    login_as(world.member_a)
    response = english.post(reverse("activities:report_submit", args=[report.pk]), follow=True)
    assert "Enter the date of the activity." in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.DRAFT
