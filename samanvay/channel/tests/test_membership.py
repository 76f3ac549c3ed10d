"""Membership follows the registry: in-charges of women police stations and members of partner
NGOs join, and leave when their membership ends; the branch adds and removes others by hand."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from samanvay.channel import services
from samanvay.channel.membership import sync_all_groups
from samanvay.channel.models import Group, GroupMember
from samanvay.channel.tests.conftest import member_ids
from samanvay.core.models import AuditEntry
from samanvay.directory.models import Membership


def test_each_level_gets_its_people(world, groups):
    w = world
    assert member_ids(groups.bhopal) == {
        w.branch.pk,
        w.officer_bhopal.pk,
        w.coord_a.pk,
        w.member_a.pk,
    }
    assert member_ids(groups.indore) == {
        w.branch.pk,
        w.officer_indore.pk,
        w.coord_b.pk,
        w.member_b.pk,
    }
    assert member_ids(groups.state) == {
        w.branch.pk,
        w.officer_bhopal.pk,
        w.officer_indore.pk,
        w.coord_a.pk,
        w.member_a.pk,
        w.coord_b.pk,
        w.member_b.pk,
    }
    assert not GroupMember.objects.filter(user=w.observer).exists()


def test_there_is_a_group_per_district_and_per_campaign(world, campaigns, groups):
    sync_all_groups()
    assert Group.objects.filter(level="district").count() == 55
    assert Group.objects.filter(level="campaign", campaign=campaigns.srijan).exists()
    assert Group.objects.filter(level="state").count() == 1


def test_ending_a_membership_leaves_the_groups_and_renewing_rejoins(
    world, groups, django_capture_on_commit_callbacks
):
    membership = world.p_member_a.memberships.get()
    with django_capture_on_commit_callbacks(execute=True):
        membership.ended_on = timezone.localdate() - datetime.timedelta(days=1)
        membership.save()

    assert world.member_a.pk not in member_ids(groups.bhopal)
    assert world.member_a.pk not in member_ids(groups.state)
    row = GroupMember.objects.get(group=groups.bhopal, user=world.member_a)
    assert row.left_at is not None  # kept, never deleted

    with django_capture_on_commit_callbacks(execute=True):
        membership.ended_on = None
        membership.save()
    assert world.member_a.pk in member_ids(groups.bhopal)


def test_a_new_in_charge_joins_their_district_group(
    world, groups, django_capture_on_commit_callbacks
):
    from samanvay.conftest import make_user
    from samanvay.directory.models import Person

    user = make_user("new_incharge", "district_officer", district=world.indore)
    with django_capture_on_commit_callbacks(execute=True):
        person = Person.objects.create(name="New In-charge", user=user)
        Membership.objects.create(person=person, police_unit=world.wps_indore, role="in_charge")

    assert user.pk in member_ids(groups.indore)
    assert user.pk in member_ids(groups.state)
    assert user.pk not in member_ids(groups.bhopal)


def test_an_ngo_that_stops_working_in_a_district_leaves_its_group(
    world, groups, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        world.ngo_a.districts.set([world.indore])

    assert world.coord_a.pk not in member_ids(groups.bhopal)
    assert world.coord_a.pk in member_ids(groups.indore)


def test_a_closed_account_leaves(world, groups, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        world.member_b.is_active = False
        world.member_b.save()
    assert world.member_b.pk not in member_ids(groups.indore)


def test_signing_in_does_not_resync(world, groups, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        world.member_a.last_login = timezone.now()
        world.member_a.save(update_fields=["last_login"])
    assert callbacks == []


def test_the_branch_adds_and_removes_a_person_by_hand(world, groups, login_as, english):
    client = login_as(world.branch)
    url = reverse("channel:group_members", args=[groups.bhopal.pk])

    response = client.post(url, {"username": "member_b"})
    assert response.status_code == 302
    row = GroupMember.objects.get(group=groups.bhopal, user=world.member_b)
    assert row.source == "manual" and row.left_at is None

    sync_all_groups()  # the registry leaves people added by hand alone
    assert world.member_b.pk in member_ids(groups.bhopal)
    page = client.get(url).content.decode()
    assert "added by the branch" in page

    response = client.post(reverse("channel:member_remove", args=[groups.bhopal.pk, row.pk]))
    assert response.status_code == 302
    assert world.member_b.pk not in member_ids(groups.bhopal)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"channel.add_member", "channel.remove_member"} <= actions


def test_registry_members_cannot_be_removed_by_hand(world, groups):
    row = GroupMember.objects.get(group=groups.bhopal, user=world.member_a)
    with pytest.raises(ValidationError):
        services.remove_member(actor=world.branch, member=row)


def test_adding_an_unknown_username_says_so(world, groups, login_as, english):
    url = reverse("channel:group_members", args=[groups.bhopal.pk])
    response = login_as(world.branch).post(url, {"username": "nobody"})
    assert "There is no active account with this username." in response.content.decode()


def test_the_management_command_syncs(world, reference_data, capsys):
    from django.core.management import call_command

    call_command("sync_channel_groups")
    assert "joined" in capsys.readouterr().out
    assert GroupMember.objects.filter(user=world.officer_bhopal).count() == 2


def test_a_membership_that_ends_by_date_leaves_when_the_daily_sync_runs(world, groups):
    from django.core.management import call_command

    membership = world.p_member_a.memberships.get()
    # Its last day passes: nothing is saved, no signal fires.
    Membership.objects.filter(pk=membership.pk).update(
        ended_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert world.member_a.pk in member_ids(groups.bhopal)

    call_command("sync_channel_groups")

    assert world.member_a.pk not in member_ids(groups.bhopal)
    assert world.member_a.pk not in member_ids(groups.state)


def test_a_membership_that_begins_later_joins_on_its_first_day(
    world, groups, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    from samanvay.conftest import make_user
    from samanvay.directory.models import Person

    user = make_user("next_incharge", "district_officer", district=world.indore)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        person = Person.objects.create(name="Next In-charge", user=user)
        membership = Membership.objects.create(
            person=person, police_unit=world.wps_indore, role="in_charge", started_on=tomorrow
        )
    assert user.pk not in member_ids(groups.indore)

    Membership.objects.filter(pk=membership.pk).update(started_on=timezone.localdate())
    call_command("sync_channel_groups")

    assert user.pk in member_ids(groups.indore)
