"""Writes of the referrals app. Each step is a transaction with a timeline entry and an audit row;
notifications carry only the code, kind, district and urgency, never a summary or an identity."""

from __future__ import annotations

import csv
import datetime
import re
import secrets
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samanvay.accounts import rules
from samanvay.accounts.models import Role, User
from samanvay.core import audit, privacy
from samanvay.directory.models import NGO, District, Membership, PoliceUnit, current_memberships
from samanvay.lib import privacy_guard
from samanvay.notify.services import notify
from samanvay.referrals import crypto
from samanvay.referrals.models import (
    Consent,
    NameDigest,
    Outcome,
    ProtectedRecord,
    Referral,
    ReferralCounter,
    ServiceContact,
    Share,
    Source,
    Status,
    TimelineEntry,
)

DISTRICT_CODES_FILE = Path(settings.BASE_DIR) / "data" / "referral_district_codes.csv"
Event = TimelineEntry.Event


@cache
def district_codes() -> dict[int, str]:
    with DISTRICT_CODES_FILE.open(encoding="utf-8") as handle:
        return {int(row["code"]): row["referral_code"] for row in csv.DictReader(handle)}


def next_code(district: District, now: datetime.datetime) -> str:
    """`MP-<district>-<year>-<6 digits>`, numbered per year across the state. The counter row is
    locked until the caller's transaction ends, so two referrals never share a number."""
    year = timezone.localtime(now).year
    ReferralCounter.objects.get_or_create(year=year)
    counter = ReferralCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"MP-{district_codes()[district.code]}-{year}-{counter.last_number:06d}"


def women_police_station(district: District) -> PoliceUnit | None:
    return (
        PoliceUnit.objects.filter(district=district, kind="women_police_station", is_active=True)
        .order_by("pk")
        .first()
    )


def _context(referral: Referral) -> dict:
    """The only facts of a referral a notification may carry."""
    return {
        "code": referral.code,
        "kind": referral.kind,
        "district_hi": referral.district.name_hi,
        "district_en": referral.district.name_en,
        "urgency": referral.urgency,
    }


def _url(referral: Referral) -> str:
    from django.urls import reverse

    return reverse("referrals:referral_detail", args=[referral.code])


def district_officers(district_id: int) -> list[User]:
    return list(
        User.objects.filter(role=Role.DISTRICT_OFFICER, district_id=district_id, is_active=True)
    )


def ngo_coordinators(ngo_id: int) -> list[User]:
    return list(User.objects.filter(role=Role.NGO_COORDINATOR, ngo_id=ngo_id, is_active=True))


def branch_officers() -> list[User]:
    return list(User.objects.filter(role=Role.BRANCH, is_active=True))


def _step(referral: Referral, event: str, actor=None, note: str = "", at=None) -> TimelineEntry:
    return TimelineEntry.objects.create(
        referral=referral, event=event, actor=actor, note=note[:500], at=at or timezone.now()
    )


def _audit(actor, action: str, referral: Referral, changes: dict | None = None) -> None:
    audit.record(
        actor=actor,
        action=action,
        object_type="referrals.referral",
        object_id=str(referral.pk),
        label=referral.code,
        changes=changes,
    )


# --- keeping the open fields non-identifying ---------------------------------------------------


def refuse_identifying(fields: dict[str, str], *, protected: dict | None = None) -> None:
    """The open fields of a referral (summary, place, notes, a reason) are seen by everyone who
    works on it and kept in the audit log: refuse a phone, Aadhaar or email, the name of anyone a
    referral protects, or a name of `protected` (the record being written with them)."""
    own = set().union(*crypto.record_digests(protected or {}).values())
    errors = {}
    for field, text in fields.items():
        if not text or not text.strip():
            continue
        found = privacy.identifying_kinds(text)
        if privacy_guard.NAME not in found and own & crypto.text_digests(text):
            found.append(privacy_guard.NAME)
        if found:
            errors[field] = _(
                "Everyone working on the referral sees this: remove %(found)s. Identifying "
                "details belong in the protected details."
            ) % {"found": privacy.named(found)}
    if errors:
        raise ValidationError(errors)


# --- raising a referral ------------------------------------------------------------------------


def _index_names(record: ProtectedRecord, details: dict) -> None:
    """The privacy guard finds the protected person, and the guardian who leads to them."""
    record.digests.all().delete()
    digests = set().union(*crypto.record_digests(details).values())
    NameDigest.objects.bulk_create(NameDigest(record=record, digest=value) for value in digests)


