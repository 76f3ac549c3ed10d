"""Activity report pages. Views parse, ask `rules`, call one selector or service, and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samanvay.accounts import rules
from samanvay.activities import exports, selectors, services
from samanvay.activities.forms import CommentForm, ReasonForm, ReportForm
from samanvay.activities.models import ActivityReport
from samanvay.core.downloads import file_download
from samanvay.core.pagination import paginate

GET_POST = ["GET", "POST"]


def _require_reporting(user) -> None:
    if not rules.can_report_activities(user):
        raise PermissionDenied


def _list_context(request) -> tuple[selectors.ReportFilters, object]:
    filters = selectors.ReportFilters.from_query(request.GET)
    return filters, selectors.reports_for_list(request.user, filters)


@login_required
@require_GET
def report_list(request):
    _require_reporting(request.user)
    filters, reports = _list_context(request)
    user = request.user
    if request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request"):
        # The filter form, sent by htmx: only the results change.
        response = render(
            request, "activities/fragment_report_results.html", {"page": paginate(request, reports)}
        )
        patch_vary_headers(response, ["HX-Request"])
        return response
    response = render(
        request,
        "activities/report_list.html",
        {
            "page": paginate(request, reports),
            "filters": filters.as_dict(),
            "campaigns": selectors.campaigns_for_choice(),
            "districts": selectors.districts_for_filter(user),
            "types": selectors.activity_types(),
            "statuses": ActivityReport.Status.choices,
            "ngo_options": [
                (f"ngo:{n.pk}", n.name) for n in selectors.ngos_for_filter(user, filters.district)
            ],
            "unit_options": [
                (f"unit:{u.pk}", u.name) for u in selectors.units_for_filter(user, filters.district)
            ],
            "can_see_to_verify": selectors.can_see_to_verify(user),
        },
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def report_export(request, fmt: str):
    if fmt not in exports.FORMATS:
        raise Http404
    _require_reporting(request.user)
    _filters, reports = _list_context(request)
    return file_download(*exports.export_reports(reports, fmt))


def _form_page(request, report: ActivityReport):
    """The report form for a new or an editable report, with both buttons.

    "Save draft" keeps every valid value even when others are wrong; "Submit" also sends it to
    the district when everything is valid. With errors the page is shown again with what was
    typed, never a redirect that would lose it."""
    user = request.user
    action = request.POST.get("action", "save")
    if request.method == "GET" or action == "refresh":
        # "Update fields": the chosen activity type decides which outcome fields are shown.
        form = ReportForm(
            request.POST if request.method == "POST" else None, instance=report, user=user
        )
        return _render_form(request, form, report, show_errors=False)

    submitting = action == "submit"
    form = ReportForm(
        request.POST, request.FILES, instance=report, user=user, submitting=submitting
    )
    valid = form.is_valid()
    photos = form.cleaned_data.get("photos") or []
    try:
        report = services.save_report(actor=user, report=form.instance, photos=photos)
    except ValidationError as error:
        form.add_error(None, error)
        valid = False
    if valid and submitting:
        try:
            services.submit_report(actor=user, report=report)
        except ValidationError as error:
            form.add_error(None, error)
            valid = False
        else:
            messages.success(
                request, _("The report has been sent to the district for verification.")
            )
            return redirect(report)
    if valid:
        messages.success(
            request, _("Your draft has been saved. You can finish it later from “My reports”.")
        )
        return redirect("activities:report_edit", report.pk)
    if report.pk:
        messages.warning(
            request,
            _("Not everything could be saved: please correct the marked fields.")
            if not submitting
            else _("The report was not submitted: please correct the marked fields."),
        )
    return _render_form(request, form, report, show_errors=True)


def _render_form(request, form, report, *, show_errors: bool):
    action_url = (
        reverse("activities:report_edit", args=[report.pk])
        if report.pk
        else reverse("activities:report_create")
    )
    return render(
        request,
        "activities/report_form.html",
        {
            "form": form,
            "report": report if report.pk else None,
            "photos": report.photos.all() if report.pk else [],
            "show_errors": show_errors,
            "action_url": action_url,
        },
    )


@login_required
@require_http_methods(GET_POST)
def report_create(request):
    _require_reporting(request.user)
    return _form_page(request, ActivityReport(created_by=request.user))


@login_required
@require_http_methods(GET_POST)
def report_edit(request, pk: int):
    report = selectors.get_report_for_user(request.user, pk)
    if not rules.can_edit_report(request.user, report):
        raise PermissionDenied
    return _form_page(request, report)


@login_required
@require_GET
def report_detail(request, pk: int):
    report = selectors.get_report_for_user(request.user, pk)
    return _render_detail(request, report)


def _render_detail(request, report, *, comment_form=None, reason_form=None, status=200):
    user = request.user
    can_verify = rules.can_verify_report(user, report)
    can_reopen = rules.can_reopen_report(user, report)
    return render(
        request,
        "activities/report_detail.html",
        {
            "report": report,
            "photos": report.photos.all(),
            "events": selectors.report_timeline(report),
            "outcomes": _outcomes(report),
            "can_edit": rules.can_edit_report(user, report),
            "can_verify": can_verify,
            "can_reopen": can_reopen,
            "comment_form": comment_form or (CommentForm() if can_verify else None),
            "reason_form": reason_form or (ReasonForm() if can_reopen else None),
        },
        status=status,
    )


def _outcomes(report: ActivityReport) -> list[tuple[str, int]]:
    shown = report.activity_type.outcomes if report.activity_type else []
    return [
        (ActivityReport._meta.get_field(code).verbose_name, getattr(report, code))
        for code in shown
        if hasattr(report, code)
    ]


def _workflow(request, pk: int, *, allowed, act):
    """Shared handling of the workflow buttons: a 404 outside reach, a 403 when not allowed,
    and a clear message when someone else was quicker."""
    report = selectors.get_report_for_user(request.user, pk)
    if not allowed(request.user, report):
        raise PermissionDenied
    try:
        return act(report)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(report)


@login_required
@require_POST
def report_submit(request, pk: int):
    def act(report):
        services.submit_report(actor=request.user, report=report)
        messages.success(request, _("The report has been sent to the district for verification."))
        return redirect(report)

    return _workflow(request, pk, allowed=rules.can_edit_report, act=act)


@login_required
@require_POST
def report_verify(request, pk: int):
    def act(report):
        services.verify_report(actor=request.user, report=report)
        messages.success(request, _("The report has been verified."))
        return redirect(report)

    return _workflow(request, pk, allowed=rules.can_verify_report, act=act)


@login_required
@require_POST
def report_return(request, pk: int):
    def act(report):
        form = CommentForm(request.POST)
        if not form.is_valid():
            return _render_detail(request, report, comment_form=form)
        services.return_report(
            actor=request.user, report=report, comment=form.cleaned_data["comment"]
        )
        messages.success(request, _("The report has been returned for correction."))
        return redirect(report)

    return _workflow(request, pk, allowed=rules.can_verify_report, act=act)


@login_required
@require_POST
def report_reopen(request, pk: int):
    def act(report):
        form = ReasonForm(request.POST)
        if not form.is_valid():
            return _render_detail(request, report, reason_form=form)
        services.reopen_report(
            actor=request.user, report=report, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("The report has been reopened for correction."))
        return redirect(report)

    return _workflow(request, pk, allowed=rules.can_reopen_report, act=act)


# --- photos --------------------------------------------------------------------------------------


def _photo_response(request, report_pk: int, photo_pk: int, *, thumbnail: bool):
    photo = selectors.get_photo_for_user(request.user, report_pk, photo_pk)
    field = photo.thumbnail if thumbnail else photo.image
    try:
        handle = field.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type="image/jpeg")
    # Only the signed-in user's browser may keep it; never a shared cache.
    patch_cache_control(response, private=True, max_age=3600)
    return response


@login_required
@require_GET
def photo_view(request, pk: int, photo_pk: int):
    return _photo_response(request, pk, photo_pk, thumbnail=False)


@login_required
@require_GET
def photo_thumbnail(request, pk: int, photo_pk: int):
    return _photo_response(request, pk, photo_pk, thumbnail=True)


@login_required
@require_POST
def photo_remove(request, pk: int, photo_pk: int):
    photo = selectors.get_photo_for_user(request.user, pk, photo_pk)
    if not rules.can_edit_report(request.user, photo.report):
        raise PermissionDenied
    services.remove_photo(actor=request.user, photo=photo)
    messages.success(request, _("The photo has been removed."))
    return redirect("activities:report_edit", pk)
