"""Every role × every dashboard URL: the dashboard for the branch, district officers, NGO
coordinators and observers; the monthly report for the branch (observers may download)."""

import datetime

import pytest
from django.urls import reverse

from samanvay.core.testing import check_access, matrix_cases
from samanvay.dashboard.models import MonthlyReport

MATRIX = [
    ("GET", "dashboard:dashboard", None, 302, 200, 200, 200, 403, 200),
    ("GET", "dashboard:monthly_reports", None, 302, 200, 403, 403, 403, 200),
    ("POST", "dashboard:monthly_report_make", None, 302, 404, 403, 403, 403, 403),
    ("POST", "dashboard:monthly_report_schedule", None, 302, 302, 403, 403, 403, 403),
    ("GET", "dashboard:monthly_report_status", "report", 302, 200, 403, 403, 403, 200),
    ("GET", "dashboard:monthly_report_file", "pdf-hi", 302, 200, 403, 403, 403, 200),
    ("GET", "dashboard:monthly_report_file", "xlsx-en", 302, 200, 403, 403, 403, 200),
    ("GET", "dashboard:monthly_report_file", "doc", 302, 404, 403, 403, 403, 404),
]

CASES = matrix_cases(MATRIX)


@pytest.fixture
def ready_report(db):
    return MonthlyReport.objects.create(
        month=datetime.date(2026, 1, 1),
        status=MonthlyReport.Status.READY,
        progress=100,
        pdf_hi=b"%PDF-1.7",
        pdf_en=b"%PDF-1.7",
        xlsx_hi=b"PK",
        xlsx_en=b"PK",
    )


@pytest.mark.parametrize(("method", "name", "obj", "role", "expected"), CASES)
def test_permission_matrix(
    world, ready_report, client, login_as, method, name, obj, role, expected
):
    if obj is None:
        url = reverse(name)
    elif obj == "report":
        url = reverse(name, args=[ready_report.pk])
    else:
        url = reverse(name, args=[ready_report.pk, obj])
    check_access(
        world=world,
        client=client,
        login_as=login_as,
        method=method,
        url=url,
        role=role,
        expected=expected,
    )
