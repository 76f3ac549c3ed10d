"""The registry's district page shows the district's progress in each published plan."""

from django.urls import reverse


def test_the_district_page_shows_verified_progress_and_pending(
    world, plans, report_factory, client, login_as
):
    report_factory(girls=120)
    report_factory(girls=30, status="submitted")
    report_factory(girls=999, status="draft")
    report_factory(girls=50, district=world.indore, ngo=world.ngo_b)
    login_as(world.officer_bhopal)
    response = client.get(reverse("directory:district_detail", args=[world.bhopal.code]))
    [(plan, row)] = response.context["campaign_progress"]
    girls = next(m for m in row.measures if m.metric == "girls")
    assert (plan, girls.verified, girls.pending, girls.target) == (plans.published, 120, 30, 400)
    assert "<strong>120</strong> / 400" in response.content.decode()


def test_a_district_without_targets_shows_no_campaign_section(world, plans, client, login_as):
    login_as(world.branch)
    response = client.get(reverse("directory:district_detail", args=[451]))
    assert response.context["campaign_progress"] == []
