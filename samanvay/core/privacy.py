"""What the privacy guard (samanvay.lib.privacy_guard) found, in the reader's language: one
wording for every open field that refuses identifying details (referrals, activity reports)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy

from samanvay.lib import privacy_guard

KIND_NAMES = {
    privacy_guard.PHONE: gettext_lazy("a phone number"),
    privacy_guard.AADHAAR: gettext_lazy("an Aadhaar number"),
    privacy_guard.EMAIL: gettext_lazy("an email address"),
    privacy_guard.NAME: gettext_lazy("the name of a person protected by a referral"),
}


def identifying_kinds(text: str) -> list[str]:
    """The kinds of identifying detail in `text` (phone, Aadhaar, email, protected name)."""
    return privacy_guard.kinds(privacy_guard.check(text)) if text and text.strip() else []


def named(kinds: Iterable[str]) -> str:
    """ "a phone number, an email address": the kinds found, for a message."""
    return ", ".join(str(KIND_NAMES[kind]) for kind in kinds)
