"""Synthetic referrals for generate_scale: each with its code, its timeline and the service-level
fields a real one would have by now.

A referral's life is drawn from its service level (samanvay/referrals/service_levels.py): most
are acknowledged and closed well within their levels, some late, a few left unanswered. What the
periodic check (`check_referral_service_levels`) would have done so far is already done: the
reminder and escalation flags are set and their timeline entries written, so the check has
nothing to catch up on; protected records of referrals closed longer than the retention period
are marked purged, as `purge_referral_records` would have. No protected record is made: a
generated referral is about no one."""

from __future__ import annotations

import datetime
import math

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import translation

from samanvay.dashboard.scale.generator import (
    Generator,
    deferred_indexes,
    insert_rows,
    next_id,
    reset_sequences,
)
from samanvay.referrals.models import (
    Kind,
    Outcome,
    Referral,
    ReferralCounter,
    ServiceContact,
    Source,
    Status,
    TimelineEntry,
    Urgency,
)
from samanvay.referrals.service_levels import service_level
from samanvay.referrals.services import district_codes

Event = TimelineEntry.Event
TIP_PIN = "246810"  # noqa: S105 · the PIN of every generated public tip (a benchmark database only)
CHUNK = 20_000

KINDS = {
    Kind.MISSING_GIRL: 24,
    Kind.IMMINENT_CHILD_MARRIAGE: 14,
    Kind.CHILD_MARRIAGE_REPORTED: 8,
    Kind.SUSPECTED_TRAFFICKING: 7,
    Kind.BONDED_LABOUR: 4,
    Kind.RESCUE_NEEDED: 6,
    Kind.POCSO_JJ_SUPPORT: 17,
    Kind.DOMESTIC_VIOLENCE_SUPPORT: 20,
}
URGENCIES = {Urgency.CRITICAL: 15, Urgency.HIGH: 45, Urgency.NORMAL: 40}
OUTCOMES = {
    Kind.MISSING_GIRL: {
        Outcome.TRACED_RESTORED: 70,
        Outcome.FIR_REGISTERED: 15,
        Outcome.HANDED_TO_CWC: 10,
        Outcome.NOT_ACTIONABLE: 5,
    },
    Kind.IMMINENT_CHILD_MARRIAGE: {
        Outcome.MARRIAGE_STOPPED: 80,
        Outcome.FIR_REGISTERED: 5,
        Outcome.NOT_ACTIONABLE: 15,
    },
    Kind.CHILD_MARRIAGE_REPORTED: {
        Outcome.FIR_REGISTERED: 40,
        Outcome.HANDED_TO_CWC: 30,
        Outcome.NOT_ACTIONABLE: 30,
    },
    Kind.SUSPECTED_TRAFFICKING: {
        Outcome.RESCUED: 40,
        Outcome.FIR_REGISTERED: 40,
        Outcome.NOT_ACTIONABLE: 20,
    },
    Kind.BONDED_LABOUR: {
        Outcome.RESCUED: 60,
        Outcome.FIR_REGISTERED: 20,
        Outcome.NOT_ACTIONABLE: 20,
    },
    Kind.RESCUE_NEEDED: {
        Outcome.RESCUED: 70,
        Outcome.HANDED_TO_OSC: 20,
        Outcome.NOT_ACTIONABLE: 10,
    },
    Kind.POCSO_JJ_SUPPORT: {
        Outcome.FIR_REGISTERED: 50,
        Outcome.HANDED_TO_CWC: 40,
        Outcome.NOT_ACTIONABLE: 10,
    },
    Kind.DOMESTIC_VIOLENCE_SUPPORT: {
        Outcome.HANDED_TO_OSC: 60,
        Outcome.FIR_REGISTERED: 20,
        Outcome.NOT_ACTIONABLE: 20,
    },
}
HANDED_TO = {
    Outcome.HANDED_TO_CWC: ServiceContact.Kind.CWC,
    Outcome.HANDED_TO_OSC: ServiceContact.Kind.ONE_STOP_CENTRE,
}
SOURCES = {Source.NGO: 55, Source.POLICE: 33, Source.PUBLIC_TIP: 12}
# Shares of referrals never acknowledged, and of acknowledged ones never closed.
NEVER_ACKNOWLEDGED = 0.01
NEVER_CLOSED = 0.02

REFERRAL_FIELDS = [
    "id",
    "code",
    "kind",
    "urgency",
    "district",
    "place",
    "summary",
    "source",
    "raised_by",
    "raised_by_ngo",
    "raised_by_unit",
    "police_unit",
    "ngo",
    "assigned_officer",
    "assigned_caseworker",
    "status",
    "outcome",
    "fir_number",
    "rescued_count",
    "outcome_note",
    "handed_to",
    "created_at",
    "acknowledged_at",
    "action_started_at",
    "closed_at",
    "ack_escalation",
    "close_escalation",
    "ack_reminded",
    "close_reminded",
    "tip_pin_hash",
    "protected_purged_at",
    "is_demo",
]
TIMELINE_FIELDS = ["id", "referral", "at", "actor", "event", "note"]


