"""Opening sign-in accounts for people of the registry, and closing them."""

import pytest
from django.urls import reverse

from samanvay.accounts.models import User
from samanvay.conftest import PASSWORD
from samanvay.core.models import AuditEntry


def test_branch_opens_an_ngo_member_account_and_the_person_is_emailed(
    world, login_as, mailoutbox, django_capture_on_commit_callbacks
):
    client = login_as(world.branch)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:account_create", args=[world.p_volunteer_a.pk]),
            {"username": "volunteer.a", "role": "ngo_member"},
        )
    assert response.status_code == 302
    user = User.objects.get(username="volunteer.a")
    assert (user.role, user.ngo, user.email) == (
        "ngo_member",
        world.ngo_a,
        "volunteer.a@example.org",
    )
    assert not user.has_usable_password()
    world.p_volunteer_a.refresh_from_db()
    assert world.p_volunteer_a.user == user
    assert [m.to for m in mailoutbox] == [["volunteer.a@example.org"]]
    assert "volunteer.a" in mailoutbox[0].body
    assert AuditEntry.objects.filter(object_type="accounts.user", object_id=str(user.pk)).exists()


def test_a_district_officer_account_takes_the_district_of_the_persons_unit(world, login_as):
    world.p_volunteer_a.memberships.create(police_unit=world.wps_bhopal, role="officer")
    client = login_as(world.branch)
    client.post(
        reverse("accounts:account_create", args=[world.p_volunteer_a.pk]),
        {"username": "officer.two", "role": "district_officer"},
    )
    assert User.objects.get(username="officer.two").district == world.bhopal


def test_a_role_that_does_not_fit_the_persons_memberships_is_refused(world, login_as):
    client = login_as(world.branch)
    response = client.post(
        reverse("accounts:account_create", args=[world.p_volunteer_a.pk]),
        {"username": "not.an.officer", "role": "district_officer"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not User.objects.filter(username="not.an.officer").exists()


def test_an_ngo_coordinator_may_open_member_accounts_only(world, login_as):
    client = login_as(world.coord_a)
    response = client.get(reverse("accounts:account_create", args=[world.p_volunteer_a.pk]))
    assert [value for value, _label in response.context["form"].fields["role"].choices] == [
        "ngo_member"
    ]
    response = client.post(
        reverse("accounts:account_create", args=[world.p_volunteer_a.pk]),
        {"username": "sneaky", "role": "branch"},
    )
    assert "role" in response.context["form"].errors
    assert not User.objects.filter(username="sneaky").exists()


def test_a_taken_username_and_a_missing_email_are_explained(world, login_as):
    client = login_as(world.branch)
    response = client.post(
        reverse("accounts:account_create", args=[world.p_volunteer_a.pk]),
        {"username": "MEMBER_A", "role": "ngo_member"},
    )
    assert "username" in response.context["form"].errors
    world.p_volunteer_a.email = ""
    world.p_volunteer_a.save()
    response = client.post(
        reverse("accounts:account_create", args=[world.p_volunteer_a.pk]),
        {"username": "fresh.name", "role": "ngo_member"},
    )
    assert response.context["form"].errors
    assert not User.objects.filter(username="fresh.name").exists()


@pytest.mark.parametrize("persona", ["branch", "coord_a"])
def test_closing_an_account_stops_sign_in_and_keeps_the_record(world, login_as, client, persona):
    login_as(getattr(world, persona))
    client.post(reverse("accounts:account_set_active", args=[world.p_member_a.pk]), {"active": "0"})
    world.member_a.refresh_from_db()
    assert not world.member_a.is_active
    client.logout()
    response = client.post(
        reverse("accounts:login"), {"username": "member_a", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(object_id=str(world.member_a.pk), action="security").exists()


def test_nobody_closes_their_own_account(world, login_as):
    client = login_as(world.branch)
    response = client.post(
        reverse("accounts:account_set_active", args=[world.p_branch.pk]), {"active": "0"}
    )
    assert response.status_code == 403
    world.branch.refresh_from_db()
    assert world.branch.is_active


@pytest.mark.parametrize(
    ("started", "ended", "member"),
    [
        (None, None, True),
        (None, 7, True),  # ends next week: still a member today
        (None, 0, True),  # ends today: a member until the day is over
        (None, -1, False),  # ended yesterday
        (30, None, False),  # begins next month
        (-30, 30, True),
    ],
)
def test_the_coordinator_manages_the_accounts_of_current_members_only(
    world, login_as, started, ended, member
):
    """One meaning of "current member" for the rules as for the groups and meetings: a
    membership that begins later or has ended gives the NGO's coordinator no say."""
    import datetime

    from django.utils import timezone

    from samanvay.accounts import rules

    today = timezone.localdate()
    membership = world.p_volunteer_a.memberships.get(ngo=world.ngo_a)
    membership.started_on = (
        today + datetime.timedelta(days=started) if started is not None else None
    )
    membership.ended_on = today + datetime.timedelta(days=ended) if ended is not None else None
    membership.save()

    assert rules.can_manage_account_of(world.coord_a, world.p_volunteer_a) is member
    status = login_as(world.coord_a).get(
        reverse("accounts:account_create", args=[world.p_volunteer_a.pk])
    )
    assert (status.status_code == 200) is member