def _save_protected(record: ProtectedRecord, details: dict, photo: tuple[bytes, str] | None):
    clean = {name: str(details.get(name) or "").strip() for name in ProtectedRecord.FIELDS}
    record.data = crypto.encrypt_json(clean)
    if photo is not None:
        record.photo = crypto.encrypt_bytes(photo[0])
        record.photo_content_type = photo[1]
    record.save()
    _index_names(record, clean)


@transaction.atomic
def raise_referral(
    *,
    actor: User | None,
    kind: str,
    urgency: str,
    district: District,
    place: str,
    summary: str,
    ngo: NGO | None = None,
    protected: dict | None = None,
    photo: tuple[bytes, str] | None = None,
    source: str | None = None,
    tip_pin: str = "",
) -> Referral:
    """Create a referral, route it to the district's women police station (and the chosen NGO),
    keep the identifying details in its encrypted record, and tell who must act."""
    if actor is not None and not rules.can_raise_referrals(actor):
        raise PermissionDenied
    now = timezone.now()
    if source is None:
        source = Source.NGO if actor is not None and actor.ngo_id else Source.POLICE
    refuse_identifying({"summary": summary, "place": place}, protected=protected)
    referral = Referral(
        kind=kind,
        urgency=urgency,
        district=district,
        place=place.strip(),
        summary=summary.strip(),
        source=source,
        raised_by=actor,
        raised_by_ngo_id=actor.ngo_id if actor is not None and source == Source.NGO else None,
        raised_by_unit=_unit_of(actor) if source == Source.POLICE else None,
        ngo=ngo,
        police_unit=women_police_station(district),
        created_at=now,
        tip_pin_hash=make_password(tip_pin) if tip_pin else "",
    )
    referral.code = next_code(district, now)
    referral.full_clean()
    referral.save()
    if protected and any(protected.values()) or photo:
        _save_protected(ProtectedRecord(referral=referral), protected or {}, photo)
    _step(referral, Event.CREATED, actor, at=now)
    routed = [
        referral.police_unit.name_en if referral.police_unit else _("no women police station")
    ]
    if ngo is not None:
        routed.append(ngo.name_en)
    _step(referral, Event.ROUTED, None, ", ".join(routed), at=now)
    _audit(actor, "referrals.raise_referral", referral, {"kind": [None, kind]})
    recipients = district_officers(district.pk) + (ngo_coordinators(ngo.pk) if ngo else [])
    notify(
        recipients=[u for u in recipients if actor is None or u.pk != actor.pk],
        kind="referral_new",
        context=_context(referral),
        url=_url(referral),
        actor=actor,
    )
    return referral


def _unit_of(actor: User | None) -> PoliceUnit | None:
    """The police unit an officer serves in (their current membership), if the registry knows."""
    if actor is None:
        return None
    membership = (
        Membership.objects.filter(
            current_memberships(), person__user=actor, police_unit__isnull=False
        )
        .select_related("police_unit")
        .order_by("pk")
        .first()
    )
    return membership.police_unit if membership else None


def new_tip_pin() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def tip_status(code: str, pin: str) -> Referral | None:
    """The referral a tipster may see the status of, given its code and PIN; else None."""
    referral = (
        Referral.objects.filter(code=code.strip().upper(), source=Source.PUBLIC_TIP)
        .exclude(tip_pin_hash="")
        .first()
    )
    if referral is None or not check_password(pin.strip(), referral.tip_pin_hash):
        return None
    return referral


# --- moving it on ------------------------------------------------------------------------------


def _require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied


def _locked(referral: Referral) -> Referral:
    return Referral.objects.select_for_update().select_related("district").get(pk=referral.pk)


@transaction.atomic
def acknowledge(*, actor: User, referral: Referral) -> Referral:
    referral = _locked(referral)
    _require(rules.can_manage_referral(actor, referral))
    if referral.status != Status.NEW:
        raise ValidationError(_("Only a new referral can be acknowledged."))
    referral.status = Status.ACKNOWLEDGED
    referral.acknowledged_at = timezone.now()
    fields = ["status", "acknowledged_at"]
    if referral.assigned_officer_id is None and actor.role == Role.DISTRICT_OFFICER:
        referral.assigned_officer = actor
        fields.append("assigned_officer")
    referral.save(update_fields=fields)
    _step(referral, Event.ACKNOWLEDGED, actor)
    _audit(actor, "referrals.acknowledge", referral, {"status": ["new", "acknowledged"]})
    return referral


