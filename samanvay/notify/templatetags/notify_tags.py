from django import template
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from samanvay.directory.models import NGO, Membership

register = template.Library()


@register.simple_tag
def by_language(value_hi: str, value_en: str) -> str:
    """The Hindi or the English form, whichever the active language asks for (else the other)."""
    if translation.get_language() == "hi":
        return value_hi or value_en or ""
    return value_en or value_hi or ""


@register.filter
def membership_role_label(code: str) -> str:
    """A membership role code as its label in the active language."""
    try:
        return str(Membership.Role(code).label)
    except ValueError:
        return code


@register.filter
def verification_label(code: str) -> str:
    """An NGO verification status code as its label in the active language."""
    try:
        return str(NGO.Verification(code).label)
    except ValueError:
        return code


@register.filter
def iso_datetime(value: str):
    """An ISO 8601 datetime from a notification's context, as a datetime the `date` filter
    shows in the active time zone (IST) and language."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return value


# What the privacy guard found (`samanvay.lib.privacy_guard` kinds), as words of a sentence.
FINDINGS = {
    "phone": _("a phone number"),
    "aadhaar": _("an Aadhaar number"),
    "email": _("an email address"),
    "name": _("the name of a person protected by a referral"),
}


@register.filter
def privacy_findings(codes) -> str:
    """The kinds the privacy guard found, in the active language ("a phone number, an email
    address"); unknown codes are left out."""
    return ", ".join(str(FINDINGS[code]) for code in codes or () if code in FINDINGS)
