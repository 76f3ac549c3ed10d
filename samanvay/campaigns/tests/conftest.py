"""Plans of the seeded Srijan campaign: one published (version 1) with targets for Bhopal and
Indore and NGO A with the Bhopal women police station as partners, and one draft.

`campaigns` (samanvay/conftest.py) seeds the campaigns and activity types."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from samanvay.activities.models import ActivityReport
from samanvay.campaigns.models import CampaignPlan, DistrictTarget, PartnerAssignment, PlanPhase
from samanvay.campaigns.versions import plan_snapshot


@pytest.fixture
def campaign_data(campaigns):
    return campaigns


@pytest.fixture
def period():
    today = timezone.localdate()
    return today - datetime.timedelta(days=30), today + datetime.timedelta(days=60)


def make_plan(world, campaigns, *, title, period, status=CampaignPlan.Status.DRAFT, **extra):
    plan = CampaignPlan.objects.create(
        campaign=campaigns.srijan,
        title=title,
        starts_on=period[0],
        ends_on=period[1],
        objectives="Camps in every girls' school.",
        status=status,
        created_by=world.branch,
        **extra,
    )
    plan.activity_types.set(
        [campaigns.types["awareness_session"], campaigns.types["self_defence_training"]]
    )
    return plan


@pytest.fixture
def plans(world, campaigns, period):
    p = SimpleNamespace()
    p.published = make_plan(
        world,
        campaigns,
        title="Srijan 2026",
        period=period,
        status=CampaignPlan.Status.PUBLISHED,
        version=1,
        published_at=timezone.now(),
    )
    PlanPhase.objects.create(
        plan=p.published, name="Schools", starts_on=period[0], ends_on=period[0]
    )
    p.target_bhopal = DistrictTarget.objects.create(
        plan=p.published, district=world.bhopal, sessions=10, girls=400, boys=0, women=50, men=0
    )
    p.target_indore = DistrictTarget.objects.create(
        plan=p.published, district=world.indore, sessions=8, girls=300, women=20
    )
    p.partner_a = PartnerAssignment.objects.create(
        plan=p.published, district=world.bhopal, ngo=world.ngo_a, police_unit=world.wps_bhopal
    )
    from samanvay.campaigns.selectors import plan_with_details

    p.published.versions.create(
        number=1,
        content=plan_snapshot(plan_with_details(p.published.pk)),
        published_by=world.branch,
    )
    p.draft = make_plan(world, campaigns, title="Srijan winter draft", period=period)
    return p


@pytest.fixture
def report_factory(world, campaigns):
    """Create an ActivityReport directly (no workflow): defaults to a verified awareness session
    of NGO A in Bhopal, today, for Srijan."""

    def _make(**values):
        status = values.pop("status", ActivityReport.Status.VERIFIED)
        fields = {
            "campaign": campaigns.srijan,
            "activity_type": campaigns.types["awareness_session"],
            "held_on": timezone.localdate(),
            "district": world.bhopal,
            "ngo": world.ngo_a,
            "created_by": world.member_a,
            **values,
        }
        return ActivityReport.objects.create(status=status, **fields)

    return _make
