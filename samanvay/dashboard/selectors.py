"""Reads of the supervision dashboards: everything comes from the tallies (a few thousand rows
for a year of the whole state), scoped by `rules.dashboard_*`; nothing here names a person."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection
from django.db.models import Aggregate, Count, F, FloatField, Func, Q, QuerySet, Sum
from django.utils import timezone

from samanvay.accounts import rules
from samanvay.accounts.models import User
from samanvay.campaigns.models import ActivityType, Campaign, CampaignPlan, DistrictTarget
from samanvay.dashboard.models import (
    DistrictActivity,
    MonthlyTally,
    NgoDistrictMonth,
    NgoMonthlyTally,
    ReferralTally,
    StateMonthlyTally,
)
from samanvay.dashboard.tallies import (  # noqa: F401 (month_of re-exported)
    GROUPS,
    closed_late_referrals,
    month_of,
)
from samanvay.directory.models import District
from samanvay.meetings.models import ActionItem

QUIET_DAYS = 30
OVERDUE_LISTED = 10
MEASURES = ("reports", "people", "ngos")


def add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def _month_or_none(value: str) -> datetime.date | None:
    try:
        year, month = value.split("-")[:2]
        return datetime.date(int(year), int(month), 1)
    except (ValueError, AttributeError):
        return None


@dataclass
class DashboardFilters:
    """The period (whole months), campaign and district a dashboard shows, and the map's measure."""

    start: datetime.date
    end: datetime.date  # first day of the last month included
    campaign: Campaign | None = None
    district: District | None = None
    measure: str = "reports"

    @classmethod
    def from_query(cls, query, *, districts: QuerySet, today: datetime.date | None = None):
        today = today or timezone.localdate()
        end = _month_or_none(query.get("end", "")) or month_of(today)
        start = _month_or_none(query.get("start", "")) or add_months(end, -11)
        if start > end:
            start, end = end, start
        campaign = None
        if code := query.get("campaign", "").strip():
            campaign = Campaign.objects.filter(code=code).first()
        district = None
        if (code := query.get("district", "").strip()).isdigit():
            district = districts.filter(code=int(code)).first()
        measure = query.get("measure", "")
        return cls(
            start=start,
            end=end,
            campaign=campaign,
            district=district,
            measure=measure if measure in MEASURES else "reports",
        )

    @property
    def last_day(self) -> datetime.date:
        return add_months(self.end, 1) - datetime.timedelta(days=1)

    def query(self, **changes) -> dict[str, str]:
        values = {
            "start": f"{self.start:%Y-%m}",
            "end": f"{self.end:%Y-%m}",
            "campaign": self.campaign.code if self.campaign else "",
            "district": str(self.district.code) if self.district else "",
            "measure": self.measure,
        }
        values.update(changes)
        return {k: v for k, v in values.items() if v}


@dataclass
class Reach:
    reports: int = 0
    girls: int = 0
    boys: int = 0
    women: int = 0
    men: int = 0

    @property
    def people(self) -> int:
        return self.girls + self.boys + self.women + self.men

    def add(self, other: Reach | dict) -> None:
        """Adds another reach, or a row of sums (None counting as 0)."""
        for name in ("reports", *GROUPS):
            value = other.get(name) if isinstance(other, dict) else getattr(other, name)
            setattr(self, name, getattr(self, name) + (value or 0))


@dataclass
class Row:
    """One line of a breakdown (by campaign, type, month or district)."""

    key: object
    label: str
    reach: Reach
    ngos: int = 0
    url: str = ""


@dataclass
class TargetProgress:
    plan: CampaignPlan
    sessions_target: int
    sessions_done: int
    people_target: int
    people_done: int

    @property
    def sessions_percent(self) -> int:
        if self.sessions_target <= 0:
            return 100 if self.sessions_done else 0
        return min(100, round(100 * self.sessions_done / self.sessions_target))

    @property
    def people_percent(self) -> int:
        if self.people_target <= 0:
            return 100 if self.people_done else 0
        return min(100, round(100 * self.people_done / self.people_target))


@dataclass
class Dashboard:
    filters: DashboardFilters
    total: Reach
    by_campaign: list[Row]
    by_type: list[Row]
    by_month: list[Row]
    by_district: list[Row]
    targets: list[TargetProgress]
    quiet_districts: list[District]
    overdue_count: int
    overdue_items: list[ActionItem] = field(default_factory=list)
    referrals: list[dict] | None = None
    shows_details: bool = True


def _reach(row: dict) -> Reach:
    return Reach(**{name: row.get(name) or 0 for name in ("reports", *GROUPS)})


SUMS = {name: Sum(name) for name in ("reports", *GROUPS)}


def districts_for(user: User) -> QuerySet:
    return District.objects.filter(rules.dashboard_districts(user)).distinct()


