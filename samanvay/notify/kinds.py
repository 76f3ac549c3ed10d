"""The one registry of notification kinds: kind -> its templates, and how they are rendered.

Each kind has three templates under `notify/<kind>/`: `subject.txt` and `body.txt` (the plain text
email) and `short.txt` (the one line shown in the inbox). They are rendered with the notification's
`context` in the language active at the moment of rendering: the viewer's for the inbox line, the
recipient's (`translation.override(user.language)`) for an email.

Templates pick a name in the active language with `{% by_language name_hi name_en %}` and a
membership role's label with `{{ role|membership_role_label }}` (both in `notify_tags`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from samanvay.lib import privacy_guard


@dataclass(frozen=True)
class Kind:
    subject: str
    body: str
    short: str
    # Optional dotted path of a callable `(notification) -> list[(filename, bytes, mimetype)]`
    # whose files the email carries (e.g. a calendar invitation). A path, not the callable, so
    # this registry imports no other app.
    attachments: str = ""
    # Urgent kinds reach the phone during the recipient's quiet hours too.
    urgent: bool = False
    # Optional dotted path of a callable `(user, notification, text) -> None` that takes a
    # WhatsApp reply to a notification of this kind; without one, replies are politely refused.
    reply_handler: str = ""


def _templates(
    name: str, *, attachments: str = "", urgent: bool = False, reply_handler: str = ""
) -> Kind:
    return Kind(
        subject=f"notify/{name}/subject.txt",
        body=f"notify/{name}/body.txt",
        short=f"notify/{name}/short.txt",
        attachments=attachments,
        urgent=urgent,
        reply_handler=reply_handler,
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
    # meeting action items; context: item (title), meeting (title), due_on (ISO date), and
    # owner (name of the owner) for done/dropped/overdue, reason for dropped, days for due.
    "action_item_assigned": _templates("action_item_assigned"),
    "action_item_due": _templates("action_item_due"),
    "action_item_overdue": _templates("action_item_overdue"),
    "action_item_done": _templates("action_item_done"),
    "action_item_dropped": _templates("action_item_dropped"),
    # meetings; context: meeting (pk), title, starts_at (ISO, aware), venue, online_link,
    # rsvp_link (absolute). The email carries the meeting as a calendar invitation (.ics).
    "meeting_invitation": _templates(
        "meeting_invitation", attachments="samanvay.meetings.ics.invitation_attachments"
    ),
    # context: meeting (pk), title, starts_at (ISO, aware), venue, online_link
    "meeting_reminder": _templates("meeting_reminder"),
    # referrals; context: code, kind (a referral Kind code), district_hi, district_en, urgency;
    # escalated adds level ("district" or "branch"), reminder adds due (ISO, aware). Never the
    # summary, never anything from the protected record.
    "referral_new": _templates("referral_new", urgent=True),
    "referral_assigned": _templates("referral_assigned"),
    "referral_shared": _templates("referral_shared"),
    "referral_escalated": _templates("referral_escalated", urgent=True),
    "referral_reminder": _templates("referral_reminder", urgent=True),
    "referral_closed": _templates("referral_closed"),
    # the outbox; context: medium (a Delivery.Medium code), reason (the provider's error line)
    "medium_paused": _templates("medium_paused", urgent=True),
    # a WhatsApp message we cannot take (not a reply to a kind that accepts replies); no context
    "whatsapp_reply_refused": _templates("whatsapp_reply_refused"),
    # a WhatsApp message the privacy guard refused; context: found (its kinds: phone, aadhaar,
    # email, name). Never the words themselves.
    "whatsapp_reply_withheld": _templates("whatsapp_reply_withheld"),
    # the coordination group; context: group_id, message_id (what a reply answers), group_hi,
    # group_en, author (name of who wrote). Never the message's text.
    # channel_message: someone replied to your message; channel_mention: someone mentioned you.
    "channel_message": _templates(
        "channel_message", reply_handler="samanvay.channel.services.reply_from_outside"
    ),
    "channel_mention": _templates(
        "channel_mention", reply_handler="samanvay.channel.services.reply_from_outside"
    ),
}


# What goes out instead when the privacy guard finds something identifying in a notification's
# words (a title or a reason someone typed): no words of theirs, only the way to the inbox.
NEUTRAL_LINE = _("Samanvay has a new notification for you. Please open Samanvay to read it.")
NEUTRAL_SUBJECT = _("Samanvay: a new notification for you")
SIGNATURE = _("Samanvay — Women Safety Branch, Madhya Pradesh Police")
URL = re.compile(r"https?://\S+")


def may_leave(words: str) -> bool:
    """Whether words may go to an outside service (WhatsApp, an SMS provider, a mail server):
    the privacy guard finds nothing in them. Links are ours and carry no identity (codes and
    ids only), and their random tokens would look like numbers: they are not read."""
    return not privacy_guard.check(URL.sub(" ", words))


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


def render_text(notification, language: str) -> str:
    """The short line as plain text in `language`, with the link: the words of a WhatsApp
    message or an SMS. Only the kind's context goes in, never more."""
    kind = KINDS[notification.kind]
    context = _template_context(notification)
    with translation.override(language):
        text = html.unescape(strip_tags(render_to_string(kind.short, context)))
    text = " ".join(text.split())
    if context["link"]:
        text = f"{text}\n{context['link']}"
    return text


def render_neutral_text(notification, language: str) -> str:
    """The line sent in place of words the privacy guard withheld, with the link."""
    with translation.override(language):
        text = str(NEUTRAL_LINE)
    link = absolute_url(notification.url) if notification.url else settings.SITE_URL
    return f"{text}\n{link}"


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body: str
    language: str  # the language that was active while rendering


def email_attachments(notification) -> list[tuple[str, bytes, str]]:
    """The files the kind attaches to its email (none for most kinds)."""
    path = KINDS[notification.kind].attachments
    return import_string(path)(notification) if path else []


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


def render_neutral_email(notification, language: str) -> RenderedEmail:
    """The email sent in place of one whose words the privacy guard withheld."""
    with translation.override(language):
        subject, line, signature = str(NEUTRAL_SUBJECT), str(NEUTRAL_LINE), str(SIGNATURE)
        active = translation.get_language()
    link = absolute_url(notification.url) if notification.url else settings.SITE_URL
    return RenderedEmail(
        subject=subject, body=f"{line}\n\n{link}\n--\n{signature}\n", language=active
    )
