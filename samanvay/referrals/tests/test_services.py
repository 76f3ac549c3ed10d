"""Raising, routing, every transition (and the forbidden ones), consent, purge, encryption."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone, translation

from samanvay.core.models import AuditEntry
from samanvay.notify.models import Notification
from samanvay.referrals import crypto, services
from samanvay.referrals.guard import protected_names_in
from samanvay.referrals.models import Consent, ProtectedRecord, Referral, TimelineEntry
from samanvay.referrals.tests.conftest import SECRET_NAME


def events(referral):
    return list(referral.timeline.values_list("event", flat=True))


def test_a_referral_gets_a_code_with_its_district_and_year(raise_one):
    first, second = raise_one(), raise_one()
    year = timezone.localtime().year
    assert re.fullmatch(rf"MP-BPL-{year}-\d{{6}}", first.code)
    assert int(second.code[-6:]) == int(first.code[-6:]) + 1


def test_it_is_routed_to_the_districts_women_police_station_and_the_ngo(world, raise_one):
    referral = raise_one()
    assert referral.police_unit == world.wps_bhopal
    assert referral.ngo == world.ngo_a
    assert events(referral) == ["created", "routed"]
    told = set(Notification.objects.filter(kind="referral_new").values_list("recipient", flat=True))
    assert world.officer_bhopal.pk in told
    assert world.officer_indore.pk not in told


def test_observers_cannot_raise_referrals(world, raise_one):
    with pytest.raises(PermissionDenied):
        raise_one(actor=world.observer)


def test_the_whole_way_from_new_to_closed(world, raise_one):
    referral = raise_one()
    referral = services.acknowledge(actor=world.officer_bhopal, referral=referral)
    assert referral.status == "acknowledged"
    assert referral.assigned_officer == world.officer_bhopal
    referral = services.start_action(actor=world.officer_bhopal, referral=referral)
    assert referral.status == "in_action"
    referral = services.close(
        actor=world.officer_bhopal,
        referral=referral,
        outcome="fir_registered",
        fir_number="123/2026",
    )
    assert referral.status == "closed"
    assert referral.fir_number == "123/2026"
    assert events(referral) == ["created", "routed", "acknowledged", "action_started", "closed"]


@pytest.mark.parametrize(
    ("outcome", "extra", "field"),
    [
        ("fir_registered", {}, "fir_number"),
        ("rescued", {}, "rescued_count"),
        ("not_actionable", {}, "outcome_note"),
    ],
)
def test_an_outcome_needs_its_details(world, raise_one, outcome, extra, field):
    referral = services.acknowledge(actor=world.officer_bhopal, referral=raise_one())
    with pytest.raises(ValidationError) as error:
        services.close(actor=world.officer_bhopal, referral=referral, outcome=outcome, **extra)
    assert field in error.value.message_dict


def test_persons_rescued_are_counted(world, raise_one):
    referral = services.acknowledge(actor=world.officer_bhopal, referral=raise_one())
    referral = services.close(
        actor=world.officer_bhopal, referral=referral, outcome="rescued", rescued_count=3
    )
    assert referral.rescued_count == 3


def test_forbidden_transitions(world, raise_one):
    referral = raise_one()
    with pytest.raises(ValidationError):
        services.start_action(actor=world.officer_bhopal, referral=referral)
    with pytest.raises(ValidationError):
        services.close(actor=world.officer_bhopal, referral=referral, outcome="marriage_stopped")
    services.acknowledge(actor=world.officer_bhopal, referral=referral)
    with pytest.raises(ValidationError):
        services.acknowledge(actor=world.officer_bhopal, referral=referral)
    services.close(actor=world.officer_bhopal, referral=referral, outcome="marriage_stopped")
    with pytest.raises(ValidationError):
        services.start_action(actor=world.officer_bhopal, referral=referral)


@pytest.mark.parametrize("persona", ["officer_indore", "coord_a", "member_a", "observer"])
def test_only_the_district_and_the_branch_move_it_on(world, raise_one, persona):
    referral = raise_one()
    with pytest.raises(PermissionDenied):
        services.acknowledge(actor=getattr(world, persona), referral=referral)


def test_the_ngo_coordinator_assigns_a_caseworker(world, raise_one):
    referral = raise_one()
    services.assign(actor=world.coord_a, referral=referral, caseworker=world.member_a)
    referral.refresh_from_db()
    assert referral.assigned_caseworker == world.member_a
    with pytest.raises(PermissionDenied):
        services.assign(actor=world.coord_a, referral=referral, officer=world.officer_bhopal)


def test_handing_over_to_a_service_of_the_district(world, raise_one, cwc_bhopal):
    referral = services.hand_over(
        actor=world.officer_bhopal, referral=raise_one(), service=cwc_bhopal
    )
    assert referral.handed_to == cwc_bhopal
    assert "handed_over" in events(referral)


def test_sharing_without_consent_is_refused_with_a_reason(world, raise_one):
    from samanvay.directory.models import NGO

    ngo_c = NGO.objects.create(name_en="Third NGO", name_hi="तीसरा संगठन")
    ngo_c.districts.set([world.bhopal])
    referral = raise_one()
    with (
        translation.override("en"),
        pytest.raises(services.ConsentMissing, match="no recorded consent to share"),
    ):
        services.share_with_ngo(actor=world.coord_a, referral=referral, ngo=ngo_c)
    assert not referral.shares.exists()
    services.record_consent(
        actor=world.coord_a,
        referral=referral,
        ngo=ngo_c,
        given_by="Rafiq Qureshiyani",
        relation="parent",
        given_on=datetime.date(2026, 11, 1),
        method="written",
    )
    services.share_with_ngo(actor=world.coord_a, referral=referral, ngo=ngo_c)
    assert referral.shares.filter(ngo=ngo_c).exists()
    consent = Consent.objects.get()
    assert b"Rafiq" not in bytes(consent.given_by)


def test_protected_details_are_encrypted_at_rest(raise_one):
    referral = raise_one()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT data FROM referrals_protectedrecord WHERE referral_id = %s", [referral.pk]
        )
        raw = bytes(cursor.fetchone()[0])
    assert SECRET_NAME.encode() not in raw
    assert b"Nazirabad" not in raw
    assert crypto.decrypt_json(raw)["name"] == SECRET_NAME


def test_only_assignees_read_the_protected_record_and_every_reading_is_audited(world, raise_one):
    referral = raise_one()
    with pytest.raises(PermissionDenied):
        services.read_protected(actor=world.officer_bhopal, referral=referral)
    services.acknowledge(actor=world.officer_bhopal, referral=referral)
    referral.refresh_from_db()
    assert (
        services.read_protected(actor=world.officer_bhopal, referral=referral)["name"]
        == SECRET_NAME
    )
    with pytest.raises(ValidationError):
        services.read_protected(actor=world.branch, referral=referral)
    details = services.read_protected(actor=world.branch, referral=referral, reason="Inquiry 4/26")
    assert details["age"] == "15"
    views = AuditEntry.objects.filter(action="referrals.view_protected")
    assert views.count() == 2
    assert views.filter(actor=world.branch, changes__reason=[None, "Inquiry 4/26"]).exists()


def test_key_rotation_reencrypts_with_the_new_key(world, raise_one, settings):
    referral = raise_one()
    old_key = settings.REFERRALS_ENCRYPTION_KEYS[0]
    new_key = crypto.new_key()
    with override_settings(REFERRALS_ENCRYPTION_KEYS=[new_key, old_key]):
        call_command("rotate_referral_keys")
        assert protected_names_in(f"about {SECRET_NAME} today") == [SECRET_NAME]
    with override_settings(REFERRALS_ENCRYPTION_KEYS=[new_key]):
        record = ProtectedRecord.objects.get(referral=referral)
        assert crypto.decrypt_json(record.data)["name"] == SECRET_NAME


def test_closed_referrals_are_purged_after_the_retention_period(world, raise_one, settings):
    settings.REFERRALS_RETENTION_DAYS = 30
    referral = services.acknowledge(actor=world.officer_bhopal, referral=raise_one())
    services.close(actor=world.officer_bhopal, referral=referral, outcome="marriage_stopped")
    still_open = raise_one()
    later = timezone.now() + datetime.timedelta(days=29)
    assert services.purge_closed(later) == 0
    assert services.purge_closed(later + datetime.timedelta(days=2)) == 1
    assert not ProtectedRecord.objects.filter(referral=referral).exists()
    assert ProtectedRecord.objects.filter(referral=still_open).exists()
    referral = Referral.objects.get(pk=referral.pk)
    assert referral.outcome == "marriage_stopped"
    assert events(referral)[-1] == TimelineEntry.Event.PURGED
    assert services.purge_closed(later + datetime.timedelta(days=3)) == 0


def test_the_guard_finds_protected_names_whole_words_any_case(raise_one):
    raise_one()
    assert protected_names_in(f"Kal {SECRET_NAME.upper()} ka vivah hai") == [SECRET_NAME]
    assert protected_names_in("Zubaida Qureshiyanis") == []
    assert protected_names_in("nothing to see") == []


def test_raised_by_names_the_ngo_or_the_police_unit(world, raise_one):
    assert raise_one().raised_by_ngo == world.ngo_a
    by_police = raise_one(actor=world.officer_bhopal)
    assert (by_police.source, by_police.raised_by_unit) == ("police", world.wps_bhopal)


def test_a_district_without_a_women_police_station_still_gets_the_referral(world, raise_one):
    from samanvay.directory.models import District

    sehore = District.objects.get(code=445)
    referral = raise_one(actor=world.branch, district=sehore, ngo=None)
    assert referral.police_unit is None
    assert referral.code.startswith("MP-SHR-")


def test_the_guard_reads_hindi_names_as_whole_words(raise_one):
    raise_one(protected={"name": "सुनीता कुमारी"})
    assert protected_names_in("कल विवाह है।सुनीता कुमारी।") == ["सुनीता कुमारी"]
    assert protected_names_in("कल सुनीता कुमारीजी आएँगी") == []
    assert crypto.words("सुनीता कुमारी") == ["सुनीता", "कुमारी"]


@pytest.mark.parametrize(
    ("outcome", "extra"),
    [
        ("traced_restored", {}),
        ("marriage_stopped", {}),
        ("rescued", {"rescued_count": 2}),
        ("fir_registered", {"fir_number": "45/2026"}),
        ("handed_to_cwc", {}),
        ("handed_to_osc", {}),
        ("not_actionable", {"note": "The address given does not exist."}),
    ],
)
def test_every_outcome_closes_from_action_under_way(world, raise_one, outcome, extra):
    referral = services.acknowledge(actor=world.officer_bhopal, referral=raise_one())
    referral = services.start_action(actor=world.officer_bhopal, referral=referral)
    referral = services.close(
        actor=world.officer_bhopal, referral=referral, outcome=outcome, **extra
    )
    referral.refresh_from_db()
    assert (referral.status, referral.outcome) == ("closed", outcome)
    assert referral.timeline.filter(event="closed", note=outcome).exists()
    assert AuditEntry.objects.filter(action="referrals.close", object_id=str(referral.pk)).exists()


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("summary", "Her father can be reached on 98123 45678."),
        ("summary", f"{SECRET_NAME} is to be married on Sunday."),
        ("summary", "The guardian, RAFIQ QURESHIYANI, has fixed the date."),
        ("place", "Nazirabad, write to family.nazirabad@example.org"),
    ],
)
def test_the_open_fields_refuse_identifying_details(raise_one, field, text):
    """The summary and place are seen by all who work on the referral: the person's or the
    guardian's name given in the same record, a phone or an email is refused there."""
    with translation.override("en"), pytest.raises(ValidationError) as error:
        raise_one(**{field: text})
    assert (
        "Identifying details belong in the protected details" in error.value.message_dict[field][0]
    )
    assert not Referral.objects.exists()