def _sees_every_district(user: User) -> bool:
    return rules.is_statewide(user) or rules.role_of(user) == "observer"


def _tallies(user: User, filters: DashboardFilters) -> QuerySet:
    ngo_id = rules.dashboard_ngo_id(user)
    if ngo_id is not None:
        rows = NgoMonthlyTally.objects.filter(ngo_id=ngo_id)
    else:
        rows = MonthlyTally.objects.all()
        if not _sees_every_district(user):
            rows = rows.filter(district__in=districts_for(user).values("pk"))
    rows = rows.filter(month__range=(filters.start, filters.end))
    if filters.campaign is not None:
        rows = rows.filter(campaign=filters.campaign)
    if filters.district is not None:
        rows = rows.filter(district=filters.district)
    return rows.order_by()


def _statewide_rows(user: User, filters: DashboardFilters) -> QuerySet | None:
    """The statewide tally, when the dashboard sums over every district (the branch's and an
    observer's, no district chosen); else None."""
    if filters.district is not None or rules.dashboard_ngo_id(user) is not None:
        return None
    if not _sees_every_district(user):
        return None
    return StateMonthlyTally.objects.order_by()


def _grouped(rows: QuerySet, key: str) -> dict:
    return {row[key]: _reach(row) for row in rows.values(key).annotate(**SUMS)}


def _ngos_active(user: User, filters: DashboardFilters, district_ids: list[int]) -> dict:
    # Without a campaign, the small NGO × district × month tally answers.
    source = NgoMonthlyTally if filters.campaign is not None else NgoDistrictMonth
    rows = source.objects.filter(month__range=(filters.start, filters.end))
    if (ngo_id := rules.dashboard_ngo_id(user)) is not None:
        rows = rows.filter(ngo_id=ngo_id)
    if filters.campaign is not None:
        rows = rows.filter(campaign=filters.campaign)
    if filters.district is not None:
        rows = rows.filter(district=filters.district)
    elif not _sees_every_district(user):
        rows = rows.filter(district_id__in=district_ids)
    counts = rows.order_by().values("district_id").annotate(ngos=Count("ngo_id", distinct=True))
    return {row["district_id"]: row["ngos"] for row in counts}


def _targets(user: User, filters: DashboardFilters, district_ids: list[int]) -> list:
    """Published plans overlapping the period: targets of the districts in view against the
    verified work of the plan's campaign and activity types in the plan's months."""
    plans = CampaignPlan.objects.filter(
        status=CampaignPlan.Status.PUBLISHED,
        starts_on__lte=filters.last_day,
        ends_on__gte=filters.start,
    ).select_related("campaign")
    if filters.campaign is not None:
        plans = plans.filter(campaign=filters.campaign)
    plans = list(plans.prefetch_related("activity_types").order_by("campaign__position", "pk"))
    if not plans:
        return []
    in_view = [filters.district.pk] if filters.district else district_ids
    target_rows = (
        DistrictTarget.objects.filter(plan__in=plans, district_id__in=in_view)
        .order_by()
        .values("plan_id")
        .annotate(sessions=Sum("sessions"), **{g: Sum(g) for g in GROUPS})
    )
    targets = {row["plan_id"]: row for row in target_rows}
    ngo_id = rules.dashboard_ngo_id(user)
    source = NgoMonthlyTally.objects.filter(ngo_id=ngo_id) if ngo_id else MonthlyTally.objects
    statewide = _statewide_rows(user, filters)
    # One pass for every plan: the verified work of the plans' campaigns by campaign, activity
    # type and month over all their months (a few hundred rows), shared out to the plans here.
    windows = {plan.pk: (month_of(plan.starts_on), month_of(plan.ends_on)) for plan in plans}
    done_rows = (statewide if statewide is not None else source).filter(
        campaign_id__in={plan.campaign_id for plan in plans},
        month__range=(min(w[0] for w in windows.values()), max(w[1] for w in windows.values())),
    )
    if statewide is None:
        done_rows = done_rows.filter(district_id__in=in_view)
    done_rows = (
        done_rows.order_by().values("campaign_id", "activity_type_id", "month").annotate(**SUMS)
    )
    done_rows = list(done_rows)
    result = []
    for plan in plans:
        target = targets.get(plan.pk)
        if target is None:
            continue
        types = {t.pk for t in plan.activity_types.all()}
        first, last = windows[plan.pk]
        reach = Reach()
        for row in done_rows:
            if (
                row["campaign_id"] == plan.campaign_id
                and row["activity_type_id"] in types
                and first <= row["month"] <= last
            ):
                reach.add(row)
        result.append(
            TargetProgress(
                plan=plan,
                sessions_target=target["sessions"] or 0,
                sessions_done=reach.reports,
                people_target=sum(target[g] or 0 for g in GROUPS),
                people_done=reach.people,
            )
        )
    return result


