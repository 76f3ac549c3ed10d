"""Demo data for campaigns: a published Srijan plan with district targets and partners, and
activity reports in every state of the workflow. Loaded once; later loads leave it as it is."""

import datetime

from django.db import transaction

from samanvay.accounts.models import User
from samanvay.activities import services as reports
from samanvay.activities.models import ActivityReport
from samanvay.campaigns import services as plans
from samanvay.campaigns.models import ActivityType, Campaign, CampaignPlan
from samanvay.directory.models import NGO, District, PoliceUnit

PLAN_TITLE = "(डेमो) सृजन 2026-27: किशोरी बालिकाओं के शिविर"
# district code → sessions, girls, boys, women, men
TARGETS = {444: (40, 2000, 0, 500, 0), 445: (20, 900, 0, 200, 0), 443: (15, 700, 0, 150, 0)}
# activity type code, date, girls, boys, women, men, place, final state
REPORTS = [
    (
        "good_touch_bad_touch",
        datetime.date(2026, 9, 12),
        140,
        0,
        12,
        0,
        "Govt. Girls School, Kolar",
        "verified",
    ),
    (
        "self_defence_training",
        datetime.date(2026, 10, 3),
        85,
        0,
        0,
        0,
        "Kasturba Nagar community hall",
        "verified",
    ),
    (
        "awareness_session",
        datetime.date(2026, 10, 24),
        210,
        0,
        40,
        0,
        "Berasia block office",
        "submitted",
    ),
    (
        "self_defence_training",
        datetime.date(2026, 11, 14),
        60,
        0,
        0,
        0,
        "Bairagarh ward 4",
        "returned",
    ),
    ("awareness_session", datetime.date(2026, 11, 21), 0, 0, 0, 0, "", "draft"),
]


@transaction.atomic
def load_demo_campaigns(*, branch: User, officer: User, member: User) -> int:
    """Returns the number of demo activity reports."""
    if CampaignPlan.objects.filter(title=PLAN_TITLE).exists():
        return ActivityReport.objects.filter(created_by=member).count()
    srijan = Campaign.objects.get(code="srijan")
    plan = CampaignPlan.objects.create(
        campaign=srijan,
        title=PLAN_TITLE,
        starts_on=datetime.date(2026, 7, 1),
        ends_on=datetime.date(2027, 3, 31),
        objectives=(
            "आत्मरक्षा, विधिक जानकारी, गुड टच-बैड टच और साइबर सुरक्षा पर किशोरी बालिकाओं के शिविर; "
            "हर जिले में महिला थाना और सहभागी एनजीओ मिलकर।"
        ),
        created_by=branch,
    )
    plan.activity_types.set(
        ActivityType.objects.filter(
            code__in=["awareness_session", "good_touch_bad_touch", "self_defence_training"]
        )
    )
    plan.phases.create(
        name="पहला चरण: विद्यालय",
        starts_on=datetime.date(2026, 7, 1),
        ends_on=datetime.date(2026, 11, 30),
    )
    plan.phases.create(
        name="दूसरा चरण: बस्तियाँ",
        starts_on=datetime.date(2026, 12, 1),
        ends_on=datetime.date(2027, 3, 31),
    )
    districts = District.objects.in_bulk(TARGETS.keys(), field_name="code")
    metrics = ("sessions", "girls", "boys", "women", "men")
    plans.set_district_targets(
        actor=branch,
        plan=plan,
        targets={districts[c]: dict(zip(metrics, v, strict=True)) for c, v in TARGETS.items()},
    )
    bhopal = districts[444]
    plans.add_partner(
        actor=branch,
        plan=plan,
        district=bhopal,
        ngo=NGO.objects.get(pk=member.ngo_id),
        police_unit=PoliceUnit.objects.get(district=bhopal, kind="women_police_station"),
    )
    plans.publish_plan(actor=branch, plan=plan, note="")

    wps = PoliceUnit.objects.get(district=bhopal, kind="women_police_station")
    types = {t.code: t for t in ActivityType.objects.all()}
    for code, held_on, girls, boys, women, men, place, state in REPORTS:
        report = reports.save_report(
            actor=member,
            report=ActivityReport(
                campaign=srijan,
                activity_type=types[code],
                held_on=held_on,
                district=bhopal,
                place=place,
                police_unit=wps if state != "draft" else None,
                girls=girls,
                boys=boys,
                women=women,
                men=men,
                description="(डेमो) सत्र में बालिकाओं ने सवाल पूछे; महिला थाना की टीम साथ रही।",
            ),
        )
        if state == "draft":
            continue
        reports.submit_report(actor=member, report=report)
        if state == "verified":
            reports.verify_report(actor=officer, report=report)
        elif state == "returned":
            reports.return_report(
                actor=officer,
                report=report,
                comment="कृपया प्रतिभागियों की संख्या उपस्थिति पंजी से मिलाकर लिखें।",
            )
    return len(REPORTS)
