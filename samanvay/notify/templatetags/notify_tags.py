from django import template
from django.utils import translation

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
