"""Keeping the supervision tallies in step with verified reports.

`count_report(report, +1)` when a report is verified and `-1` when a verified report is reopened,
inside the same transaction. `rebuild_all()` recomputes every tally from the reports in SQL."""

from __future__ import annotations

import datetime

from django.db import connection, transaction
from django.db.models import F, Max

from samanvay.activities.models import ActivityReport
from samanvay.dashboard.models import (
    DistrictActivity,
    MonthlyTally,
    NgoDistrictMonth,
    NgoMonthlyTally,
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
    return {
        "monthly": MonthlyTally.objects.count(),
        "ngo_monthly": NgoMonthlyTally.objects.count(),
        "districts": DistrictActivity.objects.count(),
    }
