"""Creating and changing registry records: validation a user understands, scope, and audit."""

import pytest
from django.urls import reverse

from samanvay.core.models import AuditEntry
from samanvay.directory.models import NGO, Membership, Person, PoliceUnit, ShaktiSamiti


@pytest.fixture
def en(world):
    """Every persona reads English in these tests, so that messages can be compared."""
    for user in (world.branch, world.officer_bhopal, world.coord_a):
        user.language = "en"
        user.save()


def english_login(login_as, user):
    client = login_as(user)
    session = client.session
    session["user_language"] = "en"
    session.save()
    return client


def ngo_data(world, **overrides):
    data = {
        "name_hi": "नई किरण",
        "name_en": "Nai Kiran",
        "darpan_id": "mp/2020/0300003",
        "districts": [world.bhopal.pk],
        "focus_areas": [],
        "phone": "98765 43210",
        "email": "contact@naikiran.example.org",
        "website": "",
        "address": "Bhopal",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_branch_registers_an_ngo_and_it_is_audited(world, login_as):
    client = login_as(world.branch)
    response = client.post(reverse("directory:ngo_create"), ngo_data(world))
    ngo = NGO.objects.get(name_en="Nai Kiran")
    assert response.status_code == 302
    assert response["Location"] == ngo.get_absolute_url()
    assert ngo.darpan_id == "MP/2020/0300003"
    assert str(ngo.phone) == "+919876543210"
    assert ngo.verification == "pending"
    entry = AuditEntry.objects.get(object_type="directory.ngo", object_id=str(ngo.pk))
    assert entry.actor == world.branch
    assert entry.action == "create"
    assert entry.changes["name_en"] == [None, "Nai Kiran"]


def test_an_invalid_darpan_id_is_explained_and_nothing_is_saved(world, login_as, en):
    client = english_login(login_as, world.branch)
    response = client.post(reverse("directory:ngo_create"), ngo_data(world, darpan_id="12345"))
    assert response.status_code == 200
    assert "MP/2017/0123456" in str(response.context["form"].errors["darpan_id"])
    assert not NGO.objects.filter(name_en="Nai Kiran").exists()
    # What was typed is still in the form.
    assert 'value="Nai Kiran"' in response.content.decode()


def test_a_duplicate_darpan_id_is_refused(world, login_as):
    client = login_as(world.branch)
    response = client.post(
        reverse("directory:ngo_create"), ngo_data(world, darpan_id="mp/2017/0100001")
    )
    assert response.status_code == 200
    assert "darpan_id" in response.context["form"].errors


def test_a_bad_phone_number_is_refused(world, login_as, en):
    client = english_login(login_as, world.branch)
    response = client.post(reverse("directory:ngo_create"), ngo_data(world, phone="12345"))
    assert "phone" in response.context["form"].errors
    assert "Enter a valid mobile number" in response.content.decode()


def test_a_district_officer_registers_ngos_working_in_their_district_only(world, login_as):
    client = login_as(world.officer_bhopal)
    refused = client.post(
        reverse("directory:ngo_create"), ngo_data(world, districts=[world.indore.pk])
    )
    assert "districts" in refused.context["form"].errors
    accepted = client.post(
        reverse("directory:ngo_create"), ngo_data(world, districts=[world.bhopal.pk])
    )
    assert accepted.status_code == 302


def test_an_ngo_coordinator_edits_their_ngo_but_not_its_verification(world, login_as):
    client = login_as(world.coord_a)
    data = ngo_data(world, name_en="Asha Sewa Sansthan Trust", darpan_id="MP/2017/0100001")
    data["verification"] = "verified"
    response = client.post(reverse("directory:ngo_edit", args=[world.ngo_a.pk]), data)
    assert response.status_code == 302
    world.ngo_a.refresh_from_db()
    assert world.ngo_a.name_en == "Asha Sewa Sansthan Trust"
    assert world.ngo_a.verification == "pending"
    entry = AuditEntry.objects.filter(object_type="directory.ngo").latest("pk")
    assert entry.action == "change"
    assert entry.changes["name_en"] == ["Asha Sewa Sansthan", "Asha Sewa Sansthan Trust"]


def test_verifying_an_ngo_notifies_its_coordinator(
    world, login_as, django_capture_on_commit_callbacks
):
    client = login_as(world.branch)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("directory:ngo_verify", args=[world.ngo_a.pk]),
            {"verification": "verified", "verification_note": "Documents checked"},
        )
    assert response.status_code == 302
    world.ngo_a.refresh_from_db()
    assert world.ngo_a.verification == "verified"
    assert world.ngo_a.verified_by == world.branch
    notification = world.coord_a.notifications.get()
    assert notification.kind == "ngo_verification_changed"
    assert not world.member_a.notifications.exists()


