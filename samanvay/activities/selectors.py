"""Reads of activity reports. Every queryset a user sees starts here, scoped by
`rules.visible_reports`; a report outside it answers 404."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from samanvay.accounts import rules
from samanvay.accounts.models import Role, User
from samanvay.activities.models import ActivityReport, ReportPhoto
from samanvay.campaigns.models import ActivityType, Campaign
from samanvay.directory.models import NGO, District, PoliceUnit

SHOW_MINE = "mine"
SHOW_TO_VERIFY = "to_verify"


@dataclass
class ReportFilters:
    """What a list of reports is narrowed to; parsed leniently from the query string."""

    show: str = ""
    campaign: str = ""
    district: str = ""
    type: str = ""
    status: str = ""
    organisation: str = ""  # "ngo:<pk>" or "unit:<pk>"
    start: str = ""
    end: str = ""

    @classmethod
    def from_query(cls, query) -> ReportFilters:
        return cls(**{name: query.get(name, "").strip() for name in cls.__dataclass_fields__})

    def as_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _date_or_none(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def reports_visible_to(user: User) -> QuerySet:
    return ActivityReport.objects.filter(rules.visible_reports(user))


def reports_for_list(user: User, filters: ReportFilters | None = None) -> QuerySet:
    """The reports a user sees, filtered, with what a list row or an export line shows."""
    filters = filters or ReportFilters()
    reports = reports_visible_to(user).select_related(
        "campaign", "activity_type", "district", "ngo", "police_unit"
    )
    if filters.show == SHOW_MINE:
        reports = reports.filter(created_by=user)
    elif filters.show == SHOW_TO_VERIFY:
        reports = reports.filter(to_verify_by(user))
    if filters.campaign:
        reports = reports.filter(campaign__code=filters.campaign)
    if code := _int_or_none(filters.district):
        reports = reports.filter(district__code=code)
    if filters.type:
        reports = reports.filter(activity_type__code=filters.type)
    if filters.status in ActivityReport.Status.values:
        reports = reports.filter(status=filters.status)
    kind, _sep, pk = filters.organisation.partition(":")
    if (pk := _int_or_none(pk)) is not None:
        if kind == "ngo":
            reports = reports.filter(ngo_id=pk)
        elif kind == "unit":
            reports = reports.filter(police_unit_id=pk)
    if start := _date_or_none(filters.start):
        reports = reports.filter(held_on__gte=start)
    if end := _date_or_none(filters.end):
        reports = reports.filter(held_on__lte=end)
    return reports.order_by("-held_on", "-pk")


def to_verify_by(user: User) -> Q:
    """Submitted reports the user could verify (not their own)."""
    return rules.reports_to_verify(user)


def can_see_to_verify(user: User) -> bool:
    return rules.verifies_reports(user)


def get_report_for_user(user: User, pk: int) -> ActivityReport:
    reports = reports_visible_to(user).select_related(
        "campaign", "activity_type", "district", "ngo", "police_unit", "created_by", "verified_by"
    )
    return get_object_or_404(reports, pk=pk)


def get_photo_for_user(user: User, report_pk: int, photo_pk: int) -> ReportPhoto:
    report = get_object_or_404(reports_visible_to(user), pk=report_pk)
    return get_object_or_404(
        ReportPhoto.objects.select_related("report"), report=report, pk=photo_pk
    )


def report_timeline(report: ActivityReport) -> QuerySet:
    return report.events.select_related("actor").order_by("at", "pk")


# --- choices for the list filters and the form ---------------------------------------------------


def campaigns_for_choice() -> QuerySet:
    return Campaign.objects.filter(is_active=True).order_by("position", "code")


def activity_types() -> QuerySet:
    return ActivityType.objects.order_by("position", "code")


def districts_for_filter(user: User) -> QuerySet:
    if rules.is_statewide(user):
        return District.objects.order_by("name_en")
    if rules.role_of(user) == Role.DISTRICT_OFFICER:
        return District.objects.filter(pk=user.district_id)
    return District.objects.filter(rules.report_districts(user)).order_by("name_en")


def report_districts(user: User) -> QuerySet:
    return District.objects.filter(rules.report_districts(user)).distinct().order_by("name_en")


def ngos_for_filter(user: User, district: str = "") -> QuerySet:
    """The NGOs offered in the list's filter; those of the chosen district only, if one is
    chosen (a statewide list of every NGO is long on a phone, and slow to send)."""
    ngos = NGO.objects.filter(rules.visible_ngos(user))
    if (code := _int_or_none(district)) is not None:
        ngos = ngos.filter(districts__code=code)
    return ngos.distinct().order_by("name_en")


def units_for_filter(user: User, district: str = "") -> QuerySet:
    units = PoliceUnit.objects.filter(rules.visible_police_units(user)).exclude(
        kind=PoliceUnit.Kind.HQ_BRANCH
    )
    if (code := _int_or_none(district)) is not None:
        units = units.filter(district__code=code)
    return units.select_related("district").distinct().order_by("district__name_en", "name_en")
