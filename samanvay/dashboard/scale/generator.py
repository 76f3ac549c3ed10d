"""Synthetic data at state scale, for the benchmark and for trying the dashboards.

Profiles follow DESIGN.md's "mp-10y" (ten years of a whole state) and smaller ones for quick runs.
Rows are written in large batches: PostgreSQL's COPY when the database is PostgreSQL, multi-row
INSERTs otherwise; the dashboard tallies are then rebuilt in SQL. Referrals and group messages
belong to apps that do not exist yet and are not generated.

Everything made here is fictional and marked: names begin with "Scale", usernames with "scale.",
NGOs carry is_demo=True."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from samanvay.accounts.models import Role, User
from samanvay.activities.models import ActivityReport
from samanvay.campaigns.models import (
    ActivityType,
    Campaign,
    CampaignPlan,
    DistrictTarget,
)
from samanvay.campaigns.reference import load_campaign_reference_data
from samanvay.dashboard import tallies
from samanvay.directory.models import NGO, District, PoliceUnit
from samanvay.directory.reference import load_reference_data
from samanvay.meetings.models import ActionItem, Meeting

PASSWORD = "Scale@Samanvay2026"  # noqa: S105 · every generated account's password (a benchmark database only)


@dataclass(frozen=True)
class Profile:
    police_units: int
    ngos: int
    users: int
    reports: int
    meetings: int
    action_items: int
    years: int = 10


PROFILES = {
    "tiny": Profile(
        police_units=120, ngos=20, users=200, reports=600, meetings=20, action_items=100
    ),
    "small": Profile(
        police_units=300, ngos=100, users=1500, reports=20_000, meetings=400, action_items=2_000
    ),
    "mp-10y": Profile(
        police_units=1_200,
        ngos=1_000,
        users=15_000,
        reports=1_000_000,
        meetings=20_000,
        action_items=100_000,
    ),
}


def _columns(model: type[models.Model], names: Sequence[str]) -> list[str]:
    return [model._meta.get_field(name).column for name in names]


def insert_rows(model: type[models.Model], names: Sequence[str], rows: Iterable[tuple]) -> int:
    """Write rows (tuples in the order of `names`) in big batches; returns how many."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in _columns(model, names))
    count = 0
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    placeholders = "(" + ", ".join(["%s"] * len(names)) + ")"
    batch: list[tuple] = []
    with connection.cursor() as cursor:

        def flush():
            if batch:
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES {placeholders}",  # noqa: S608
                    batch,
                )
                batch.clear()

        for row in rows:
            batch.append(row)
            count += 1
            if len(batch) >= 5_000:
                flush()
        flush()
    return count


def _ids(model: type[models.Model], **filters) -> list[int]:
    return list(model.objects.filter(**filters).order_by("pk").values_list("pk", flat=True))


