"""Every role × every URL of minutes, decisions and action items, for objects in and out of reach.

Meetings (test_minutes_fixtures): `m_bhopal` (district, Bhopal; NGO A's coordinator and member
invited), `m_indore` (district, Indore; no Bhopal invitee), `m_state` (state; the Bhopal officer
and NGO A's coordinator invited). Action items: `i_bhopal` (on m_bhopal, owned by NGO A),
`i_indore` (on m_indore, owned by the Indore women police station), `i_state` (on m_state, owned by
NGO A's member, who is not invited: owning it is enough to see it), `i_file` (on m_bhopal, done,
with an evidence file). Outside reach: 404; in reach but not allowed: 403; empty POSTs to forms:
200 with errors (the minutes form accepts empty minutes: 302).
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from samanvay.core.testing import check_access, matrix_cases
from samanvay.meetings.tests.test_minutes_fixtures import make_item, minutes_world

MATRIX = [
    # minutes
    ("GET", "meetings:minutes_edit", "m_bhopal", 302, 200, 200, 403, 403, 404),
    ("POST", "meetings:minutes_edit", "m_bhopal", 302, 302, 302, 403, 403, 404),
    ("GET", "meetings:minutes_edit", "m_indore", 302, 200, 404, 404, 404, 404),
    ("POST", "meetings:minutes_edit", "m_indore", 302, 302, 404, 404, 404, 404),
    ("GET", "meetings:minutes_edit", "m_state", 302, 200, 403, 403, 404, 404),
    ("POST", "meetings:minutes_edit", "m_state", 302, 302, 403, 403, 404, 404),
    # decisions
    ("GET", "meetings:decision_add", "m_bhopal", 302, 200, 200, 403, 403, 404),
    ("POST", "meetings:decision_add", "m_bhopal", 302, 200, 200, 403, 403, 404),
    ("GET", "meetings:decision_add", "m_indore", 302, 200, 404, 404, 404, 404),
    ("POST", "meetings:decision_add", "m_state", 302, 200, 403, 403, 404, 404),
    # action items
    ("GET", "meetings:action_item_add", "m_bhopal", 302, 200, 200, 403, 403, 404),
    ("POST", "meetings:action_item_add", "m_bhopal", 302, 200, 200, 403, 403, 404),
    ("GET", "meetings:action_item_add", "m_indore", 302, 200, 404, 404, 404, 404),
    ("POST", "meetings:action_item_add", "m_indore", 302, 200, 404, 404, 404, 404),
    ("GET", "meetings:action_item_add", "m_state", 302, 200, 403, 403, 404, 404),
    ("POST", "meetings:action_item_add", "m_state", 302, 200, 403, 403, 404, 404),
    ("GET", "meetings:my_action_items", None, 302, 200, 200, 200, 200, 200),
    ("POST", "meetings:my_action_items", None, 302, 405, 405, 405, 405, 405),
    ("GET", "meetings:action_item_detail", "i_bhopal", 302, 200, 200, 200, 200, 404),
    ("GET", "meetings:action_item_detail", "i_indore", 302, 200, 404, 404, 404, 404),
    ("GET", "meetings:action_item_detail", "i_state", 302, 200, 200, 200, 200, 404),
    ("POST", "meetings:action_item_update", "i_bhopal", 302, 200, 200, 200, 403, 404),
    ("POST", "meetings:action_item_update", "i_indore", 302, 200, 404, 404, 404, 404),
    ("POST", "meetings:action_item_update", "i_state", 302, 200, 403, 403, 200, 404),
    ("GET", "meetings:action_item_update", "i_bhopal", 302, 405, 405, 405, 405, 405),
    ("GET", "meetings:action_item_evidence", "i_file", 302, 200, 200, 200, 200, 404),
    ("GET", "meetings:action_item_evidence", "i_bhopal", 302, 404, 404, 404, 404, 404),
    ("GET", "meetings:action_item_evidence", "i_indore", 302, 404, 404, 404, 404, 404),
]

CASES = matrix_cases(MATRIX)


@pytest.fixture
def w(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    w = minutes_world(world)
    w.i_bhopal = make_item(w.m_bhopal, owner_ngo=w.ngo_a)
    w.i_indore = make_item(w.m_indore, owner_police_unit=w.wps_indore)
    w.i_state = make_item(w.m_state, owner_person=w.p_member_a)
    w.i_file = make_item(w.m_bhopal, owner_ngo=w.ngo_a, status="done")
    w.i_file.evidence_file.save("letter.pdf", ContentFile(b"%PDF-1.4 evidence"))
    return w


@pytest.mark.parametrize(("method", "name", "obj", "role", "expected"), CASES)
def test_permission_matrix(w, client, login_as, method, name, obj, role, expected):
    url = reverse(name) if obj is None else reverse(name, args=[getattr(w, obj).pk])
    check_access(
        world=w,
        client=client,
        login_as=login_as,
        method=method,
        url=url,
        role=role,
        expected=expected,
    )
