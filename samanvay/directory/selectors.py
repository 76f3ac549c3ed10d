"""Reads of the registry. Every queryset a user sees starts here, scoped by `rules.visible_*`."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from samanvay.accounts import rules
from samanvay.directory.models import (
    NGO,
    District,
    FocusArea,
    Membership,
    Person,
    PoliceUnit,
    ShaktiSamiti,
)


def _search(queryset: QuerySet, query: str, fields: list[str]) -> QuerySet:
    query = (query or "").strip()
    if not query:
        return queryset
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": query})
    return queryset.filter(condition)


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- districts ---------------------------------------------------------------------------------


def districts_for_filter() -> QuerySet:
    return District.objects.select_related("division").order_by("name_en")


def districts_visible_to(user, *, query: str = "") -> QuerySet:
    if not rules.can_open(user, "districts"):
        return District.objects.none()
    districts = District.objects.select_related("division").annotate(
        unit_count=Count("police_units", distinct=True),
        ngo_count=Count("ngos", distinct=True),
    )
    return _search(districts, query, ["name_en", "name_hi", "division__name_en"]).order_by(
        "division__name_en", "name_en"
    )


def get_district_for_user(user, code: int) -> District:
    if not rules.can_open(user, "districts"):
        from django.http import Http404

        raise Http404
    return get_object_or_404(District.objects.select_related("division"), code=code)


# --- police units ------------------------------------------------------------------------------


def police_units_visible_to(user, *, query: str = "", district=None, kind: str = "") -> QuerySet:
    units = PoliceUnit.objects.filter(rules.visible_police_units(user)).select_related("district")
    units = _search(units, query, ["name_en", "name_hi", "email", "address"])
    if district_code := _int_or_none(district):
        units = units.filter(district__code=district_code)
    if kind:
        units = units.filter(kind=kind)
    return units.distinct().order_by("district__name_en", "kind", "name_en")


def get_police_unit_for_user(user, pk: int) -> PoliceUnit:
    return get_object_or_404(police_units_visible_to(user), pk=pk)


# --- NGOs --------------------------------------------------------------------------------------


def ngos_visible_to(
    user, *, query: str = "", district=None, focus_area: str = "", verification: str = ""
) -> QuerySet:
    ngos = NGO.objects.filter(pk__in=NGO.objects.filter(rules.visible_ngos(user)).values("pk"))
    ngos = _search(ngos, query, ["name_en", "name_hi", "darpan_id", "email"])
    if district_code := _int_or_none(district):
        ngos = ngos.filter(districts__code=district_code)
    if focus_area:
        ngos = ngos.filter(focus_areas__code=focus_area)
    if verification:
        ngos = ngos.filter(verification=verification)
    return ngos.distinct().prefetch_related("districts", "focus_areas").order_by("name_en")


def get_ngo_for_user(user, pk: int) -> NGO:
    return get_object_or_404(ngos_visible_to(user), pk=pk)


def focus_areas() -> QuerySet:
    return FocusArea.objects.all()


# --- people ------------------------------------------------------------------------------------


def _current_memberships() -> Prefetch:
    return Prefetch(
        "memberships",
        queryset=Membership.objects.select_related("police_unit__district", "ngo"),
    )


def people_visible_to(user, *, query: str = "", district=None, organisation: str = "") -> QuerySet:
    people = Person.objects.filter(
        pk__in=Person.objects.filter(rules.visible_people(user)).values("pk")
    )
    people = _search(people, query, ["name", "designation", "email", "phone"])
    if district_code := _int_or_none(district):
        people = people.filter(
            Q(memberships__police_unit__district__code=district_code)
            | Q(memberships__ngo__districts__code=district_code)
        )
    if organisation.startswith("unit-") and (pk := _int_or_none(organisation[5:])):
        people = people.filter(memberships__police_unit_id=pk)
    elif organisation.startswith("ngo-") and (pk := _int_or_none(organisation[4:])):
        people = people.filter(memberships__ngo_id=pk)
    return people.distinct().prefetch_related(_current_memberships()).order_by("name", "pk")


def get_person_for_user(user, pk: int) -> Person:
    return get_object_or_404(people_visible_to(user).select_related("user"), pk=pk)


def get_membership_for_user(user, pk: int) -> Membership:
    """A membership of a person the user can see; 404 otherwise."""
    memberships = Membership.objects.select_related("person", "police_unit", "ngo").filter(
        person__in=people_visible_to(user).values("pk")
    )
    return get_object_or_404(memberships, pk=pk)


def organisations_for_membership(user) -> tuple[QuerySet, QuerySet]:
    """The police units and NGOs the user may add people to."""
    units = PoliceUnit.objects.filter(rules.units_open_for_membership(user), is_active=True)
    ngos = NGO.objects.filter(rules.ngos_open_for_membership(user), is_active=True)
    return (
        units.select_related("district").order_by("district__name_en", "name_en"),
        ngos.order_by("name_en"),
    )


# --- Shakti Samitis ----------------------------------------------------------------------------


def samitis_visible_to(user, *, query: str = "", district=None, kind: str = "") -> QuerySet:
    samitis = ShaktiSamiti.objects.filter(rules.visible_samitis(user)).select_related(
        "district", "police_unit", "convenor"
    )
    samitis = _search(samitis, query, ["name", "place", "block"])
    if district_code := _int_or_none(district):
        samitis = samitis.filter(district__code=district_code)
    if kind:
        samitis = samitis.filter(kind=kind)
    return samitis.order_by("district__name_en", "name")


def get_samiti_for_user(user, pk: int) -> ShaktiSamiti:
    return get_object_or_404(samitis_visible_to(user), pk=pk)
