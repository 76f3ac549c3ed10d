import pytest
import time_machine

from samanvay.meetings.tests.meeting_fixtures import NOW, invite_person, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def meeting(world):
    return make_meeting(world)


def test_an_invitee_answers_from_the_meeting_page(world, meeting, login_as, client):
    invitation = invite_person(meeting, world.p_coord_a)
    login_as(world.coord_a)

    response = client.post(f"/meetings/{meeting.pk}/rsvp/", {"response": "yes"})

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.response == "yes"
    assert invitation.responded_at == NOW


def test_answering_again_changes_the_answer(world, meeting, login_as, client):
    invitation = invite_person(meeting, world.p_coord_a)
    login_as(world.coord_a)

    client.post(f"/meetings/{meeting.pk}/rsvp/", {"response": "yes"})
    client.post(f"/meetings/{meeting.pk}/rsvp/", {"response": "no"})

    invitation.refresh_from_db()
    assert invitation.response == "no"


def test_someone_not_invited_cannot_answer(world, meeting, login_as, client):
    login_as(world.branch)

    response = client.post(f"/meetings/{meeting.pk}/rsvp/", {"response": "yes"})

    assert response.status_code == 403


def test_the_link_shows_the_meeting_without_sign_in(world, meeting, client):
    invite_person(meeting, world.p_volunteer_a, token="abc123")
    client.cookies["samanvay_language"] = "en"

    response = client.get("/meetings/rsvp/abc123/")

    assert response.status_code == 200
    assert meeting.title in response.text
    assert "8 December 2026" in response.text
    assert response.text.count('name="response"') == 3


def test_the_link_records_the_answer_without_sign_in(world, meeting, client):
    invitation = invite_person(meeting, world.p_volunteer_a, token="abc123")

    response = client.post("/meetings/rsvp/abc123/", {"response": "maybe"})

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.response == "maybe"


def test_an_unknown_link_answers_404(client):
    assert client.get("/meetings/rsvp/nonsense/").status_code == 404


def test_a_cancelled_meeting_refuses_answers_with_a_clear_message(world, meeting, client):
    invitation = invite_person(meeting, world.p_volunteer_a, token="abc123")
    meeting.status = "cancelled"
    meeting.save()
    client.cookies["samanvay_language"] = "en"

    response = client.post("/meetings/rsvp/abc123/", {"response": "yes"}, follow=True)

    invitation.refresh_from_db()
    assert invitation.response == "pending"
    assert "This meeting has been cancelled" in response.text
