"""The dashboard's referral figures on known referrals: per kind, the number raised in the
period, the median minutes to acknowledge and to close, and how many are overdue; the same figures
as samanvay/referrals/stats.py gives, for every role's scope."""

import datetime
import re

import pytest
import time_machine
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from samanvay.dashboard import selectors, tallies
from samanvay.dashboard.models import ReferralTally
from samanvay.referrals import services, stats
from samanvay.referrals.models import Referral

MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture
def referrals(world):
    now = timezone.now()
    made = []

    def make(district, kind, urgency, age, *, ack=None, action=None, closed=None, ngo=None):
        created = now - age
        status = "new"
        if ack is not None:
            status = "acknowledged" if action is None else "in_action"
        if closed is not None:
            status = "closed"
        made.append(
            Referral.objects.create(
                code=f"MP-TST-2026-{len(made) + 1:06d}",
                kind=kind,
                urgency=urgency,
                district=district,
                place="Ward 3",
                source="police",
                ngo=ngo,
                status=status,
                outcome="fir_registered" if closed is not None else "",
                created_at=created,
                acknowledged_at=created + ack if ack is not None else None,
                action_started_at=created + action if action is not None else None,
                closed_at=created + closed if closed is not None else None,
            )
        )

    day = datetime.timedelta(days=1)
    hour = datetime.timedelta(hours=1)
    # Missing girl, critical (acknowledge within 1 hour, close within 7 days), Bhopal:
    make(world.bhopal, "missing_girl", "critical", 10 * day, ack=30 * MINUTE, closed=2 * day)
    # acknowledged late but counted once closed late: overdue
    make(world.bhopal, "missing_girl", "critical", 20 * day, ack=90 * MINUTE, closed=10 * day)
    # high: acknowledge within 2 hours; still new after 3 hours: overdue
    make(world.bhopal, "missing_girl", "high", 3 * hour, ngo=world.ngo_a)
    # bonded labour, normal (24 hours): new for an hour, not overdue
    make(world.bhopal, "bonded_labour", "normal", hour)
    # Indore: a child marriage under action past its 2 days: overdue
    make(
        world.indore,
        "imminent_child_marriage",
        "critical",
        5 * day,
        ack=10 * MINUTE,
        action=hour,
    )
    # Two years ago: outside the period
    make(world.bhopal, "missing_girl", "critical", 730 * day, ack=5 * MINUTE, closed=day)
    return made


def figures_of(user, **query):
    districts = selectors.districts_for(user)
    filters = selectors.DashboardFilters.from_query(query, districts=districts)
    return {f["kind"]: f for f in selectors.referral_figures(user, filters)}


def test_it_counts_the_periods_referrals_by_kind(world, referrals):
    figures = figures_of(world.branch)
    missing = figures["missing_girl"]
    assert missing["total"] == 3
    assert missing["median_ack_minutes"] == 60  # of 30 and 90
    assert missing["median_close_minutes"] == 6 * 24 * 60  # of 2 and 10 days
    assert missing["overdue"] == 2
    assert figures["bonded_labour"] == figures["bonded_labour"] | {
        "total": 1,
        "median_ack_minutes": None,
        "median_close_minutes": None,
        "overdue": 0,
    }
    marriage = figures["imminent_child_marriage"]
    assert (marriage["total"], marriage["median_ack_minutes"], marriage["overdue"]) == (1, 10, 1)
    assert marriage["median_close_minutes"] is None
    assert figures["rescue_needed"]["total"] == 0


def test_a_district_officer_counts_their_district_only(world, referrals):
    mine = figures_of(world.officer_bhopal)
    assert mine["missing_girl"]["total"] == 3
    assert mine["imminent_child_marriage"]["total"] == 0
    indore = figures_of(world.officer_indore)
    assert sum(f["total"] for f in indore.values()) == 1
    # A district chosen on the branch's dashboard.
    assert figures_of(world.branch, district="439")["missing_girl"]["total"] == 0


@pytest.mark.parametrize("persona", ["branch", "observer", "officer_bhopal", "coord_a", "coord_b"])
def test_the_figures_are_those_of_the_referrals_app(world, referrals, persona):
    user = getattr(world, persona)
    districts = selectors.districts_for(user)
    filters = selectors.DashboardFilters.from_query({}, districts=districts)
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(filters.start, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(
        filters.last_day + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    expected = stats.referral_figures(user, start=start, end=end)
    assert selectors.referral_figures(user, filters) == expected
    assert (
        sum(f["total"] for f in expected)
        == {
            "branch": 5,
            "observer": 5,
            "officer_bhopal": 4,
            "coord_a": 1,  # routed to NGO A
            "coord_b": 0,
        }[persona]
    )


def test_the_dashboard_shows_them(world, referrals, client, login_as):
    login_as(world.branch)
    page = client.get(reverse("dashboard:dashboard")).content.decode()
    section = page[page.index('id="referrals"') :].split("</table>")[0]
    rows = re.findall(r"<tr><td>([^<]+)</td>((?:<td[^>]*>[^<]*</td>)+)</tr>", section)
    cells = {kind: re.findall(r">([^<]*)</td>", rest) for kind, rest in rows}
    assert cells["गुम बालिका"] == ["3", "60", "8640", "2"]
    assert cells["बंधुआ मजदूरी"] == ["1", "—", "—", "0"]


def tally_rows():
    return sorted(
        ReferralTally.objects.order_by()
        .values("month", "district_id", "kind")
        .annotate(n=Sum("referrals"), late=Sum("closed_late"))
        .values_list("month", "district_id", "kind", "n", "late")
    )


def test_the_tally_follows_the_referrals_as_they_are_handled(world, referrals):
    raised = datetime.datetime(2026, 3, 31, 20, 0, tzinfo=datetime.UTC)  # 1 April in India
    with time_machine.travel(raised, tick=False):
        referral = services.raise_referral(
            actor=world.officer_bhopal,
            kind="rescue_needed",
            urgency="critical",  # to be closed within 2 days
            district=world.bhopal,
            place="Ward 9",
            summary="",
        )
    with time_machine.travel(raised + datetime.timedelta(minutes=20), tick=False):
        services.acknowledge(actor=world.officer_bhopal, referral=referral)
    month = datetime.date(2026, 4, 1)
    assert (month, world.bhopal.pk, "rescue_needed", 1, 0) in tally_rows()
    with time_machine.travel(raised + datetime.timedelta(days=3), tick=False):
        services.close(
            actor=world.officer_bhopal, referral=referral, outcome="rescued", rescued_count=2
        )
    assert (month, world.bhopal.pk, "rescue_needed", 1, 1) in tally_rows()  # closed late
    # The fixture's referrals were counted as they were made; a rebuild finds the same.
    before = tally_rows()
    assert sum(row[3] for row in before) == len(referrals) + 1
    tallies.rebuild_all()
    assert tally_rows() == before
    Referral.objects.filter(pk=referral.pk).delete()
    assert (month, world.bhopal.pk, "rescue_needed", 0, 0) in tally_rows()
