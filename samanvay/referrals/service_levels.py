"""Service levels: how soon a referral must be acknowledged and closed, by kind and urgency.

A missed level escalates to the district (its officers) at once, and to the branch when as much
time again has passed; the assignee is reminded when half the time is gone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from samanvay.referrals.models import Kind, Urgency


@dataclass(frozen=True)
class ServiceLevel:
    acknowledge_within: timedelta
    close_within: timedelta


H = timedelta(hours=1)
D = timedelta(days=1)

BY_URGENCY: dict[str, ServiceLevel] = {
    Urgency.CRITICAL: ServiceLevel(2 * H, 3 * D),
    Urgency.HIGH: ServiceLevel(6 * H, 7 * D),
    Urgency.NORMAL: ServiceLevel(24 * H, 30 * D),
}

# Kinds where hours decide a child's fate are held to tighter levels.
BY_KIND_AND_URGENCY: dict[tuple[str, str], ServiceLevel] = {
    (Kind.IMMINENT_CHILD_MARRIAGE, Urgency.CRITICAL): ServiceLevel(1 * H, 2 * D),
    (Kind.IMMINENT_CHILD_MARRIAGE, Urgency.HIGH): ServiceLevel(2 * H, 3 * D),
    (Kind.IMMINENT_CHILD_MARRIAGE, Urgency.NORMAL): ServiceLevel(6 * H, 7 * D),
    (Kind.MISSING_GIRL, Urgency.CRITICAL): ServiceLevel(1 * H, 7 * D),
    (Kind.MISSING_GIRL, Urgency.HIGH): ServiceLevel(2 * H, 14 * D),
    (Kind.SUSPECTED_TRAFFICKING, Urgency.CRITICAL): ServiceLevel(1 * H, 3 * D),
    (Kind.RESCUE_NEEDED, Urgency.CRITICAL): ServiceLevel(1 * H, 2 * D),
}


# A tipster cannot weigh urgency for us: where hours decide a child's fate, a public tip is
# treated as critical (an imminent child marriage is then acknowledged within the hour).
TIP_CRITICAL_KINDS = frozenset(
    {
        Kind.IMMINENT_CHILD_MARRIAGE,
        Kind.MISSING_GIRL,
        Kind.SUSPECTED_TRAFFICKING,
        Kind.RESCUE_NEEDED,
    }
)


def tip_urgency(kind: str) -> str:
    return Urgency.CRITICAL if kind in TIP_CRITICAL_KINDS else Urgency.HIGH


def service_level(kind: str, urgency: str) -> ServiceLevel:
    return BY_KIND_AND_URGENCY.get((kind, urgency)) or BY_URGENCY[urgency]


def acknowledge_due(referral) -> object:
    return referral.created_at + service_level(referral.kind, referral.urgency).acknowledge_within


def close_due(referral) -> object:
    return referral.created_at + service_level(referral.kind, referral.urgency).close_within