def _reset_sequences(*model_list: type[models.Model]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _next_id(model: type[models.Model]) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


class Generator:
    def __init__(self, profile: Profile, *, seed: int = 7, say: Callable[[str], None] = print):
        self.p = profile
        self.rng = random.Random(seed)  # noqa: S311 (synthetic data, not security)
        self.say = say
        self.now = timezone.now()
        self.today = timezone.localdate()

    # --- registry -------------------------------------------------------------------------

    def registry(self) -> None:
        load_reference_data()
        load_campaign_reference_data()
        self.districts = list(District.objects.order_by("pk"))
        self.district_ids = [d.pk for d in self.districts]
        # Bigger districts report more: a fixed weight per district.
        self.weights = [self.rng.uniform(0.4, 2.0) for _ in self.districts]
        now = self.now
        units = []
        first = _next_id(PoliceUnit)
        per_district = max(2, self.p.police_units // len(self.districts))
        unit_rows = []
        kinds = [PoliceUnit.Kind.WOMEN_POLICE_STATION, PoliceUnit.Kind.DISTRICT_POLICE]
        for d in self.districts:
            for i in range(per_district):
                kind = kinds[i] if i < 2 else PoliceUnit.Kind.POLICE_STATION
                unit_rows.append(
                    (
                        first + len(unit_rows),
                        f"Scale थाना {d.code}-{i}",
                        f"Scale police unit {d.code}-{i}",
                        kind,
                        d.pk,
                        True,
                        "",
                        "",
                        "",
                        now,
                        now,
                    )
                )
        insert_rows(
            PoliceUnit,
            [
                "id",
                "name_hi",
                "name_en",
                "kind",
                "district",
                "is_active",
                "phone",
                "email",
                "address",
                "created_at",
                "updated_at",
            ],
            unit_rows,
        )
        units = unit_rows
        self.wps = {row[4]: row[0] for row in units if row[3] == "women_police_station"}
        self.units_by_district: dict[int, list[int]] = {}
        for row in units:
            self.units_by_district.setdefault(row[4], []).append(row[0])

        first = _next_id(NGO)
        ngo_rows = [
            (
                first + i,
                f"Scale संस्था {i}",
                f"Scale NGO {i}",
                None,
                "",
                "verified",
                "",
                True,
                True,
                "",
                "",
                "",
                now,
                now,
            )
            for i in range(self.p.ngos)
        ]
        insert_rows(
            NGO,
            [
                "id",
                "name_hi",
                "name_en",
                "darpan_id",
                "website",
                "verification",
                "verification_note",
                "is_demo",
                "is_active",
                "phone",
                "email",
                "address",
                "created_at",
                "updated_at",
            ],
            ngo_rows,
        )
        self.ngo_ids = [row[0] for row in ngo_rows]
        self.ngos_by_district: dict[int, list[int]] = {pk: [] for pk in self.district_ids}
        self.districts_of_ngo: dict[int, list[int]] = {}
        through = NGO.districts.through
        links = []
        for ngo in self.ngo_ids:
            chosen = self.rng.sample(self.district_ids, self.rng.choice([1, 1, 2, 2, 3]))
            self.districts_of_ngo[ngo] = chosen
            for d in chosen:
                self.ngos_by_district[d].append(ngo)
                links.append((ngo, d))
        # Every district has at least one NGO.
        for d, ngos in self.ngos_by_district.items():
            if not ngos:
                ngo = self.rng.choice(self.ngo_ids)
                ngos.append(ngo)
                self.districts_of_ngo[ngo].append(d)
                links.append((ngo, d))
        insert_rows(through, ["ngo", "district"], links)
        _reset_sequences(PoliceUnit, NGO, through)
        self.say(f"police units: {len(units)}, NGOs: {len(ngo_rows)}")

    def users(self) -> None:
        password = make_password(PASSWORD)
        now = self.now
        first = _next_id(User)
        rows = []
        self.officer_of: dict[int, int] = {}
        self.members_of: dict[int, list[int]] = {}
        self.branch_ids: list[int] = []

        def add(role, district=None, ngo=None):
            pk = first + len(rows)
            rows.append(
                (
                    pk,
                    password,
                    None,
                    False,
                    f"scale.{role}.{pk}",
                    "Scale",
                    f"{role} {pk}",
                    "",
                    False,
                    True,
                    now,
                    role,
                    district,
                    ngo,
                    "hi",
                )
            )
            return pk

        for _ in range(10):
            self.branch_ids.append(add(Role.BRANCH))
        for d in self.district_ids:
            self.officer_of[d] = add(Role.DISTRICT_OFFICER, district=d)
            add(Role.DISTRICT_OFFICER, district=d)
        for _ in range(5):
            add(Role.OBSERVER)
        for ngo in self.ngo_ids:
            self.members_of[ngo] = [add(Role.NGO_COORDINATOR, ngo=ngo)]
        while len(rows) < self.p.users:
            ngo = self.ngo_ids[len(rows) % len(self.ngo_ids)]
            self.members_of[ngo].append(add(Role.NGO_MEMBER, ngo=ngo))
        insert_rows(
            User,
            [
                "id",
                "password",
                "last_login",
                "is_superuser",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "is_active",
                "date_joined",
                "role",
                "district",
                "ngo",
                "language",
            ],
            rows,
        )
        _reset_sequences(User)
        self.say(f"users: {len(rows)}")

    # --- campaigns ------------------------------------------------------------------------

    def plans(self) -> None:
        self.campaigns = list(Campaign.objects.order_by("position", "pk"))
        types = list(ActivityType.objects.order_by("position", "pk"))
        self.type_ids = [t.pk for t in types]
        self.types_of_campaign = {
            c.pk: self.rng.sample(self.type_ids, min(4, len(self.type_ids))) for c in self.campaigns
        }
        self.campaign_ids = [c.pk for c in self.campaigns]
        start_year = self.today.year - self.p.years + 1
        branch = self.branch_ids[0]
        targets = []
        for year in range(start_year, self.today.year + 1):
            for campaign in self.campaigns[:4]:
                plan = CampaignPlan.objects.create(
                    campaign=campaign,
                    title=f"Scale {campaign.name_en} {year}",
                    starts_on=datetime.date(year, 1, 1),
                    ends_on=datetime.date(year, 12, 31),
                    status=CampaignPlan.Status.PUBLISHED,
                    version=1,
                    published_at=self.now,
                    created_by_id=branch,
                )
                plan.activity_types.set(self.types_of_campaign[campaign.pk])
                for d, weight in zip(self.district_ids, self.weights, strict=True):
                    sessions = int(20 * weight * self.p.reports / 200_000) + 5
                    targets.append(
                        DistrictTarget(
                            plan=plan,
                            district_id=d,
                            sessions=sessions,
                            girls=sessions * 30,
                            boys=sessions * 20,
                            women=sessions * 25,
                            men=sessions * 10,
                        )
                    )
        DistrictTarget.objects.bulk_create(targets, batch_size=5_000)
        self.say(f"campaign plans: {self.p.years * 4}, district targets: {len(targets)}")

    # --- activity reports -----------------------------------------------------------------

    def _report_rows(self, first: int):
        rng = self.rng
        days = self.p.years * 365
        start = self.today - datetime.timedelta(days=days - 1)
        statuses = ["verified"] * 90 + ["submitted"] * 5 + ["returned"] * 2 + ["draft"] * 3
        for i in range(self.p.reports):
            district = rng.choices(self.district_ids, self.weights)[0]
            ngo = rng.choice(self.ngos_by_district[district]) if rng.random() < 0.85 else None
            unit = self.wps[district] if (ngo is None or rng.random() < 0.4) else None
            campaign = rng.choice(self.campaign_ids)
            activity_type = rng.choice(self.types_of_campaign[campaign])
            # Later years report more (the platform's use grows).
            held_on = start + datetime.timedelta(days=int(days * rng.random() ** 0.8))
            status = rng.choice(statuses)
            author = rng.choice(self.members_of[ngo]) if ngo else self.officer_of[district]
            created = datetime.datetime.combine(held_on, datetime.time(12), datetime.UTC)
            verified = status == "verified"
            yield (
                first + i,
                campaign,
                activity_type,
                held_on,
                district,
                "",
                f"Scale place {i % 997}",
                ngo,
                unit,
                rng.randint(0, 60),
                rng.randint(0, 40),
                rng.randint(0, 50),
                rng.randint(0, 20),
                0,
                0,
                0,
                0,
                0,
                "",
                status,
                "",
                author,
                created,
                created,
                created if status != "draft" else None,
                created if verified else None,
                self.officer_of[district] if verified else None,
            )

    def reports(self) -> None:
        names = [
            "id",
            "campaign",
            "activity_type",
            "held_on",
            "district",
            "block",
            "place",
            "ngo",
            "police_unit",
            "girls",
            "boys",
            "women",
            "men",
            "persons_rescued",
            "marriages_stopped",
            "girls_traced",
            "persons_counselled",
            "complaints_received",
            "description",
            "status",
            "return_comment",
            "created_by",
            "created_at",
            "updated_at",
            "submitted_at",
            "verified_at",
            "verified_by",
        ]
        count = insert_rows(ActivityReport, names, self._report_rows(_next_id(ActivityReport)))
        _reset_sequences(ActivityReport)
        self.say(f"activity reports: {count}")

    # --- meetings and action items --------------------------------------------------------

    def meetings(self) -> None:
        rng = self.rng
        first = _next_id(Meeting)
        days = self.p.years * 365
        rows = []
        for i in range(self.p.meetings):
            district = rng.choice(self.district_ids)
            starts = self.now - datetime.timedelta(days=rng.randrange(-30, days), hours=3)
            rows.append(
                (
                    first + i,
                    "district",
                    f"Scale district coordination meeting {i}",
                    starts,
                    starts + datetime.timedelta(hours=2),
                    "Scale venue",
                    "",
                    None,
                    district,
                    self.wps[district],
                    self.officer_of[district],
                    "held" if starts < self.now else "scheduled",
                    "",
                    None,
                    None,
                    "",
                    self.now,
                    self.now,
                )
            )
        names = [
            "id",
            "level",
            "title",
            "starts_at",
            "ends_at",
            "venue",
            "online_link",
            "division",
            "district",
            "convening_unit",
            "convenor",
            "status",
            "minutes",
            "minutes_updated_at",
            "reminder_sent_at",
            "attendance_note",
            "created_at",
            "updated_at",
        ]
        insert_rows(Meeting, names, rows)
        meetings = [(r[0], r[8], r[3]) for r in rows]
        first = _next_id(ActionItem)
        items = []
        for i in range(self.p.action_items):
            meeting, district, starts = meetings[i % len(meetings)]
            due = (starts + datetime.timedelta(days=rng.randint(7, 60))).date()
            if due < self.today:
                status = "done" if rng.random() < 0.9 else rng.choice(["open", "dropped"])
            else:
                status = "open"
            by_ngo = rng.random() < 0.5 and self.ngos_by_district[district]
            items.append(
                (
                    first + i,
                    meeting,
                    None,
                    f"Scale action item {i}",
                    None,
                    None if by_ngo else self.wps[district],
                    rng.choice(self.ngos_by_district[district]) if by_ngo else None,
                    due,
                    None,
                    district,
                    status,
                    "Scale: no longer needed" if status == "dropped" else "",
                    "Scale: done" if status == "done" else "",
                    "",
                    None,
                    self.now if status != "open" else None,
                    self.officer_of[district] if status != "open" else None,
                    None,
                    None,
                    self.now,
                )
            )
        insert_rows(
            ActionItem,
            [
                "id",
                "meeting",
                "decision",
                "title",
                "owner_person",
                "owner_police_unit",
                "owner_ngo",
                "due_on",
                "campaign",
                "district",
                "status",
                "dropped_reason",
                "evidence_note",
                "evidence_file",
                "evidence_report",
                "closed_at",
                "closed_by",
                "reminded_at",
                "escalated_at",
                "created_at",
            ],
            items,
        )
        _reset_sequences(Meeting, ActionItem)
        self.say(f"meetings: {len(rows)}, action items: {len(items)}")

    def run(self) -> None:
        with transaction.atomic():
            self.registry()
            self.users()
            self.plans()
        with transaction.atomic():
            self.reports()
        with transaction.atomic():
            self.meetings()
        counts = tallies.rebuild_all()
        self.say("tallies: {monthly} monthly, {ngo_monthly} per NGO".format(**counts))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # VACUUM sets the visibility map (index-only scans); not possible inside a
                # transaction (a test's), where statistics alone are refreshed.
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
