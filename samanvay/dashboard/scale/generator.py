"""Synthetic data at state scale, for the benchmark and for trying the dashboards.

Profiles follow DESIGN.md's "mp-10y" (ten years of a whole state) and smaller ones for quick runs.
Rows are written in large batches: PostgreSQL's COPY when the database is PostgreSQL (with the
big tables' secondary indexes and foreign keys built once after the load), multi-row INSERTs
otherwise; the dashboard tallies are then rebuilt in SQL. Every officer and NGO account has its
registry person and membership (the coordination group's members follow from them). Referrals
(scale/referrals.py) and the group's messages (scale/messages.py) are made when their apps are
installed. mp-10y takes about 8 minutes on PostgreSQL on a 2-core machine (bench/results/).

Everything made here is fictional and marked: names begin with "Scale", usernames with "scale.",
NGOs, people and referrals carry is_demo=True."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.apps import apps
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
from samanvay.directory.models import NGO, District, Membership, Person, PoliceUnit
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
    referrals: int
    messages: int
    years: int = 10


PROFILES = {
    "tiny": Profile(
        police_units=120,
        ngos=20,
        users=200,
        reports=600,
        meetings=20,
        action_items=100,
        referrals=150,
        messages=3_000,
    ),
    "small": Profile(
        police_units=300,
        ngos=100,
        users=1500,
        reports=20_000,
        meetings=400,
        action_items=2_000,
        referrals=4_000,
        messages=100_000,
    ),
    "mp-10y": Profile(
        police_units=1_200,
        ngos=1_000,
        users=15_000,
        reports=1_000_000,
        meetings=20_000,
        action_items=100_000,
        referrals=200_000,
        messages=5_000_000,
    ),
}


def _columns(model: type[models.Model], names: Sequence[str]) -> list[str]:
    return [model._meta.get_field(name).column for name in names]


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        # translate() is slow on Devanagari: only when something needs escaping.
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.translate(_ESCAPES)
        return value
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


def insert_rows(model: type[models.Model], names: Sequence[str], rows: Iterable[tuple]) -> int:
    """Write rows (tuples in the order of `names`) in big batches; returns how many."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in _columns(model, names))
    count = 0
    if connection.vendor == "postgresql":
        # COPY in text format, formatted here and sent in big blocks: several times faster than
        # a row at a time through the driver.
        connection.ensure_connection()
        lines: list[str] = []
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                lines.append("\t".join(map(_copy_text, row)))
                count += 1
                if len(lines) >= 10_000:
                    lines.append("")
                    copy.write("\n".join(lines))
                    lines.clear()
            if lines:
                lines.append("")
                copy.write("\n".join(lines))
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


def reset_sequences(*model_list: type[models.Model]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def next_id(model: type[models.Model]) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


@contextmanager
def deferred_indexes(*model_list: type[models.Model]) -> Iterator[None]:
    """On PostgreSQL, drop the tables' secondary indexes and foreign keys while rows are copied
    in, and build them again afterwards: once over the whole table is many times faster than row
    by row. Inside the caller's transaction (DDL is transactional there): a failed load leaves
    the tables as they were. Primary keys and unique constraints stay."""
    if connection.vendor != "postgresql":
        yield
        return
    quote = connection.ops.quote_name
    saved = []
    with connection.cursor() as cursor:
        # A table with checks of foreign keys still pending (deferred) cannot be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for model in model_list:
            table = model._meta.db_table
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
                [table],
            )
            foreign_keys = cursor.fetchall()
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes "
                "WHERE schemaname = current_schema() AND tablename = %s AND indexname NOT IN "
                "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass) "
                "ORDER BY indexname",
                [table, table],
            )
            indexes = cursor.fetchall()
            for name, _definition in foreign_keys:
                cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
            for name, _definition in indexes:
                cursor.execute(f"DROP INDEX {quote(name)}")
            saved.append((table, foreign_keys, indexes))
    yield
    with connection.cursor() as cursor:
        # Sorting for a big index needs memory; only for this transaction.
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for table, foreign_keys, indexes in saved:
            for _name, definition in indexes:
                cursor.execute(definition)
            for name, definition in foreign_keys:
                cursor.execute(
                    f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}"
                )
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys, as before


def day_weights(days: int) -> list[float]:
    """Use of the platform grows: day d of `days` weighs as the density of days·u^0.8 (u
    uniform), as the activity reports' dates are drawn."""
    return [((d + 0.5) / days) ** 0.25 for d in range(days)]


