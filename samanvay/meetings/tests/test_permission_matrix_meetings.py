"""Every role × every URL of meetings, invitations, RSVP and attendance × a meeting in and out of
scope, with the status each must get (same shape as the registry's matrix).

Objects: "state" is a state meeting to which only NGO A's coordinator is invited; "bhopal" and
"indore" are district meetings nobody is invited to. A meeting outside a user's reach answers
404; one they can see but may not manage answers 403. Empty POSTs to forms answer 200 (the form
with its errors) when allowed; the RSVP link works without signing in.
"""

import pytest
from django.urls import reverse

from samanvay.core.testing import check_access, matrix_cases
from samanvay.meetings import services
from samanvay.meetings.tests.meeting_fixtures import invite_person, make_meeting

MATRIX = [
    ("GET", "meetings:meeting_list", None, 302, 200, 200, 200, 200, 403),
    ("GET", "meetings:meeting_create", None, 302, 200, 200, 403, 403, 403),
    ("POST", "meetings:meeting_create", None, 302, 200, 200, 403, 403, 403),
    ("GET", "meetings:meeting_detail", "state", 302, 200, 404, 200, 404, 404),
    ("GET", "meetings:meeting_detail", "bhopal", 302, 200, 200, 404, 404, 404),
    ("GET", "meetings:meeting_detail", "indore", 302, 200, 404, 404, 404, 404),
    ("GET", "meetings:meeting_edit", "state", 302, 200, 404, 403, 404, 404),
    ("POST", "meetings:meeting_edit", "state", 302, 200, 404, 403, 404, 404),
    ("GET", "meetings:meeting_edit", "bhopal", 302, 200, 200, 404, 404, 404),
    ("POST", "meetings:meeting_edit", "bhopal", 302, 200, 200, 404, 404, 404),
    ("GET", "meetings:meeting_edit", "indore", 302, 200, 404, 404, 404, 404),
    ("POST", "meetings:meeting_edit", "indore", 302, 200, 404, 404, 404, 404),
    ("GET", "meetings:meeting_invite", "state", 302, 200, 404, 403, 404, 404),
    ("POST", "meetings:meeting_invite", "state", 302, 200, 404, 403, 404, 404),
    ("GET", "meetings:meeting_invite", "bhopal", 302, 200, 200, 404, 404, 404),
    ("POST", "meetings:meeting_invite", "bhopal", 302, 200, 200, 404, 404, 404),
    ("POST", "meetings:meeting_invite", "indore", 302, 200, 404, 404, 404, 404),
    ("POST", "meetings:invitation_rule_remove", "state_rule", 302, 302, 404, 403, 404, 404),
    ("POST", "meetings:invitation_rule_remove", "bhopal_rule", 302, 302, 302, 404, 404, 404),
    ("POST", "meetings:invitation_rule_remove", "indore_rule", 302, 302, 404, 404, 404, 404),
    ("GET", "meetings:invitation_rule_remove", "state_rule", 302, 405, 405, 405, 405, 405),
    ("POST", "meetings:rsvp", "state", 302, 403, 404, 302, 404, 404),
    ("POST", "meetings:rsvp", "bhopal", 302, 403, 403, 404, 404, 404),
    ("GET", "meetings:rsvp", "state", 302, 405, 405, 405, 405, 405),
    ("GET", "meetings:rsvp_by_link", "token", 200, 200, 200, 200, 200, 200),
    ("POST", "meetings:rsvp_by_link", "token", 200, 200, 200, 200, 200, 200),
    ("GET", "meetings:rsvp_by_link", "bad_token", 404, 404, 404, 404, 404, 404),
    ("GET", "meetings:attendance", "state", 302, 200, 404, 403, 404, 404),
    ("POST", "meetings:attendance", "state", 302, 200, 404, 403, 404, 404),
    ("GET", "meetings:attendance", "bhopal", 302, 200, 200, 404, 404, 404),
    ("POST", "meetings:attendance", "bhopal", 302, 200, 200, 404, 404, 404),
    ("GET", "meetings:attendance", "indore", 302, 200, 404, 404, 404, 404),
    ("GET", "meetings:meeting_ics", "state", 302, 200, 404, 200, 404, 404),
    ("GET", "meetings:meeting_ics", "bhopal", 302, 200, 200, 404, 404, 404),
    ("GET", "meetings:meeting_ics", "indore", 302, 200, 404, 404, 404, 404),
]

CASES = matrix_cases(MATRIX)


@pytest.fixture
def meetings(world):
    state = make_meeting(world)
    invite_person(state, world.p_coord_a, token="the-token")
    bhopal = make_meeting(world, level="district", district=world.bhopal)
    indore = make_meeting(
        world, level="district", district=world.indore, convening_unit=world.wps_indore
    )
    for meeting in (state, bhopal, indore):
        services.add_rule(
            actor=world.branch, meeting=meeting, kind="police_unit", police_unit=world.ps_bhopal
        )
    return {"state": state, "bhopal": bhopal, "indore": indore}


def url_for(meetings, name: str, obj: str | None) -> str:
    if obj is None:
        return reverse(name)
    if obj == "token":
        return reverse(name, args=["the-token"])
    if obj == "bad_token":
        return reverse(name, args=["no-such-token"])
    if obj.endswith("_rule"):
        meeting = meetings[obj.removesuffix("_rule")]
        return reverse(name, args=[meeting.pk, meeting.rules.get().pk])
    return reverse(name, args=[meetings[obj].pk])


@pytest.mark.parametrize(("method", "name", "obj", "role", "expected"), CASES)
def test_permission_matrix(world, meetings, client, login_as, method, name, obj, role, expected):
    url = url_for(meetings, name, obj)
    if role == "anon" and expected != 302:
        # A page for the public (the RSVP link): no sign-in needed.
        response = client.get(url) if method == "GET" else client.post(url, {})
        assert response.status_code == expected
        return
    check_access(
        world=world,
        client=client,
        login_as=login_as,
        method=method,
        url=url,
        role=role,
        expected=expected,
    )
