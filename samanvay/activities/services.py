"""Writes of activity reports: drafts, photos and the workflow

    draft → submitted → verified, or → returned (with a comment) → submitted again;
    verified → returned, by the branch only, with a reason.

Each service is atomic, locks the report row before it checks the state (two officers cannot
both verify), writes a ReportEvent and an audit entry, and notifies the people concerned (sent
after commit by the notify service).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samanvay.accounts import rules
from samanvay.accounts.models import Role, User
from samanvay.activities import validation
from samanvay.activities.models import (
    MAX_PHOTOS,
    ActivityReport,
    Outcome,
    ReportEvent,
    ReportPhoto,
)
from samanvay.activities.photos import CleanPhoto
from samanvay.core import audit
from samanvay.core.models import AuditEntry
from samanvay.dashboard import tallies
from samanvay.notify.services import notify

Status = ActivityReport.Status

EDITABLE_FIELDS = [
    "campaign",
    "activity_type",
    "held_on",
    "district",
    "block",
    "place",
    "ngo",
    "police_unit",
    "girls",
    "boys",
    "women",
    "men",
    *Outcome.values,
    "description",
]

ALREADY_HANDLED = _("Someone else has just changed this report. Please look at it again.")
TOO_MANY_PHOTOS = _("A report can have at most %(limit)s photos. Remove one first.")
COMMENT_REQUIRED = _("Please write what must be corrected.")
REASON_REQUIRED = _("Please write why the report is reopened.")


def _lock(report: ActivityReport) -> ActivityReport:
    return ActivityReport.objects.select_for_update().get(pk=report.pk)


def _expect(report: ActivityReport, *statuses: str) -> None:
    if report.status not in statuses:
        raise ValidationError(ALREADY_HANDLED, code="state")


def _event(report: ActivityReport, kind: str, actor: User, comment: str = "") -> ReportEvent:
    event = ReportEvent(report=report, kind=kind, actor=actor, comment=comment)
    event.full_clean()
    event.save()
    return event


def _audit_status(actor: User, report: ActivityReport, before: str, **extra) -> None:
    changes = {"status": [before, report.status]}
    changes.update({name: [None, value] for name, value in extra.items()})
    audit.record(actor=actor, action=AuditEntry.Action.CHANGE, instance=report, changes=changes)


def _notify(report: ActivityReport, *, kind: str, recipients: Iterable[User], actor: User):
    """Names of places and types only: never anything about the people an activity reached."""
    activity_type, district = report.activity_type, report.district
    notify(
        recipients=[user for user in recipients if user.pk != actor.pk],
        kind=kind,
        context={
            "report": report.pk,
            "type_hi": activity_type.name_hi if activity_type else "",
            "type_en": activity_type.name_en if activity_type else "",
            "district_hi": district.name_hi if district else "",
            "district_en": district.name_en if district else "",
            "held_on": report.held_on.isoformat() if report.held_on else "",
        },
        url=report.get_absolute_url(),
        actor=actor,
    )


def district_officers(report: ActivityReport):
    return User.objects.filter(
        role=Role.DISTRICT_OFFICER, district_id=report.district_id, is_active=True
    )


def ngo_coordinators(report: ActivityReport):
    if report.ngo_id is None:
        return User.objects.none()
    return User.objects.filter(role=Role.NGO_COORDINATOR, ngo_id=report.ngo_id, is_active=True)


def _clear_hidden_outcomes(report: ActivityReport) -> None:
    """Outcome counts that do not suit the activity type are not kept."""
    shown = set(report.activity_type.outcomes) if report.activity_type else set()
    for code in Outcome.values:
        if code not in shown:
            setattr(report, code, 0)


# --- drafts and photos ---------------------------------------------------------------------------


@transaction.atomic
def save_report(
    *, actor: User, report: ActivityReport, photos: Sequence[CleanPhoto] = ()
) -> ActivityReport:
    """Create a draft, or keep the changes to a draft or returned report. Whatever the form
    found valid is saved; a draft need not be complete."""
    creating = report.pk is None
    if creating:
        if not rules.can_report_activities(actor):
            raise PermissionDenied
        report.created_by = actor
        report.status = Status.DRAFT
    else:
        current = _lock(report)
        if not rules.can_edit_report(actor, current):
            raise PermissionDenied
        before = audit.snapshot(current, EDITABLE_FIELDS)
    if rules.role_of(actor) in rules.NGO_ROLES and (creating or report.ngo_id is None):
        report.ngo_id = actor.ngo_id
    _clear_hidden_outcomes(report)
    report.full_clean()
    if creating:
        report.save()
        _event(report, ReportEvent.Kind.CREATED, actor)
        audit.record(actor=actor, action=AuditEntry.Action.CREATE, instance=report)
    else:
        report.save(update_fields=[*EDITABLE_FIELDS, "updated_at"])
        changes = audit.diff(before, audit.snapshot(report, EDITABLE_FIELDS))
        if changes:
            audit.record(
                actor=actor, action=AuditEntry.Action.CHANGE, instance=report, changes=changes
            )
    if photos:
        add_photos(actor=actor, report=report, photos=photos)
    return report


def _delete_files(*names: str) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        if name:
            default_storage.delete(name)


@transaction.atomic
def add_photos(
    *, actor: User, report: ActivityReport, photos: Sequence[CleanPhoto]
) -> list[ReportPhoto]:
    current = _lock(report)
    if not rules.can_edit_report(actor, current):
        raise PermissionDenied
    if current.photos.count() + len(photos) > MAX_PHOTOS:
        raise ValidationError(TOO_MANY_PHOTOS, code="too_many", params={"limit": MAX_PHOTOS})
    saved = []
    for clean in photos:
        photo = ReportPhoto(
            report=current, uploaded_by=actor, width=clean.width, height=clean.height
        )
        photo.image.save("photo.jpg", ContentFile(clean.image), save=False)
        photo.thumbnail.save("thumb.jpg", ContentFile(clean.thumbnail), save=False)
        photo.full_clean()
        photo.save()
        saved.append(photo)
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CHANGE,
        instance=current,
        changes={"photos": [None, f"+{len(saved)}"]},
    )
    return saved


@transaction.atomic
def remove_photo(*, actor: User, photo: ReportPhoto) -> None:
    current = _lock(photo.report)
    if not rules.can_edit_report(actor, current):
        raise PermissionDenied
    names = (photo.image.name, photo.thumbnail.name)
    photo.delete()
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CHANGE,
        instance=current,
        changes={"photos": [None, "-1"]},
    )
    transaction.on_commit(lambda: _delete_files(*names))


# --- workflow ------------------------------------------------------------------------------------


@transaction.atomic
def submit_report(*, actor: User, report: ActivityReport) -> ActivityReport:
    current = _lock(report)
    _expect(current, Status.DRAFT, Status.RETURNED)
    if not rules.can_edit_report(actor, current):
        raise PermissionDenied
    values = {name: getattr(current, name) for name in EDITABLE_FIELDS}
    problems = validation.report_problems(user=actor, values=values, complete=True)
    if problems:
        raise ValidationError({name: [message] for name, message in problems.items()})
    before = current.status
    current.status = Status.SUBMITTED
    current.submitted_at = timezone.now()
    current.full_clean()
    current.save(update_fields=["status", "submitted_at", "updated_at"])
    _event(current, ReportEvent.Kind.SUBMITTED, actor)
    _audit_status(actor, current, before)
    _notify(current, kind="report_submitted", recipients=district_officers(current), actor=actor)
    return current


@transaction.atomic
def verify_report(*, actor: User, report: ActivityReport) -> ActivityReport:
    current = _lock(report)
    _expect(current, Status.SUBMITTED)
    if not rules.can_verify_report(actor, current):
        raise PermissionDenied
    current.status = Status.VERIFIED
    current.verified_at = timezone.now()
    current.verified_by = actor
    current.return_comment = ""
    current.full_clean()
    current.save(
        update_fields=["status", "verified_at", "verified_by", "return_comment", "updated_at"]
    )
    _event(current, ReportEvent.Kind.VERIFIED, actor)
    tallies.count_report(current, +1)
    _audit_status(actor, current, Status.SUBMITTED)
    _notify(current, kind="report_verified", recipients=[current.created_by], actor=actor)
    return current


@transaction.atomic
def return_report(*, actor: User, report: ActivityReport, comment: str) -> ActivityReport:
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": [COMMENT_REQUIRED]})
    current = _lock(report)
    _expect(current, Status.SUBMITTED)
    if not rules.can_verify_report(actor, current):
        raise PermissionDenied
    current.status = Status.RETURNED
    current.return_comment = comment
    current.full_clean()
    current.save(update_fields=["status", "return_comment", "updated_at"])
    _event(current, ReportEvent.Kind.RETURNED, actor, comment)
    _audit_status(actor, current, Status.SUBMITTED)
    _notify(
        current,
        kind="report_returned",
        recipients=[current.created_by, *ngo_coordinators(current)],
        actor=actor,
    )
    return current


@transaction.atomic
def reopen_report(*, actor: User, report: ActivityReport, reason: str) -> ActivityReport:
    """Unlock a verified report so its author can correct it; it then goes through
    verification again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [REASON_REQUIRED]})
    current = _lock(report)
    _expect(current, Status.VERIFIED)
    if not rules.can_reopen_report(actor, current):
        raise PermissionDenied
    current.status = Status.RETURNED
    current.return_comment = reason
    current.verified_at = None
    current.verified_by = None
    current.full_clean()
    current.save(
        update_fields=["status", "return_comment", "verified_at", "verified_by", "updated_at"]
    )
    _event(current, ReportEvent.Kind.REOPENED, actor, reason)
    tallies.count_report(current, -1)
    _audit_status(actor, current, Status.VERIFIED, reason=reason)
    _notify(
        current,
        kind="report_reopened",
        recipients=[current.created_by, *district_officers(current)],
        actor=actor,
    )
    return current
