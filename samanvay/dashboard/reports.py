"""The monthly statewide report: figures of one month from the tallies, as PDF (Hindi and
English, Devanagari shaped by WeasyPrint with the bundled Noto fonts, as the minutes PDF) and as
XLSX, made on the worker with its progress kept on the MonthlyReport row for the page to poll.

Aggregates only: counts by campaign, type and district, never a person."""

from __future__ import annotations

import datetime
import io

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from samanvay.accounts.models import Role, User
from samanvay.core import audit
from samanvay.core.models import AuditEntry
from samanvay.dashboard import selectors, svg
from samanvay.dashboard.models import MonthlyReport, ReportSchedule
from samanvay.meetings.pdf import STATIC_DIR, LocalFilesOnly

LANGUAGES = ("hi", "en")
STYLESHEET = STATIC_DIR / "css" / "minutes-pdf.css"
TEMPLATE = "dashboard/pdf/monthly_report.html"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILES = {
    "pdf-hi": ("application/pdf", "pdf", "pdf_hi"),
    "pdf-en": ("application/pdf", "pdf", "pdf_en"),
    "xlsx-hi": (XLSX, "xlsx", "xlsx_hi"),
    "xlsx-en": (XLSX, "xlsx", "xlsx_en"),
}


def _statewide_reader() -> User:
    """The report covers the whole state: it is read as the branch reads it (never saved; the
    referral figures, once that app is installed, are asked for with this reader too)."""
    return User(role=Role.BRANCH, is_active=True)


def recent_months(count: int = 12) -> list[datetime.date]:
    """The months a report can be asked for: last month first."""
    this_month = selectors.month_of(timezone.localdate())
    return [selectors.add_months(this_month, -i) for i in range(1, count + 1)]


def figures(month: datetime.date) -> selectors.Dashboard:
    filters = selectors.DashboardFilters(start=month, end=month)
    return selectors.dashboard_for(_statewide_reader(), filters, link=lambda **_q: "")


# --- requests and the schedule ---------------------------------------------------------


@transaction.atomic
def request_report(*, actor: User | None, month: datetime.date) -> MonthlyReport:
    from samanvay.dashboard.tasks import make_monthly_report

    report = MonthlyReport.objects.create(month=month, requested_by=actor, scheduled=actor is None)
    if actor is not None:
        audit.record(actor=actor, action=AuditEntry.Action.CREATE, instance=report)
    transaction.on_commit(lambda: make_monthly_report.enqueue(report.pk))
    return report


def current_schedule() -> ReportSchedule:
    schedule, _created = ReportSchedule.objects.get_or_create(pk=1)
    return schedule


@transaction.atomic
def set_schedule(*, actor: User, active: bool) -> ReportSchedule:
    schedule = current_schedule()
    before = schedule.is_active
    schedule.is_active = active
    schedule.changed_by = actor
    schedule.save(update_fields=["is_active", "changed_by", "changed_at"])
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CHANGE,
        instance=schedule,
        changes={"is_active": [before, active]},
    )
    return schedule


def make_due_reports(today: datetime.date) -> MonthlyReport | None:
    """Last month's report, once, when the schedule is on and its day has come. Safe with many
    workers: the month is claimed by a conditional UPDATE before the report is made."""
    schedule = current_schedule()
    if not schedule.is_active or today.day < schedule.day_of_month:
        return None
    month = selectors.add_months(selectors.month_of(today), -1)
    claimed = (
        ReportSchedule.objects.filter(pk=schedule.pk)
        .exclude(last_month_made=month)
        .update(last_month_made=month)
    )
    if not claimed:
        return None
    return request_report(actor=None, month=month)


# --- making the files ------------------------------------------------------------------


def _progress(report: MonthlyReport, percent: int, status: str = MonthlyReport.Status.RUNNING):
    MonthlyReport.objects.filter(pk=report.pk).update(progress=percent, status=status)


def make(report: MonthlyReport) -> MonthlyReport:
    """Make every file of a report, keeping its progress for the page that polls it."""
    _progress(report, 5)
    try:
        board = figures(report.month)
        _progress(report, 20)
        files = {}
        step = 20
        for language in LANGUAGES:
            files[f"pdf_{language}"] = render_pdf(board, report.month, language=language)
            step += 30
            _progress(report, step)
        for language in LANGUAGES:
            files[f"xlsx_{language}"] = render_xlsx(board, report.month, language=language)
        MonthlyReport.objects.filter(pk=report.pk).update(
            **files,
            progress=100,
            status=MonthlyReport.Status.READY,
            finished_at=timezone.now(),
        )
    except Exception as error:  # the page must show the failure rather than wait forever
        MonthlyReport.objects.filter(pk=report.pk).update(
            status=MonthlyReport.Status.FAILED, error=str(error)[:200], finished_at=timezone.now()
        )
        raise
    report.refresh_from_db()
    return report


