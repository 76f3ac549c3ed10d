from datetime import date

import pytest
import time_machine

from samanvay.campaigns.models import CampaignPlan, PartnerAssignment
from samanvay.core.models import AuditEntry
from samanvay.directory.models import Membership, Person, PoliceUnit
from samanvay.meetings import services
from samanvay.meetings.models import Invitation, InvitationRule
from samanvay.meetings.tests.meeting_fixtures import NOW, make_meeting
from samanvay.notify.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def invited(meeting) -> set:
    return set(meeting.invitations.values_list("person__name", flat=True))


def add(world, meeting, kind, **target):
    _rule, created = services.add_rule(actor=world.branch, meeting=meeting, kind=kind, **target)
    return created


@pytest.fixture
def third_wps(world):
    """A third district's women police station, its in-charge without an account, and a former
    in-charge whose membership ended."""
    from samanvay.directory.models import District

    sagar = District.objects.get(name_en="Sagar")
    unit = PoliceUnit.objects.create(
        kind="women_police_station", district=sagar, name_en="WPS Sagar", name_hi="महिला थाना सागर"
    )
    current = Person.objects.create(name="In-charge Sagar", email="sagar@example.org")
    Membership.objects.create(person=current, police_unit=unit, role="in_charge")
    former = Person.objects.create(name="Former In-charge Sagar")
    Membership.objects.create(
        person=former, police_unit=unit, role="in_charge", ended_on=date(2026, 6, 30)
    )
    return unit


def test_all_wps_in_charges_of_the_state_get_one_invitation_each(world, third_wps):
    meeting = make_meeting(world)

    add(world, meeting, "wps_in_charges")

    assert invited(meeting) == {
        world.p_officer_bhopal.name,
        world.p_officer_indore.name,
        "In-charge Sagar",
    }
    invitation = meeting.invitations.get(person=world.p_officer_indore)
    assert invitation.police_unit == world.wps_indore
    assert len({i.token for i in meeting.invitations.all()}) == 3


def test_a_district_meeting_invites_only_its_districts_in_charges(world, third_wps):
    meeting = make_meeting(world, level="district", district=world.bhopal)

    add(world, meeting, "wps_in_charges")

    assert invited(meeting) == {world.p_officer_bhopal.name}


def test_nobody_is_invited_twice_when_rules_overlap(world):
    meeting = make_meeting(world)

    add(world, meeting, "wps_in_charges")
    second = add(world, meeting, "police_unit", police_unit=world.wps_bhopal)
    add(world, meeting, "person", person=world.p_officer_bhopal)

    assert second == []
    assert meeting.invitations.filter(person=world.p_officer_bhopal).count() == 1
    assert meeting.rules.count() == 3


def test_an_ngo_rule_invites_its_current_people_with_and_without_accounts(world):
    meeting = make_meeting(world)

    add(world, meeting, "ngo", ngo=world.ngo_a)

    assert invited(meeting) == {
        world.p_coord_a.name,
        world.p_member_a.name,
        world.p_volunteer_a.name,
    }
    assert set(meeting.invitations.values_list("ngo", flat=True)) == {world.ngo_a.pk}


def test_only_invitees_with_an_account_are_notified(world):
    meeting = make_meeting(world)

    add(world, meeting, "ngo", ngo=world.ngo_a)

    notified = set(
        Notification.objects.filter(kind="meeting_invitation").values_list(
            "recipient__username", flat=True
        )
    )
    assert notified == {"coord_a", "member_a"}


def test_a_person_rule_invites_that_person_for_their_organisation(world):
    meeting = make_meeting(world)

    add(world, meeting, "person", person=world.p_member_b)

    invitation = meeting.invitations.get()
    assert invitation.person == world.p_member_b
    assert invitation.ngo == world.ngo_b


def test_a_role_rule_invites_everyone_with_that_account_role(world):
    meeting = make_meeting(world)

    add(world, meeting, "role", role="ngo_coordinator")

    assert invited(meeting) == {world.p_coord_a.name, world.p_coord_b.name}


def test_a_campaign_rule_invites_the_coordinators_of_its_published_plans_ngos(world, campaigns):
    meeting = make_meeting(world)
    published = CampaignPlan.objects.create(
        campaign=campaigns.chetna,
        title="Chetna 2026",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        status="published",
        created_by=world.branch,
    )
    PartnerAssignment.objects.create(
        plan=published, district=world.indore, ngo=world.ngo_b, police_unit=world.wps_indore
    )
    draft = CampaignPlan.objects.create(
        campaign=campaigns.chetna,
        title="Chetna draft",
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 12, 31),
        created_by=world.branch,
    )
    PartnerAssignment.objects.create(
        plan=draft, district=world.bhopal, ngo=world.ngo_a, police_unit=world.wps_bhopal
    )

    add(world, meeting, "campaign_ngos", campaign=campaigns.chetna)

    assert invited(meeting) == {world.p_coord_b.name}


def test_inviting_is_audited(world):
    meeting = make_meeting(world)

    add(world, meeting, "police_unit", police_unit=world.wps_indore)

    entry = AuditEntry.objects.get(action="meeting.invite")
    assert entry.changes["invited"] == [world.p_officer_indore.name]


def test_taking_a_rule_back_removes_only_the_invitations_it_alone_brought(world):
    meeting = make_meeting(world)
    add(world, meeting, "wps_in_charges")
    add(world, meeting, "person", person=world.p_coord_a)
    rule = meeting.rules.get(kind="wps_in_charges")
    answered = meeting.invitations.get(person=world.p_officer_indore)
    services.respond(invitation=answered, response="yes")

    services.remove_rule(actor=world.branch, rule=rule)

    assert invited(meeting) == {world.p_coord_a.name, world.p_officer_indore.name}
    assert not InvitationRule.objects.filter(pk=rule.pk).exists()


def test_the_invite_page_adds_a_rule(world, login_as, client):
    meeting = make_meeting(world)
    login_as(world.branch)

    response = client.post(
        f"/meetings/{meeting.pk}/invite/", {"kind": "ngo", "ngo": world.ngo_b.pk}
    )

    assert response.status_code == 302
    assert Invitation.objects.filter(meeting=meeting).count() == 3


def test_the_invite_page_asks_for_the_target_of_a_rule(world, login_as, client):
    meeting = make_meeting(world)
    login_as(world.branch)

    response = client.post(f"/meetings/{meeting.pk}/invite/", {"kind": "ngo"})

    assert response.status_code == 200
    assert "ngo" in response.context["form"].errors
    assert not meeting.invitations.exists()


def test_an_officer_cannot_invite_another_districts_unit(world, login_as, client):
    meeting = make_meeting(world, level="district", district=world.bhopal)
    login_as(world.officer_bhopal)

    response = client.post(
        f"/meetings/{meeting.pk}/invite/",
        {"kind": "police_unit", "police_unit": world.wps_indore.pk},
    )

    assert response.status_code == 200
    assert "police_unit" in response.context["form"].errors
