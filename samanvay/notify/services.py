"""Writes of the notify app: record notifications and their deliveries, send, mark read.

Other apps call `notify(...)` inside their own transaction; the sending is enqueued only after
that transaction commits, so a rolled back change sends nothing.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from email.message import MIMEPart

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from samanvay.core import audit
from samanvay.notify import outbox
from samanvay.notify.kinds import (
    KINDS,
    email_attachments,
    may_leave,
    render_email,
    render_neutral_email,
)
from samanvay.notify.models import Delivery, Notification
from samanvay.notify.outbox import (  # noqa: F401 -- the outbox's names callers already use
    backoff_delay,
    claim_delivery,
    enqueue_delivery_on_commit,
    release_stale_claims,
    worker_name,
)

logger = logging.getLogger(__name__)


def is_local_path(url: str) -> bool:
    """A path on this site ("/registry/ngos/1/"), never another host, however it is spelled."""
    return url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=set())


@transaction.atomic
def notify(
    *,
    recipients: Iterable,
    kind: str,
    context: dict,
    url: str = "",
    actor=None,
) -> list[Notification]:
    """Record one notification per active recipient, its inbox delivery, and one delivery per
    outside medium the person gets (see `outbox.Reach`: email, and WhatsApp or SMS); they are
    enqueued after the caller's commit.

    `context` must be JSON-serialisable and must never carry the identity of a protected person
    (a victim, a child, anyone a referral is about: no name, address, school, family, photo or
    anything that leads to them). It is stored, shown in inboxes and sent by email: pass names of
    organisations, codes (e.g. a referral's code) and statuses only.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind: {kind!r}")
    try:
        json.dumps(context)
    except (TypeError, ValueError) as error:
        raise ValueError(f"Notification context must be plain JSON: {error}") from error
    if url and not is_local_path(url):
        raise ValueError("Notification url must be a path on this site, like /registry/ngos/1/")

    users, seen = [], set()
    for user in recipients:
        if user is None or not user.is_active or user.pk in seen:
            continue
        seen.add(user.pk)
        users.append(user)
    if not users:
        return []

    notifications = [
        Notification(recipient=user, actor=actor, kind=kind, context=context, url=url)
        for user in users
    ]
    for notification in notifications:
        notification.full_clean(
            exclude=["recipient", "actor"], validate_unique=False, validate_constraints=False
        )
    notifications = Notification.objects.bulk_create(notifications)

    now = timezone.now()
    reaches = outbox.reaches_for(users)
    paused = outbox.paused_media()
    deliveries = []
    for notification, user in zip(notifications, users, strict=True):
        deliveries.append(
            Delivery(
                notification=notification,
                medium=Delivery.Medium.INBOX,
                state=Delivery.State.SENT,
                sent_at=now,
            )
        )
        for medium in reaches[user.pk].initial_media(kind, paused):
            deliveries.append(
                Delivery(
                    notification=notification,
                    medium=medium,
                    state=Delivery.State.PENDING,
                    next_attempt_at=now,
                )
            )
    deliveries = Delivery.objects.bulk_create(deliveries)
    for delivery in deliveries:
        if delivery.medium != Delivery.Medium.INBOX:
            enqueue_delivery_on_commit(delivery)
    return notifications


def build_email(notification: Notification) -> EmailMultiAlternatives:
    """The email of a notification in the recipient's language. If the privacy guard finds
    something identifying in its words, a neutral email with the link goes instead, without
    the kind's files (they carry the same words); `words_withheld` on the message says so."""
    recipient = notification.recipient
    language = recipient.language or settings.LANGUAGE_CODE
    email = render_email(notification, language)
    withheld = not may_leave(f"{email.subject}\n{email.body}")
    if withheld:
        email = render_neutral_email(notification, language)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        to=[recipient.email],
        headers={"Content-Language": email.language},
    )
    message.words_withheld = withheld
    if not withheld:
        for filename, content, mimetype in email_attachments(notification):
            message.attach(attachment_part(filename, content, mimetype))
    return message


def attachment_part(filename: str, content: bytes, mimetype: str) -> MIMEPart:
    """A file for an email; parameters of the type are kept ("text/calendar; method=REQUEST",
    which calendars need to offer the invitation)."""
    kind, *raw_params = (piece.strip() for piece in mimetype.split(";"))
    maintype, subtype = kind.split("/", 1)
    params = dict(p.split("=", 1) for p in raw_params if "=" in p)
    part = MIMEPart()
    if maintype == "text":
        part.set_content(
            content.decode(), subtype=subtype, params=params, filename=filename, charset="utf-8"
        )
    else:
        part.set_content(content, maintype, subtype, params=params, filename=filename)
    return part


def deliver_email(delivery: Delivery, *, worker: str = "") -> bool:
    """Claim, render in the recipient's language, send, and record the outcome.

    True when the email went out; False when another worker had it, it was not due, or sending
    failed (then it is pending again with a later `next_attempt_at`, or failed for good).
    """
    if delivery.medium != Delivery.Medium.EMAIL:
        raise ValueError("deliver_email sends email deliveries only")
    return outbox.deliver(delivery, worker=worker)


@transaction.atomic
def retry_delivery(delivery: Delivery) -> bool:
    """Try a failed or waiting delivery again now, with a fresh count of attempts."""
    updated = Delivery.objects.filter(
        pk=delivery.pk, state__in=[Delivery.State.FAILED, Delivery.State.PENDING]
    ).update(state=Delivery.State.PENDING, attempts=0, next_attempt_at=timezone.now())
    if updated:
        delivery.refresh_from_db()
        enqueue_delivery_on_commit(delivery)
    return updated == 1


@transaction.atomic
def save_preference(*, user, form) -> None:
    """Save the person's own notification settings, audited."""
    preference = form.save(commit=False)
    preference.user = user
    preference.full_clean()
    preference.save()
    audit.record(actor=user, action="notify.save_preference", instance=preference)


def mark_read(notification: Notification) -> Notification:
    """Opening a notification marks it read (once; opening again keeps the first time)."""
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


def mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