def test_a_district_officer_adds_a_police_unit_in_their_district(world, login_as):
    client = login_as(world.officer_bhopal)
    response = client.post(
        reverse("directory:police_unit_create"),
        {
            "kind": "police_station",
            "name_hi": "थाना हबीबगंज",
            "name_en": "Police Station Habibganj",
            "district": world.indore.pk,  # not theirs: refused
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "district" in response.context["form"].errors
    response = client.post(
        reverse("directory:police_unit_create"),
        {
            "kind": "hq_branch",  # not theirs to create
            "name_hi": "x",
            "name_en": "x",
            "district": world.bhopal.pk,
        },
    )
    assert "kind" in response.context["form"].errors
    assert not PoliceUnit.objects.filter(name_en__in=["Police Station Habibganj", "x"]).exists()


def test_a_police_unit_outside_hq_needs_a_district(world, login_as, en):
    client = english_login(login_as, world.branch)
    response = client.post(
        reverse("directory:police_unit_create"),
        {"kind": "police_station", "name_hi": "थाना", "name_en": "Station", "district": ""},
    )
    assert "district" in response.context["form"].errors


def test_an_ngo_coordinator_adds_a_person_with_a_membership_of_their_ngo(world, login_as):
    client = login_as(world.coord_a)
    response = client.post(
        reverse("directory:person_create"),
        {
            "name": "Sunita Verma",
            "designation": "Field worker",
            "phone": "+91 99887 66554",
            "email": "",
            "language": "hi",
            "organisation": f"ngo-{world.ngo_a.pk}",
            "role": "member",
        },
    )
    person = Person.objects.get(name="Sunita Verma")
    assert response.status_code == 302
    membership = person.memberships.get()
    assert membership.ngo == world.ngo_a
    assert membership.role == "member"
    assert AuditEntry.objects.filter(object_type="directory.membership").exists()


def test_an_ngo_coordinator_cannot_add_a_person_to_another_ngo(world, login_as):
    client = login_as(world.coord_a)
    response = client.post(
        reverse("directory:person_create"),
        {
            "name": "Intruder",
            "language": "hi",
            "organisation": f"ngo-{world.ngo_b.pk}",
            "role": "member",
        },
    )
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Person.objects.filter(name="Intruder").exists()


def test_whatsapp_needs_a_mobile_number_and_numbers_are_unique(world, login_as):
    client = login_as(world.branch)
    response = client.post(
        reverse("directory:person_edit", args=[world.p_member_a.pk]),
        {"name": "Member A", "language": "hi", "whatsapp_opt_in": "on", "phone": ""},
    )
    assert "phone" in response.context["form"].errors
    response = client.post(
        reverse("directory:person_edit", args=[world.p_member_a.pk]),
        {"name": "Member A", "language": "hi", "phone": str(world.p_member_b.phone)},
    )
    assert "phone" in response.context["form"].errors


def test_a_person_edits_their_own_record(world, login_as):
    client = login_as(world.member_a)
    response = client.post(
        reverse("directory:person_edit", args=[world.p_member_a.pk]),
        {
            "name": "Member A",
            "language": "en",
            "phone": "9812345678",
            "whatsapp_opt_in": "on",
        },
    )
    assert response.status_code == 302
    world.p_member_a.refresh_from_db()
    assert world.p_member_a.whatsapp_opt_in
    assert str(world.p_member_a.phone) == "+919812345678"


def test_adding_a_membership_notifies_the_person(
    world, login_as, django_capture_on_commit_callbacks
):
    client = login_as(world.officer_bhopal)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("directory:membership_add", args=[world.p_coord_a.pk]),
            {"organisation": f"unit-{world.wps_bhopal.pk}", "role": "volunteer"},
        )
    assert response.status_code == 302
    assert world.p_coord_a.memberships.filter(police_unit=world.wps_bhopal).exists()
    assert world.coord_a.notifications.filter(kind="membership_added").exists()


def test_a_membership_cannot_end_before_it_starts(world, login_as):
    client = login_as(world.branch)
    response = client.post(
        reverse("directory:membership_add", args=[world.p_member_a.pk]),
        {
            "organisation": f"unit-{world.wps_bhopal.pk}",
            "role": "volunteer",
            "started_on": "2026-05-01",
            "ended_on": "2026-04-01",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert world.p_member_a.memberships.count() == 1


def test_ending_a_membership_keeps_the_record(world, login_as):
    membership = world.p_member_a.memberships.get()
    client = login_as(world.coord_a)
    client.post(reverse("directory:membership_end", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.ended_on is not None
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_district_officer_adds_a_samiti_with_a_unit_of_the_same_district(world, login_as):
    client = login_as(world.branch)
    data = {
        "name": "Shakti Samiti Berasia",
        "kind": "village",
        "district": world.bhopal.pk,
        "place": "Berasia",
        "police_unit": world.wps_indore.pk,
        "member_count": 15,
        "is_active": "on",
    }
    response = client.post(reverse("directory:samiti_create"), data)
    assert "police_unit" in response.context["form"].errors
    data["police_unit"] = world.ps_bhopal.pk
    response = client.post(reverse("directory:samiti_create"), data)
    assert response.status_code == 302
    assert ShaktiSamiti.objects.filter(name="Shakti Samiti Berasia").exists()


def test_deleting_a_samiti_leaves_an_audit_entry(world, login_as):
    client = login_as(world.officer_bhopal)
    pk = world.samiti_bhopal.pk
    client.post(reverse("directory:samiti_delete", args=[pk]))
    assert not ShaktiSamiti.objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.get(object_type="directory.shaktisamiti", object_id=str(pk))
    assert entry.action == "delete"
    assert entry.changes["name"] == ["Shakti Samiti Kolar", None]
