"""The one registry of notification kinds: kind -> its templates, and how they are rendered.

Each kind has three templates under `notify/<kind>/`: `subject.txt` and `body.txt` (the plain text
email) and `short.txt` (the one line shown in the inbox). They are rendered with the notification's
`context` in the language active at the moment of rendering: the viewer's for the inbox line, the
recipient's (`translation.override(user.language)`) for an email.

Templates pick a name in the active language with `{% by_language name_hi name_en %}` and a
membership role's label with `{{ role|membership_role_label }}` (both in `notify_tags`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Kind:
    subject: str
    body: str
    short: str


def _templates(name: str) -> Kind:
    return Kind(
        subject=f"notify/{name}/subject.txt",
        body=f"notify/{name}/body.txt",
        short=f"notify/{name}/short.txt",
    )


KINDS: dict[str, Kind] = {
    # context: ngo_name_hi, ngo_name_en, status (verified/rejected/pending), note
    "ngo_verification_changed": _templates("ngo_verification_changed"),
    # context: organisation_name_hi, organisation_name_en, role (a Membership.Role code)
    "membership_added": _templates("membership_added"),
    # context: username
    "account_created": _templates("account_created"),
    # context: text
    "message": _templates("message"),
    # campaign plans; context: campaign_hi, campaign_en, plan (title), version (number)
    "plan_published": _templates("plan_published"),
    # activity reports; context: report (number), type_hi, type_en, district_hi, district_en,
    # held_on (ISO date). Never a comment or description: they may name a person.
    "report_submitted": _templates("report_submitted"),
    "report_returned": _templates("report_returned"),
    "report_verified": _templates("report_verified"),
    "report_reopened": _templates("report_reopened"),
}


def _template_context(notification) -> dict:
    context = dict(notification.context or {})
    context["link"] = absolute_url(notification.url) if notification.url else ""
    context["site_url"] = settings.SITE_URL
    return context


def absolute_url(url: str) -> str:
    return f"{settings.SITE_URL}{url}" if url.startswith("/") else url


def render_short(notification) -> SafeString:
    """The inbox line as HTML (the template escaped the context), in the active language."""
    html = render_to_string(KINDS[notification.kind].short, _template_context(notification))
    return mark_safe(html.strip())  # noqa: S308 -- autoescaped template output, only trimmed


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body: str
    language: str  # the language that was active while rendering


def render_email(notification, language: str) -> RenderedEmail:
    """Subject and plain text body in `language`, the recipient's."""
    kind = KINDS[notification.kind]
    context = _template_context(notification)
    with translation.override(language):
        subject = render_to_string(kind.subject, context)
        body = render_to_string(kind.body, context)
        active = translation.get_language()
    # A header line must stay one line, whatever a template or a name contains.
    subject = " ".join(subject.split())
    return RenderedEmail(subject=subject, body=body.strip() + "\n", language=active)
