import datetime

import pytest
from django.urls import reverse

from samanvay.activities.models import ActivityReport
from samanvay.campaigns.models import DistrictTarget

Status = ActivityReport.Status


@pytest.fixture
def known_reports(world, plans, campaigns, report_factory, period):
    """Bhopal: two verified sessions (40 girls + 5 women, 60 girls + 10 boys), one submitted
    (25 girls), one draft and one returned (never counted). Indore: one verified (7 women).
    And reports that must not count: another campaign, a type the plan does not count, a date
    outside the plan's period."""
    report_factory(girls=40, women=5)
    report_factory(girls=60, boys=10, activity_type=campaigns.types["self_defence_training"])
    report_factory(girls=25, status=Status.SUBMITTED)
    report_factory(girls=1000, status=Status.DRAFT)
    report_factory(girls=1000, status=Status.RETURNED)
    report_factory(women=7, district=world.indore, ngo=world.ngo_b, created_by=world.member_b)
    report_factory(girls=500, campaign=campaigns.chetna)
    report_factory(girls=500, activity_type=campaigns.types["rally"])
    report_factory(girls=500, held_on=period[0] - datetime.timedelta(days=1))


def _measures(row):
    return {m.metric: (m.target, m.verified, m.pending) for m in row.measures}


def test_progress_counts_verified_reports_and_shows_submitted_as_pending(
    world, plans, known_reports, client, login_as
):
    login_as(world.branch)

    response = client.get(reverse("campaigns:plan_detail", args=[plans.published.pk]))

    rows = {row.district.code: row for row in response.context["rows"]}
    assert _measures(rows[444]) == {
        "sessions": (10, 2, 1),
        "girls": (400, 100, 25),
        "boys": (0, 10, 0),
        "women": (50, 5, 0),
        "men": (0, 0, 0),
    }
    assert _measures(rows[439])["women"] == (20, 7, 0)
    assert _measures(rows[439])["sessions"] == (8, 1, 0)
    totals = {m.metric: (m.target, m.verified, m.pending) for m in response.context["totals"]}
    assert totals["girls"] == (700, 100, 25)


def test_the_bar_is_an_svg_width_with_the_numbers_as_text(
    world, plans, known_reports, client, login_as, english
):
    login_as(world.coord_a)

    response = client.get(reverse("campaigns:plan_detail", args=[plans.published.pk]))

    html = response.content.decode()
    assert '<rect width="25" height="10" fill="#2e7d32"/>' in html  # girls: 100 of 400
    assert "<strong>100</strong> / 400" in html
    assert 'style="' not in html


def test_work_without_a_target_is_not_shown_as_a_full_bar(
    world, plans, known_reports, client, login_as, english
):
    """Bhopal has no target for boys but reached 10: "10, no target set", never "10 / 0 100%"."""
    login_as(world.officer_bhopal)

    response = client.get(reverse("campaigns:plan_district", args=[plans.published.pk, 444]))

    html = response.content.decode()
    boys = html[html.index("Boys") :][:400]
    assert "<strong>10</strong> <small" in boys
    assert "no target set" in boys
    assert "/ 0" not in html
    assert "100%</small>" not in html


def test_own_district_comes_first_for_district_officers_and_ngo_people(
    world, plans, client, login_as
):
    for user, first in [(world.officer_indore, 439), (world.coord_a, 444), (world.coord_b, 439)]:
        login_as(user)
        rows = client.get(reverse("campaigns:plan_detail", args=[plans.published.pk])).context[
            "rows"
        ]
        assert rows[0].district.code == first
        assert rows[0].is_own
        assert not rows[1].is_own


def test_the_district_page_shows_one_districts_progress(
    world, plans, known_reports, client, login_as
):
    login_as(world.officer_bhopal)

    response = client.get(reverse("campaigns:plan_district", args=[plans.published.pk, 444]))

    row = response.context["row"]
    assert row.is_own
    assert _measures(row)["girls"] == (400, 100, 25)
    assert [p.ngo for p in response.context["partners"]] == [world.ngo_a]


def test_a_district_without_target_still_shows_what_was_done(
    world, plans, known_reports, client, login_as
):
    DistrictTarget.objects.filter(plan=plans.published, district=world.indore).delete()
    login_as(world.observer)

    response = client.get(reverse("campaigns:plan_district", args=[plans.published.pk, 439]))

    row = response.context["row"]
    assert row.target is None
    assert _measures(row)["women"] == (0, 7, 0)


def test_the_plan_page_query_count_does_not_grow_with_districts_or_reports(
    world, plans, campaigns, report_factory, client, login_as, django_assert_max_num_queries
):
    login_as(world.branch)
    url = reverse("campaigns:plan_detail", args=[plans.published.pk])
    client.get(url)  # warm up: session, user, two-factor device
    with django_assert_max_num_queries(14) as small:
        client.get(url)

    from samanvay.directory.models import District

    for district in District.objects.exclude(code__in=[444, 439])[:20]:
        DistrictTarget.objects.create(plan=plans.published, district=district, sessions=3)
        report_factory(district=district, girls=3)
        report_factory(district=district, girls=3, status=Status.SUBMITTED)

    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(response.context["rows"]) == 22


def test_the_district_page_query_count_is_fixed(
    world, plans, known_reports, client, login_as, django_assert_max_num_queries
):
    login_as(world.coord_a)
    url = reverse("campaigns:plan_district", args=[plans.published.pk, 444])
    client.get(url)

    with django_assert_max_num_queries(14):
        client.get(url)
