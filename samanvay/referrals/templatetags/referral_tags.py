from django import template

from samanvay.referrals.models import Kind, Outcome, Status, Urgency

register = template.Library()


@register.filter
def referral_kind_label(code: str) -> str:
    return Kind(code).label if code in Kind.values else code


@register.filter
def referral_urgency_label(code: str) -> str:
    return Urgency(code).label if code in Urgency.values else code


@register.filter
def referral_status_label(code: str) -> str:
    return Status(code).label if code in Status.values else code


@register.filter
def referral_outcome_label(code: str) -> str:
    return Outcome(code).label if code in Outcome.values else code