def test_the_open_fields_refuse_the_name_of_anyone_already_protected(world, raise_one):
    raise_one()
    with pytest.raises(ValidationError) as error:
        raise_one(summary=f"Same family as {SECRET_NAME}.", protected={"name": "Another Girl"})
    assert list(error.value.message_dict) == ["summary"]


def test_a_closing_note_and_a_reason_refuse_identifying_details(world, raise_one):
    referral = services.acknowledge(actor=world.officer_bhopal, referral=raise_one())
    with pytest.raises(ValidationError) as error:
        services.close(
            actor=world.officer_bhopal,
            referral=referral,
            outcome="not_actionable",
            note=f"{SECRET_NAME} has moved away",
        )
    assert "outcome_note" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.read_protected(
            actor=world.branch, referral=referral, reason=f"Complaint about {SECRET_NAME}"
        )
    assert "reason" in error.value.message_dict
    assert not AuditEntry.objects.filter(action="referrals.view_protected").exists()


def test_the_guard_finds_the_guardian_too_but_not_a_one_word_relation(raise_one):
    raise_one()  # guardian "Rafiq Qureshiyani"
    raise_one(protected={"name": "Meena Bai", "guardian": "father"})
    assert protected_names_in("Rafiq Qureshiyani came to the station") == ["Rafiq Qureshiyani"]
    assert protected_names_in("Her father came to the station") == []


