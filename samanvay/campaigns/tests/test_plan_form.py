import datetime

import pytest
from django.urls import reverse

from samanvay.campaigns.models import CampaignPlan
from samanvay.core.models import AuditEntry


@pytest.fixture
def branch(world, client, login_as):
    login_as(world.branch)
    return client


def _data(campaigns, **overrides):
    data = {
        "title": "Abhimanyu 2026",
        "starts_on": "2026-07-01",
        "ends_on": "2026-12-31",
        "objectives": "Sessions in every boys' school",
        "activity_types": [campaigns.types["gender_equality_workshop"].pk],
        "phases-TOTAL_FORMS": "2",
        "phases-INITIAL_FORMS": "0",
        "phases-MIN_NUM_FORMS": "0",
        "phases-MAX_NUM_FORMS": "20",
        "phases-0-name": "Schools",
        "phases-0-starts_on": "2026-07-01",
        "phases-0-ends_on": "2026-09-30",
    }
    data.update(overrides)
    return data


def test_the_branch_creates_a_plan_with_phases(world, campaigns, branch):
    response = branch.post(reverse("campaigns:plan_create", args=["abhimanyu"]), _data(campaigns))

    plan = CampaignPlan.objects.get(title="Abhimanyu 2026")
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:plan_targets", args=[plan.pk])
    assert plan.campaign == campaigns.abhimanyu
    assert plan.status == "draft"
    assert plan.created_by == world.branch
    assert [(p.name, p.ends_on) for p in plan.phases.all()] == [
        ("Schools", datetime.date(2026, 9, 30))
    ]
    assert list(plan.activity_types.values_list("code", flat=True)) == ["gender_equality_workshop"]
    assert AuditEntry.objects.filter(action="create", object_id=str(plan.pk)).exists()


def test_a_phase_outside_the_plan_period_is_refused(campaigns, branch):
    response = branch.post(
        reverse("campaigns:plan_create", args=["abhimanyu"]),
        _data(campaigns, **{"phases-0-ends_on": "2027-01-15"}),
    )

    assert response.status_code == 200
    assert "ends_on" in response.context["phases"].forms[0].errors
    assert not CampaignPlan.objects.filter(title="Abhimanyu 2026").exists()


def test_a_plan_must_end_after_it_starts_and_count_some_activity(campaigns, branch):
    response = branch.post(
        reverse("campaigns:plan_create", args=["abhimanyu"]),
        _data(campaigns, ends_on="2026-06-01", activity_types=[]),
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "ends_on" in errors
    assert "activity_types" in errors
    # What was typed is kept.
    assert response.context["form"]["title"].value() == "Abhimanyu 2026"


def test_editing_a_published_plan_keeps_it_published_until_the_next_version(
    world, plans, campaigns, branch
):
    plan = plans.published
    data = _data(
        campaigns,
        title="Srijan 2026 (revised)",
        starts_on=plan.starts_on.isoformat(),
        ends_on=plan.ends_on.isoformat(),
        **{
            "phases-TOTAL_FORMS": "1",
            "phases-0-name": "",
            "phases-0-starts_on": "",
            "phases-0-ends_on": "",
        },
    )
    phase = plan.phases.get()
    data.update(
        {
            "phases-TOTAL_FORMS": "2",
            "phases-INITIAL_FORMS": "1",
            "phases-0-id": phase.pk,
            "phases-0-plan": plan.pk,
            "phases-0-name": phase.name,
            "phases-0-starts_on": phase.starts_on.isoformat(),
            "phases-0-ends_on": phase.ends_on.isoformat(),
        }
    )

    response = branch.post(reverse("campaigns:plan_edit", args=[plan.pk]), data)

    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.status, plan.version) == ("Srijan 2026 (revised)", "published", 1)
    page = branch.get(plan.get_absolute_url())
    assert page.context["unpublished"] is True
