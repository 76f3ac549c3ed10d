"""Every role × every registry URL and method × an object in scope (Bhopal, NGO A) and out of
scope (Indore, NGO B), with the status each must get. One table; one row per URL, method and object.

Personas (samanvay/conftest.py): the district officer is Bhopal's, the NGO coordinator and
member are NGO A's (which works in Bhopal). An object outside a user's reach answers 404, never
the object; an action their role does not allow on an object they can see answers 403. Empty POSTs
to forms answer 200 (the form with its errors) when allowed. The public is sent to sign in (302).
"""

import pytest
from django.urls import reverse

from samanvay.core.testing import check_access, matrix_cases

# method, URL name, object (world attribute, or None), then the status for each role in ROLES.
MATRIX = [
    ("GET", "core:audit_log", None, 302, 200, 403, 403, 403, 403),
    ("GET", "directory:district_list", None, 302, 200, 200, 200, 200, 200),
    ("GET", "directory:district_detail", "bhopal", 302, 200, 200, 200, 200, 200),
    ("GET", "directory:district_detail", "indore", 302, 200, 200, 200, 200, 200),
    # police units
    ("GET", "directory:police_unit_list", None, 302, 200, 200, 200, 200, 200),
    ("GET", "directory:police_unit_detail", "wps_bhopal", 302, 200, 200, 200, 200, 200),
    ("GET", "directory:police_unit_detail", "wps_indore", 302, 200, 404, 404, 404, 200),
    ("GET", "directory:police_unit_detail", "hq", 302, 200, 200, 200, 200, 200),
    ("GET", "directory:police_unit_create", None, 302, 200, 200, 403, 403, 403),
    ("POST", "directory:police_unit_create", None, 302, 200, 200, 403, 403, 403),
    ("GET", "directory:police_unit_edit", "wps_bhopal", 302, 200, 200, 403, 403, 403),
    ("POST", "directory:police_unit_edit", "wps_bhopal", 302, 200, 200, 403, 403, 403),
    ("GET", "directory:police_unit_edit", "wps_indore", 302, 200, 404, 404, 404, 403),
    ("POST", "directory:police_unit_edit", "wps_indore", 302, 200, 404, 404, 404, 403),
    ("GET", "directory:police_unit_edit", "hq", 302, 200, 403, 403, 403, 403),
    ("GET", "directory:police_unit_export", "xlsx", 302, 200, 200, 200, 200, 200),
    ("GET", "directory:police_unit_export", "csv", 302, 200, 200, 200, 200, 200),
    ("GET", "directory:police_unit_import", None, 302, 200, 403, 403, 403, 403),
    ("POST", "directory:police_unit_import", None, 302, 200, 403, 403, 403, 403),
    # NGOs
    ("GET", "directory:ngo_list", None, 302, 200, 200, 200, 200, 200),
    ("GET", "directory:ngo_detail", "ngo_a", 302, 200, 200, 200, 200, 200),
    ("GET", "directory:ngo_detail", "ngo_b", 302, 200, 404, 404, 404, 200),
    ("GET", "directory:ngo_create", None, 302, 200, 200, 403, 403, 403),
    ("POST", "directory:ngo_create", None, 302, 200, 200, 403, 403, 403),
    ("GET", "directory:ngo_edit", "ngo_a", 302, 200, 403, 200, 403, 403),
    ("POST", "directory:ngo_edit", "ngo_a", 302, 200, 403, 200, 403, 403),
    ("GET", "directory:ngo_edit", "ngo_b", 302, 200, 404, 404, 404, 403),
    ("POST", "directory:ngo_edit", "ngo_b", 302, 200, 404, 404, 404, 403),
    ("GET", "directory:ngo_verify", "ngo_a", 302, 200, 403, 403, 403, 403),
    ("POST", "directory:ngo_verify", "ngo_a", 302, 200, 403, 403, 403, 403),
    ("GET", "directory:ngo_verify", "ngo_b", 302, 200, 404, 404, 404, 403),
    ("GET", "directory:ngo_export", "xlsx", 302, 200, 200, 200, 200, 200),
    ("GET", "directory:ngo_export", "csv", 302, 200, 200, 200, 200, 200),
    ("GET", "directory:ngo_import", None, 302, 200, 403, 403, 403, 403),
    ("POST", "directory:ngo_import", None, 302, 200, 403, 403, 403, 403),
    # people and memberships
    ("GET", "directory:person_list", None, 302, 200, 200, 200, 200, 403),
    ("GET", "directory:person_detail", "p_member_a", 302, 200, 200, 200, 200, 404),
    ("GET", "directory:person_detail", "p_coord_a", 302, 200, 200, 200, 404, 404),
    ("GET", "directory:person_detail", "p_officer_bhopal", 302, 200, 200, 404, 404, 404),
    ("GET", "directory:person_detail", "p_member_b", 302, 200, 404, 404, 404, 404),
    ("GET", "directory:person_create", None, 302, 200, 200, 200, 403, 403),
    ("POST", "directory:person_create", None, 302, 200, 200, 200, 403, 403),
    ("GET", "directory:person_edit", "p_member_a", 302, 200, 403, 200, 200, 404),
    ("POST", "directory:person_edit", "p_member_a", 302, 200, 403, 200, 200, 404),
    ("GET", "directory:person_edit", "p_officer_bhopal", 302, 200, 200, 404, 404, 404),
    ("GET", "directory:person_edit", "p_member_b", 302, 200, 404, 404, 404, 404),
    ("POST", "directory:person_edit", "p_member_b", 302, 200, 404, 404, 404, 404),
    ("GET", "directory:membership_add", "p_member_a", 302, 200, 200, 200, 403, 404),
    ("POST", "directory:membership_add", "p_member_a", 302, 200, 200, 200, 403, 404),
    ("GET", "directory:membership_add", "p_member_b", 302, 200, 404, 404, 404, 404),
    ("POST", "directory:membership_end", "m_member_a", 302, 302, 403, 302, 403, 404),
    ("POST", "directory:membership_end", "m_officer_bhopal", 302, 302, 302, 404, 404, 404),
    ("POST", "directory:membership_end", "m_member_b", 302, 302, 404, 404, 404, 404),
    ("GET", "directory:membership_end", "m_member_a", 302, 405, 405, 405, 405, 405),
    ("POST", "directory:membership_delete", "m_member_a", 302, 302, 403, 302, 403, 404),
    ("POST", "directory:membership_delete", "m_member_b", 302, 302, 404, 404, 404, 404),
    # sign-in accounts of people
    ("GET", "accounts:account_create", "p_volunteer_a", 302, 200, 403, 200, 404, 404),
    ("POST", "accounts:account_create", "p_volunteer_a", 302, 200, 403, 200, 404, 404),
    ("GET", "accounts:account_create", "p_volunteer_b", 302, 200, 404, 404, 404, 404),
    ("POST", "accounts:account_set_active", "p_member_a", 302, 302, 403, 302, 403, 404),
    ("POST", "accounts:account_set_active", "p_coord_a", 302, 302, 403, 403, 404, 404),
    ("POST", "accounts:account_set_active", "p_member_b", 302, 302, 404, 404, 404, 404),
    # Shakti Samitis
    ("GET", "directory:samiti_list", None, 302, 200, 200, 200, 200, 403),
    ("GET", "directory:samiti_detail", "samiti_bhopal", 302, 200, 200, 200, 200, 404),
    ("GET", "directory:samiti_detail", "samiti_indore", 302, 200, 404, 404, 404, 404),
    ("GET", "directory:samiti_create", None, 302, 200, 200, 403, 403, 403),
    ("POST", "directory:samiti_create", None, 302, 200, 200, 403, 403, 403),
    ("GET", "directory:samiti_edit", "samiti_bhopal", 302, 200, 200, 403, 403, 404),
    ("POST", "directory:samiti_edit", "samiti_bhopal", 302, 200, 200, 403, 403, 404),
    ("GET", "directory:samiti_edit", "samiti_indore", 302, 200, 404, 404, 404, 404),
    ("POST", "directory:samiti_delete", "samiti_bhopal", 302, 302, 302, 403, 403, 404),
    ("POST", "directory:samiti_delete", "samiti_indore", 302, 302, 404, 404, 404, 404),
    ("GET", "directory:samiti_delete", "samiti_bhopal", 302, 405, 405, 405, 405, 405),
]

CASES = matrix_cases(MATRIX)


def url_for(world, name: str, obj: str | None) -> str:
    if obj is None:
        return reverse(name)
    if obj in {"xlsx", "csv"}:
        return reverse(name, args=[obj])
    if obj.startswith("m_"):
        person = getattr(world, "p_" + obj[2:])
        return reverse(name, args=[person.memberships.get().pk])
    target = getattr(world, obj)
    return reverse(name, args=[target.code if name.endswith("district_detail") else target.pk])


@pytest.mark.parametrize(("method", "name", "obj", "role", "expected"), CASES)
def test_permission_matrix(world, client, login_as, method, name, obj, role, expected):
    url = url_for(world, name, obj)
    check_access(
        world=world,
        client=client,
        login_as=login_as,
        method=method,
        url=url,
        role=role,
        expected=expected,
    )
