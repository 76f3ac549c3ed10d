"""Supervision pages: the dashboard (with its map and charts) and the monthly statewide report."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from samanvay.accounts import rules
from samanvay.campaigns.models import Campaign
from samanvay.core.downloads import file_download
from samanvay.dashboard import reports, selectors, svg
from samanvay.dashboard.models import MonthlyReport

# The files of a report (a few hundred KB each): read only by its download.
FILE_FIELDS = ("pdf_hi", "pdf_en", "xlsx_hi", "xlsx_en")

MEASURE_LABELS = {
    "reports": _("verified activities"),
    "people": _("people reached"),
    "ngos": _("NGOs active"),
}


def _require_dashboard(user) -> None:
    if not rules.can_see_dashboard(user):
        raise PermissionDenied


@login_required
@require_GET
def dashboard(request):
    user = request.user
    _require_dashboard(user)
    districts = selectors.districts_for(user)
    filters = selectors.DashboardFilters.from_query(request.GET, districts=districts)
    base = reverse("dashboard:dashboard")

    def link(**changes) -> str:
        return base + "?" + urlencode(filters.query(**changes))

    board = selectors.dashboard_for(user, filters, link=link)
    measure_label = str(MEASURE_LABELS[filters.measure])
    values = {row.key.code: selectors.measure_of(row, filters.measure) for row in board.by_district}
    names = {row.key.code: row.label for row in board.by_district}
    links = {row.key.code: row.url for row in board.by_district}
    in_view = set(values) if not filters.district else {filters.district.code}
    district_map = svg.district_map(
        {code: v for code, v in values.items() if code in in_view},
        names=names,
        links=links,
        label=_("Map of the districts by %(measure)s") % {"measure": measure_label},
    )
    month_rows = [(f"{row.key:%m/%y}", row.reach.reports) for row in board.by_month]
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "board": board,
            "filters": filters,
            "campaigns": Campaign.objects.filter(is_active=True),
            "districts": districts.order_by("name_en"),
            "measure_labels": MEASURE_LABELS,
            "measure_label": measure_label,
            "map": district_map,
            "legend": svg.classes(list(values.values())),
            "no_data_colour": svg.NO_DATA,
            "statewide_link": link(district=""),
            "chart_campaign": svg.bar_chart(
                [(row.label, row.reach.reports) for row in board.by_campaign],
                label=_("Verified activities by campaign"),
            ),
            "chart_type": svg.bar_chart(
                [(row.label, row.reach.reports) for row in board.by_type],
                label=_("Verified activities by activity type"),
            ),
            "chart_month": svg.column_chart(month_rows, label=_("Verified activities by month")),
            "chart_groups": svg.bar_chart(
                [
                    (_("girls"), board.total.girls),
                    (_("boys"), board.total.boys),
                    (_("women"), board.total.women),
                    (_("men"), board.total.men),
                ],
                label=_("People reached by group"),
            ),
            "can_see_reports": rules.can_download_monthly_report(user),
        },
    )


# --- the monthly statewide report ------------------------------------------------------


def _require_report_access(user) -> None:
    if not rules.can_download_monthly_report(user):
        raise PermissionDenied


@login_required
def monthly_reports(request):
    user = request.user
    _require_report_access(user)
    return render(
        request,
        "dashboard/monthly_reports.html",
        {
            "reports": MonthlyReport.objects.defer(*FILE_FIELDS)[:24],
            "can_make": rules.can_make_monthly_report(user),
            "schedule": reports.current_schedule(),
            "months": reports.recent_months(),
        },
    )


@login_required
@require_POST
def monthly_report_make(request):
    if not rules.can_make_monthly_report(request.user):
        raise PermissionDenied
    month = selectors._month_or_none(request.POST.get("month", ""))
    if month is None:
        raise Http404
    report = reports.request_report(actor=request.user, month=month)
    return redirect(reverse("dashboard:monthly_reports") + f"#report-{report.pk}")


@login_required
@require_POST
def monthly_report_schedule(request):
    if not rules.can_make_monthly_report(request.user):
        raise PermissionDenied
    reports.set_schedule(actor=request.user, active=request.POST.get("active") == "1")
    return redirect("dashboard:monthly_reports")


@login_required
@require_GET
def monthly_report_status(request, pk: int):
    _require_report_access(request.user)
    report = get_object_or_404(MonthlyReport.objects.defer(*FILE_FIELDS), pk=pk)
    return render(request, "dashboard/fragment_report_status.html", {"report": report})


@login_required
@require_GET
def monthly_report_file(request, pk: int, kind: str):
    _require_report_access(request.user)
    if kind not in reports.FILES:
        raise Http404
    content_type, extension, field = reports.FILES[kind]
    report = get_object_or_404(
        MonthlyReport.objects.only("pk", "month", "status", field),
        pk=pk,
        status=MonthlyReport.Status.READY,
    )
    content = getattr(report, field)
    if not content:
        raise Http404
    return file_download(
        bytes(content), content_type, f"samanvay-{report.month:%Y-%m}-{kind}.{extension}"
    )
