"""Writes to the registry. Each one is atomic and leaves an audit entry; notifications go out after
commit through the notify service."""

from __future__ import annotations

from django.db import transaction
from django.forms import ModelForm
from django.utils import timezone

from samanvay.core import audit
from samanvay.core.models import AuditEntry
from samanvay.directory.models import NGO, Membership, Person, ShaktiSamiti
from samanvay.notify.services import notify


def _audited_fields(instance) -> list[str]:
    skip = {"id", "created_at", "updated_at", "is_demo"}
    return [
        f.name
        for f in instance._meta.get_fields()
        if f.concrete and not f.auto_created and f.name not in skip
    ]


@transaction.atomic
def save_form_with_audit(*, actor, form: ModelForm):
    """Save a validated model form (create or change) and record what changed."""
    instance = form.instance
    creating = instance.pk is None
    fields = _audited_fields(instance)
    before = {} if creating else audit.snapshot(type(instance).objects.get(pk=instance.pk), fields)
    instance = form.save()
    after = audit.snapshot(instance, fields)
    changes = audit.diff(before, after)
    if creating or changes:
        audit.record(
            actor=actor,
            action=AuditEntry.Action.CREATE if creating else AuditEntry.Action.CHANGE,
            instance=instance,
            changes=changes,
        )
    return instance


@transaction.atomic
def delete_with_audit(*, actor, instance) -> None:
    fields = _audited_fields(instance)
    audit.record(
        actor=actor,
        action=AuditEntry.Action.DELETE,
        instance=instance,
        changes={name: [value, None] for name, value in audit.snapshot(instance, fields).items()},
    )
    instance.delete()


def _ngo_coordinators(ngo: NGO):
    return ngo.accounts.filter(is_active=True, role="ngo_coordinator")


@transaction.atomic
def set_ngo_verification(*, actor, ngo: NGO, verification: str, note: str = "") -> NGO:
    before = {"verification": ngo.verification, "verification_note": ngo.verification_note}
    ngo.verification = verification
    ngo.verification_note = note
    if verification == NGO.Verification.VERIFIED:
        ngo.verified_at, ngo.verified_by = timezone.now(), actor
    ngo.full_clean()
    ngo.save(update_fields=["verification", "verification_note", "verified_at", "verified_by"])
    changes = audit.diff(before, {"verification": verification, "verification_note": note})
    if changes:
        audit.record(actor=actor, action=AuditEntry.Action.CHANGE, instance=ngo, changes=changes)
        notify(
            recipients=_ngo_coordinators(ngo),
            kind="ngo_verification_changed",
            context={
                "ngo_name_hi": ngo.name_hi,
                "ngo_name_en": ngo.name_en,
                "status": verification,
                "note": note,
            },
            url=ngo.get_absolute_url(),
            actor=actor,
        )
    return ngo


@transaction.atomic
def add_membership(*, actor, membership: Membership) -> Membership:
    membership.full_clean()
    membership.save()
    organisation = membership.organisation
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=membership,
        changes={"organisation": [None, str(organisation)], "role": [None, membership.role]},
    )
    user = membership.person.user
    if user is not None and user != actor:
        notify(
            recipients=[user],
            kind="membership_added",
            context={
                "organisation_name_hi": organisation.name_hi,
                "organisation_name_en": organisation.name_en,
                "role": membership.role,
            },
            url=membership.person.get_absolute_url(),
            actor=actor,
        )
    return membership


@transaction.atomic
def end_membership(*, actor, membership: Membership, ended_on=None) -> Membership:
    ended_on = ended_on or timezone.localdate()
    before = membership.ended_on
    membership.ended_on = ended_on
    membership.full_clean()
    membership.save(update_fields=["ended_on"])
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CHANGE,
        instance=membership,
        changes={"ended_on": [str(before) if before else None, str(ended_on)]},
    )
    return membership


@transaction.atomic
def create_person(*, actor, form) -> Person:
    """Save a new person and their first membership (from PersonCreateForm)."""
    person = save_form_with_audit(actor=actor, form=form)
    add_membership(
        actor=actor,
        membership=Membership(
            person=person,
            police_unit=form.membership_unit,
            ngo=form.membership_ngo,
            role=form.cleaned_data["role"],
            started_on=timezone.localdate(),
        ),
    )
    return person


@transaction.atomic
def delete_samiti(*, actor, samiti: ShaktiSamiti) -> None:
    delete_with_audit(actor=actor, instance=samiti)
