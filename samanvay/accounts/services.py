"""Writes about accounts: language choice, sign-in records, two-factor enrolment and recovery codes.

A few small reads that the sign-in flow needs (has the user a second factor?) live here too, beside
the writes they go with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from samanvay.accounts.models import User
from samanvay.core.audit import record

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "phone"
RECOVERY_DEVICE_NAME = "recovery codes"
TOTP_PATTERN = re.compile(r"^\d{6}$")


@transaction.atomic
def set_user_language(*, user: User, language: str) -> None:
    codes = {code for code, _name in settings.LANGUAGES}
    if language not in codes:
        raise ValidationError({"language": _("Choose Hindi or English.")})
    if user.language == language:
        return
    user.language = language
    user.save(update_fields=["language"])


def record_sign_in(*, user: User) -> None:
    record(actor=user, action="sign_in", instance=user, changes={"method": "password"})


def record_sign_out(*, user: User) -> None:
    record(actor=user, action="security", instance=user, changes={"event": "sign_out"})


def record_password_change(*, user: User, event: str) -> None:
    record(actor=user, action="security", instance=user, changes={"event": event})


# --- two-factor sign-in -----------------------------------------------------------------------


def has_confirmed_totp(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def remaining_recovery_codes(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def normalise_code(code: str) -> str:
    """People type codes with spaces or dashes, and recovery codes in capitals."""
    return re.sub(r"[\s-]", "", code or "").lower()


@transaction.atomic
def start_totp_enrolment(*, user: User) -> TOTPDevice:
    """The unconfirmed device a user is enrolling; the same one until they confirm it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def confirm_totp_enrolment(*, user: User, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the device with a code from the app; replaces any older device and recovery codes.

    Returns the new recovery codes, to be shown once.
    """
    if device.user_id != user.pk or device.confirmed:
        raise ValidationError({"code": _("This set-up has expired. Start again.")})
    token = normalise_code(code)
    if not TOTP_PATTERN.match(token) or verify_token(user, device.persistent_id, token) is None:
        raise ValidationError(
            {"code": _("That code is not right. Check the time on your phone and try again.")}
        )
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _replace_recovery_codes(user)
    record(actor=user, action="security", instance=user, changes={"event": "two_factor_enrolled"})
    return codes


@transaction.atomic
def regenerate_recovery_codes(*, user: User) -> list[str]:
    """New recovery codes; the old ones stop working."""
    codes = _replace_recovery_codes(user)
    record(
        actor=user,
        action="security",
        instance=user,
        changes={"event": "recovery_codes_regenerated"},
    )
    return codes


def _replace_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).exclude(name=RECOVERY_DEVICE_NAME).delete()
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    device.token_set.all().delete()
    codes: set[str] = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(StaticToken.random_token())
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in sorted(codes))
    return sorted(codes)


@dataclass
class SecondFactorResult:
    device: TOTPDevice | StaticDevice | None = None
    locked_until: datetime | None = None


def check_second_factor(*, user: User, code: str) -> SecondFactorResult:
    """Try a code against the user's confirmed devices: six digits for the authenticator app,
    anything else as a recovery code (used up when accepted).

    Each device slows down guessing by itself (django-otp's throttling); when it refuses to
    check, `locked_until` says until when.
    """
    token = normalise_code(code)
    if not token:
        return SecondFactorResult()
    model = TOTPDevice if TOTP_PATTERN.match(token) else StaticDevice
    locked_until = None
    for device in model.objects.devices_for_user(user, confirmed=True):
        allowed, data = device.verify_is_allowed()
        if not allowed:
            until = (data or {}).get("locked_until")
            if until and (locked_until is None or until > locked_until):
                locked_until = until
            continue
        verified = verify_token(user, device.persistent_id, token)
        if verified is not None:
            return SecondFactorResult(device=verified)
    if locked_until is not None:
        return SecondFactorResult(locked_until=locked_until)
    return SecondFactorResult()


def scope_for_role(*, person, role: str, actor: User) -> dict:
    """The district or NGO a new account of `role` works in, from the person's current
    memberships; ValidationError (shown on the form) when they have none that fits."""
    from samanvay.accounts import rules
    from samanvay.accounts.models import Role
    from samanvay.directory.models import current_memberships

    current = person.memberships.filter(current_memberships()).select_related("police_unit", "ngo")
    if role == Role.DISTRICT_OFFICER:
        for membership in current:
            if membership.police_unit and membership.police_unit.district_id:
                return {"district": membership.police_unit.district}
        raise ValidationError(
            {"role": _("A district officer needs a current membership of a district police unit.")}
        )
    if role == Role.BRANCH:
        if any(m.police_unit and m.police_unit.kind == "hq_branch" for m in current):
            return {}
        raise ValidationError(
            {"role": _("A branch officer needs a current membership of the HQ branch.")}
        )
    if role in (Role.NGO_COORDINATOR, Role.NGO_MEMBER):
        for membership in current:
            if membership.ngo_id and (
                rules.is_statewide(actor) or membership.ngo_id == actor.ngo_id
            ):
                return {"ngo": membership.ngo}
        raise ValidationError({"role": _("This role needs a current membership of an NGO.")})
    return {}


@transaction.atomic
def create_account(*, actor: User, person, username: str, role: str) -> User:
    """Open a sign-in account for a person of the registry. The person sets their own password
    through the link in the welcome message (no password is ever chosen or sent by someone else)."""
    from samanvay.notify.services import notify

    if person.user_id is not None:
        raise ValidationError(_("This person already has a sign-in account."))
    if not person.email:
        raise ValidationError(
            {
                "username": _(
                    "Add an email address to this person first: the account is set up by email."
                )
            }
        )
    user = User(
        username=username,
        role=role,
        first_name=person.name[:150],
        email=person.email,
        language=person.language,
        **scope_for_role(person=person, role=role, actor=actor),
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    record(
        actor=actor,
        action="create",
        instance=user,
        changes={"username": [None, username], "role": [None, role], "person": [None, person.pk]},
    )
    notify(
        recipients=[user],
        kind="account_created",
        context={"username": username},
        url="/accounts/me/",
        actor=actor,
    )
    return user


@transaction.atomic
def set_account_active(*, actor: User, user: User, active: bool) -> User:
    """Close (or reopen) an account. Nothing is deleted: the record and the audit trail stay."""
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    record(
        actor=actor, action="security", instance=user, changes={"is_active": [not active, active]}
    )
    return user