def _quiet(districts: list[District], today: datetime.date) -> list[District]:
    since = today - datetime.timedelta(days=QUIET_DAYS)
    latest = dict(
        DistrictActivity.objects.filter(district_id__in=[d.pk for d in districts]).values_list(
            "district_id", "last_held_on"
        )
    )
    return [d for d in districts if (latest.get(d.pk) or datetime.date.min) < since]


def _overdue(user: User, filters: DashboardFilters, today: datetime.date):
    items = ActionItem.objects.filter(
        rules.overdue_action_items_scope(user), status=ActionItem.Status.OPEN, due_on__lt=today
    )
    if filters.district is not None:
        items = items.filter(district=filters.district)
    if filters.campaign is not None:
        items = items.filter(campaign=filters.campaign)
    count = items.count()
    listed = []
    if count and rules.dashboard_shows_details(user):
        listed = list(
            items.select_related("meeting", "district", "owner_police_unit", "owner_ngo").order_by(
                "due_on", "pk"
            )[:OVERDUE_LISTED]
        )
    return count, listed


class _Median(Aggregate):
    """PostgreSQL's median (the mean of the two middle values when their number is even, as
    statistics.median)."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _seconds_between(start: str, end: str) -> Func:
    # date_part gives a float; EXTRACT a numeric, several times slower to sort.
    return Func(
        F(end) - F(start), template="date_part('epoch', %(expressions)s)", output_field=FloatField()
    )


def _through_many(scope: Q, model) -> bool:
    """Whether a filter follows a one-to-many or many-to-many relation (a row per match)."""
    for child in scope.children:
        if isinstance(child, Q):
            if _through_many(child, model):
                return True
            continue
        name = child[0].split("__")[0]
        if name == "pk":
            continue
        field = model._meta.get_field(name)
        if field.one_to_many or field.many_to_many:
            return True
    return False


def _running_late(rows, now: datetime.datetime) -> dict[str, int]:
    """Open referrals past their service level now (not acknowledged in time, or open past the
    time to close), by kind: as samanvay/referrals/stats.py counts them. Open referrals are few
    (most are closed within days): read and judged here."""
    from samanvay.referrals.models import Status  # noqa: PLC0415 (optional app)
    from samanvay.referrals.service_levels import service_level  # noqa: PLC0415

    late: dict[str, int] = {}
    open_rows = rows.filter(status__in=[Status.NEW, Status.ACKNOWLEDGED, Status.IN_ACTION])
    for kind, urgency, status, created in open_rows.values_list(
        "kind", "urgency", "status", "created_at"
    ):
        level = service_level(kind, urgency)
        if (status == Status.NEW and now > created + level.acknowledge_within) or (
            now > created + level.close_within
        ):
            late[kind] = late.get(kind, 0) + 1
    return late


def _minutes(seconds: float | None) -> int | None:
    return None if seconds is None else round(seconds / 60)


def _tally_answers(scope: Q) -> bool:
    """Whether a scope of referrals is one of districts (or everything): the tally's."""
    for child in scope.children:
        if isinstance(child, Q):
            if not _tally_answers(child):
                return False
        elif child[0] not in {"district", "district_id"}:
            return False
    return True


