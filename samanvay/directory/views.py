"""Registry pages. Views parse, ask `rules`, call one selector or service, and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samanvay.accounts import rules
from samanvay.campaigns.selectors import campaign_progress_in
from samanvay.core.pagination import paginate
from samanvay.directory import selectors, services
from samanvay.directory.forms import (
    MembershipForm,
    NGOForm,
    NGOVerificationForm,
    PersonCreateForm,
    PersonForm,
    PoliceUnitForm,
    ShaktiSamitiForm,
)
from samanvay.directory.models import NGO, Membership, PoliceUnit, ShaktiSamiti

GET_POST = ["GET", "POST"]


def _require_section(user, section: str) -> None:
    if not rules.can_open(user, section):
        raise PermissionDenied


def _filters(request, *names: str) -> dict[str, str]:
    return {name: request.GET.get(name, "").strip() for name in names}


def _edit(request, *, form, template: str, context: dict, success_message: str, save=None):
    """Shared POST handling of create/edit pages: valid → save with audit and go to the object."""
    if request.method == "POST" and form.is_valid():
        save = save or services.save_form_with_audit
        instance = save(actor=request.user, form=form)
        messages.success(request, success_message)
        return redirect(instance)
    if request.method == "POST":
        messages.error(request, _("Please correct the marked fields. Nothing was saved yet."))
    return render(request, template, {"form": form, **context})


# --- districts ---------------------------------------------------------------------------------


@login_required
def district_list(request):
    _require_section(request.user, "districts")
    districts = selectors.districts_visible_to(request.user, query=request.GET.get("q", ""))
    return render(
        request,
        "directory/district_list.html",
        {"districts": districts, "filters": _filters(request, "q")},
    )


@login_required
def district_detail(request, code: int):
    district = selectors.get_district_for_user(request.user, code)
    user = request.user
    context = {
        "district": district,
        "units": selectors.police_units_visible_to(user, district=district.code),
        "ngos": selectors.ngos_visible_to(user, district=district.code),
        "samitis": (
            selectors.samitis_visible_to(user, district=district.code)
            if rules.can_open(user, "samitis")
            else None
        ),
    }
    context["campaign_progress"] = campaign_progress_in(user, district)
    return render(request, "directory/district_detail.html", context)


# --- police units ------------------------------------------------------------------------------


@login_required
def police_unit_list(request):
    _require_section(request.user, "police_units")
    filters = _filters(request, "q", "district", "kind")
    units = selectors.police_units_visible_to(
        request.user, query=filters["q"], district=filters["district"], kind=filters["kind"]
    )
    return render(
        request,
        "directory/police_unit_list.html",
        {
            "page": paginate(request, units),
            "filters": filters,
            "districts": selectors.districts_for_filter(),
            "kinds": PoliceUnit.Kind.choices,
            "can_create": rules.can_create(request.user, "police_units"),
            "can_import": rules.can_import(request.user, "police_units"),
            "can_export": rules.can_export(request.user, "police_units"),
        },
    )


@login_required
def police_unit_detail(request, pk: int):
    unit = selectors.get_police_unit_for_user(request.user, pk)
    show_people = rules.can_open(request.user, "people")
    members = (
        unit.memberships.filter(person__in=selectors.people_visible_to(request.user).values("pk"))
        .select_related("person")
        .order_by("ended_on", "person__name")
        if show_people
        else []
    )
    return render(
        request,
        "directory/police_unit_detail.html",
        {
            "unit": unit,
            "members": members,
            "show_people": show_people,
            "can_change": rules.can_change_police_unit(request.user, unit),
        },
    )


@login_required
@require_http_methods(GET_POST)
def police_unit_create(request):
    if not rules.can_create(request.user, "police_units"):
        raise PermissionDenied
    form = PoliceUnitForm(request.POST or None, user=request.user)
    return _edit(
        request,
        form=form,
        template="directory/police_unit_form.html",
        context={"title": _("New police unit")},
        success_message=_("The police unit has been added."),
    )


@login_required
@require_http_methods(GET_POST)
def police_unit_edit(request, pk: int):
    unit = selectors.get_police_unit_for_user(request.user, pk)
    if not rules.can_change_police_unit(request.user, unit):
        raise PermissionDenied
    form = PoliceUnitForm(request.POST or None, user=request.user, instance=unit)
    return _edit(
        request,
        form=form,
        template="directory/police_unit_form.html",
        context={"title": _("Edit police unit"), "object": unit},
        success_message=_("Your changes have been saved."),
    )


# --- NGOs --------------------------------------------------------------------------------------


@login_required
def ngo_list(request):
    _require_section(request.user, "ngos")
    filters = _filters(request, "q", "district", "focus_area", "verification")
    ngos = selectors.ngos_visible_to(
        request.user,
        query=filters["q"],
        district=filters["district"],
        focus_area=filters["focus_area"],
        verification=filters["verification"],
    )
    return render(
        request,
        "directory/ngo_list.html",
        {
            "page": paginate(request, ngos),
            "filters": filters,
            "districts": selectors.districts_for_filter(),
            "focus_areas": selectors.focus_areas(),
            "verifications": NGO.Verification.choices,
            "can_create": rules.can_create(request.user, "ngos"),
            "can_import": rules.can_import(request.user, "ngos"),
            "can_export": rules.can_export(request.user, "ngos"),
        },
    )


@login_required
def ngo_detail(request, pk: int):
    ngo = selectors.get_ngo_for_user(request.user, pk)
    show_people = rules.can_open(request.user, "people")
    members = (
        ngo.memberships.filter(person__in=selectors.people_visible_to(request.user).values("pk"))
        .select_related("person")
        .order_by("ended_on", "person__name")
        if show_people
        else []
    )
    return render(
        request,
        "directory/ngo_detail.html",
        {
            "ngo": ngo,
            "members": members,
            "show_people": show_people,
            "can_change": rules.can_change_ngo(request.user, ngo),
            "can_verify": rules.can_verify_ngo(request.user),
        },
    )


@login_required
@require_http_methods(GET_POST)
def ngo_create(request):
    if not rules.can_create(request.user, "ngos"):
        raise PermissionDenied
    initial = {"districts": [request.user.district_id]} if request.user.district_id else None
    form = NGOForm(request.POST or None, user=request.user, initial=initial)
    return _edit(
        request,
        form=form,
        template="directory/ngo_form.html",
        context={"title": _("Register an NGO")},
        success_message=_("The NGO has been registered. The branch will verify it."),
    )


@login_required
@require_http_methods(GET_POST)
def ngo_edit(request, pk: int):
    ngo = selectors.get_ngo_for_user(request.user, pk)
    if not rules.can_change_ngo(request.user, ngo):
        raise PermissionDenied
    form = NGOForm(request.POST or None, user=request.user, instance=ngo)
    return _edit(
        request,
        form=form,
        template="directory/ngo_form.html",
        context={"title": _("Edit NGO"), "object": ngo},
        success_message=_("Your changes have been saved."),
    )


@login_required
@require_http_methods(GET_POST)
def ngo_verify(request, pk: int):
    ngo = selectors.get_ngo_for_user(request.user, pk)
    if not rules.can_verify_ngo(request.user):
        raise PermissionDenied
    form = NGOVerificationForm(request.POST or None, instance=NGO.objects.get(pk=ngo.pk))
    if request.method == "POST" and form.is_valid():
        services.set_ngo_verification(
            actor=request.user,
            ngo=ngo,
            verification=form.cleaned_data["verification"],
            note=form.cleaned_data["verification_note"],
        )
        messages.success(request, _("The verification status has been saved."))
        return redirect(ngo)
    return render(request, "directory/ngo_verify.html", {"form": form, "ngo": ngo})


# --- people ------------------------------------------------------------------------------------


@login_required
def person_list(request):
    _require_section(request.user, "people")
    filters = _filters(request, "q", "district")
    people = selectors.people_visible_to(
        request.user, query=filters["q"], district=filters["district"]
    )
    return render(
        request,
        "directory/person_list.html",
        {
            "page": paginate(request, people),
            "filters": filters,
            "districts": selectors.districts_for_filter(),
            "can_create": rules.can_create(request.user, "people"),
        },
    )


@login_required
def person_detail(request, pk: int):
    person = selectors.get_person_for_user(request.user, pk)
    memberships = [
        (m, rules.can_manage_membership(request.user, m)) for m in person.memberships.all()
    ]
    return render(
        request,
        "directory/person_detail.html",
        {
            "person": person,
            "memberships": memberships,
            "can_change": rules.can_change_person(request.user, person),
            "can_manage_account": rules.can_manage_account_of(request.user, person),
            "can_add_membership": any(
                q.exists() for q in selectors.organisations_for_membership(request.user)
            ),
        },
    )


@login_required
@require_http_methods(GET_POST)
def person_create(request):
    if not rules.can_create(request.user, "people"):
        raise PermissionDenied
    form = PersonCreateForm(request.POST or None, user=request.user)
    return _edit(
        request,
        form=form,
        template="directory/person_form.html",
        context={"title": _("Add a person")},
        success_message=_("The person has been added."),
        save=services.create_person,
    )


@login_required
@require_http_methods(GET_POST)
def person_edit(request, pk: int):
    person = selectors.get_person_for_user(request.user, pk)
    if not rules.can_change_person(request.user, person):
        raise PermissionDenied
    form = PersonForm(request.POST or None, user=request.user, instance=person)
    return _edit(
        request,
        form=form,
        template="directory/person_form.html",
        context={"title": _("Edit person"), "object": person},
        success_message=_("Your changes have been saved."),
    )


@login_required
@require_http_methods(GET_POST)
def membership_add(request, pk: int):
    person = selectors.get_person_for_user(request.user, pk)
    units, ngos = selectors.organisations_for_membership(request.user)
    if not (units.exists() or ngos.exists()):
        raise PermissionDenied
    form = MembershipForm(
        request.POST or None, user=request.user, instance=Membership(person=person)
    )
    if request.method == "POST" and form.is_valid():
        services.add_membership(actor=request.user, membership=form.instance)
        messages.success(request, _("The membership has been added."))
        return redirect(person)
    return render(request, "directory/membership_form.html", {"form": form, "person": person})


def _membership_for_change(request, pk: int) -> Membership:
    membership = selectors.get_membership_for_user(request.user, pk)
    if not rules.can_manage_membership(request.user, membership):
        raise PermissionDenied
    return membership


@login_required
@require_POST
def membership_end(request, pk: int):
    membership = _membership_for_change(request, pk)
    services.end_membership(actor=request.user, membership=membership)
    messages.success(request, _("The membership has been ended. The record is kept."))
    return redirect(membership.person)


@login_required
@require_POST
def membership_delete(request, pk: int):
    membership = _membership_for_change(request, pk)
    person = membership.person
    services.delete_with_audit(actor=request.user, instance=membership)
    messages.success(request, _("The membership has been removed."))
    return redirect(person)


# --- Shakti Samitis ----------------------------------------------------------------------------


@login_required
def samiti_list(request):
    _require_section(request.user, "samitis")
    filters = _filters(request, "q", "district", "kind")
    samitis = selectors.samitis_visible_to(
        request.user, query=filters["q"], district=filters["district"], kind=filters["kind"]
    )
    return render(
        request,
        "directory/samiti_list.html",
        {
            "page": paginate(request, samitis),
            "filters": filters,
            "districts": selectors.districts_for_filter(),
            "kinds": ShaktiSamiti.Kind.choices,
            "can_create": rules.can_create(request.user, "samitis"),
        },
    )


@login_required
def samiti_detail(request, pk: int):
    samiti = selectors.get_samiti_for_user(request.user, pk)
    return render(
        request,
        "directory/samiti_detail.html",
        {"samiti": samiti, "can_change": rules.can_change_samiti(request.user, samiti)},
    )


@login_required
@require_http_methods(GET_POST)
def samiti_create(request):
    if not rules.can_create(request.user, "samitis"):
        raise PermissionDenied
    form = ShaktiSamitiForm(request.POST or None, user=request.user)
    return _edit(
        request,
        form=form,
        template="directory/samiti_form.html",
        context={"title": _("New Shakti Samiti")},
        success_message=_("The Shakti Samiti has been added."),
    )


@login_required
@require_http_methods(GET_POST)
def samiti_edit(request, pk: int):
    samiti = selectors.get_samiti_for_user(request.user, pk)
    if not rules.can_change_samiti(request.user, samiti):
        raise PermissionDenied
    form = ShaktiSamitiForm(request.POST or None, user=request.user, instance=samiti)
    return _edit(
        request,
        form=form,
        template="directory/samiti_form.html",
        context={"title": _("Edit Shakti Samiti"), "object": samiti},
        success_message=_("Your changes have been saved."),
    )


@login_required
@require_POST
def samiti_delete(request, pk: int):
    samiti = selectors.get_samiti_for_user(request.user, pk)
    if not rules.can_change_samiti(request.user, samiti):
        raise PermissionDenied
    services.delete_samiti(actor=request.user, samiti=samiti)
    messages.success(request, _("The Shakti Samiti has been removed."))
    return redirect("directory:samiti_list")
