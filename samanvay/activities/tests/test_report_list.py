"""Report lists: scope, filters, "My reports" and "To verify", pagination, exports, and a number
of queries that does not grow with the data."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from samanvay.activities.models import ActivityReport
from samanvay.activities.tests.conftest import make_report

Status = ActivityReport.Status
LIST = reverse("activities:report_list")


def listed(response) -> set[int]:
    return {report.pk for report in response.context["page"]}


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def test_each_user_lists_only_the_reports_in_reach(world, reports, client, login_as):
    login_as(world.officer_bhopal)
    bhopal = {reports.draft_a.pk, reports.submitted_a.pk, reports.verified_a.pk}
    assert listed(client.get(LIST)) == bhopal
    login_as(world.branch)
    assert listed(client.get(LIST)) == bhopal | {reports.submitted_b.pk}
    login_as(world.member_b)
    assert listed(client.get(LIST)) == {reports.submitted_b.pk}


def test_my_reports_and_to_verify(world, types, reports, client, login_as):
    own = make_report(world, types, author=world.coord_a)
    login_as(world.coord_a)
    assert listed(client.get(LIST, {"show": "mine"})) == {own.pk}
    login_as(world.officer_bhopal)
    assert listed(client.get(LIST, {"show": "to_verify"})) == {reports.submitted_a.pk}
    login_as(world.branch)
    to_verify = {reports.submitted_a.pk, reports.submitted_b.pk}
    assert listed(client.get(LIST, {"show": "to_verify"})) == to_verify


# Each case: the query (built from the world) and the reports it must list (None: all).
FILTERS = {
    "status": (lambda w: {"status": "submitted"}, {"submitted_a", "submitted_b"}),
    "district": (lambda w: {"district": "439"}, {"submitted_b"}),
    "type": (lambda w: {"type": "rescue_operation"}, {"rescue"}),
    "campaign": (lambda w: {"campaign": "srijan"}, {"rescue"}),
    "ngo": (lambda w: {"organisation": f"ngo:{w.ngo_b.pk}"}, {"submitted_b"}),
    "unit": (lambda w: {"organisation": f"unit:{w.wps_bhopal.pk}"}, {"submitted_a"}),
    "period": (
        lambda w: {"start": days_ago(21).isoformat(), "end": days_ago(19).isoformat()},
        {"rescue"},
    ),
    "nonsense": (lambda w: {"status": "x", "district": "x", "start": "not a date"}, None),
}


@pytest.mark.parametrize("case", FILTERS)
def test_filters(world, types, srijan, reports, client, login_as, case):
    rescue = make_report(
        world,
        types,
        author=world.member_a,
        activity_type=types.rescue,
        campaign=srijan,
        held_on=days_ago(20),
    )
    names = {
        "draft_a": reports.draft_a,
        "submitted_a": reports.submitted_a,
        "verified_a": reports.verified_a,
        "submitted_b": reports.submitted_b,
        "rescue": rescue,
    }
    build, expected = FILTERS[case]
    login_as(world.branch)
    response = client.get(LIST, build(world))
    assert response.status_code == 200
    wanted = set(names) if expected is None else expected
    assert listed(response) == {names[name].pk for name in wanted}


def test_the_list_is_paginated(world, types, client, login_as, settings):
    settings.REGISTRY_PAGE_SIZE = 5
    for _ in range(7):
        make_report(world, types, author=world.member_a)
    login_as(world.member_a)
    assert len(listed(client.get(LIST))) == 5
    assert len(listed(client.get(LIST, {"page": 2}))) == 2


def grow(world, types, count):
    for index in range(count):
        make_report(
            world,
            types,
            author=world.member_a if index % 2 else world.member_b,
            district=world.bhopal if index % 2 else world.indore,
            status=Status.SUBMITTED,
            police_unit=world.wps_bhopal if index % 2 else world.wps_indore,
        )


@pytest.mark.parametrize("url_name", ["list", "xlsx", "csv"])
def test_queries_do_not_grow_with_the_data(
    world, types, srijan, client, login_as, django_assert_max_num_queries, url_name
):
    url = LIST if url_name == "list" else reverse("activities:report_export", args=[url_name])
    login_as(world.branch)
    grow(world, types, 3)
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    grow(world, types, 30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


def test_csv_export_of_the_filtered_set_is_safe_for_spreadsheets(world, types, client, login_as):
    make_report(world, types, author=world.member_a, place='=HYPERLINK("http://x")')
    make_report(world, types, author=world.member_b, district=world.indore)
    login_as(world.branch)
    url = reverse("activities:report_export", args=["csv"])
    response = client.get(url, {"district": "444"})
    assert response["Content-Type"].startswith("text/csv")
    assert "private" in response["Cache-Control"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, *lines = rows
    assert len(lines) == 1
    assert lines[0][header.index("place")] == '\'=HYPERLINK("http://x")'
    assert "description" not in header


def test_xlsx_export_keeps_text_as_text(world, types, client, login_as):
    make_report(world, types, author=world.member_a, place="=1+1")
    login_as(world.member_a)
    response = client.get(reverse("activities:report_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    place = sheet.cell(row=2, column=header.index("place") + 1)
    assert (place.value, place.data_type) == ("=1+1", "s")
    assert sheet.max_row == 2


def test_the_filter_sent_by_htmx_gets_only_the_results(world, reports, client, login_as):
    login_as(world.officer_bhopal)

    full = client.get(reverse("activities:report_list"))
    update = client.get(
        reverse("activities:report_list"), {"status": "verified"}, headers={"HX-Request": "true"}
    )

    assert "<h1>" in full.content.decode()
    html = update.content.decode()
    assert html.lstrip().startswith('<div id="report-results"')
    assert "<h1>" not in html and 'name="status"' not in html
    assert "HX-Request" in full["Vary"] and "HX-Request" in update["Vary"]
