"""Keeping the supervision tallies in step with verified reports.

`count_report(report, +1)` when a report is verified and `-1` when a verified report is reopened,
inside the same transaction; referrals are followed by signals (signals.py, `referral_changed`).
`rebuild_all()` recomputes every tally from the reports and referrals in SQL."""

from __future__ import annotations

import datetime

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Count, F, Max, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from samanvay.activities.models import ActivityReport
from samanvay.dashboard.models import (
    DistrictActivity,
    MonthlyTally,
    NgoDistrictMonth,
    NgoMonthlyTally,
    ReferralTally,
    StateMonthlyTally,
)

GROUPS = ("girls", "boys", "women", "men")


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _add(model, keys: dict, report: ActivityReport, sign: int, groups=GROUPS) -> None:
    changes = {"reports": F("reports") + sign}
    changes.update({g: F(g) + sign * getattr(report, g) for g in groups})
    lookup = {
        (f"{k}__isnull" if v is None else k): (True if v is None else v) for k, v in keys.items()
    }
    # One row of the bucket takes the change (see MonthlyTally: the readers sum).
    pk = model.objects.filter(**lookup).order_by("pk").values_list("pk", flat=True).first()
    if pk is not None:
        model.objects.filter(pk=pk).update(**changes)
        return
    if sign < 0:
        return  # nothing was counted (tallies not built yet): rebuild_tallies repairs it
    model.objects.create(**keys, reports=1, **{g: getattr(report, g) for g in groups})


def count_report(report: ActivityReport, sign: int) -> None:
    """Add (sign=+1) or take away (sign=-1) one verified report from every tally."""
    if report.held_on is None or report.district_id is None or report.activity_type_id is None:
        return
    keys = {
        "month": month_of(report.held_on),
        "district_id": report.district_id,
        "campaign_id": report.campaign_id,
        "activity_type_id": report.activity_type_id,
    }
    _add(MonthlyTally, keys, report, sign)
    state_keys = {k: v for k, v in keys.items() if k != "district_id"}
    _add(StateMonthlyTally, state_keys, report, sign)
    if report.ngo_id is not None:
        _add(NgoMonthlyTally, {**keys, "ngo_id": report.ngo_id}, report, sign)
        ngo_keys = {
            "month": keys["month"],
            "district_id": report.district_id,
            "ngo_id": report.ngo_id,
        }
        _add(NgoDistrictMonth, ngo_keys, report, sign, groups=())
    _refresh_last_activity(report.district_id, report.held_on if sign > 0 else None)


def _refresh_last_activity(district_id: int, held_on: datetime.date | None) -> None:
    if held_on is not None:
        row, created = DistrictActivity.objects.get_or_create(
            district_id=district_id, defaults={"last_held_on": held_on}
        )
        if not created and (row.last_held_on is None or row.last_held_on < held_on):
            DistrictActivity.objects.filter(pk=district_id).update(last_held_on=held_on)
        return
    latest = ActivityReport.objects.filter(
        status=ActivityReport.Status.VERIFIED, district_id=district_id
    ).aggregate(latest=Max("held_on"))["latest"]
    DistrictActivity.objects.update_or_create(
        district_id=district_id, defaults={"last_held_on": latest}
    )


# --- referrals --------------------------------------------------------------------------------

# Fields of a referral the tally depends on: a save that changes none of them changes nothing.
REFERRAL_FIELDS = {"created_at", "district", "kind", "urgency", "status", "closed_at"}


def closed_late_referrals() -> Q:
    """Closed later than the service level of their kind and urgency (filter on Referral)."""
    from samanvay.referrals.models import Kind, Status, Urgency  # noqa: PLC0415 (optional app)
    from samanvay.referrals.service_levels import service_level  # noqa: PLC0415

    late = Q(pk__in=[])
    for kind in Kind:
        of_kind = Q(pk__in=[])
        for urgency in Urgency:
            window = service_level(kind, urgency).close_within
            of_kind |= Q(urgency=urgency, closed_at__gt=F("created_at") + window)
        late |= Q(kind=kind) & of_kind
    return Q(status=Status.CLOSED) & late


def referral_bucket(referral) -> tuple | None:
    """(month, district id, kind, closed late) of a referral, or None if it counts nowhere."""
    from samanvay.referrals.service_levels import close_due  # noqa: PLC0415 (optional app)

    if referral.created_at is None or referral.district_id is None:
        return None
    late = bool(
        referral.status == "closed"
        and referral.closed_at is not None
        and referral.closed_at > close_due(referral)
    )
    month = month_of(timezone.localtime(referral.created_at).date())
    return month, referral.district_id, referral.kind, late


def _add_referral(bucket: tuple, sign: int) -> None:
    month, district_id, kind, late = bucket
    keys = {"month": month, "district_id": district_id, "kind": kind}
    changes = {"referrals": sign, "closed_late": sign if late else 0}
    pk = ReferralTally.objects.filter(**keys).order_by("pk").values_list("pk", flat=True).first()
    if pk is not None:
        ReferralTally.objects.filter(pk=pk).update(
            **{name: F(name) + change for name, change in changes.items()}
        )
    elif sign > 0:
        ReferralTally.objects.create(**keys, **changes)


