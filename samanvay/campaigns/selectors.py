"""Reads of campaigns and plans, scoped by `rules.visible_plans`, and the progress of a plan.

Progress counts verified reports only: those of the plan's campaign, held inside the plan's
period, of an activity type the plan counts. Submitted ones show as pending verification.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from samanvay.accounts import rules
from samanvay.accounts.models import Role
from samanvay.activities.models import ActivityReport
from samanvay.campaigns.models import (
    ActivityType,
    Campaign,
    CampaignPlan,
    DistrictTarget,
    PartnerAssignment,
    PlanVersion,
)
from samanvay.campaigns.versions import METRICS
from samanvay.directory.models import NGO, District, PoliceUnit

PEOPLE = ("girls", "boys", "women", "men")


# --- campaigns ---------------------------------------------------------------------------------


def campaigns_visible_to(user) -> QuerySet:
    if rules.role_of(user) is None:
        return Campaign.objects.none()
    return Campaign.objects.filter(is_active=True)


def plan_counts(user) -> dict[int, int]:
    """Number of plans the user can see, by campaign id (one query for the whole list)."""
    rows = (
        CampaignPlan.objects.filter(rules.visible_plans(user))
        .order_by()
        .values("campaign_id")
        .annotate(n=Count("pk"))
    )
    return {row["campaign_id"]: row["n"] for row in rows}


def get_campaign_for_user(user, code: str) -> Campaign:
    if rules.role_of(user) is None:
        raise Http404
    return get_object_or_404(Campaign, code=code)


def activity_types() -> QuerySet:
    return ActivityType.objects.all()


# --- plans -------------------------------------------------------------------------------------


def plans_visible_to(user, *, campaign: Campaign | None = None) -> QuerySet:
    plans = CampaignPlan.objects.filter(rules.visible_plans(user)).select_related("campaign")
    if campaign is not None:
        plans = plans.filter(campaign=campaign)
    return plans


def _with_details(plans: QuerySet) -> QuerySet:
    return plans.prefetch_related(
        "activity_types",
        "phases",
        Prefetch("targets", DistrictTarget.objects.select_related("district")),
        Prefetch(
            "partners",
            PartnerAssignment.objects.select_related("district", "ngo", "police_unit"),
        ),
    )


def get_plan_for_user(user, pk: int, *, full: bool = False) -> CampaignPlan:
    """The plan, or 404 when the user cannot see it. `full` prefetches all that a snapshot and
    the plan page read."""
    plans = plans_visible_to(user)
    return get_object_or_404(_with_details(plans) if full else plans, pk=pk)


def plan_with_details(pk: int) -> CampaignPlan:
    """For services only (not scoped): a plan they are writing, re-read for its snapshot."""
    return _with_details(CampaignPlan.objects.select_related("campaign")).get(pk=pk)


def versions_of(plan: CampaignPlan) -> QuerySet:
    return plan.versions.select_related("published_by").order_by("-number")


def latest_version(plan: CampaignPlan) -> PlanVersion | None:
    return plan.versions.order_by("-number").first()


def get_version(plan: CampaignPlan, number) -> PlanVersion:
    try:
        number = int(number)
    except (TypeError, ValueError):
        raise Http404 from None
    return get_object_or_404(plan.versions, number=number)


# --- choices for the plan editor ---------------------------------------------------------------


def districts_for_choice() -> QuerySet:
    return District.objects.order_by("name_en")


def ngos_working_in(district: District | None) -> QuerySet:
    ngos = NGO.objects.filter(is_active=True)
    if district is not None:
        ngos = ngos.filter(districts=district)
    return ngos.order_by("name_en")


def police_units_of(district: District | None) -> QuerySet:
    units = PoliceUnit.objects.filter(is_active=True, district__isnull=False)
    if district is not None:
        units = units.filter(district=district)
    return units.order_by("kind", "name_en")


# --- progress ----------------------------------------------------------------------------------


@dataclass
class Measure:
    """One number of a target: what was planned, verified and is waiting for verification."""

    metric: str
    target: int
    verified: int
    pending: int

    @property
    def percent(self) -> int:
        """Verified share of the target, 0–100 (for the bar; the text shows the real count)."""
        if self.target <= 0:
            return 100 if self.verified else 0
        return min(100, round(100 * self.verified / self.target))

    @property
    def pending_percent(self) -> int:
        """The share pending verification would add, without running past the bar's end."""
        if self.target <= 0:
            return 0
        return max(0, min(100 - self.percent, round(100 * self.pending / self.target)))

    @property
    def done(self) -> bool:
        return self.target > 0 and self.verified >= self.target


