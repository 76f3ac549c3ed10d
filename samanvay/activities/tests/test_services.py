"""The report workflow: every transition, its event, audit entry and notifications, and what a
user must not manage."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samanvay.activities import services
from samanvay.activities.models import ActivityReport, ReportEvent
from samanvay.activities.tests.conftest import make_report
from samanvay.core.models import AuditEntry
from samanvay.notify.models import Notification

Status = ActivityReport.Status


def notified(kind):
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def kinds(report):
    return list(report.events.values_list("kind", flat=True))


def test_it_creates_a_draft_with_an_event_and_the_reporters_ngo(world, types):
    report = ActivityReport(activity_type=types.awareness, place="Kolar")
    services.save_report(actor=world.member_a, report=report)
    report.refresh_from_db()
    assert report.status == Status.DRAFT
    assert report.created_by == world.member_a
    assert report.ngo == world.ngo_a
    assert kinds(report) == [ReportEvent.Kind.CREATED]
    assert AuditEntry.objects.filter(action="create", object_id=str(report.pk)).exists()


def test_an_observer_cannot_create_a_report(world):
    with pytest.raises(PermissionDenied):
        services.save_report(actor=world.observer, report=ActivityReport())


def test_outcomes_that_do_not_suit_the_type_are_not_kept(world, types):
    report = make_report(world, types, author=world.member_a, activity_type=types.rescue)
    report.persons_rescued = 3
    report.marriages_stopped = 2
    services.save_report(actor=world.member_a, report=report)
    report.refresh_from_db()
    assert (report.persons_rescued, report.marriages_stopped) == (3, 0)


def test_submit_sends_it_to_the_districts_officers(world, types):
    report = make_report(world, types, author=world.member_a)
    services.submit_report(actor=world.member_a, report=report)
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    assert report.submitted_at is not None
    assert kinds(report) == [ReportEvent.Kind.SUBMITTED]
    assert notified("report_submitted") == {"officer_bhopal"}


def test_an_incomplete_draft_cannot_be_submitted(world, types):
    report = make_report(world, types, author=world.member_a, held_on=None, ngo=None)
    with pytest.raises(ValidationError) as error:
        services.submit_report(actor=world.member_a, report=report)
    assert {"held_on", "__all__"} <= set(error.value.message_dict)
    report.refresh_from_db()
    assert report.status == Status.DRAFT


def test_a_future_date_cannot_be_submitted(world, types):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    report = make_report(world, types, author=world.member_a, held_on=tomorrow)
    with pytest.raises(ValidationError) as error:
        services.submit_report(actor=world.member_a, report=report)
    assert "held_on" in error.value.message_dict


def test_a_report_naming_a_phone_cannot_be_submitted(world, types):
    """Whatever stored it (an older version, the admin), a report with a phone number in its
    open fields never reaches the district."""
    report = make_report(world, types, author=world.member_a, place="Kolar, call 98765 43210")
    with pytest.raises(ValidationError) as error:
        services.submit_report(actor=world.member_a, report=report)
    assert set(error.value.message_dict) == {"place"}
    report.refresh_from_db()
    assert report.status == Status.DRAFT


def test_verify_locks_the_report_and_tells_the_author(world, types):
    report = make_report(world, types, author=world.member_a, status=Status.SUBMITTED)
    services.verify_report(actor=world.officer_bhopal, report=report)
    report.refresh_from_db()
    assert report.status == Status.VERIFIED
    assert report.verified_by == world.officer_bhopal
    assert kinds(report) == [ReportEvent.Kind.VERIFIED]
    assert notified("report_verified") == {"member_a"}
    with pytest.raises(PermissionDenied):
        services.save_report(actor=world.member_a, report=report)


def test_the_branch_verifies_any_district(world, types):
    report = make_report(
        world, types, author=world.member_b, status=Status.SUBMITTED, district=world.indore
    )
    services.verify_report(actor=world.branch, report=report)
    assert ActivityReport.objects.get(pk=report.pk).status == Status.VERIFIED


def test_an_officer_cannot_verify_another_districts_report(world, types):
    report = make_report(
        world, types, author=world.member_b, status=Status.SUBMITTED, district=world.indore
    )
    with pytest.raises(PermissionDenied):
        services.verify_report(actor=world.officer_bhopal, report=report)
    assert ActivityReport.objects.get(pk=report.pk).status == Status.SUBMITTED


def test_nobody_verifies_their_own_report(world, types):
    report = make_report(
        world,
        types,
        author=world.officer_bhopal,
        status=Status.SUBMITTED,
        police_unit=world.wps_bhopal,
    )
    with pytest.raises(PermissionDenied):
        services.verify_report(actor=world.officer_bhopal, report=report)


def test_two_officers_cannot_both_verify(world, types):
    report = make_report(world, types, author=world.member_a, status=Status.SUBMITTED)
    stale = ActivityReport.objects.get(pk=report.pk)
    services.verify_report(actor=world.officer_bhopal, report=report)
    with pytest.raises(ValidationError) as error:
        services.verify_report(actor=world.branch, report=stale)
    assert error.value.code == "state"
    assert ActivityReport.objects.get(pk=report.pk).verified_by == world.officer_bhopal
    assert kinds(report) == [ReportEvent.Kind.VERIFIED]


def test_return_needs_a_comment_and_tells_author_and_coordinator(world, types):
    report = make_report(world, types, author=world.member_a, status=Status.SUBMITTED)
    with pytest.raises(ValidationError):
        services.return_report(actor=world.officer_bhopal, report=report, comment="  ")
    services.return_report(
        actor=world.officer_bhopal, report=report, comment="Add the number of boys."
    )
    report.refresh_from_db()
    assert report.status == Status.RETURNED
    assert report.return_comment == "Add the number of boys."
    event = report.events.get()
    assert (event.kind, event.comment) == (ReportEvent.Kind.RETURNED, "Add the number of boys.")
    assert notified("report_returned") == {"member_a", "coord_a"}
    # The comment may name someone: it never goes into a notification.
    assert "boys" not in str(Notification.objects.filter(kind="report_returned").first().context)


def test_a_returned_report_is_edited_and_resubmitted(world, types):
    report = make_report(world, types, author=world.member_a, status=Status.SUBMITTED)
    services.return_report(actor=world.officer_bhopal, report=report, comment="Add boys.")
    report.refresh_from_db()
    report.boys = 12
    services.save_report(actor=world.member_a, report=report)
    services.submit_report(actor=world.member_a, report=report)
    report.refresh_from_db()
    assert (report.status, report.boys) == (Status.SUBMITTED, 12)
    assert kinds(report) == [ReportEvent.Kind.RETURNED, ReportEvent.Kind.SUBMITTED]


def test_only_the_branch_reopens_a_verified_report_with_a_reason(world, types):
    report = make_report(world, types, author=world.member_a, status=Status.VERIFIED)
    with pytest.raises(PermissionDenied):
        services.reopen_report(actor=world.officer_bhopal, report=report, reason="Wrong count")
    with pytest.raises(ValidationError):
        services.reopen_report(actor=world.branch, report=report, reason="")
    services.reopen_report(actor=world.branch, report=report, reason="Girls counted twice.")
    report.refresh_from_db()
    assert report.status == Status.RETURNED
    assert report.verified_by is None
    assert report.return_comment == "Girls counted twice."
    assert report.events.get().kind == ReportEvent.Kind.REOPENED
    entry = AuditEntry.objects.filter(object_id=str(report.pk)).latest("pk")
    assert entry.changes["status"] == ["verified", "returned"]
    assert entry.changes["reason"] == [None, "Girls counted twice."]
    assert notified("report_reopened") == {"member_a", "officer_bhopal"}


def test_another_ngos_coordinator_cannot_edit_a_draft(world, types):
    report = make_report(world, types, author=world.member_a)
    with pytest.raises(PermissionDenied):
        services.save_report(actor=world.coord_b, report=report)
    with pytest.raises(PermissionDenied):
        services.submit_report(actor=world.coord_b, report=report)


def test_the_ngos_coordinator_may_finish_a_members_draft(world, types):
    report = make_report(world, types, author=world.member_a)
    services.submit_report(actor=world.coord_a, report=report)
    assert ActivityReport.objects.get(pk=report.pk).status == Status.SUBMITTED
