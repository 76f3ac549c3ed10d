"""The monthly statewide report: made on the worker with its progress, as PDF in Hindi and English
(text read back with pypdf) and XLSX; scheduled once a month."""

import datetime
import io
import unicodedata
from io import StringIO

import time_machine
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from samanvay.dashboard import reports
from samanvay.dashboard.models import MonthlyReport, ReportSchedule


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


def without_short_i(text: str) -> str:
    """pypdf may put the short i matra (ि) of shaped text before its consonant; drop it."""
    return text.replace("\u093f", "").replace("\u200d", "").replace("\u200c", "")


def make_report(client, login_as, world, month, django_capture_on_commit_callbacks):
    login_as(world.branch)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("dashboard:monthly_report_make"), {"month": f"{month:%Y-%m}"}
        )
    assert response.status_code == 302
    return MonthlyReport.objects.get()


def test_branch_prepares_a_report_and_downloads_it(
    world, data, client, login_as, django_capture_on_commit_callbacks
):
    report = make_report(
        client, login_as, world, data.this_month, django_capture_on_commit_callbacks
    )
    assert report.status == MonthlyReport.Status.READY
    assert report.progress == 100

    page = client.get(reverse("dashboard:monthly_reports")).content.decode()
    assert reverse("dashboard:monthly_report_file", args=[report.pk, "pdf-hi"]) in page

    response = client.get(reverse("dashboard:monthly_report_file", args=[report.pk, "pdf-en"]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Monthly statewide report" in text
    assert "Verified activities: 2" in text  # this month: the two Bhopal reports
    assert "Bhopal" in text and "Srijan" in text

    hindi = pdf_text(
        client.get(reverse("dashboard:monthly_report_file", args=[report.pk, "pdf-hi"])).content
    )
    for word in ["भोपाल", "सृजन", "संबल", "मासिक", "प्रदेशव्यापी", "प्रतिवेदन", "बालिकाएँ"]:
        assert without_short_i(word) in without_short_i(hindi), word


def test_xlsx_holds_the_figures(world, data, client, login_as, django_capture_on_commit_callbacks):
    report = make_report(
        client, login_as, world, data.this_month, django_capture_on_commit_callbacks
    )
    response = client.get(reverse("dashboard:monthly_report_file", args=[report.pk, "xlsx-en"]))
    book = load_workbook(io.BytesIO(response.content))
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True)}
    assert summary["Verified activities"] == 2
    assert summary["girls"] == 40
    assert summary["women"] == 25
    districts = {row[1]: row for row in book["By district"].iter_rows(min_row=2, values_only=True)}
    assert len(districts) == 55
    assert districts[444][2] == 2  # Bhopal
    assert districts[439][2] == 0  # Indore's activity was more than a month ago... or this month
    campaigns = {
        row[0]: row[1] for row in book["By campaign"].iter_rows(min_row=2, values_only=True)
    }
    assert campaigns == {"Srijan": 1, "Sambal": 1}


def test_progress_is_shown_while_the_report_is_prepared(world, client, login_as):
    report = MonthlyReport.objects.create(
        month=datetime.date(2026, 1, 1), progress=40, status=MonthlyReport.Status.RUNNING
    )
    login_as(world.observer)
    page = client.get(reverse("dashboard:monthly_report_status", args=[report.pk])).content.decode()
    assert 'value="40"' in page
    assert "data-poll=" in page
    response = client.get(reverse("dashboard:monthly_report_file", args=[report.pk, "pdf-hi"]))
    assert response.status_code == 404


def test_the_schedule_makes_last_months_report_once(
    world, data, client, login_as, django_capture_on_commit_callbacks
):
    login_as(world.branch)
    client.post(reverse("dashboard:monthly_report_schedule"), {"active": "1"})
    assert ReportSchedule.objects.get().is_active
    moment = datetime.datetime(2031, 3, 2, 6, tzinfo=datetime.UTC)
    with (
        time_machine.travel(moment, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("generate_due_reports", stdout=StringIO())
        call_command("generate_due_reports", stdout=StringIO())
    report = MonthlyReport.objects.get()
    assert report.month == datetime.date(2031, 2, 1)
    assert report.scheduled
    assert report.status == MonthlyReport.Status.READY
    assert reports.make_due_reports(datetime.date(2031, 3, 20)) is None


def test_no_report_without_a_schedule(world, db):
    assert reports.make_due_reports(datetime.date(2031, 3, 2)) is None