@transaction.atomic
def start_action(*, actor: User, referral: Referral, note: str = "") -> Referral:
    referral = _locked(referral)
    _require(rules.can_manage_referral(actor, referral))
    if referral.status != Status.ACKNOWLEDGED:
        raise ValidationError(_("Action can start only on an acknowledged referral."))
    refuse_identifying({"note": note})
    referral.status = Status.IN_ACTION
    referral.action_started_at = timezone.now()
    referral.save(update_fields=["status", "action_started_at"])
    _step(referral, Event.ACTION_STARTED, actor, note)
    _audit(actor, "referrals.start_action", referral, {"status": ["acknowledged", "in_action"]})
    return referral


@transaction.atomic
def close(
    *,
    actor: User,
    referral: Referral,
    outcome: str,
    fir_number: str = "",
    rescued_count: int | None = None,
    note: str = "",
) -> Referral:
    referral = _locked(referral)
    _require(rules.can_manage_referral(actor, referral))
    if referral.status not in {Status.ACKNOWLEDGED, Status.IN_ACTION}:
        raise ValidationError(_("Only an acknowledged referral or one under action can be closed."))
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = _("Choose an outcome.")
    if outcome == Outcome.FIR_REGISTERED and not fir_number.strip():
        errors["fir_number"] = _("Give the FIR number.")
    if outcome == Outcome.RESCUED and not rescued_count:
        errors["rescued_count"] = _("Give the number of persons rescued.")
    if outcome == Outcome.NOT_ACTIONABLE and not note.strip():
        errors["outcome_note"] = _("Say why it is not actionable.")
    if errors:
        raise ValidationError(errors)
    refuse_identifying({"outcome_note": note})
    before = referral.status
    referral.status = Status.CLOSED
    referral.outcome = outcome
    referral.fir_number = fir_number.strip() if outcome == Outcome.FIR_REGISTERED else ""
    referral.rescued_count = rescued_count if outcome == Outcome.RESCUED else None
    referral.outcome_note = note.strip()
    referral.closed_at = timezone.now()
    referral.full_clean()
    referral.save()
    _step(referral, Event.CLOSED, actor, outcome)
    _audit(
        actor,
        "referrals.close",
        referral,
        {"status": [before, "closed"], "outcome": [None, outcome]},
    )
    recipients = [u for u in (referral.assigned_officer, referral.assigned_caseworker) if u]
    notify(
        recipients=[u for u in recipients if u.pk != actor.pk],
        kind="referral_closed",
        context=_context(referral),
        url=_url(referral),
        actor=actor,
    )
    return referral


@transaction.atomic
def assign(
    *,
    actor: User,
    referral: Referral,
    officer: User | None = None,
    ngo: NGO | None = None,
    caseworker: User | None = None,
) -> Referral:
    """Set the police officer (who manages it), the NGO and its caseworker (the NGO's coordinator
    may choose the caseworker). Only these two see the protected record."""
    referral = _locked(referral)
    changes: dict = {}
    if officer is not None and officer.pk != referral.assigned_officer_id:
        _require(rules.can_manage_referral(actor, referral))
        if not (
            officer.role == Role.DISTRICT_OFFICER and officer.district_id == referral.district_id
        ):
            raise ValidationError(_("The officer must be a police officer of the district."))
        changes["assigned_officer"] = [referral.assigned_officer_id, officer.pk]
        referral.assigned_officer = officer
    if ngo is not None and ngo.pk != referral.ngo_id:
        _require(rules.can_manage_referral(actor, referral))
        if not ngo.districts.filter(pk=referral.district_id).exists():
            raise ValidationError(_("The NGO does not work in this district."))
        changes["ngo"] = [referral.ngo_id, ngo.pk]
        referral.ngo = ngo
        referral.assigned_caseworker = None
    if caseworker is not None and caseworker.pk != referral.assigned_caseworker_id:
        _require(rules.can_assign_caseworker(actor, referral))
        if caseworker.ngo_id != referral.ngo_id or caseworker.role not in {
            Role.NGO_COORDINATOR,
            Role.NGO_MEMBER,
        }:
            raise ValidationError(_("The caseworker must belong to the referral's NGO."))
        changes["assigned_caseworker"] = [referral.assigned_caseworker_id, caseworker.pk]
        referral.assigned_caseworker = caseworker
    if not changes:
        return referral
    referral.save(update_fields=["assigned_officer", "ngo", "assigned_caseworker"])
    names = [u.get_full_name() for u in (officer, caseworker) if u is not None]
    if ngo is not None:
        names.append(ngo.name_en)
    _step(referral, Event.ASSIGNED, actor, ", ".join(names))
    _audit(actor, "referrals.assign", referral, changes)
    recipients = [u for u in (officer, caseworker) if u is not None and u.pk != actor.pk]
    if ngo is not None:
        recipients += ngo_coordinators(ngo.pk)
    notify(
        recipients=recipients,
        kind="referral_assigned",
        context=_context(referral),
        url=_url(referral),
        actor=actor,
    )
    return referral


