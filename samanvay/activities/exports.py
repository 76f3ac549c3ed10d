"""Export of the reports a user sees (filtered) as XLSX or CSV.

The descriptions are left out on purpose: free text may name a person an activity reached, and
identities never go into a file that leaves the system. Counts, places and organisers are enough
for the spreadsheets the branch and the districts keep."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from samanvay.activities.models import ActivityReport, Outcome
from samanvay.directory.exchange import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, write_csv, write_xlsx

FORMATS = ("xlsx", "csv")

COLUMNS = [
    "id",
    "status",
    "campaign",
    "activity_type",
    "held_on",
    "district_code",
    "district",
    "block",
    "place",
    "ngo",
    "police_unit",
    "joint",
    "girls",
    "boys",
    "women",
    "men",
    *Outcome.values,
    "submitted_at",
    "verified_at",
]


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def report_rows(reports: Iterable[ActivityReport]) -> Iterator[list[Any]]:
    for report in reports:
        yield [
            report.pk,
            report.status,
            report.campaign.code if report.campaign_id else "",
            report.activity_type.code if report.activity_type_id else "",
            report.held_on.isoformat() if report.held_on else "",
            report.district.code if report.district_id else "",
            report.district.name if report.district_id else "",
            report.block,
            report.place,
            report.ngo.name if report.ngo_id else "",
            report.police_unit.name if report.police_unit_id else "",
            "yes" if report.is_joint else "no",
            report.girls,
            report.boys,
            report.women,
            report.men,
            *(getattr(report, code) for code in Outcome.values),
            _local(report.submitted_at),
            _local(report.verified_at),
        ]


def export_reports(queryset: QuerySet, fmt: str) -> tuple[bytes, str, str]:
    """The reports of `queryset` as a file: (content, content type, file name)."""
    reports = queryset.select_related(
        "campaign", "activity_type", "district", "ngo", "police_unit"
    ).iterator(chunk_size=2000)
    filename = f"samanvay-reports-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "xlsx":
        return (
            write_xlsx(COLUMNS, report_rows(reports), title="reports"),
            XLSX_CONTENT_TYPE,
            filename,
        )
    if fmt == "csv":
        return write_csv(COLUMNS, report_rows(reports)), CSV_CONTENT_TYPE, filename
    raise ValueError(f"unknown export format {fmt!r}")
