"""Every role × every activity-report URL and method × reports in and out of scope, with the status
each must get. One table; one row per URL, method and object.

Objects (tests/conftest.py `reports`): draft_a, submitted_a and verified_a are NGO A's reports in
Bhopal written by member_a; submitted_b is NGO B's report in Indore. photo_* are their photos.
A report outside a user's reach answers 404; an action their role or the report's state does not
allow answers 403. Empty POSTs: "Save draft" keeps an empty draft (302); return and reopen show
the form with its error (200). The public is sent to sign in (302).
"""

import pytest
from django.urls import reverse

from samanvay.core.testing import check_access, matrix_cases

# method, URL name, object (a `reports` attribute, an export format, or None), then statuses.
MATRIX = [
    ("GET", "activities:report_list", None, 302, 200, 200, 200, 200, 403),
    ("GET", "activities:report_export", "xlsx", 302, 200, 200, 200, 200, 403),
    ("GET", "activities:report_export", "csv", 302, 200, 200, 200, 200, 403),
    ("GET", "activities:report_export", "pdf", 302, 404, 404, 404, 404, 404),
    ("GET", "activities:report_create", None, 302, 200, 200, 200, 200, 403),
    ("POST", "activities:report_create", None, 302, 302, 302, 302, 302, 403),
    # detail
    ("GET", "activities:report_detail", "draft_a", 302, 200, 200, 200, 200, 404),
    ("GET", "activities:report_detail", "submitted_a", 302, 200, 200, 200, 200, 404),
    ("GET", "activities:report_detail", "verified_a", 302, 200, 200, 200, 200, 404),
    ("GET", "activities:report_detail", "submitted_b", 302, 200, 404, 404, 404, 404),
    # edit: author and their NGO's coordinator, while draft or returned
    ("GET", "activities:report_edit", "draft_a", 302, 403, 403, 200, 200, 404),
    ("POST", "activities:report_edit", "draft_a", 302, 403, 403, 302, 302, 404),
    ("GET", "activities:report_edit", "submitted_a", 302, 403, 403, 403, 403, 404),
    ("GET", "activities:report_edit", "verified_a", 302, 403, 403, 403, 403, 404),
    ("POST", "activities:report_edit", "verified_a", 302, 403, 403, 403, 403, 404),
    ("GET", "activities:report_edit", "submitted_b", 302, 403, 404, 404, 404, 404),
    ("POST", "activities:report_edit", "submitted_b", 302, 403, 404, 404, 404, 404),
    # submit
    ("POST", "activities:report_submit", "draft_a", 302, 403, 403, 302, 302, 404),
    ("POST", "activities:report_submit", "verified_a", 302, 403, 403, 403, 403, 404),
    ("POST", "activities:report_submit", "submitted_b", 302, 403, 404, 404, 404, 404),
    ("GET", "activities:report_submit", "draft_a", 302, 405, 405, 405, 405, 405),
    # verify and return: the district's officer or the branch, never the author
    ("POST", "activities:report_verify", "submitted_a", 302, 302, 302, 403, 403, 404),
    ("POST", "activities:report_verify", "submitted_b", 302, 302, 404, 404, 404, 404),
    ("POST", "activities:report_verify", "draft_a", 302, 403, 403, 403, 403, 404),
    ("POST", "activities:report_verify", "verified_a", 302, 403, 403, 403, 403, 404),
    ("GET", "activities:report_verify", "submitted_a", 302, 405, 405, 405, 405, 405),
    ("POST", "activities:report_return", "submitted_a", 302, 200, 200, 403, 403, 404),
    ("POST", "activities:report_return", "submitted_b", 302, 200, 404, 404, 404, 404),
    ("POST", "activities:report_return", "draft_a", 302, 403, 403, 403, 403, 404),
    # reopen: the branch only, verified reports only
    ("POST", "activities:report_reopen", "verified_a", 302, 200, 403, 403, 403, 404),
    ("POST", "activities:report_reopen", "submitted_a", 302, 403, 403, 403, 403, 404),
    ("POST", "activities:report_reopen", "submitted_b", 302, 403, 404, 404, 404, 404),
    # photos
    ("GET", "activities:photo_view", "photo_a", 302, 200, 200, 200, 200, 404),
    ("GET", "activities:photo_view", "photo_b", 302, 200, 404, 404, 404, 404),
    ("GET", "activities:photo_thumbnail", "photo_a", 302, 200, 200, 200, 200, 404),
    ("GET", "activities:photo_thumbnail", "photo_b", 302, 200, 404, 404, 404, 404),
    ("POST", "activities:photo_remove", "photo_draft_a", 302, 403, 403, 302, 302, 404),
    ("POST", "activities:photo_remove", "photo_a", 302, 403, 403, 403, 403, 404),
    ("POST", "activities:photo_remove", "photo_b", 302, 403, 404, 404, 404, 404),
    ("GET", "activities:photo_remove", "photo_draft_a", 302, 405, 405, 405, 405, 405),
]

CASES = matrix_cases(MATRIX)


def url_for(reports, name: str, obj: str | None) -> str:
    if obj is None:
        return reverse(name)
    if obj in {"xlsx", "csv", "pdf"}:
        return reverse(name, args=[obj])
    target = getattr(reports, obj)
    if obj.startswith("photo_"):
        return reverse(name, args=[target.report_id, target.pk])
    return reverse(name, args=[target.pk])


@pytest.mark.parametrize(("method", "name", "obj", "role", "expected"), CASES)
def test_permission_matrix(world, reports, client, login_as, method, name, obj, role, expected):
    url = url_for(reports, name, obj)
    check_access(
        world=world,
        client=client,
        login_as=login_as,
        method=method,
        url=url,
        role=role,
        expected=expected,
    )