def consent(world, referral, ngo, relation="self"):
    return services.record_consent(
        actor=world.coord_a,
        referral=referral,
        ngo=ngo,
        given_by="The person herself",
        relation=relation,
        given_on=datetime.date(2026, 11, 1),
        method="written",
    )


@pytest.fixture
def ngo_c(world):
    from samanvay.directory.models import NGO

    ngo = NGO.objects.create(name_en="Third NGO", name_hi="तीसरा संगठन")
    ngo.districts.set([world.bhopal])
    return ngo


@pytest.mark.parametrize("age", ["15", "१५ वर्ष", "about 17", ""])
def test_a_child_cannot_consent_for_herself(world, raise_one, ngo_c, age):
    """Under 18, or of no recorded age: only a parent, guardian or the CWC consents."""
    referral = raise_one(protected={"name": SECRET_NAME, "age": age})
    with translation.override("en"), pytest.raises(ValidationError) as error:
        consent(world, referral, ngo_c)
    assert "parent or legal guardian" in error.value.message_dict["relation"][0]
    assert not Consent.objects.exists()
    with pytest.raises(services.ConsentMissing):
        services.share_with_ngo(actor=world.coord_a, referral=referral, ngo=ngo_c)
    consent(world, referral, ngo_c, relation="guardian")
    services.share_with_ngo(actor=world.coord_a, referral=referral, ngo=ngo_c)
    assert referral.shares.filter(ngo=ngo_c).exists()


