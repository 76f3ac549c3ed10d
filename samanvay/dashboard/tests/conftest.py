"""Known data for the dashboards: verified, submitted and reopened reports in Bhopal (NGO A) and
Indore (NGO B), a published plan with targets, and action items, some overdue."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from samanvay.activities import services
from samanvay.activities.models import ActivityReport
from samanvay.campaigns.models import CampaignPlan, DistrictTarget
from samanvay.meetings.models import ActionItem, Meeting


def verified_report(
    world,
    *,
    district,
    ngo,
    author,
    officer,
    campaign,
    activity_type,
    held_on,
    girls=0,
    boys=0,
    women=0,
    men=0,
):
    """A report submitted and then verified through the service (which counts it)."""
    report = ActivityReport.objects.create(
        campaign=campaign,
        activity_type=activity_type,
        held_on=held_on,
        district=district,
        ngo=ngo,
        girls=girls,
        boys=boys,
        women=women,
        men=men,
        status=ActivityReport.Status.SUBMITTED,
        created_by=author,
    )
    return services.verify_report(actor=officer, report=report)


@pytest.fixture
def data(world, campaigns):
    today = timezone.localdate()
    this_month = today.replace(day=1)
    d = SimpleNamespace(today=today, this_month=this_month)
    awareness = campaigns.types["awareness_session"]
    d.awareness = awareness
    d.srijan, d.sambal = campaigns.srijan, campaigns.sambal
    d.b1 = verified_report(
        world,
        district=world.bhopal,
        ngo=world.ngo_a,
        author=world.member_a,
        officer=world.officer_bhopal,
        campaign=d.srijan,
        activity_type=awareness,
        held_on=today,
        girls=40,
        boys=10,
    )
    d.b2 = verified_report(
        world,
        district=world.bhopal,
        ngo=world.ngo_a,
        author=world.member_a,
        officer=world.officer_bhopal,
        campaign=d.sambal,
        activity_type=awareness,
        held_on=today,
        women=25,
        men=5,
    )
    d.i1 = verified_report(
        world,
        district=world.indore,
        ngo=world.ngo_b,
        author=world.member_b,
        officer=world.officer_indore,
        campaign=d.srijan,
        activity_type=awareness,
        held_on=today - datetime.timedelta(days=40),
        girls=100,
    )
    # Submitted only: never counted.
    ActivityReport.objects.create(
        campaign=d.srijan,
        activity_type=awareness,
        held_on=today,
        district=world.bhopal,
        ngo=world.ngo_a,
        girls=999,
        status=ActivityReport.Status.SUBMITTED,
        created_by=world.member_a,
    )
    plan = CampaignPlan.objects.create(
        campaign=d.srijan,
        title="Srijan plan",
        starts_on=this_month.replace(month=1),
        ends_on=this_month.replace(month=12, day=31),
        status=CampaignPlan.Status.PUBLISHED,
        version=1,
        created_by=world.branch,
    )
    plan.activity_types.set([awareness])
    DistrictTarget.objects.create(plan=plan, district=world.bhopal, sessions=4, girls=100)
    DistrictTarget.objects.create(plan=plan, district=world.indore, sessions=10, girls=400)
    d.plan = plan
    start = timezone.now() - datetime.timedelta(days=20)
    meeting_bhopal = Meeting.objects.create(
        level="district",
        title="Bhopal review",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        district=world.bhopal,
        convening_unit=world.wps_bhopal,
        convenor=world.officer_bhopal,
    )
    meeting_indore = Meeting.objects.create(
        level="district",
        title="Indore review",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        district=world.indore,
        convening_unit=world.wps_indore,
        convenor=world.officer_indore,
    )
    past = today - datetime.timedelta(days=3)
    ActionItem.objects.create(
        meeting=meeting_bhopal,
        title="Bhopal overdue item",
        owner_ngo=world.ngo_a,
        due_on=past,
        district=world.bhopal,
    )
    ActionItem.objects.create(
        meeting=meeting_indore,
        title="Indore overdue item",
        owner_police_unit=world.wps_indore,
        due_on=past,
        district=world.indore,
    )
    ActionItem.objects.create(
        meeting=meeting_indore,
        title="Indore later item",
        owner_police_unit=world.wps_indore,
        due_on=today + datetime.timedelta(days=5),
        district=world.indore,
    )
    return d
