"""Figures of referrals for dashboards: counts and medians only, never a referral's details."""

from __future__ import annotations

import datetime
import statistics

from django.db.models import Q

from samanvay.accounts import rules
from samanvay.accounts.models import Role
from samanvay.referrals.models import Kind, Referral, Status
from samanvay.referrals.service_levels import acknowledge_due, close_due


def _scope(user) -> Q:
    """Observers see statewide aggregates (and nothing else); everyone else their referrals."""
    if rules.role_of(user) == Role.OBSERVER:
        return Q()
    return rules.visible_referrals(user)


def _overdue(referral: Referral, now: datetime.datetime) -> bool:
    if referral.status == Status.NEW and now > acknowledge_due(referral):
        return True
    if referral.status != Status.CLOSED:
        return now > close_due(referral)
    return bool(referral.closed_at and referral.closed_at > close_due(referral))


def referral_figures(
    user, *, start: datetime.datetime, end: datetime.datetime, district=None
) -> list[dict]:
    """Per kind, for referrals raised in [start, end): total, median minutes to acknowledge and
    to close, and how many are overdue (past their service level now, or closed late)."""
    ids = Referral.objects.filter(_scope(user)).values("pk")
    rows = Referral.objects.filter(pk__in=ids, created_at__gte=start, created_at__lt=end)
    if district is not None:
        rows = rows.filter(district=district)
    now = datetime.datetime.now(tz=datetime.UTC)
    by_kind: dict[str, list] = {}
    for referral in rows.only(
        "kind", "urgency", "status", "created_at", "acknowledged_at", "closed_at"
    ).iterator(chunk_size=2000):
        by_kind.setdefault(referral.kind, []).append(referral)
    figures = []
    for kind in Kind:
        referrals = by_kind.get(kind.value, [])
        ack = [
            (r.acknowledged_at - r.created_at).total_seconds() / 60
            for r in referrals
            if r.acknowledged_at
        ]
        closed = [
            (r.closed_at - r.created_at).total_seconds() / 60 for r in referrals if r.closed_at
        ]
        overdue = sum(1 for r in referrals if _overdue(r, now))
        figures.append(
            {
                "kind": kind.value,
                "kind_label": kind.label,
                "total": len(referrals),
                "median_ack_minutes": round(statistics.median(ack)) if ack else None,
                "median_close_minutes": round(statistics.median(closed)) if closed else None,
                "overdue": overdue,
            }
        )
    return figures
