"""The dashboard's numbers on known data, and what each role's dashboard counts."""

import re

import pytest
from django.urls import reverse

URL = reverse("dashboard:dashboard")


def figure(page: str, name: str) -> str:
    match = re.search(rf'data-figure="{name}">([^<]*)<', page)
    assert match, name
    return match.group(1).strip()


def district_rows(page: str) -> set[str]:
    return set(re.findall(r'<tr data-district="(\d+)">', page))


def test_branch_sees_the_state(world, data, client, login_as):
    login_as(world.branch)
    page = client.get(URL).content.decode()
    assert figure(page, "reports") == "3"
    assert figure(page, "girls") == "140"
    assert figure(page, "boys") == "10"
    assert figure(page, "women") == "25"
    assert figure(page, "men") == "5"
    assert figure(page, "people") == "180"
    assert len(district_rows(page)) == 55
    assert figure(page, "overdue") == "2"
    assert "Bhopal overdue item" in page and "Indore overdue item" in page
    # 53 districts have never reported and Indore's last activity is 40 days old.
    assert figure(page, "quiet") == "54"


def test_numbers_by_campaign_and_district(world, data, client, login_as):
    login_as(world.branch)
    page = client.get(URL, {"campaign": "srijan"}).content.decode()
    assert figure(page, "reports") == "2"
    assert figure(page, "girls") == "140"
    row = re.search(r'<tr data-district="444">(.*?)</tr>', page, re.S).group(1)
    # Bhopal: one Srijan activity reaching 50, one NGO active.
    assert re.findall(r">(\d+)</td>", row) == ["1", "50", "1"]
    # Progress against targets: Srijan plan, both districts: 2 of 14 sessions, 140 of 500 girls.
    targets = re.search(r'<table class="list" id="targets">(.*?)</table>', page, re.S).group(1)
    assert "Srijan plan" in targets
    assert "2 of 14" in targets.replace("\u00a0", " ") or "14 में से 2" in targets


def test_drill_down_to_a_district(world, data, client, login_as):
    login_as(world.branch)
    page = client.get(URL, {"district": "439"}).content.decode()
    assert figure(page, "reports") == "1"
    assert figure(page, "girls") == "100"
    assert figure(page, "overdue") == "1"


@pytest.mark.parametrize(
    ("persona", "reports", "girls", "overdue", "rows"),
    [
        ("officer_bhopal", "2", "40", "1", {"444"}),
        ("officer_indore", "1", "100", "1", {"439"}),
        ("coord_a", "2", "40", "1", {"444"}),
        ("coord_b", "1", "100", "0", {"439"}),
    ],
)
def test_scope_counts_nothing_outside(
    world, data, client, login_as, persona, reports, girls, overdue, rows
):
    login_as(getattr(world, persona))
    page = client.get(URL).content.decode()
    assert figure(page, "reports") == reports
    assert figure(page, "girls") == girls
    assert figure(page, "overdue") == overdue
    assert district_rows(page) == rows


def test_an_officer_cannot_drill_into_another_district(world, data, client, login_as):
    login_as(world.officer_bhopal)
    page = client.get(URL, {"district": "439"}).content.decode()
    assert figure(page, "reports") == "2"  # the choice outside the scope is ignored
    assert "Indore overdue item" not in page


def test_observer_gets_aggregates_only(world, data, client, login_as):
    login_as(world.observer)
    page = client.get(URL).content.decode()
    assert figure(page, "reports") == "3"
    assert figure(page, "overdue") == "2"
    assert "overdue item" not in page


def test_map_has_every_district_as_a_link(world, data, client, login_as):
    login_as(world.branch)
    page = client.get(URL, {"measure": "people"}).content.decode()
    svg = re.search(r'<svg class="map".*?</svg>', page, re.S).group(0)
    assert svg.count("<path ") == 55
    assert svg.count("<a href=") == 55
    assert "district=444" in svg
    assert svg.count("<title>") == 55


def test_a_period_without_activity(world, data, client, login_as):
    login_as(world.branch)
    page = client.get(URL, {"start": "2001-01", "end": "2001-12"}).content.decode()
    assert figure(page, "reports") == "0"
    # The empty charts say so (in Hindi), and the map's legend does not invent ranges.
    assert page.count("इस अवधि में अभी कुछ गिना नहीं गया है।") >= 3
    legend = re.search(r'<ul class="legend".*?</ul>', page, re.S).group(0)
    assert re.findall(r"</svg> ([^<]+)</li>", legend) == ["0", "1"]
    # Short month names in our Hindi, not Django's "दिस्".
    assert "दिस्" not in page


def test_member_has_no_dashboard(world, client, login_as):
    login_as(world.member_a)
    assert client.get(URL).status_code == 403


def test_a_verification_shows_at_once(world, data, client, login_as):
    from samanvay.activities.models import ActivityReport

    pending = ActivityReport.objects.get(girls=999)
    login_as(world.officer_bhopal)
    assert figure(client.get(URL).content.decode(), "reports") == "2"
    client.post(reverse("activities:report_verify", args=[pending.pk]))
    page = client.get(URL).content.decode()
    assert figure(page, "reports") == "3"
    assert figure(page, "girls") == "1039"


def test_the_number_of_queries_does_not_grow_with_the_data(
    world, data, client, login_as, django_assert_max_num_queries
):
    login_as(world.branch)
    with django_assert_max_num_queries(32):
        client.get(URL)
