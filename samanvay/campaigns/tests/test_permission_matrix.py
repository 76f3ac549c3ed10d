"""Every role × every campaign URL and method, with the status each must get.

Objects: the Srijan campaign, its published plan and a draft plan (tests/conftest.py). Drafts are
the branch's alone (404 for everyone else); the plan editor answers 403 to those who can see the
plan but may not plan campaigns. Empty POSTs to forms answer 200 (the form with its errors).
"""

import pytest
from django.urls import reverse

from samanvay.core.testing import check_access, matrix_cases

# method, URL name, object, then the status for each role in ROLES.
MATRIX = [
    ("GET", "campaigns:campaign_list", None, 302, 200, 200, 200, 200, 200),
    ("GET", "campaigns:campaign_detail", "srijan", 302, 200, 200, 200, 200, 200),
    ("GET", "campaigns:campaign_detail", "no-such-campaign", 302, 404, 404, 404, 404, 404),
    ("GET", "campaigns:plan_create", "srijan", 302, 200, 403, 403, 403, 403),
    ("POST", "campaigns:plan_create", "srijan", 302, 200, 403, 403, 403, 403),
    # reading plans
    ("GET", "campaigns:plan_detail", "published", 302, 200, 200, 200, 200, 200),
    ("GET", "campaigns:plan_detail", "draft", 302, 200, 404, 404, 404, 404),
    ("GET", "campaigns:plan_district", "published/bhopal", 302, 200, 200, 200, 200, 200),
    ("GET", "campaigns:plan_district", "published/indore", 302, 200, 200, 200, 200, 200),
    ("GET", "campaigns:plan_district", "draft/bhopal", 302, 200, 404, 404, 404, 404),
    ("GET", "campaigns:plan_versions", "published", 302, 200, 200, 200, 200, 200),
    ("GET", "campaigns:plan_versions", "draft", 302, 200, 404, 404, 404, 404),
    ("GET", "campaigns:plan_compare", "published", 302, 200, 200, 200, 200, 200),
    ("GET", "campaigns:plan_compare", "draft", 302, 302, 404, 404, 404, 404),
    # the plan editor
    ("GET", "campaigns:plan_edit", "published", 302, 200, 403, 403, 403, 403),
    ("POST", "campaigns:plan_edit", "published", 302, 200, 403, 403, 403, 403),
    ("GET", "campaigns:plan_edit", "draft", 302, 200, 404, 404, 404, 404),
    ("POST", "campaigns:plan_edit", "draft", 302, 200, 404, 404, 404, 404),
    ("GET", "campaigns:plan_targets", "published", 302, 200, 403, 403, 403, 403),
    ("POST", "campaigns:plan_targets", "published", 302, 200, 403, 403, 403, 403),
    ("GET", "campaigns:plan_targets", "draft", 302, 200, 404, 404, 404, 404),
    ("POST", "campaigns:plan_targets", "draft", 302, 200, 404, 404, 404, 404),
    ("GET", "campaigns:plan_target_edit", "published/bhopal", 302, 200, 403, 403, 403, 403),
    ("POST", "campaigns:plan_target_edit", "published/bhopal", 302, 200, 403, 403, 403, 403),
    ("GET", "campaigns:plan_target_edit", "draft/indore", 302, 200, 404, 404, 404, 404),
    ("POST", "campaigns:plan_target_edit", "draft/indore", 302, 200, 404, 404, 404, 404),
    ("GET", "campaigns:plan_partners", "published", 302, 200, 403, 403, 403, 403),
    ("POST", "campaigns:plan_partners", "published", 302, 200, 403, 403, 403, 403),
    ("GET", "campaigns:plan_partners", "draft", 302, 200, 404, 404, 404, 404),
    ("POST", "campaigns:plan_partners", "draft", 302, 200, 404, 404, 404, 404),
    ("POST", "campaigns:plan_partner_remove", "published/partner_a", 302, 302, 403, 403, 403, 403),
    ("GET", "campaigns:plan_partner_remove", "published/partner_a", 302, 405, 405, 405, 405, 405),
    ("GET", "campaigns:plan_publish", "published", 302, 200, 403, 403, 403, 403),
    ("POST", "campaigns:plan_publish", "published", 302, 200, 403, 403, 403, 403),
    ("GET", "campaigns:plan_publish", "draft", 302, 200, 404, 404, 404, 404),
    ("POST", "campaigns:plan_publish", "draft", 302, 200, 404, 404, 404, 404),
]

CASES = matrix_cases(MATRIX)


def url_for(world, plans, name: str, obj: str | None) -> str:
    if obj is None:
        return reverse(name)
    if "/" not in obj and name in {"campaigns:campaign_detail", "campaigns:plan_create"}:
        return reverse(name, args=[obj])
    plan_name, _, detail = obj.partition("/")
    plan = getattr(plans, plan_name)
    if not detail:
        return reverse(name, args=[plan.pk])
    if detail == "partner_a":
        return reverse(name, args=[plan.pk, plans.partner_a.pk])
    return reverse(name, args=[plan.pk, getattr(world, detail).code])


@pytest.mark.parametrize(("method", "name", "obj", "role", "expected"), CASES)
def test_permission_matrix(world, plans, client, login_as, method, name, obj, role, expected):
    url = url_for(world, plans, name, obj)
    check_access(
        world=world,
        client=client,
        login_as=login_as,
        method=method,
        url=url,
        role=role,
        expected=expected,
    )