@transaction.atomic
def hand_over(
    *, actor: User, referral: Referral, service: ServiceContact, note: str = ""
) -> Referral:
    referral = _locked(referral)
    _require(rules.can_manage_referral(actor, referral))
    if not referral.is_open:
        raise ValidationError(_("This referral is closed."))
    if service.district_id != referral.district_id or not service.is_active:
        raise ValidationError(_("Choose a service of the referral's district."))
    referral.handed_to = service
    referral.save(update_fields=["handed_to"])
    _step(referral, Event.HANDED_OVER, actor, f"{service.get_kind_display()}: {service.name}")
    _audit(actor, "referrals.hand_over", referral, {"handed_to": [None, service.pk]})
    return referral


# --- consent and sharing -----------------------------------------------------------------------


@transaction.atomic
def record_consent(
    *,
    actor: User,
    referral: Referral,
    ngo: NGO,
    given_by: str,
    relation: str,
    given_on: datetime.date,
    method: str,
) -> Consent:
    _require(rules.can_share_referral(actor, referral))
    if not given_by.strip():
        raise ValidationError({"given_by": _("Say who gave the consent.")})
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": _("The date of consent cannot be in the future.")})
    if relation == Consent.Relation.SELF and not _is_adult(referral):
        raise ValidationError(
            {
                "relation": _(
                    "For a child (under 18, or whose age is not recorded) the consent must be "
                    "given by a parent or legal guardian, or by an order of the Child Welfare "
                    "Committee. If the person is an adult, record the age in the protected details."
                )
            }
        )
    consent = Consent(
        referral=referral,
        ngo=ngo,
        given_by=crypto.encrypt_json({"given_by": given_by.strip()}),
        relation=relation,
        given_on=given_on,
        method=method,
        recorded_by=actor,
    )
    consent.full_clean()
    consent.save()
    _step(referral, Event.CONSENT_RECORDED, actor, ngo.name_en)
    _audit(actor, "referrals.record_consent", referral, {"consent_for": [None, ngo.name_en]})
    return consent


def _is_adult(referral: Referral) -> bool:
    """Whether the protected record gives an age of 18 or more. Without an age the person is
    taken to be a child, whose consent only a parent, guardian or the CWC can give (DPDP Act)."""
    record = ProtectedRecord.objects.filter(referral=referral).first()
    if record is None:
        return False
    # `\d` and int() read the digits of every script ("१५" is 15).
    number = re.search(r"\d+", str(crypto.decrypt_json(record.data).get("age") or ""))
    return number is not None and int(number.group()) >= 18


class ConsentMissing(ValidationError):
    pass


@transaction.atomic
def share_with_ngo(*, actor: User, referral: Referral, ngo: NGO) -> Share:
    """Share a referral with another NGO. Refused without a recorded consent for that NGO
    (of the guardian when the referral concerns a child): the consent gate."""
    _require(rules.can_share_referral(actor, referral))
    if ngo.pk == referral.ngo_id or referral.shares.filter(ngo=ngo).exists():
        raise ValidationError(_("The referral is already with this NGO."))
    consent = referral.consents.filter(ngo=ngo).order_by("-recorded_at").first()
    if consent is None:
        raise ConsentMissing(
            _(
                "Not shared: there is no recorded consent to share this referral with %(ngo)s. "
                "Record the consent (of the guardian, for a child) first."
            )
            % {"ngo": ngo.name_en}
        )
    share = Share.objects.create(referral=referral, ngo=ngo, consent=consent, shared_by=actor)
    _step(referral, Event.SHARED, actor, ngo.name_en)
    _audit(actor, "referrals.share", referral, {"shared_with": [None, ngo.name_en]})
    notify(
        recipients=ngo_coordinators(ngo.pk),
        kind="referral_shared",
        context=_context(referral),
        url=_url(referral),
        actor=actor,
    )
    return share