def _weighted(rng, choices: dict) -> list:
    """A long list to draw from with rng.choice (faster than rng.choices per row)."""
    out = []
    for value, weight in choices.items():
        out += [value] * weight
    rng.shuffle(out)
    return out


def _level_events(created, window, end, started, *, rng):
    """What the periodic check did in one stage (acknowledge or close: it begins at `started`
    and ended at `end`, or is still going on at `end`, now): (reminded, escalation, [(at, event,
    note)]). The check runs every few minutes: a reminder at half time, an escalation to the
    district when the level is missed and to the branch when as much time again has passed."""
    events = []
    half, due, late = created + window / 2, created + window, created + 2 * window
    reminded = end >= half and started < due
    if reminded:
        at = max(half, started) + datetime.timedelta(seconds=rng.randint(0, 300))
        events.append((at, Event.REMINDED, ""))
    escalation = 0
    if end >= due and started < late:
        escalation = 1
        events.append((max(due, started), Event.ESCALATED, "district"))
    if end >= late:
        escalation = 2
        events.append((max(late, started), Event.ESCALATED, "branch"))
    return reminded, escalation, [e for e in events if e[0] <= end]


def service_contacts(gen: Generator) -> dict[tuple[int, str], tuple[int, str]]:
    """One service of every kind in every district: (district id, kind) -> (id, note)."""
    first = next_id(ServiceContact)
    rows = []
    contacts = {}
    with translation.override("en"):
        for district in gen.districts:
            for kind in ServiceContact.Kind:
                pk = first + len(rows)
                name = f"Scale {kind.label} {district.name_en}"
                rows.append((pk, district.pk, kind.value, name, "", "", "", "", True))
                # The timeline's note of a hand-over, as services.hand_over writes it.
                contacts[(district.pk, kind.value)] = (pk, f"{kind.label}: {name}")
    insert_rows(
        ServiceContact,
        [
            "id",
            "district",
            "kind",
            "name",
            "contact_person",
            "phone",
            "email",
            "address",
            "is_active",
        ],
        rows,
    )
    reset_sequences(ServiceContact)
    return contacts


