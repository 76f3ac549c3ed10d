from datetime import UTC, datetime

import pytest
import time_machine
from icalendar import Calendar

from samanvay.meetings.models import Meeting
from samanvay.meetings.tests.meeting_fixtures import NOW
from samanvay.notify.models import Delivery
from samanvay.notify.services import deliver_email

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def invited_meeting(world, login_as, client, django_capture_on_commit_callbacks):
    """The branch creates a meeting at 10:30 IST on 15 December and invites NGO B."""
    login_as(world.branch)
    client.post(
        "/meetings/new/",
        {
            "level": "state",
            "title": "State coordination meeting",
            "starts_at": "2026-12-15T10:30",
            "venue": "Police HQ, Bhopal",
            "agenda": "Four campaigns\nJoint group",
        },
    )
    meeting = Meeting.objects.get()
    with django_capture_on_commit_callbacks(execute=False):
        client.post(f"/meetings/{meeting.pk}/invite/", {"kind": "ngo", "ngo": world.ngo_b.pk})
    return meeting


def send_to(user, mailoutbox):
    delivery = Delivery.objects.get(
        medium="email", notification__recipient=user, notification__kind="meeting_invitation"
    )
    assert deliver_email(delivery) is True
    return mailoutbox[-1]


def calendar_of(message) -> tuple[Calendar, str]:
    parsed = message.message()
    parts = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    return Calendar.from_ical(parts[0].get_payload(decode=True)), parts[0]["Content-Type"]


def test_the_invitation_email_carries_a_calendar_invitation(world, invited_meeting, mailoutbox):
    message = send_to(world.member_b, mailoutbox)

    calendar, content_type = calendar_of(message)
    assert "method=REQUEST" in content_type.replace('"', "")
    assert str(calendar["method"]) == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    start = event.decoded("dtstart")
    assert start.tzinfo is not None and start.utcoffset().total_seconds() == 0
    assert start == datetime(2026, 12, 15, 5, 0, tzinfo=UTC)  # 10:30 IST
    assert str(event["uid"]) == f"meeting-{invited_meeting.pk}@samanvay"
    assert str(event["summary"]) == "State coordination meeting"
    assert str(event["location"]) == "Police HQ, Bhopal"
    assert str(event["organizer"]) == "mailto:branch@example.org"
    assert "sequence" in event


def test_the_invitation_email_has_the_rsvp_link_in_the_recipients_language(
    world, invited_meeting, mailoutbox
):
    message = send_to(world.member_b, mailoutbox)  # member_b reads English

    token = invited_meeting.invitations.get(person=world.p_member_b).token
    assert f"/meetings/rsvp/{token}/" in message.body
    assert "15 December 2026, 10:30" in message.body
    assert "Police HQ, Bhopal" in message.body


def test_the_calendar_file_downloads_from_the_meeting_page(
    world, invited_meeting, login_as, client
):
    login_as(world.coord_b)

    response = client.get(f"/meetings/{invited_meeting.pk}/calendar.ics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == datetime(2026, 12, 15, 5, 0, tzinfo=UTC)