def _context(board: selectors.Dashboard, month: datetime.date, language: str) -> dict:
    values = {row.key.code: row.reach.reports for row in board.by_district}
    return {
        "board": board,
        "month": month,
        "language": language,
        "map": svg.district_map(
            values,
            names={row.key.code: row.label for row in board.by_district},
            links={},
            label=_("Map of the districts by %(measure)s") % {"measure": _("verified activities")},
        ),
        "legend": svg.classes(list(values.values())),
        "no_data_colour": svg.NO_DATA,
        "chart_campaign": svg.bar_chart(
            [(row.label, row.reach.reports) for row in board.by_campaign],
            label=_("Verified activities by campaign"),
        ),
        "generated_at": timezone.localtime(),
    }


def render_pdf(board: selectors.Dashboard, month: datetime.date, *, language: str) -> bytes:
    fetcher = LocalFilesOnly(fail_on_errors=False)
    fonts = FontConfiguration()
    with translation.override(language):
        # Names of districts and campaigns follow the active language: read them again.
        html = render_to_string(TEMPLATE, _context(_relabel(board), month, language))
    stylesheet = CSS(filename=str(STYLESHEET), url_fetcher=fetcher, font_config=fonts)
    document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stylesheet], font_config=fonts)


def _relabel(board: selectors.Dashboard) -> selectors.Dashboard:
    for row in board.by_district:
        row.label = row.key.name
    campaign_names = {c.pk: c.name for c in selectors.Campaign.objects.all()}
    type_names = {t.pk: t.name for t in selectors.ActivityType.objects.all()}
    for row in board.by_campaign:
        row.label = campaign_names.get(row.key, "—")
    for row in board.by_type:
        row.label = type_names.get(row.key, "—")
    return board


def render_xlsx(board: selectors.Dashboard, month: datetime.date, *, language: str) -> bytes:
    with translation.override(language):
        board = _relabel(board)
        book = Workbook()
        bold = Font(bold=True)
        people = [_("girls"), _("boys"), _("women"), _("men"), _("people reached")]

        def sheet(title: str, header: list[str], rows: list[list]):
            ws = book.create_sheet(title[:31])
            ws.append(header)
            for cell in ws[1]:
                cell.font = bold
            for row in rows:
                ws.append(row)
            ws.column_dimensions["A"].width = 32
            return ws

        def reach(r) -> list[int]:
            return [r.reports, r.girls, r.boys, r.women, r.men, r.people]

        summary = book.active
        summary.title = _("Summary")[:31]
        summary.append([_("Monthly statewide report"), f"{month:%m/%Y}"])
        summary["A1"].font = bold
        summary.append([_("Verified activities"), board.total.reports])
        for label, value in zip(people, reach(board.total)[1:], strict=True):
            summary.append([label, value])
        summary.append([_("Overdue action items"), board.overdue_count])
        summary.append(
            [
                _("Districts with no verified activity in the last 30 days"),
                len(board.quiet_districts),
            ]
        )
        summary.column_dimensions["A"].width = 52
        header = [_("Verified activities"), *people]
        sheet(
            _("By campaign"),
            [_("Campaign"), *header],
            [[row.label, *reach(row.reach)] for row in board.by_campaign],
        )
        sheet(
            _("By activity type"),
            [_("Activity type"), *header],
            [[row.label, *reach(row.reach)] for row in board.by_type],
        )
        sheet(
            _("By district"),
            [_("District"), _("LGD code"), *header, _("NGOs active")],
            [[row.label, row.key.code, *reach(row.reach), row.ngos] for row in board.by_district],
        )
        sheet(
            _("Targets"),
            [
                _("Plan"),
                _("Sessions planned"),
                _("Sessions held"),
                _("People to reach"),
                _("People reached"),
            ],
            [
                [t.plan.title, t.sessions_target, t.sessions_done, t.people_target, t.people_done]
                for t in board.targets
            ],
        )
        if board.referrals is not None:
            sheet(
                _("Referrals"),
                [
                    _("Kind"),
                    _("Referrals"),
                    _("Median time to acknowledge (minutes)"),
                    _("Median time to close (minutes)"),
                    _("Overdue"),
                ],
                [
                    [
                        str(r["kind_label"]),
                        r["total"],
                        r["median_ack_minutes"],
                        r["median_close_minutes"],
                        r["overdue"],
                    ]
                    for r in board.referrals
                ],
            )
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
