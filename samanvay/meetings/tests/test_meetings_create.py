from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from samanvay.core.models import AuditEntry
from samanvay.meetings.models import Meeting
from samanvay.meetings.tests.meeting_fixtures import NOW, make_meeting

pytestmark = pytest.mark.django_db
IST = ZoneInfo("Asia/Kolkata")


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def form(**values):
    return {
        "level": "state",
        "title": "State coordination meeting",
        "starts_at": "2026-12-15T10:30",
        "ends_at": "2026-12-15T13:00",
        "venue": "Police HQ, Bhopal",
        "agenda": "Four joint campaigns\n\nJoint group of in-charges and NGOs\n",
        **values,
    }


def test_the_branch_creates_a_state_meeting_in_ist(world, login_as, client):
    login_as(world.branch)

    response = client.post("/meetings/new/", form())

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert meeting.starts_at == datetime(2026, 12, 15, 10, 30, tzinfo=IST)
    assert meeting.convening_unit == world.hq
    assert meeting.convenor == world.branch
    assert list(meeting.agenda.values_list("title", flat=True)) == [
        "Four joint campaigns",
        "Joint group of in-charges and NGOs",
    ]
    assert AuditEntry.objects.filter(action="meeting.create").count() == 1


def test_a_venue_or_an_online_link_is_required(world, login_as, client):
    login_as(world.branch)

    response = client.post("/meetings/new/", form(venue=""))

    assert response.status_code == 200
    assert "venue" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_an_online_meeting_needs_no_venue(world, login_as, client):
    login_as(world.branch)

    client.post("/meetings/new/", form(venue="", online_link="https://meet.example.org/abc"))

    assert Meeting.objects.get().online_link == "https://meet.example.org/abc"


def test_without_an_end_the_meeting_lasts_two_hours(world, login_as, client):
    login_as(world.branch)

    client.post("/meetings/new/", form(ends_at=""))

    meeting = Meeting.objects.get()
    assert meeting.ends_at == datetime(2026, 12, 15, 12, 30, tzinfo=IST)


def test_an_officer_convenes_their_districts_meeting_from_the_wps(world, login_as, client):
    login_as(world.officer_bhopal)

    client.post("/meetings/new/", form(level="district", district=world.bhopal.pk))

    meeting = Meeting.objects.get()
    assert (meeting.district, meeting.convening_unit) == (world.bhopal, world.wps_bhopal)


def test_an_officer_cannot_convene_a_state_or_another_districts_meeting(world, login_as, client):
    login_as(world.officer_bhopal)

    state = client.post("/meetings/new/", form(level="state"))
    indore = client.post("/meetings/new/", form(level="district", district=world.indore.pk))

    assert "level" in state.context["form"].errors
    assert "district" in indore.context["form"].errors
    assert not Meeting.objects.exists()


def test_editing_changes_the_meeting_and_audits_it(world, login_as, client):
    meeting = make_meeting(world)
    login_as(world.branch)

    response = client.post(
        f"/meetings/{meeting.pk}/edit/",
        form(title="Changed title", status="cancelled", agenda="Only item"),
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.title, meeting.status) == ("Changed title", "cancelled")
    assert list(meeting.agenda.values_list("title", flat=True)) == ["Only item"]
    entry = AuditEntry.objects.get(action="meeting.change")
    assert entry.changes["title"] == ["State coordination meeting", "Changed title"]


def test_the_edit_form_shows_times_in_ist(world, login_as, client):
    meeting = make_meeting(world)  # 8 December 2026, 09:00 IST
    login_as(world.branch)

    response = client.get(f"/meetings/{meeting.pk}/edit/")

    assert 'value="2026-12-08T09:00"' in response.text
