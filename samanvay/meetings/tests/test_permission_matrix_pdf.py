"""Every role × the minutes PDF of a meeting they can see and one they cannot, in each language.

A meeting outside a user's reach answers 404 (rules.visible_meetings); so does a language other
than Hindi and English. Only GET is allowed (405). The public is sent to sign in (302).
Personas (samanvay/conftest.py): the district officer is Bhopal's; the NGO coordinator of NGO A
is invited to the Bhopal meeting, its member is not."""

import datetime

import pytest
from django.urls import reverse

from samanvay.core.testing import check_access, matrix_cases
from samanvay.meetings.models import Invitation, Meeting

# method, URL name, object "<meeting>/<language>", then the status for each role in ROLES
# (anon, branch, officer_bhopal, coord_a, member_a, observer).
MATRIX = [
    ("GET", "meetings:minutes_pdf", "bhopal/hi", 302, 200, 200, 200, 404, 404),
    ("GET", "meetings:minutes_pdf", "bhopal/en", 302, 200, 200, 200, 404, 404),
    ("GET", "meetings:minutes_pdf", "bhopal/fr", 302, 404, 404, 404, 404, 404),
    ("GET", "meetings:minutes_pdf", "indore/hi", 302, 200, 404, 404, 404, 404),
    ("POST", "meetings:minutes_pdf", "bhopal/hi", 302, 405, 405, 405, 405, 405),
]

CASES = matrix_cases(MATRIX)


def district_meeting(world, district, unit, convenor, title) -> Meeting:
    starts = datetime.datetime(2026, 6, 10, 5, 30, tzinfo=datetime.UTC)
    return Meeting.objects.create(
        level=Meeting.Level.DISTRICT,
        district=district,
        title=title,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        convening_unit=unit,
        convenor=convenor,
    )


def url_for(world, name: str, obj: str) -> str:
    which, language = obj.split("/")
    if which == "bhopal":
        meeting = district_meeting(
            world, world.bhopal, world.wps_bhopal, world.officer_bhopal, "जिला समन्वय बैठक भोपाल"
        )
        Invitation.objects.create(
            meeting=meeting, person=world.p_coord_a, ngo=world.ngo_a, token="coord-a"
        )
    else:
        meeting = district_meeting(
            world, world.indore, world.wps_indore, world.officer_indore, "जिला समन्वय बैठक इंदौर"
        )
        Invitation.objects.create(
            meeting=meeting, person=world.p_coord_b, ngo=world.ngo_b, token="coord-b"
        )
    return reverse(name, args=[meeting.pk, language])


@pytest.mark.parametrize(("method", "name", "obj", "role", "expected"), CASES)
def test_permission_matrix(world, client, login_as, method, name, obj, role, expected):
    check_access(
        world=world,
        client=client,
        login_as=login_as,
        method=method,
        url=url_for(world, name, obj),
        role=role,
        expected=expected,
    )
