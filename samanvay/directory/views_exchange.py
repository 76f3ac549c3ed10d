"""Export (XLSX, CSV) of the registry lists a user sees, and import by the branch."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samanvay.accounts import rules
from samanvay.core.downloads import file_download
from samanvay.directory import exchange, selectors
from samanvay.directory.forms import ImportForm
from samanvay.directory.models import FocusArea, PoliceUnit


def _check_export(request, section: str, fmt: str) -> None:
    if fmt not in exchange.FORMATS:
        raise Http404
    if not rules.can_export(request.user, section):
        raise PermissionDenied


@login_required
@require_GET
def police_unit_export(request, fmt: str):
    _check_export(request, "police_units", fmt)
    units = selectors.police_units_visible_to(
        request.user,
        query=request.GET.get("q", "").strip(),
        district=request.GET.get("district", "").strip(),
        kind=request.GET.get("kind", "").strip(),
    )
    return file_download(*exchange.export_police_units(units, fmt))


@login_required
@require_GET
def ngo_export(request, fmt: str):
    _check_export(request, "ngos", fmt)
    ngos = selectors.ngos_visible_to(
        request.user,
        query=request.GET.get("q", "").strip(),
        district=request.GET.get("district", "").strip(),
        focus_area=request.GET.get("focus_area", "").strip(),
        verification=request.GET.get("verification", "").strip(),
    )
    return file_download(*exchange.export_ngos(ngos, fmt))


def _import(request, *, section: str, importer, list_url: str, export_url: str, context: dict):
    if not rules.can_import(request.user, section):
        raise PermissionDenied
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    result = None
    if request.method == "POST" and form.is_valid():
        result = importer(user=request.user, uploaded_file=form.cleaned_data["file"])
        if result.ok:
            messages.success(
                request,
                _("%(created)s created, %(updated)s updated.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect(list_url)
        messages.error(request, _("The file was not imported. Nothing was saved."))
    return render(
        request,
        "directory/import.html",
        {
            "form": form,
            "result": result,
            "list_url": list_url,
            "export_url": export_url,
            **context,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def police_unit_import(request):
    return _import(
        request,
        section="police_units",
        importer=exchange.import_police_units,
        list_url="directory:police_unit_list",
        export_url="directory:police_unit_export",
        context={
            "title": _("Import police units"),
            "columns": exchange.POLICE_UNIT_COLUMN_HELP,
            "kinds": PoliceUnit.Kind.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def ngo_import(request):
    return _import(
        request,
        section="ngos",
        importer=exchange.import_ngos,
        list_url="directory:ngo_list",
        export_url="directory:ngo_export",
        context={
            "title": _("Import NGOs"),
            "columns": exchange.NGO_COLUMN_HELP,
            "focus_areas": FocusArea.objects.all(),
        },
    )
