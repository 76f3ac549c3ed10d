"""Service levels with a controllable clock: reminder at half time, the district when missed,
the branch when as much time again has passed; each once."""

import datetime

import time_machine
from django.core.management import call_command
from django.utils import timezone

from samanvay.notify.models import Notification
from samanvay.referrals import services

START = datetime.datetime(2026, 11, 2, 4, 0, tzinfo=datetime.UTC)


def told(kind):
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_an_imminent_child_marriage_must_be_acknowledged_within_an_hour(world, raise_one):
    with time_machine.travel(START, tick=False) as clock:
        referral = raise_one()
        services.assign(actor=world.coord_a, referral=referral, caseworker=world.member_a)
        clock.shift(datetime.timedelta(minutes=20))
        call_command("check_referral_service_levels")
        assert told("referral_reminder") == set()

        clock.shift(datetime.timedelta(minutes=15))  # 35 minutes: half the hour is gone
        call_command("check_referral_service_levels")
        call_command("check_referral_service_levels")
        assert Notification.objects.filter(kind="referral_reminder").count() == 1
        assert told("referral_reminder") == {"member_a"}

        clock.shift(datetime.timedelta(minutes=30))  # 65 minutes: missed
        call_command("check_referral_service_levels")
        assert told("referral_escalated") == {"officer_bhopal", "member_a"}

        clock.shift(datetime.timedelta(minutes=60))  # 125 minutes: the branch
        call_command("check_referral_service_levels")
        call_command("check_referral_service_levels")
        assert "branch" in told("referral_escalated")
        assert (
            Notification.objects.filter(kind="referral_escalated", recipient=world.branch).count()
            == 1
        )
        referral.refresh_from_db()
        assert referral.ack_escalation == 2
        assert list(referral.timeline.filter(event="escalated").values_list("note", flat=True)) == [
            "district",
            "branch",
        ]


def test_an_acknowledged_referral_is_held_to_its_closing_level(world, raise_one):
    with time_machine.travel(START, tick=False) as clock:
        referral = raise_one(kind="bonded_labour", urgency="normal")
        clock.shift(datetime.timedelta(hours=2))
        services.acknowledge(actor=world.officer_bhopal, referral=referral)
        clock.shift(datetime.timedelta(days=29))
        call_command("check_referral_service_levels")
        assert told("referral_escalated") == set()
        clock.shift(datetime.timedelta(days=2))
        call_command("check_referral_service_levels")
        assert "officer_bhopal" in told("referral_escalated")


def test_closed_referrals_are_left_alone(world, raise_one):
    with time_machine.travel(START, tick=False) as clock:
        referral = services.acknowledge(actor=world.officer_bhopal, referral=raise_one())
        services.close(actor=world.officer_bhopal, referral=referral, outcome="marriage_stopped")
        clock.shift(datetime.timedelta(days=60))
        call_command("check_referral_service_levels")
        assert told("referral_escalated") == set()
        assert timezone.now() > START


def test_a_check_that_runs_late_tells_the_district_before_the_branch(world, raise_one):
    with time_machine.travel(START, tick=False) as clock:
        referral = raise_one()  # an imminent child marriage, critical: acknowledge within 1 hour
        clock.shift(datetime.timedelta(hours=5))  # the check did not run until now
        call_command("check_referral_service_levels")
        call_command("check_referral_service_levels")
        assert told("referral_escalated") == {"officer_bhopal", "branch"}
        assert Notification.objects.filter(kind="referral_escalated").count() == 2
        assert told("referral_reminder") == set()  # past the level: escalated, not reminded
        referral.refresh_from_db()
        assert referral.ack_escalation == 2
        assert list(referral.timeline.filter(event="escalated").values_list("note", flat=True)) == [
            "district",
            "branch",
        ]
