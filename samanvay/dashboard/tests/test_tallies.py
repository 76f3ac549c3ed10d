"""The tallies follow verification and reopening at once, and a rebuild gives the same figures."""

from django.core.management import call_command
from django.db.models import Sum

from samanvay.activities import services
from samanvay.dashboard import tallies
from samanvay.dashboard.models import (
    DistrictActivity,
    MonthlyTally,
    NgoMonthlyTally,
    StateMonthlyTally,
)

KEYS = ("month", "campaign_id", "activity_type_id")
SUMS = {name: Sum(name) for name in ("reports", "girls", "boys", "women", "men")}


def statewide_matches_districts():
    """The statewide tally is the district tally summed over the districts, bucket by bucket."""
    summed = {
        tuple(row[k] for k in KEYS): row
        for row in MonthlyTally.objects.order_by().values(*KEYS).annotate(**SUMS)
        if row["reports"]
    }
    state = {
        tuple(row[k] for k in KEYS): row
        for row in StateMonthlyTally.objects.order_by().values(*KEYS).annotate(**SUMS)
        if row["reports"]
    }
    assert state == summed


def figures():
    statewide_matches_districts()
    rows = MonthlyTally.objects.order_by()
    return sorted(
        rows.values_list("month", "district_id", "campaign_id", "activity_type_id").distinct()
    ), {
        "reports": sum(r.reports for r in rows),
        "girls": sum(r.girls for r in rows),
        "women": sum(r.women for r in rows),
    }


def test_it_counts_a_verified_report_at_once(world, data):
    keys, totals = figures()
    assert totals == {"reports": 3, "girls": 140, "women": 25}
    assert sum(r.reports for r in NgoMonthlyTally.objects.filter(ngo=world.ngo_a)) == 2
    assert DistrictActivity.objects.get(district=world.bhopal).last_held_on == data.today


def test_reopening_takes_the_report_away(world, data):
    services.reopen_report(actor=world.branch, report=data.b1, reason="Wrong count")
    _keys, totals = figures()
    assert totals == {"reports": 2, "girls": 100, "women": 25}
    assert sum(r.reports for r in NgoMonthlyTally.objects.filter(ngo=world.ngo_a)) == 1
    services.reopen_report(actor=world.branch, report=data.b2, reason="Wrong count")
    assert DistrictActivity.objects.get(district=world.bhopal).last_held_on is None


def test_rebuild_gives_the_same_figures(world, data):
    before = figures()
    call_command("rebuild_tallies", stdout=__import__("io").StringIO())
    assert figures() == before
    assert tallies.rebuild_all()["districts"] == 2