@dataclass
class DistrictProgress:
    district: District
    target: DistrictTarget | None
    measures: list[Measure] = field(default_factory=list)
    is_own: bool = False

    @property
    def sessions(self) -> Measure:
        return self.measures[0]

    @property
    def people(self) -> Measure:
        """Everyone reached, all groups together."""
        people = [m for m in self.measures if m.metric in PEOPLE]
        return Measure(
            "people",
            sum(m.target for m in people),
            sum(m.verified for m in people),
            sum(m.pending for m in people),
        )


def _counted_reports(plan: CampaignPlan) -> QuerySet:
    type_ids = [t.pk for t in plan.activity_types.all()]
    return ActivityReport.objects.filter(
        campaign_id=plan.campaign_id,
        held_on__range=(plan.starts_on, plan.ends_on),
        activity_type_id__in=type_ids,
        status__in=[ActivityReport.Status.VERIFIED, ActivityReport.Status.SUBMITTED],
    )


def _tallies(plan: CampaignPlan, *, district: District | None = None) -> dict:
    """{(district_id, status): {"sessions": n, "girls": n, ...}} in one query."""
    reports = _counted_reports(plan)
    if district is not None:
        reports = reports.filter(district=district)
    rows = (
        reports.order_by()
        .values("district_id", "status")
        .annotate(sessions=Count("pk"), **{group: Sum(group) for group in PEOPLE})
    )
    return {(row["district_id"], row["status"]): {m: row[m] or 0 for m in METRICS} for row in rows}


def _progress(district: District, target: DistrictTarget | None, tallies: dict) -> list[Measure]:
    verified = tallies.get((district.pk, ActivityReport.Status.VERIFIED), {})
    pending = tallies.get((district.pk, ActivityReport.Status.SUBMITTED), {})
    return [
        Measure(
            metric,
            getattr(target, metric) if target else 0,
            verified.get(metric, 0),
            pending.get(metric, 0),
        )
        for metric in METRICS
    ]


def own_district_ids(user) -> set[int]:
    """The districts a user works in: a district officer's own, an NGO's districts of work."""
    role = rules.role_of(user)
    if role == Role.DISTRICT_OFFICER and user.district_id:
        return {user.district_id}
    if role in rules.NGO_ROLES and user.ngo_id:
        return set(District.objects.filter(ngos=user.ngo_id).values_list("pk", flat=True))
    return set()


def plan_progress(user, plan: CampaignPlan) -> list[DistrictProgress]:
    """Progress of every targeted district, the user's own districts first.

    Takes a plan from `get_plan_for_user(full=True)`; costs one query for all districts (and one
    more for an NGO user's districts)."""
    tallies = _tallies(plan)
    own = own_district_ids(user)
    rows = [
        DistrictProgress(
            district=target.district,
            target=target,
            measures=_progress(target.district, target, tallies),
            is_own=target.district_id in own,
        )
        for target in plan.targets.all()
    ]
    rows.sort(key=lambda row: (not row.is_own, row.district.name_en))
    return rows


def total_progress(rows: list[DistrictProgress]) -> list[Measure]:
    """The plan's statewide totals over its targeted districts."""
    return [
        Measure(
            metric,
            sum(row.measures[i].target for row in rows),
            sum(row.measures[i].verified for row in rows),
            sum(row.measures[i].pending for row in rows),
        )
        for i, metric in enumerate(METRICS)
    ]


def district_progress(user, plan: CampaignPlan, district: District) -> DistrictProgress:
    """Progress of one district under a plan (whether or not the district has a target)."""
    target = next((t for t in plan.targets.all() if t.district_id == district.pk), None)
    tallies = _tallies(plan, district=district)
    return DistrictProgress(
        district=district,
        target=target,
        measures=_progress(district, target, tallies),
        is_own=district.pk in own_district_ids(user),
    )


def campaign_progress_in(user, district: District, *, limit: int = 10) -> list:
    """(plan, progress) for the published plans with a target in the district, newest first."""
    plans = (
        plans_visible_to(user)
        .filter(status=CampaignPlan.Status.PUBLISHED, targets__district=district)
        .select_related("campaign")
        .order_by("-starts_on")[:limit]
    )
    return [(plan, district_progress(user, plan, district)) for plan in plans]
