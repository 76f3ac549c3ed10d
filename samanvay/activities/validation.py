"""The checks a report must pass before it is submitted, in words a field worker understands.

The form runs them to mark the fields; `services.submit_report` runs them again on what is stored,
so a report can never reach the district incomplete, whatever sent it."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samanvay.accounts import rules
from samanvay.campaigns.models import CampaignPlan
from samanvay.core import privacy
from samanvay.directory.models import District

REQUIRED_TO_SUBMIT = {
    "activity_type": gettext_lazy("Choose the kind of activity."),
    "held_on": gettext_lazy("Enter the date of the activity."),
    "district": gettext_lazy("Choose the district where the activity took place."),
}
NO_ORGANISER = gettext_lazy("Choose who organised the activity: an NGO, a police unit, or both.")
FUTURE_DATE = gettext_lazy("The date cannot be in the future.")
NOT_YOUR_DISTRICT = gettext_lazy("You can only report activities in the districts you work in.")
NOT_YOUR_NGO = gettext_lazy("You can only report for your own NGO.")
UNIT_ELSEWHERE = gettext_lazy("This police unit is not in the chosen district.")
NGO_ELSEWHERE = gettext_lazy("This NGO does not work in the chosen district.")
# The open fields of a report, read by the district, the branch, the partners and the dashboards.
OPEN_FIELDS = ("block", "place", "description")
IDENTIFYING = gettext_lazy(
    "Everyone who supervises the report reads this: remove %(found)s. A victim's details "
    "belong in a referral, never in a report."
)


def _date(value: datetime.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def campaign_periods(campaign) -> list[tuple[datetime.date, datetime.date]]:
    return list(
        CampaignPlan.objects.filter(campaign=campaign, status=CampaignPlan.Status.PUBLISHED)
        .order_by("starts_on")
        .values_list("starts_on", "ends_on")
    )


def outside_period_message(periods: list[tuple[datetime.date, datetime.date]]) -> str:
    spans = "; ".join(
        _("from %(start)s to %(end)s") % {"start": _date(start), "end": _date(end)}
        for start, end in periods
    )
    return _("The date is outside the campaign's period (%(periods)s).") % {"periods": spans}


def report_problems(*, user, values: dict[str, Any], complete: bool) -> dict[str, str]:
    """Field name (or "__all__") → what is wrong, for the values given.

    `complete` asks for everything a submitted report needs; without it (a draft) only the
    values that are filled in are checked."""
    problems: dict[str, str] = {}
    for name in OPEN_FIELDS:
        if found := privacy.identifying_kinds(values.get(name) or ""):
            problems[name] = str(IDENTIFYING) % {"found": privacy.named(found)}
    if complete:
        for name, message in REQUIRED_TO_SUBMIT.items():
            if not values.get(name):
                problems[name] = str(message)
        if not values.get("ngo") and not values.get("police_unit"):
            problems["__all__"] = str(NO_ORGANISER)

    held_on = values.get("held_on")
    if held_on and held_on > timezone.localdate():
        problems["held_on"] = str(FUTURE_DATE)
    campaign = values.get("campaign")
    if held_on and campaign and "held_on" not in problems:
        periods = campaign_periods(campaign)
        if periods and not any(start <= held_on <= end for start, end in periods):
            problems["held_on"] = outside_period_message(periods)

    district = values.get("district")
    if (
        district
        and not District.objects.filter(rules.report_districts(user), pk=district.pk).exists()
    ):
        problems["district"] = str(NOT_YOUR_DISTRICT)

    ngo = values.get("ngo")
    if rules.role_of(user) in rules.NGO_ROLES and ngo is not None and ngo.pk != user.ngo_id:
        problems["ngo"] = str(NOT_YOUR_NGO)
    elif ngo is not None and district and not ngo.districts.filter(pk=district.pk).exists():
        problems["ngo"] = str(NGO_ELSEWHERE)

    unit = values.get("police_unit")
    if unit is not None and district and unit.district_id != district.pk:
        problems["police_unit"] = str(UNIT_ELSEWHERE)
    return problems