class Generator:
    def __init__(self, profile: Profile, *, seed: int = 7, say: Callable[[str], None] = print):
        self.p = profile
        self.rng = random.Random(seed)  # noqa: S311 (synthetic data, not security)
        self.say = say
        self.now = timezone.now()
        self.today = timezone.localdate()

    def moments(self, count: int) -> Iterator[tuple[datetime.datetime, int]]:
        """`count` moments (aware, UTC) over the profile's years up to now, in order, more in
        later years and by day than by night; each with its year in India time."""
        rng = self.rng
        days = self.p.years * 365
        start = self.today - datetime.timedelta(days=days - 1)
        zone = timezone.get_current_timezone()
        weights = day_weights(days)
        scale = count / sum(weights)
        made = 0
        carried = 0.0
        for d, weight in enumerate(weights):
            carried += weight * scale
            n = round(carried) - made if d < days - 1 else count - made
            if n <= 0:
                continue
            made += n
            day = start + datetime.timedelta(days=d)
            midnight = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
            midnight = midnight.astimezone(datetime.UTC)
            last = 86_400.0
            if day == self.today:
                last = max(1.0, (self.now - midnight).total_seconds() - 1)
            hours = sorted(rng.triangular(6, 23, 13) for _ in range(n))
            for hour in hours:
                yield midnight + datetime.timedelta(seconds=min(last, hour * 3600)), day.year

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
        first = next_id(PoliceUnit)
        per_district, extra = divmod(self.p.police_units, len(self.districts))
        unit_rows = []
        kinds = [PoliceUnit.Kind.WOMEN_POLICE_STATION, PoliceUnit.Kind.DISTRICT_POLICE]
        for index, d in enumerate(self.districts):
            for i in range(max(2, per_district + (index < extra))):
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
        self.unit_names = {row[0]: row[2] for row in units}
        self.wps = {row[4]: row[0] for row in units if row[3] == "women_police_station"}
        self.units_by_district: dict[int, list[int]] = {}
        for row in units:
            self.units_by_district.setdefault(row[4], []).append(row[0])

        first = next_id(NGO)
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
        self.ngo_names = {row[0]: row[2] for row in ngo_rows}
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
        reset_sequences(PoliceUnit, NGO, through)
        self.say(f"police units: {len(units)}, NGOs: {len(ngo_rows)}")

    def users(self) -> None:
        password = make_password(PASSWORD)
        now = self.now
        first = next_id(User)
        rows = []
        self.officer_of: dict[int, int] = {}
        self.second_officer_of: dict[int, int] = {}
        self.members_of: dict[int, list[int]] = {}  # the coordinator first
        self.branch_ids: list[int] = []
        self.user_names: dict[int, str] = {}

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
            self.user_names[pk] = f"Scale {role} {pk}"
            return pk

        for _ in range(10):
            self.branch_ids.append(add(Role.BRANCH))
        for d in self.district_ids:
            self.officer_of[d] = add(Role.DISTRICT_OFFICER, district=d)
            self.second_officer_of[d] = add(Role.DISTRICT_OFFICER, district=d)
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
        reset_sequences(User)
        self.say(f"users: {len(rows)}")

    def people(self) -> None:
        """A registry person for every officer and NGO account, with their membership: the
        women police station's in-charge and an officer per district, each NGO's coordinator and
        members. The coordination group's members follow from these."""
        now = self.now
        since = self.today - datetime.timedelta(days=self.p.years * 365)
        person_rows, membership_rows = [], []
        first_person, first_membership = next_id(Person), next_id(Membership)

        def add(user: int, unit: int | None, ngo: int | None, role: str, designation: str):
            pk = first_person + len(person_rows)
            name = self.user_names[user]
            person_rows.append((pk, name, designation, "", "", "hi", False, user, True, now, now))
            membership_rows.append(
                (first_membership + len(membership_rows), pk, unit, ngo, role, since, None, now)
            )

        for d in self.district_ids:
            wps = self.wps[d]
            add(self.officer_of[d], wps, None, Membership.Role.IN_CHARGE, "Scale in-charge")
            add(self.second_officer_of[d], wps, None, Membership.Role.OFFICER, "Scale officer")
        for ngo, members in self.members_of.items():
            add(members[0], None, ngo, Membership.Role.COORDINATOR, "Scale coordinator")
            for user in members[1:]:
                add(user, None, ngo, Membership.Role.MEMBER, "Scale field worker")
        insert_rows(
            Person,
            [
                "id",
                "name",
                "designation",
                "phone",
                "email",
                "language",
                "whatsapp_opt_in",
                "user",
                "is_demo",
                "created_at",
                "updated_at",
            ],
            person_rows,
        )
        insert_rows(
            Membership,
            [
                "id",
                "person",
                "police_unit",
                "ngo",
                "role",
                "started_on",
                "ended_on",
                "created_at",
            ],
            membership_rows,
        )
        reset_sequences(Person, Membership)
        self.say(f"people in the registry: {len(person_rows)}")

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
        with deferred_indexes(ActivityReport):
            count = insert_rows(ActivityReport, names, self._report_rows(next_id(ActivityReport)))
        reset_sequences(ActivityReport)
        self.say(f"activity reports: {count}")

    # --- meetings and action items --------------------------------------------------------

    def meetings(self) -> None:
        rng = self.rng
        first = next_id(Meeting)
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
        first = next_id(ActionItem)
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
        reset_sequences(Meeting, ActionItem)
        self.say(f"meetings: {len(rows)}, action items: {len(items)}")

    def run(self) -> None:
        with transaction.atomic():
            self.registry()
            self.users()
            self.people()
            self.plans()
        with transaction.atomic():
            self.reports()
        with transaction.atomic():
            self.meetings()
        self.referral_codes: dict[int, list[str]] = {}
        if apps.is_installed("samanvay.referrals"):
            from samanvay.dashboard.scale import referrals  # noqa: PLC0415 (optional app)

            with transaction.atomic():
                counts = referrals.generate(self)
            self.say(
                "referrals: {referrals} ({open} open, {overdue_open} of them overdue), "
                "timeline entries: {timeline}".format(**counts)
            )
        if apps.is_installed("samanvay.channel"):
            from samanvay.dashboard.scale import messages  # noqa: PLC0415 (optional app)

            with transaction.atomic():
                counts = messages.generate(self)
            self.say(
                "group messages: {messages} ({replies} replies, {mentions} mentions, "
                "{pinned} pinned, {hidden} hidden)".format(**counts)
            )
        counts = tallies.rebuild_all()
        self.say(
            "tallies: {monthly} monthly, {statewide} statewide, {ngo_monthly} per NGO, "
            "{referrals} of referrals".format(**counts)
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # VACUUM sets the visibility map (index-only scans); not possible inside a
                # transaction (a test's), where statistics alone are refreshed.
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
            self.say("vacuumed and analysed")