def referral_figures(user: User, filters: DashboardFilters) -> list[dict] | None:
    """Referrals by kind with service levels, when the referrals app is installed: per kind, the
    referrals raised in the period, the median minutes to acknowledge and to close, and how many
    are overdue (as samanvay/referrals/stats.py counts them). The statewide and district scopes
    read the number raised and closed late from the referral tally; the open referrals running
    late and the medians are counted by the database over the period's referrals."""
    if not apps.is_installed("samanvay.referrals"):
        return None
    from samanvay.referrals.models import Kind, Referral  # noqa: PLC0415 (optional app)

    # The period's whole days in India time: from the first day's midnight to the midnight after
    # the last day.
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(filters.start, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(
        filters.last_day + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    rows = Referral.objects.filter(created_at__gte=start, created_at__lt=end).order_by()
    # Observers see statewide aggregates (and nothing else); everyone else their referrals.
    scope = rules.EVERYTHING
    if rules.role_of(user) != "observer":
        scope = rules.visible_referrals(user)
        if _through_many(scope, Referral):
            # A subquery: a scope through shares would count a referral once per share.
            rows = rows.filter(pk__in=Referral.objects.filter(scope).values("pk"))
        else:
            rows = rows.filter(scope)
    if filters.district is not None:
        rows = rows.filter(district=filters.district)
    counted: dict[str, dict] = {}
    if _tally_answers(scope):
        tally = ReferralTally.objects.filter(scope, month__range=(filters.start, filters.end))
        if filters.district is not None:
            tally = tally.filter(district=filters.district)
        sums = {"total": Sum("referrals"), "overdue": Sum("closed_late")}
    else:
        tally = rows
        sums = {"total": Count("pk"), "overdue": Count("pk", filter=closed_late_referrals())}
    for row in tally.order_by().values("kind").annotate(**sums):
        counted[row["kind"]] = {"total": row["total"] or 0, "overdue": row["overdue"] or 0}
    for kind, late in _running_late(rows, timezone.now()).items():
        counted.setdefault(kind, {"total": 0, "overdue": 0})["overdue"] += late
    answered = rows.filter(Q(acknowledged_at__isnull=False) | Q(closed_at__isnull=False))
    medians: dict[str, dict] = {}
    if connection.vendor == "postgresql":
        for row in answered.values("kind").annotate(
            ack=_Median(_seconds_between("created_at", "acknowledged_at")),
            close=_Median(_seconds_between("created_at", "closed_at")),
        ):
            medians[row["kind"]] = row
    else:
        times: dict[str, dict[str, list[float]]] = {}
        for kind, created, acknowledged, closed in answered.values_list(
            "kind", "created_at", "acknowledged_at", "closed_at"
        ):
            bucket = times.setdefault(kind, {"ack": [], "close": []})
            if acknowledged:
                bucket["ack"].append((acknowledged - created).total_seconds())
            if closed:
                bucket["close"].append((closed - created).total_seconds())
        medians = {
            kind: {name: statistics.median(v) if v else None for name, v in bucket.items()}
            for kind, bucket in times.items()
        }
    figures = []
    for kind in Kind:
        row = counted.get(kind.value, {})
        median = medians.get(kind.value, {})
        figures.append(
            {
                "kind": kind.value,
                "kind_label": kind.label,
                "total": row.get("total", 0),
                "median_ack_minutes": _minutes(median.get("ack")),
                "median_close_minutes": _minutes(median.get("close")),
                "overdue": row.get("overdue", 0),
            }
        )
    return figures


def dashboard_for(user: User, filters: DashboardFilters, *, link) -> Dashboard:
    """Everything a dashboard shows. `link(**query)` makes the URL of a drill-down."""
    today = timezone.localdate()
    districts = list(districts_for(user).select_related("division").order_by("name_en"))
    district_ids = [d.pk for d in districts]
    rows = _tallies(user, filters)
    # The breakdowns by campaign, type and month from the statewide tally where it answers.
    statewide = _statewide_rows(user, filters)
    summed = rows
    if statewide is not None:
        summed = statewide.filter(month__range=(filters.start, filters.end))
        if filters.campaign is not None:
            summed = summed.filter(campaign=filters.campaign)
    campaigns = {c.pk: c for c in Campaign.objects.all()}
    types = {t.pk: t for t in ActivityType.objects.all()}
    # One scan for campaign × type (both breakdowns), one by month (and the total), one by
    # district: three passes over the period's tallies.
    pairs = summed.values("campaign_id", "activity_type_id").annotate(**SUMS)
    per_campaign: dict = {}
    per_type: dict = {}
    for pair in pairs:
        for key, bucket in (("campaign_id", per_campaign), ("activity_type_id", per_type)):
            bucket.setdefault(pair[key], Reach()).add(pair)
    by_campaign = [
        Row(pk, campaigns[pk].name if pk in campaigns else "—", reach)
        for pk, reach in per_campaign.items()
    ]
    by_campaign.sort(key=lambda r: -r.reach.reports)
    by_type = [
        Row(pk, types[pk].name if pk in types else "—", reach) for pk, reach in per_type.items()
    ]
    by_type.sort(key=lambda r: -r.reach.reports)
    months = _grouped(summed, "month")
    total = Reach()
    for reach in months.values():
        total.add(reach)
    by_month = []
    month = filters.start
    while month <= filters.end:
        by_month.append(Row(month, "", months.get(month, Reach())))
        month = add_months(month, 1)

    per_district = _grouped(rows, "district_id")
    ngos = _ngos_active(user, filters, district_ids)
    by_district = [
        Row(
            d,
            d.name,
            per_district.get(d.pk, Reach()),
            ngos=ngos.get(d.pk, 0),
            url=link(district=str(d.code)),
        )
        for d in districts
    ]
    overdue_count, overdue_items = _overdue(user, filters, today)
    return Dashboard(
        filters=filters,
        total=total,
        by_campaign=by_campaign,
        by_type=by_type,
        by_month=by_month,
        by_district=by_district,
        targets=_targets(user, filters, district_ids),
        quiet_districts=_quiet([filters.district] if filters.district else districts, today),
        overdue_count=overdue_count,
        overdue_items=overdue_items,
        referrals=referral_figures(user, filters),
        shows_details=rules.dashboard_shows_details(user),
    )


def measure_of(row: Row, measure: str) -> int:
    if measure == "people":
        return row.reach.people
    if measure == "ngos":
        return row.ngos
    return row.reach.reports