def referral_changed(before: tuple | None, after: tuple | None) -> None:
    """A referral moved from one bucket to another (raised: from none; deleted: to none)."""
    if before == after:
        return
    if before is not None:
        _add_referral(before, -1)
    if after is not None:
        _add_referral(after, +1)


def _local_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _rebuild_referrals() -> int:
    from samanvay.referrals.models import Referral  # noqa: PLC0415 (optional app)

    ReferralTally.objects.all().delete()
    rows = (
        Referral.objects.order_by()
        .annotate(month=TruncMonth("created_at", tzinfo=timezone.get_current_timezone()))
        .values("month", "district_id", "kind")
        .annotate(referrals=Count("pk"), closed_late=Count("pk", filter=closed_late_referrals()))
    )
    made = ReferralTally.objects.bulk_create(
        (
            ReferralTally(
                month=_local_date(row["month"]),
                district_id=row["district_id"],
                kind=row["kind"],
                referrals=row["referrals"],
                closed_late=row["closed_late"],
            )
            for row in rows.iterator(chunk_size=5_000)
        ),
        batch_size=5_000,
    )
    return len(made)


def _month_expression() -> str:
    if connection.vendor == "postgresql":
        return "date_trunc('month', r.held_on)::date"
    return "date(r.held_on, 'start of month')"


@transaction.atomic
def rebuild_all() -> dict[str, int]:
    """Recompute every tally from the verified reports (a few statements, all in SQL)."""
    report_table = ActivityReport._meta.db_table
    month = _month_expression()
    sums = ", ".join(f"SUM(r.{g})" for g in GROUPS)
    group_cols = ", ".join(GROUPS)
    where = (
        "r.status = 'verified' AND r.held_on IS NOT NULL AND r.district_id IS NOT NULL "
        "AND r.activity_type_id IS NOT NULL"
    )
    MonthlyTally.objects.all().delete()
    StateMonthlyTally.objects.all().delete()
    NgoMonthlyTally.objects.all().delete()
    NgoDistrictMonth.objects.all().delete()
    DistrictActivity.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {MonthlyTally._meta.db_table} "  # noqa: S608 (no user input)
            f"(month, district_id, campaign_id, activity_type_id, reports, {group_cols}) "
            f"SELECT {month}, r.district_id, r.campaign_id, r.activity_type_id, COUNT(*), {sums} "
            f"FROM {report_table} r WHERE {where} "
            f"GROUP BY {month}, r.district_id, r.campaign_id, r.activity_type_id"
        )
        cursor.execute(
            f"INSERT INTO {StateMonthlyTally._meta.db_table} "  # noqa: S608 (no user input)
            f"(month, campaign_id, activity_type_id, reports, {group_cols}) "
            f"SELECT month, campaign_id, activity_type_id, SUM(reports), "
            + ", ".join(f"SUM({g})" for g in GROUPS)
            + f" FROM {MonthlyTally._meta.db_table} GROUP BY month, campaign_id, activity_type_id"
        )
        cursor.execute(
            f"INSERT INTO {NgoMonthlyTally._meta.db_table} "  # noqa: S608
            f"(month, district_id, ngo_id, campaign_id, activity_type_id, reports, {group_cols}) "
            f"SELECT {month}, r.district_id, r.ngo_id, r.campaign_id, r.activity_type_id, "
            f"COUNT(*), {sums} FROM {report_table} r WHERE {where} AND r.ngo_id IS NOT NULL "
            f"GROUP BY {month}, r.district_id, r.ngo_id, r.campaign_id, r.activity_type_id"
        )
        cursor.execute(
            f"INSERT INTO {NgoDistrictMonth._meta.db_table} "  # noqa: S608
            f"(month, district_id, ngo_id, reports) "
            f"SELECT {month}, r.district_id, r.ngo_id, COUNT(*) "
            f"FROM {report_table} r WHERE {where} AND r.ngo_id IS NOT NULL "
            f"GROUP BY {month}, r.district_id, r.ngo_id"
        )
        cursor.execute(
            f"INSERT INTO {DistrictActivity._meta.db_table} (district_id, last_held_on) "  # noqa: S608
            f"SELECT r.district_id, MAX(r.held_on) FROM {report_table} r WHERE {where} "
            f"GROUP BY r.district_id"
        )
    referrals = _rebuild_referrals() if apps.is_installed("samanvay.referrals") else 0
    return {
        "monthly": MonthlyTally.objects.count(),
        "statewide": StateMonthlyTally.objects.count(),
        "ngo_monthly": NgoMonthlyTally.objects.count(),
        "districts": DistrictActivity.objects.count(),
        "referrals": referrals,
    }
