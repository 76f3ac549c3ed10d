from datetime import timedelta

import pytest
import time_machine

from samanvay.meetings import services
from samanvay.meetings.tests.meeting_fixtures import NOW, make_meeting
from samanvay.notify.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world):
    meeting = make_meeting(world, starts_at=NOW + timedelta(hours=20))
    services.add_rule(actor=world.branch, meeting=meeting, kind="ngo", ngo=world.ngo_a)
    return meeting


def reminded() -> set:
    return set(
        Notification.objects.filter(kind="meeting_reminder").values_list(
            "recipient__username", flat=True
        )
    )


def test_meetings_within_a_day_need_a_reminder(world, meeting):
    later = make_meeting(world, starts_at=NOW + timedelta(hours=30))
    cancelled = make_meeting(world, starts_at=NOW + timedelta(hours=2), status="cancelled")
    past = make_meeting(world, starts_at=NOW - timedelta(hours=1))

    due = list(services.upcoming_meetings_needing_reminder(NOW))

    assert due == [meeting]
    with time_machine.travel(NOW + timedelta(hours=7), tick=False):
        assert later in services.upcoming_meetings_needing_reminder(NOW + timedelta(hours=7))
    assert cancelled not in due and past not in due


def test_the_reminder_goes_to_invitees_who_did_not_decline(world, meeting):
    declined = meeting.invitations.get(person=world.p_member_a)
    services.respond(invitation=declined, response="no")

    with time_machine.travel(NOW, tick=False):
        count = services.send_meeting_reminder(meeting)

    assert count == 1
    assert reminded() == {"coord_a"}
    meeting.refresh_from_db()
    assert meeting.reminder_sent_at == NOW
    assert meeting not in services.upcoming_meetings_needing_reminder(NOW)


def test_the_reminder_is_sent_once(world, meeting):
    services.send_meeting_reminder(meeting)

    assert services.send_meeting_reminder(meeting) == 0
    assert Notification.objects.filter(kind="meeting_reminder").count() == 2
