from datetime import date

import pytest
import time_machine

from samanvay.core.models import AuditEntry
from samanvay.directory.models import NGO, Membership, Person, PoliceUnit
from samanvay.meetings import selectors, services
from samanvay.meetings.models import Attendance
from samanvay.meetings.tests.meeting_fixtures import NOW, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def meeting(world):
    meeting = make_meeting(world)
    services.add_rule(actor=world.branch, meeting=meeting, kind="wps_in_charges")
    services.add_rule(actor=world.branch, meeting=meeting, kind="ngo", ngo=world.ngo_a)
    return meeting


def test_the_page_records_who_came_and_headcounts(world, meeting, login_as, client):
    login_as(world.branch)
    present = meeting.invitations.filter(
        person__in=[world.p_officer_bhopal, world.p_officer_indore, world.p_coord_a]
    )

    response = client.post(
        f"/meetings/{meeting.pk}/attendance/",
        {
            "attended": [str(i.pk) for i in present],
            "headcount-TOTAL_FORMS": "3",
            "headcount-INITIAL_FORMS": "0",
            "headcount-0-organisation": f"ngo:{world.ngo_b.pk}",
            "headcount-0-count": "4",
            "headcount-1-organisation": f"unit:{world.ps_bhopal.pk}",
            "headcount-1-count": "2",
            "note": "Chaired by the Special DG",
        },
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "held"
    assert set(meeting.invitations.filter(attended=True)) == set(present)
    summary = selectors.attendance_summary(meeting)
    assert summary.ngos_represented == 2
    assert summary.ngo_members_present == 5
    assert summary.police_units_represented == 3
    assert summary.wps_in_charges_present == 2
    assert AuditEntry.objects.filter(action="meeting.attendance").count() == 1


def test_the_seed_meeting_counts_add_up(world, meeting):
    """42 NGOs with about 70 members, and every women police station in-charge."""
    ngos = [NGO.objects.create(name_en=f"NGO {n}", name_hi=f"संस्था {n}") for n in range(41)]
    headcounts = [
        services.Headcount(count=2 if n < 28 else 1, ngo=ngo) for n, ngo in enumerate(ngos)
    ]
    invitations = meeting.invitations.all()

    services.record_attendance(
        actor=world.branch,
        meeting=meeting,
        attended=[i.pk for i in invitations if i.person != world.p_volunteer_a],
        headcounts=headcounts,
    )

    summary = selectors.attendance_summary(meeting)
    assert summary.ngos_represented == 42  # NGO A by name, 41 by headcount
    assert summary.ngo_members_present == 2 + 28 * 2 + 13
    assert summary.wps_in_charges_present == 2


def test_saving_again_replaces_the_headcounts(world, meeting):
    services.record_attendance(
        actor=world.branch,
        meeting=meeting,
        attended=[],
        headcounts=[services.Headcount(count=3, ngo=world.ngo_b)],
    )
    services.record_attendance(
        actor=world.branch,
        meeting=meeting,
        attended=[],
        headcounts=[services.Headcount(count=5, ngo=world.ngo_b)],
    )

    assert list(Attendance.objects.values_list("count", flat=True)) == [5]


def test_a_former_in_charge_is_not_counted_as_one(world, meeting):
    person = Person.objects.create(name="Retired in-charge")
    Membership.objects.create(
        person=person, police_unit=world.wps_bhopal, role="in_charge", ended_on=date(2026, 6, 30)
    )
    Membership.objects.create(person=person, ngo=world.ngo_a, role="member")
    services.add_rule(actor=world.branch, meeting=meeting, kind="person", person=person)

    services.record_attendance(
        actor=world.branch,
        meeting=meeting,
        attended=[meeting.invitations.get(person=person).pk],
    )

    assert selectors.attendance_summary(meeting).wps_in_charges_present == 0


def test_the_meeting_page_shows_the_summary(world, meeting, login_as, client):
    services.record_attendance(
        actor=world.branch,
        meeting=meeting,
        attended=[],
        headcounts=[
            services.Headcount(count=7, police_unit=PoliceUnit.objects.get(pk=world.hq.pk))
        ],
    )
    world.branch.language = "en"
    world.branch.save()
    login_as(world.branch)
    client.cookies["samanvay_language"] = "en"

    response = client.get(f"/meetings/{meeting.pk}/")

    assert response.context["summary"].police_present == 7
    assert "Police units represented" in response.text
