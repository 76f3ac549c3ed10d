"""Service-level checks, run periodically (`check_referral_service_levels`): reminders to the
assignees at half time, escalation to the district when a level is missed, and to the branch when
as much time again has passed. Each step is claimed with a conditional UPDATE, so running the check
often, or on several workers at once, sends each reminder and escalation once."""

from __future__ import annotations

import datetime

from django.db import transaction

from samanvay.notify.services import notify
from samanvay.referrals import services
from samanvay.referrals.models import Referral, Status, TimelineEntry
from samanvay.referrals.service_levels import service_level

Event = TimelineEntry.Event


def _claim(referral: Referral, field: str, old, new) -> bool:
    return bool(Referral.objects.filter(pk=referral.pk, **{field: old}).update(**{field: new}))


def _send(referral: Referral, kind: str, recipients, extra: dict | None = None) -> None:
    notify(
        recipients=recipients,
        kind=kind,
        context=services._context(referral) | (extra or {}),
        url=services._url(referral),
    )


def _stage(referral: Referral, now: datetime.datetime, *, stage: str) -> dict[str, int]:
    levels = service_level(referral.kind, referral.urgency)
    window = levels.acknowledge_within if stage == "acknowledge" else levels.close_within
    due = referral.created_at + window
    reminded_field = "ack_reminded" if stage == "acknowledge" else "close_reminded"
    escalation_field = "ack_escalation" if stage == "acknowledge" else "close_escalation"
    counts = {"reminded": 0, "escalated": 0}
    escalation = getattr(referral, escalation_field)
    assignees = [u for u in (referral.assigned_officer, referral.assigned_caseworker) if u]

    missed = 2 if now >= due + window else 1 if now >= due else 0
    # A check that ran late still tells the district before the branch, each once.
    for step in range(escalation + 1, missed + 1):
        with transaction.atomic():
            if not _claim(referral, escalation_field, step - 1, step):
                break
            if step == 1:
                services._step(referral, Event.ESCALATED, None, "district", at=now)
                recipients = services.district_officers(referral.district_id) + assignees
                _send(referral, "referral_escalated", recipients, {"level": "district"})
            else:
                services._step(referral, Event.ESCALATED, None, "branch", at=now)
                _send(
                    referral, "referral_escalated", services.branch_officers(), {"level": "branch"}
                )
            counts["escalated"] += 1
    if (
        missed == 0
        and now >= referral.created_at + window / 2
        and not getattr(referral, reminded_field)
    ):
        recipients = assignees or services.district_officers(referral.district_id)
        with transaction.atomic():
            if _claim(referral, reminded_field, False, True):
                services._step(referral, Event.REMINDED, None, at=now)
                _send(referral, "referral_reminder", recipients, {"due": due.isoformat()})
                counts["reminded"] += 1
    return counts


def check_service_levels(now: datetime.datetime) -> dict[str, int]:
    totals = {"reminded": 0, "escalated": 0}
    open_referrals = (
        Referral.objects.exclude(status=Status.CLOSED)
        .filter(created_at__lte=now)
        .select_related("district", "assigned_officer", "assigned_caseworker")
        .order_by("pk")
    )
    for referral in open_referrals.iterator(chunk_size=500):
        stage = "acknowledge" if referral.status == Status.NEW else "close"
        for key, value in _stage(referral, now, stage=stage).items():
            totals[key] += value
    return totals
