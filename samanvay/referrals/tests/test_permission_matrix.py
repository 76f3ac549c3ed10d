"""Every role × every referrals URL × a referral in and out of scope, with protected and
unprotected pages (same shape as the registry's matrix).

Objects: "bhopal" is raised by NGO A's coordinator for NGO A, nobody assigned; "assigned" is the
same with Bhopal's officer and NGO A's member as assignees (and a photo); "indore" is raised by
Indore's officer. Out of reach: 404; in reach but not allowed: 403. The protected record opens for
its assignees; the branch gets the form that asks for a reason (200), everyone else 403.
"""

import pytest
from django.urls import reverse

from samanvay.core.testing import check_access, matrix_cases
from samanvay.referrals import services

# method, URL name, object, then anon, branch, officer_bhopal, coord_a, member_a, observer.
MATRIX = [
    ("GET", "referrals:referral_list", None, 302, 200, 200, 200, 200, 403),
    ("GET", "referrals:referral_create", None, 302, 200, 200, 200, 200, 403),
    ("POST", "referrals:referral_create", None, 302, 200, 200, 200, 200, 403),
    ("GET", "referrals:service_list", None, 302, 200, 200, 200, 200, 403),
    ("GET", "referrals:service_create", None, 302, 200, 200, 403, 403, 403),
    ("POST", "referrals:service_create", None, 302, 200, 200, 403, 403, 403),
    ("GET", "referrals:tip_form", None, 200, 200, 200, 200, 200, 200),
    ("POST", "referrals:tip_form", None, 200, 200, 200, 200, 200, 200),
    ("GET", "referrals:tip_status", None, 200, 200, 200, 200, 200, 200),
    ("POST", "referrals:tip_status", None, 200, 200, 200, 200, 200, 200),
    ("GET", "referrals:referral_detail", "bhopal", 302, 200, 200, 200, 404, 404),
    ("GET", "referrals:referral_detail", "assigned", 302, 200, 200, 200, 200, 404),
    ("GET", "referrals:referral_detail", "indore", 302, 200, 404, 404, 404, 404),
    ("POST", "referrals:referral_acknowledge", "bhopal", 302, 302, 302, 403, 404, 404),
    ("POST", "referrals:referral_acknowledge", "indore", 302, 302, 404, 404, 404, 404),
    ("GET", "referrals:referral_acknowledge", "bhopal", 302, 405, 405, 405, 405, 405),
    ("POST", "referrals:referral_start", "bhopal", 302, 302, 302, 403, 404, 404),
    ("POST", "referrals:referral_start", "indore", 302, 302, 404, 404, 404, 404),
    ("GET", "referrals:referral_close", "bhopal", 302, 200, 200, 403, 404, 404),
    ("POST", "referrals:referral_close", "bhopal", 302, 200, 200, 403, 404, 404),
    ("GET", "referrals:referral_close", "indore", 302, 200, 404, 404, 404, 404),
    ("GET", "referrals:referral_assign", "bhopal", 302, 200, 200, 200, 404, 404),
    ("POST", "referrals:referral_assign", "assigned", 302, 200, 200, 200, 403, 404),
    ("GET", "referrals:referral_assign", "indore", 302, 200, 404, 404, 404, 404),
    ("GET", "referrals:referral_hand_over", "bhopal", 302, 200, 200, 403, 404, 404),
    ("POST", "referrals:referral_hand_over", "bhopal", 302, 200, 200, 403, 404, 404),
    ("GET", "referrals:referral_share", "bhopal", 302, 200, 200, 200, 404, 404),
    ("POST", "referrals:referral_share", "bhopal", 302, 200, 200, 200, 404, 404),
    ("GET", "referrals:referral_share", "assigned", 302, 200, 200, 200, 403, 404),
    ("GET", "referrals:referral_share", "indore", 302, 200, 404, 404, 404, 404),
    # the protected record
    ("GET", "referrals:protected_view", "bhopal", 302, 200, 403, 403, 404, 404),
    ("GET", "referrals:protected_view", "assigned", 302, 200, 200, 403, 200, 404),
    ("POST", "referrals:protected_view", "assigned", 302, 200, 200, 403, 200, 404),
    ("GET", "referrals:protected_view", "indore", 302, 200, 404, 404, 404, 404),
    ("GET", "referrals:protected_edit", "bhopal", 302, 403, 403, 200, 404, 404),
    ("GET", "referrals:protected_edit", "assigned", 302, 403, 200, 200, 200, 404),
    ("POST", "referrals:protected_edit", "assigned", 302, 403, 200, 200, 200, 404),
    ("GET", "referrals:protected_photo", "assigned", 302, 403, 200, 403, 200, 404),
    ("GET", "referrals:protected_photo", "bhopal", 302, 403, 403, 403, 404, 404),
    ("GET", "referrals:protected_photo", "indore", 302, 403, 404, 404, 404, 404),
]

CASES = matrix_cases(MATRIX)

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\xbd\xfa"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def referrals(world, raise_one):
    bhopal = raise_one()
    assigned = raise_one(photo=(PNG, "image/png"))
    services.assign(actor=world.officer_bhopal, referral=assigned, officer=world.officer_bhopal)
    services.assign(actor=world.coord_a, referral=assigned, caseworker=world.member_a)
    indore = raise_one(actor=world.officer_indore, district=world.indore, ngo=None)
    return {"bhopal": bhopal, "assigned": assigned, "indore": indore}


@pytest.mark.parametrize(("method", "name", "obj", "role", "expected"), CASES)
def test_permission_matrix(world, referrals, client, login_as, method, name, obj, role, expected):
    url = reverse(name, args=[referrals[obj].code]) if obj else reverse(name)
    if role == "anon" and expected != 302:
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