def generate(gen: Generator) -> dict[str, int]:
    rng = gen.rng
    now = gen.now
    contacts = service_contacts(gen)
    codes = district_codes()
    district_code = {d.pk: codes[d.code] for d in gen.districts}
    kinds = _weighted(rng, KINDS)
    urgencies = _weighted(rng, URGENCIES)
    sources = _weighted(rng, SOURCES)
    outcomes = {kind: _weighted(rng, weights) for kind, weights in OUTCOMES.items()}
    tip_hash = make_password(TIP_PIN)
    retention = datetime.timedelta(days=settings.REFERRALS_RETENTION_DAYS)
    counters = dict(ReferralCounter.objects.values_list("year", "last_number"))
    unit_names = gen.unit_names
    ngo_names = gen.ngo_names
    names = gen.user_names
    ack_mu, close_mu = math.log(0.35), math.log(0.45)
    minute = datetime.timedelta(minutes=1)

    referral_id = next_id(Referral)
    timeline_id = next_id(TimelineEntry)
    gen.referral_codes = {pk: [] for pk in gen.district_ids}
    totals = {"referrals": 0, "timeline": 0, "open": 0, "overdue_open": 0}

    def rows():
        nonlocal referral_id, timeline_id
        for created, year in gen.moments(gen.p.referrals):
            district = rng.choices(gen.district_ids, gen.weights)[0]
            kind = rng.choice(kinds)
            urgency = rng.choice(urgencies)
            source = rng.choice(sources)
            level = service_level(kind, urgency)
            district_ngos = gen.ngos_by_district[district]
            officer = gen.officer_of[district]
            wps = gen.wps[district]
            raised_by = raised_by_ngo = raised_by_unit = ngo = None
            if source == Source.NGO:
                ngo = raised_by_ngo = rng.choice(district_ngos)
                raised_by = rng.choice(gen.members_of[ngo])
            elif source == Source.POLICE:
                raised_by = officer if rng.random() < 0.7 else gen.second_officer_of[district]
                raised_by_unit = wps
                ngo = rng.choice(district_ngos) if rng.random() < 0.5 else None
            counters[year] = number = counters.get(year, 0) + 1
            code = f"MP-{district_code[district]}-{year}-{number:06d}"
            gen.referral_codes[district].append((created, code))

            ack_delay = level.acknowledge_within * rng.lognormvariate(ack_mu, 0.9)
            work = level.close_within * rng.lognormvariate(close_mu, 0.8)
            acknowledged = created + ack_delay
            closed = acknowledged + work
            if rng.random() < NEVER_ACKNOWLEDGED or acknowledged > now:
                acknowledged = closed = None
            elif rng.random() < NEVER_CLOSED or closed > now:
                closed = None
            started = None
            if acknowledged is not None and rng.random() < 0.8:
                started = acknowledged + work * rng.uniform(0.1, 0.4)
                if started > now:
                    started = None

            events = [
                (created, raised_by, Event.CREATED, ""),
                (
                    created,
                    None,
                    Event.ROUTED,
                    ", ".join([unit_names[wps]] + ([ngo_names[ngo]] if ngo else [])),
                ),
            ]
            ack_end = acknowledged or now
            ack_reminded, ack_escalation, stage = _level_events(
                created, level.acknowledge_within, ack_end, created, rng=rng
            )
            events += [(at, None, event, note) for at, event, note in stage]
            close_reminded, close_escalation = False, 0
            status = Status.NEW
            caseworker = None
            outcome = fir = note = ""
            rescued = handed_to = None
            if acknowledged is not None:
                status = Status.ACKNOWLEDGED
                events.append((acknowledged, officer, Event.ACKNOWLEDGED, ""))
                if source == Source.PUBLIC_TIP and rng.random() < 0.4:
                    ngo = rng.choice(district_ngos)
                    events.append((acknowledged + minute, officer, Event.ASSIGNED, ngo_names[ngo]))
                if ngo is not None and rng.random() < 0.6:
                    caseworker = rng.choice(gen.members_of[ngo])
                    coordinator = gen.members_of[ngo][0]
                    at = acknowledged + 5 * minute
                    events.append((at, coordinator, Event.ASSIGNED, names[caseworker]))
                close_end = closed or now
                close_reminded, close_escalation, stage = _level_events(
                    created, level.close_within, close_end, acknowledged, rng=rng
                )
                events += [(at, None, event, note) for at, event, note in stage]
                if started is not None:
                    status = Status.IN_ACTION
                    events.append((started, officer, Event.ACTION_STARTED, ""))
            if closed is not None:
                status = Status.CLOSED
                outcome = rng.choice(outcomes[kind])
                if outcome == Outcome.FIR_REGISTERED:
                    fir = f"Scale {rng.randint(1, 999)}/{year}"
                elif outcome == Outcome.RESCUED:
                    rescued = rng.randint(1, 12)
                elif outcome == Outcome.NOT_ACTIONABLE:
                    note = "Scale: not actionable"
                if outcome in HANDED_TO:
                    handed_to, handed_note = contacts[(district, HANDED_TO[outcome])]
                    events.append((closed - 30 * minute, officer, Event.HANDED_OVER, handed_note))
                events.append((closed, officer, Event.CLOSED, outcome))
            purged = None
            if closed is not None and closed + retention <= now:
                purged = closed + retention
                events.append((purged, None, Event.PURGED, ""))
            elif closed is None:
                totals["open"] += 1
                due = created + (
                    level.acknowledge_within if acknowledged is None else level.close_within
                )
                totals["overdue_open"] += now > due
            events.sort(key=lambda e: e[0])
            timeline = []
            for at, actor, event, text in events:
                timeline.append((timeline_id, referral_id, at, actor, event, text))
                timeline_id += 1
            yield (
                (
                    referral_id,
                    code,
                    kind,
                    urgency,
                    district,
                    f"Scale place {referral_id % 997}",
                    "Scale: a synthetic referral, about no one.",
                    source,
                    raised_by,
                    raised_by_ngo,
                    raised_by_unit,
                    wps,
                    ngo,
                    officer if acknowledged is not None else None,
                    caseworker,
                    status,
                    outcome,
                    fir,
                    rescued,
                    note,
                    handed_to,
                    created,
                    acknowledged,
                    started,
                    closed,
                    ack_escalation,
                    close_escalation,
                    ack_reminded,
                    close_reminded,
                    tip_hash if source == Source.PUBLIC_TIP else "",
                    purged,
                    True,
                ),
                timeline,
            )
            referral_id += 1

    with deferred_indexes(Referral, TimelineEntry):
        chunk = []
        for item in rows():
            chunk.append(item)
            if len(chunk) >= CHUNK:
                _write(chunk, totals)
                chunk = []
        _write(chunk, totals)
    for year, number in counters.items():
        ReferralCounter.objects.update_or_create(year=year, defaults={"last_number": number})
    reset_sequences(Referral, TimelineEntry)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Referral._meta.db_table}")  # noqa: S608 (fixed name)
    return totals


def _write(chunk: list, totals: dict) -> None:
    if not chunk:
        return
    totals["referrals"] += insert_rows(Referral, REFERRAL_FIELDS, [r for r, _t in chunk])
    totals["timeline"] += insert_rows(
        TimelineEntry, TIMELINE_FIELDS, [row for _r, timeline in chunk for row in timeline]
    )
