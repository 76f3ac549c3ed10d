"""Writes of the notify app: record notifications and their deliveries, send, mark read.

Other apps call `notify(...)` inside their own transaction; the sending is enqueued only after
that transaction commits, so a rolled back change sends nothing.
"""

from __future__ import annotations

import json
import logging
import os
import random
import socket
from collections.abc import Iterable
from datetime import timedelta
from email.message import MIMEPart
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from samanvay.notify.kinds import KINDS, email_attachments, render_email
from samanvay.notify.models import Delivery, Notification

logger = logging.getLogger(__name__)

BACKOFF_BASE_SECONDS = 60
BACKOFF_CAP_SECONDS = 60 * 60
# A claim older than this belongs to a worker that died while sending: it may be tried again.
STALE_CLAIM_AFTER = timedelta(minutes=15)
ERROR_MAX_LENGTH = 2000


def is_local_path(url: str) -> bool:
    """A path on this site ("/registry/ngos/1/"), never another host, however it is spelled."""
    return url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=set())


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@transaction.atomic
def notify(
    *,
    recipients: Iterable,
    kind: str,
    context: dict,
    url: str = "",
    actor=None,
) -> list[Notification]:
    """Record one notification per active recipient, its inbox delivery, and an email delivery
    when the person has an address; the emails are enqueued after the caller's commit.

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
        if user.email:
            deliveries.append(
                Delivery(
                    notification=notification,
                    medium=Delivery.Medium.EMAIL,
                    state=Delivery.State.PENDING,
                    next_attempt_at=now,
                )
            )
    deliveries = Delivery.objects.bulk_create(deliveries)
    for delivery in deliveries:
        if delivery.medium == Delivery.Medium.EMAIL:
            enqueue_delivery_on_commit(delivery)
    return notifications


def enqueue_delivery_on_commit(delivery: Delivery) -> None:
    """Hand the delivery to a worker once the current transaction commits. If enqueueing fails
    the row stays pending and `send_pending_notifications` picks it up."""
    transaction.on_commit(partial(_enqueue, delivery.pk, delivery.medium), robust=True)


def _enqueue(delivery_id: int, medium: str) -> None:
    from samanvay.notify.tasks import send_email_delivery

    if medium == Delivery.Medium.EMAIL:
        send_email_delivery.enqueue(delivery_id)


def claim_delivery(delivery: Delivery, *, worker: str = "") -> bool:
    """Take a due pending delivery for sending. A conditional UPDATE, so with many workers only
    one wins; the loser gets False and leaves it alone."""
    now = timezone.now()
    claimed = (
        Delivery.objects.filter(pk=delivery.pk, state=Delivery.State.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(state=Delivery.State.SENDING, claimed_at=now, claimed_by=worker[:200])
    )
    if claimed:
        delivery.state, delivery.claimed_at, delivery.claimed_by = (
            Delivery.State.SENDING,
            now,
            worker[:200],
        )
    return claimed == 1


def backoff_delay(attempts: int) -> timedelta:
    """Exponential backoff with jitter: about 1, 2, 4, ... minutes, never more than an hour."""
    ceiling = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0))
    # Jitter spreads retries of many deliveries that failed together; not a security matter.
    return timedelta(seconds=random.uniform(ceiling / 2, ceiling))  # noqa: S311


def build_email(notification: Notification) -> EmailMultiAlternatives:
    recipient = notification.recipient
    language = recipient.language or settings.LANGUAGE_CODE
    email = render_email(notification, language)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        to=[recipient.email],
        headers={"Content-Language": email.language},
    )
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
    if not claim_delivery(delivery, worker=worker or worker_name()):
        return False
    notification = (
        Notification.objects.select_related("recipient").filter(pk=delivery.notification_id).get()
    )
    recipient = notification.recipient
    if not recipient.is_active or not recipient.email:
        _finish(
            delivery, state=Delivery.State.FAILED, error="Recipient is inactive or has no email."
        )
        return False
    try:
        build_email(notification).send()
    except Exception as error:
        logger.warning("Email delivery %s failed: %s", delivery.pk, error)
        record_failure(delivery, error=f"{type(error).__name__}: {error}")
        return False
    _finish(delivery, state=Delivery.State.SENT)
    return True


def _finish(delivery: Delivery, *, state: str, error: str = "") -> None:
    now = timezone.now()
    delivery.state = state
    delivery.claimed_at, delivery.claimed_by = None, ""
    fields = ["state", "claimed_at", "claimed_by"]
    if state == Delivery.State.SENT:
        delivery.sent_at, delivery.last_error = now, ""
        fields += ["sent_at", "last_error"]
    else:
        delivery.last_error = error[:ERROR_MAX_LENGTH]
        delivery.next_attempt_at = None
        fields += ["last_error", "next_attempt_at"]
    delivery.save(update_fields=fields)


def record_failure(delivery: Delivery, *, error: str) -> Delivery:
    """Count the attempt; back off and try again later, or give up after the last attempt."""
    delivery.attempts += 1
    delivery.last_error = error[:ERROR_MAX_LENGTH]
    delivery.claimed_at, delivery.claimed_by = None, ""
    if delivery.attempts >= settings.NOTIFY_EMAIL_MAX_ATTEMPTS:
        delivery.state = Delivery.State.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.state = Delivery.State.PENDING
        delivery.next_attempt_at = timezone.now() + backoff_delay(delivery.attempts)
    delivery.save(
        update_fields=[
            "attempts",
            "last_error",
            "claimed_at",
            "claimed_by",
            "state",
            "next_attempt_at",
        ]
    )
    return delivery


def release_stale_claims(*, now=None) -> int:
    """Deliveries left in 'sending' by a worker that died go back to pending (counted as tried)."""
    now = now or timezone.now()
    stale = Delivery.objects.filter(
        state=Delivery.State.SENDING, claimed_at__lt=now - STALE_CLAIM_AFTER
    )
    released = 0
    for delivery in stale:
        released += Delivery.objects.filter(pk=delivery.pk, state=Delivery.State.SENDING).update(
            state=Delivery.State.PENDING,
            claimed_at=None,
            claimed_by="",
            next_attempt_at=now,
            last_error="Worker stopped while sending; released.",
        )
    return released


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
