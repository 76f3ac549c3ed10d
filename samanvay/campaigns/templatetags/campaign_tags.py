from django import template
from django.utils import translation
from django.utils.translation import gettext_lazy as _

register = template.Library()

METRIC_LABELS = {
    "sessions": _("Sessions"),
    "girls": _("Girls"),
    "boys": _("Boys"),
    "women": _("Women"),
    "men": _("Men"),
    "people": _("People reached"),
}

FIELD_LABELS = {
    "title": _("Title"),
    "period": _("Period"),
    "objectives": _("Objectives"),
    "activity_types": _("Activity types counted"),
}


def _english() -> bool:
    return (translation.get_language() or "hi").startswith("en")


@register.filter
def in_language(obj, field: str) -> str:
    """`obj.<field>_hi` or `obj.<field>_en` (a dict key or attribute), as the language asks."""
    order = ("en", "hi") if _english() else ("hi", "en")
    for suffix in order:
        key = f"{field}_{suffix}"
        value = obj.get(key) if isinstance(obj, dict) else getattr(obj, key, "")
        if value:
            return value
    return ""


@register.filter
def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@register.filter
def metric_label(metric: str) -> str:
    return METRIC_LABELS.get(metric, metric)


@register.filter
def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name)


@register.inclusion_tag("campaigns/fragment_bar.html")
def progress_bar(measure):
    """Verified share as a bar, with what is pending verification after it. Inline SVG with
    width attributes: the CSP forbids style attributes."""
    return {"m": measure}