# --- the protected record ----------------------------------------------------------------------


def read_protected(*, actor: User, referral: Referral, reason: str = "") -> dict | None:
    """The decrypted details, for an assignee, or for the branch with a stated reason. Every
    opening is audited (and shown in the timeline)."""
    if rules.can_view_protected(actor, referral):
        pass
    elif rules.can_view_protected_with_reason(actor, referral):
        if not reason.strip():
            raise ValidationError(_("State why you need to see the protected details."))
        refuse_identifying({"reason": reason})
    else:
        raise PermissionDenied
    record = ProtectedRecord.objects.filter(referral=referral).first()
    with transaction.atomic():
        _step(referral, Event.PROTECTED_VIEWED, actor)
        _audit(
            actor,
            "referrals.view_protected",
            referral,
            {"reason": [None, reason.strip()]} if reason.strip() else None,
        )
    if record is None:
        return None
    details = crypto.decrypt_json(record.data)
    details["has_photo"] = record.photo is not None
    return details


def protected_photo(*, actor: User, referral: Referral) -> tuple[bytes, str] | None:
    """The decrypted photo, for the assignees only (and audited)."""
    _require(rules.can_view_protected(actor, referral))
    record = ProtectedRecord.objects.filter(referral=referral).first()
    if record is None or record.photo is None:
        return None
    _audit(actor, "referrals.view_protected_photo", referral)
    return crypto.decrypt_bytes(record.photo), record.photo_content_type


@transaction.atomic
def change_protected(
    *, actor: User, referral: Referral, details: dict, photo: tuple[bytes, str] | None = None
) -> None:
    _require(rules.can_change_protected(actor, referral))
    record = ProtectedRecord.objects.filter(referral=referral).first() or ProtectedRecord(
        referral=referral
    )
    if record.pk and not rules.can_view_protected(actor, referral):
        # Whoever raised it may add to the record without seeing it: a blank field keeps what is
        # recorded, so nothing is wiped by a form that could not show it.
        given = {name: value for name, value in details.items() if str(value or "").strip()}
        details = crypto.decrypt_json(record.data) | given
    _save_protected(record, details, photo)
    _step(referral, Event.PROTECTED_CHANGED, actor)
    _audit(actor, "referrals.change_protected", referral)


def rotate_keys() -> int:
    """Re-encrypt every protected record and consent with the first key, and rebuild the name
    index under it. Returns the number of records rotated."""
    count = 0
    for record in ProtectedRecord.objects.iterator(chunk_size=200):
        with transaction.atomic():
            record.data = crypto.rotate(record.data)
            if record.photo is not None:
                record.photo = crypto.rotate(record.photo)
            record.save(update_fields=["data", "photo"])
            _index_names(record, crypto.decrypt_json(record.data))
        count += 1
    for consent in Consent.objects.exclude(given_by=b"").iterator(chunk_size=200):
        consent.given_by = crypto.rotate(consent.given_by)
        consent.save(update_fields=["given_by"])
    return count


def purge_closed(now: datetime.datetime) -> int:
    """Delete the protected records (and consents' names) of referrals closed longer than the
    retention period; the referral and its timeline stay."""
    cutoff = now - datetime.timedelta(days=settings.REFERRALS_RETENTION_DAYS)
    due = Referral.objects.filter(
        status=Status.CLOSED, closed_at__lt=cutoff, protected_purged_at__isnull=True
    ).values_list("pk", flat=True)
    purged = 0
    for pk in list(due):
        with transaction.atomic():
            claimed = Referral.objects.filter(pk=pk, protected_purged_at__isnull=True).update(
                protected_purged_at=now
            )
            if not claimed:
                continue
            referral = Referral.objects.get(pk=pk)
            ProtectedRecord.objects.filter(referral=referral).delete()
            Consent.objects.filter(referral=referral).update(given_by=b"")
            _step(referral, Event.PURGED, None, at=now)
            _audit(None, "referrals.purge_protected", referral)
            purged += 1
    return purged


@transaction.atomic
def add_service(*, actor: User, service: ServiceContact) -> ServiceContact:
    if not District.objects.filter(rules.service_districts(actor), pk=service.district_id).exists():
        raise PermissionDenied
    service.full_clean()
    service.save()
    audit.record(actor=actor, action="create", instance=service)
    return service
