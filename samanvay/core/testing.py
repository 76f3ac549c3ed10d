"""Shared machinery of the permission-matrix tests (one table per app, same shape).

A table row is (method, URL name, object key, then the expected status for each of ROLES)."""

import pytest
from django.urls import reverse

ROLES = ["anon", "branch", "officer_bhopal", "coord_a", "member_a", "observer"]


def matrix_cases(matrix) -> list:
    return [
        pytest.param(method, name, obj, role, row[index], id=f"{method} {name} {obj or ''} {role}")
        for (method, name, obj, *row) in matrix
        for index, role in enumerate(ROLES)
    ]


def check_access(*, world, client, login_as, method: str, url: str, role: str, expected: int):
    """Request `url` as `role` (a persona of `world`, or the public) and check the status."""
    if role != "anon":
        login_as(getattr(world, role))
    response = client.get(url) if method == "GET" else client.post(url, {})
    if response.streaming:
        response.close()  # a file download: close what it streams
    assert response.status_code == expected, (method, url, role)
    if role == "anon":
        assert response["Location"].startswith(reverse("accounts:login"))
