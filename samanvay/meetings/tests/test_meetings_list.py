from datetime import timedelta

import pytest
import time_machine

from samanvay.meetings.tests.meeting_fixtures import NOW, invite_person, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def test_upcoming_meetings_come_first_and_past_ones_below(world, login_as, client):
    soon = make_meeting(world, title="Soon", starts_at=NOW + timedelta(days=1))
    later = make_meeting(world, title="Later", starts_at=NOW + timedelta(days=9))
    old = make_meeting(world, title="Old", starts_at=NOW - timedelta(days=30))
    older = make_meeting(world, title="Older", starts_at=NOW - timedelta(days=60))
    login_as(world.branch)

    response = client.get("/meetings/")

    assert list(response.context["upcoming"]) == [soon, later]
    assert list(response.context["page"].object_list) == [old, older]


def test_a_member_sees_only_the_meetings_they_are_invited_to(world, login_as, client):
    invited = make_meeting(world, title="Invited")
    make_meeting(world, title="Not invited")
    invite_person(invited, world.p_member_a)
    login_as(world.member_a)

    response = client.get("/meetings/")

    assert list(response.context["upcoming"]) == [invited]


def test_an_indore_officer_gets_404_on_a_bhopal_meeting_he_is_not_invited_to(
    world, login_as, client
):
    meeting = make_meeting(world, level="district", district=world.bhopal)
    login_as(world.officer_indore)

    assert client.get(f"/meetings/{meeting.pk}/").status_code == 404
    assert client.get(f"/meetings/{meeting.pk}/calendar.ics").status_code == 404


def test_an_invited_officer_of_another_district_sees_it_but_cannot_manage_it(
    world, login_as, client
):
    meeting = make_meeting(world, level="district", district=world.bhopal)
    invite_person(meeting, world.p_officer_indore)
    login_as(world.officer_indore)

    assert client.get(f"/meetings/{meeting.pk}/").status_code == 200
    assert client.get(f"/meetings/{meeting.pk}/edit/").status_code == 403


def test_the_detail_page_shows_decisions_with_their_action_items(world, login_as, client):
    from samanvay.meetings.models import ActionItem, Decision

    meeting = make_meeting(world)
    decision = Decision.objects.create(meeting=meeting, text="Run the Srijan camps")
    ActionItem.objects.create(
        meeting=meeting,
        decision=decision,
        title="Plan camps in Bhopal",
        owner_police_unit=world.wps_bhopal,
        due_on=(NOW + timedelta(days=30)).date(),
    )
    login_as(world.branch)

    response = client.get(f"/meetings/{meeting.pk}/")

    assert "Run the Srijan camps" in response.text
    assert "Plan camps in Bhopal" in response.text


def test_the_list_page_makes_few_queries(world, login_as, client, django_assert_max_num_queries):
    for n in range(15):
        make_meeting(world, title=f"M{n}", starts_at=NOW + timedelta(days=n - 7))
    login_as(world.branch)

    with django_assert_max_num_queries(15):
        client.get("/meetings/")