def test_an_adult_consents_for_herself(world, raise_one, ngo_c):
    referral = raise_one(
        kind="domestic_violence_support", protected={"name": "Kamla Devi", "age": "24"}
    )
    consent(world, referral, ngo_c)
    services.share_with_ngo(actor=world.coord_a, referral=referral, ngo=ngo_c)
    assert referral.shares.filter(ngo=ngo_c).exists()


def test_a_consent_dated_in_the_future_is_refused(world, raise_one, ngo_c):
    referral = raise_one()
    with pytest.raises(ValidationError) as error:
        services.record_consent(
            actor=world.coord_a,
            referral=referral,
            ngo=ngo_c,
            given_by="Rafiq Qureshiyani",
            relation="parent",
            given_on=timezone.localdate() + datetime.timedelta(days=1),
            method="written",
        )
    assert "given_on" in error.value.message_dict


def test_the_raiser_adds_to_the_record_without_seeing_or_wiping_it(world, raise_one):
    referral = raise_one()  # raised by NGO A's coordinator, who is not assigned
    services.change_protected(
        actor=world.coord_a, referral=referral, details={"school": "Kendriya Vidyalaya 2"}
    )
    services.assign(actor=world.officer_bhopal, referral=referral, officer=world.officer_bhopal)
    referral.refresh_from_db()
    details = services.read_protected(actor=world.officer_bhopal, referral=referral)
    assert details["name"] == SECRET_NAME
    assert details["guardian"] == "Rafiq Qureshiyani"
    assert details["school"] == "Kendriya Vidyalaya 2"
    # The assignee sees the whole record in the form, so a blank field there does clear it.
    services.change_protected(
        actor=world.officer_bhopal, referral=referral, details=details | {"school": ""}
    )
    assert services.read_protected(actor=world.officer_bhopal, referral=referral)["school"] == ""
