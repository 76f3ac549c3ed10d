"""The outbox: which media a notification goes by, and how a worker claims, sends, retries and
falls back.

- Media: the inbox always, and one outside medium: the first of WhatsApp (when the person agreed
  to it), SMS, email that the person can get and has not turned off (`Preference`). Kinds that
  attach files (a meeting invitation) go by email as well.
- Claims: a worker takes due rows with one conditional UPDATE (PostgreSQL first picks them with
  `SELECT ... FOR UPDATE SKIP LOCKED`), so no row is sent by two workers. A claim is a lease: a
  worker that dies leaves the row `sending`, and after `NOTIFY_CLAIM_LEASE_SECONDS` it is pending
  again. A worker renews the lease of each row just before sending it, and skips a row whose
  claim it lost meanwhile, so a slow batch is never sent twice. The request that was in flight
  when a worker died may have reached the provider: that one message can arrive twice (at least
  once, never lost).
- Outcomes: retryable failures back off exponentially with jitter up to a cap; permanent ones
  fall back WhatsApp → SMS → email; account-level ones pause the medium for everyone
  (`MediumPause`) and alert the branch. Quiet hours defer WhatsApp and SMS, except urgent kinds.
- Every try is a `DeliveryAttempt` with the request, the response and the time it took.
- The privacy guard reads the words before they leave: when a title or a reason someone typed
  holds a phone number, an Aadhaar number, an email address or a protected name, a neutral line
  with the link goes instead (and that is what the attempt records).
"""

from __future__ import annotations

import logging
import os
import random
import socket
import uuid
from datetime import datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from samanvay.notify import adapters
from samanvay.notify.kinds import KINDS, may_leave, render_neutral_text, render_text
from samanvay.notify.models import (
    Delivery,
    DeliveryAttempt,
    MediumPause,
    Notification,
    Preference,
    WhatsAppContact,
)

logger = logging.getLogger(__name__)

Medium = Delivery.Medium
State = Delivery.State
Outcome = DeliveryAttempt.Outcome
INDIA = ZoneInfo("Asia/Kolkata")
OUTSIDE_MEDIA = [Medium.WHATSAPP, Medium.SMS, Medium.EMAIL]
PHONE_MEDIA = {Medium.WHATSAPP, Medium.SMS}
FALLBACK = {Medium.WHATSAPP: [Medium.SMS, Medium.EMAIL], Medium.SMS: [Medium.EMAIL]}
WINDOW = timedelta(hours=24)
ERROR_MAX_LENGTH = 2000
WORDS_WITHHELD = "The privacy guard withheld the notification's words; a neutral line went instead."
# Names of the media in alerts; the same in Hindi and English.
MEDIUM_NAMES = {"whatsapp": "WhatsApp", "sms": "SMS", "email": "Email"}


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


# --- who gets what --------------------------------------------------------------------------


class Reach:
    """What the outbox knows of one recipient: phone, WhatsApp consent, preference."""

    def __init__(self, user, *, phone: str = "", whatsapp_opt_in: bool = False, preference=None):
        self.user = user
        self.phone = phone
        self.whatsapp_opt_in = whatsapp_opt_in
        self.preference = preference or Preference(user=user)

    def can_use(self, medium: str, kind: str) -> bool:
        pref = self.preference
        if medium == Medium.EMAIL:
            return pref.email and bool(self.user.email)
        if medium == Medium.WHATSAPP:
            return (
                pref.whatsapp
                and self.whatsapp_opt_in
                and bool(self.phone)
                and adapters.whatsapp_configured()
            )
        if medium == Medium.SMS:
            return (
                pref.sms
                and bool(self.phone)
                and adapters.sms_configured()
                and bool(adapters.dlt_template_id(kind))
            )
        return medium == Medium.INBOX

    def initial_media(self, kind: str, paused=frozenset()) -> list[str]:
        """The first medium of the chain the person can get (WhatsApp, SMS, email) that is not
        paused; and email too when the kind attaches files (its calendar file travels only
        there)."""
        media = [m for m in OUTSIDE_MEDIA if m not in paused and self.can_use(m, kind)][:1]
        if (
            KINDS[kind].attachments
            and Medium.EMAIL not in media
            and self.can_use(Medium.EMAIL, kind)
        ):
            media.append(Medium.EMAIL)
        return media


def reaches_for(users: list) -> dict[int, Reach]:
    """One query for the phones, one for the preferences, whatever the number of users."""
    person_model = apps.get_model("directory", "Person")
    ids = [user.pk for user in users]
    people = {
        row["user_id"]: row
        for row in person_model.objects.filter(user_id__in=ids).values(
            "user_id", "phone", "whatsapp_opt_in"
        )
    }
    preferences = {p.user_id: p for p in Preference.objects.filter(user_id__in=ids)}
    reaches = {}
    for user in users:
        person = people.get(user.pk, {})
        reaches[user.pk] = Reach(
            user,
            phone=str(person.get("phone") or ""),
            whatsapp_opt_in=bool(person.get("whatsapp_opt_in")),
            preference=preferences.get(user.pk),
        )
    return reaches


def reach_of(user) -> Reach:
    return reaches_for([user])[user.pk]


def quiet_until(preference: Preference, now: datetime) -> datetime | None:
    """The end of the quiet hours (India time) `now` falls in, or None outside them."""
    start, end = preference.quiet_from, preference.quiet_until
    if start is None or end is None or start == end:
        return None
    local = timezone.localtime(now, INDIA)
    moment, day = local.time(), local.date()
    if start < end:
        inside, end_day = start <= moment < end, day
    else:  # across midnight, e.g. 22:00 to 07:00
        inside = moment >= start or moment < end
        end_day = day + timedelta(days=1) if moment >= start else day
    if not inside:
        return None
    return datetime.combine(end_day, end, tzinfo=INDIA)


# --- claiming -------------------------------------------------------------------------------


def due(queryset, now: datetime):
    return queryset.filter(state=State.PENDING).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def claim_delivery(delivery: Delivery, *, worker: str = "", now: datetime | None = None) -> bool:
    """Take one due pending delivery. A conditional UPDATE: of many workers only one wins."""
    now = now or timezone.now()
    worker = (worker or worker_name())[:200]
    claimed = due(Delivery.objects.filter(pk=delivery.pk), now).update(
        state=State.SENDING, claimed_at=now, claimed_by=worker
    )
    if claimed:
        delivery.state, delivery.claimed_at, delivery.claimed_by = State.SENDING, now, worker
    return claimed == 1


def claim_due(*, now: datetime, limit: int = 100, worker: str = "", media=None) -> list[int]:
    """Claim up to `limit` due deliveries for this worker; answers their ids.

    PostgreSQL: the rows are picked with FOR UPDATE SKIP LOCKED, so workers do not queue behind
    each other. Everywhere: one UPDATE ... WHERE state = 'pending' with a token only this call
    knows, and the ids read back by that token are the ones won."""
    token = f"{(worker or worker_name())[:150]}:{uuid.uuid4().hex[:12]}"
    candidates = due(Delivery.objects.filter(medium__in=media or OUTSIDE_MEDIA), now).order_by(
        "next_attempt_at", "pk"
    )
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.values_list("pk", flat=True)[:limit])
        if ids:
            due(Delivery.objects.filter(pk__in=ids), now).update(
                state=State.SENDING, claimed_at=now, claimed_by=token
            )
    if not ids:
        return []
    return list(
        Delivery.objects.filter(pk__in=ids, state=State.SENDING, claimed_by=token)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def renew_claim(delivery: Delivery, *, now: datetime) -> bool:
    """Restart the lease of a claim this worker still holds; False if it holds it no more."""
    renewed = Delivery.objects.filter(
        pk=delivery.pk, state=State.SENDING, claimed_by=delivery.claimed_by
    ).update(claimed_at=now)
    return renewed == 1


def release_stale_claims(*, now: datetime | None = None) -> int:
    """Deliveries left `sending` past their lease by a worker that died go back to pending."""
    now = now or timezone.now()
    lease = timedelta(seconds=settings.NOTIFY_CLAIM_LEASE_SECONDS)
    return Delivery.objects.filter(state=State.SENDING, claimed_at__lte=now - lease).update(
        state=State.PENDING,
        claimed_at=None,
        claimed_by="",
        next_attempt_at=now,
        last_error="Worker stopped while sending; released.",
    )


def backoff_delay(attempts: int) -> timedelta:
    """Exponential backoff with jitter: about 1, 2, 4, ... minutes, never more than the cap."""
    base, cap = settings.NOTIFY_BACKOFF_BASE_SECONDS, settings.NOTIFY_BACKOFF_CAP_SECONDS
    ceiling = min(cap, base * 2 ** max(attempts - 1, 0))
    # Jitter spreads retries of many deliveries that failed together; not a security matter.
    return timedelta(seconds=random.uniform(ceiling / 2, ceiling))  # noqa: S311


# --- sending --------------------------------------------------------------------------------


def enqueue_delivery_on_commit(delivery: Delivery) -> None:
    """Hand the delivery to a worker once the current transaction commits. If enqueueing fails
    the row stays pending and the outbox loop (`send_pending_notifications`) picks it up."""
    transaction.on_commit(partial(_enqueue, delivery.pk), robust=True)


def _enqueue(delivery_id: int) -> None:
    from samanvay.notify.tasks import send_delivery

    send_delivery.enqueue(delivery_id)


def deliver(delivery: Delivery, *, worker: str = "", now: datetime | None = None) -> bool:
    """Claim one delivery and send it. True when it went out."""
    now = now or timezone.now()
    if not claim_delivery(delivery, worker=worker, now=now):
        return False
    return send_claimed(delivery, worker=worker, now=now)


def run_once(*, now: datetime | None = None, limit: int = 100, worker: str = "") -> dict:
    """One round of the outbox loop: release dead workers' claims, process stored webhooks,
    claim what is due and send it."""
    from samanvay.notify.inbound import process_pending_events

    fixed_now = now
    now = now or timezone.now()
    worker = worker or worker_name()
    released = release_stale_claims(now=now)
    events = process_pending_events()
    sent = claimed = 0
    # Fallbacks made in this round are due at once: a few more claims send them too.
    for _ in range(4):
        current = fixed_now or timezone.now()
        ids = (
            claim_due(now=current, limit=limit - claimed, worker=worker) if claimed < limit else []
        )
        if not ids:
            break
        claimed += len(ids)
        for delivery in Delivery.objects.filter(pk__in=ids).order_by("pk"):
            # A real loop reads the clock before each send; a test's fixed `now` stays put.
            sent += send_claimed(delivery, worker=worker, now=fixed_now or timezone.now())
    return {"released": released, "events": events, "claimed": claimed, "sent": sent}


def send_claimed(delivery: Delivery, *, worker: str = "", now: datetime | None = None) -> bool:
    """Send a delivery this worker has claimed, and record what happened. Nothing happens when
    the claim was lost meanwhile (its lease ended while it waited in this worker's batch, and
    another worker took it)."""
    now = now or timezone.now()
    if not renew_claim(delivery, now=now):
        return False
    notification = Notification.objects.select_related("recipient").get(pk=delivery.notification_id)
    user = notification.recipient
    kind = KINDS[notification.kind]
    if not user.is_active:
        finish(delivery, state=State.FAILED, error="Recipient is inactive.")
        return False
    reach = reach_of(user)
    if delivery.medium == Medium.EMAIL and not user.email:
        finish(delivery, state=State.FAILED, error="Recipient is inactive or has no email.")
        return False
    if not reach.can_use(delivery.medium, notification.kind):
        # Turned off, consent withdrawn or the number removed since the notification was made.
        fall_back(delivery, notification, reach, error="Medium no longer possible.", now=now)
        return False
    if delivery.medium in PHONE_MEDIA:
        if is_paused(delivery.medium):
            fall_back(delivery, notification, reach, error="Medium paused.", now=now)
            return False
        if not kind.urgent and (until := quiet_until(reach.preference, now)):
            defer(delivery, until=until, worker=worker, now=now)
            return False
    result = send_by_medium(delivery, notification, reach, now=now)
    if result.window_closed:
        # Our record of the window was wrong: close it and send the template at once.
        WhatsAppContact.objects.filter(phone=reach.phone).delete()
        log_attempt(delivery, result, worker=worker, now=now)
        result = send_by_medium(delivery, notification, reach, now=now)
    log_attempt(delivery, result, worker=worker, now=now)
    return settle(delivery, notification, reach, result, now=now)


def send_by_medium(delivery, notification, reach: Reach, *, now) -> adapters.SendResult:
    language = reach.user.language or settings.LANGUAGE_CODE
    if delivery.medium == Medium.EMAIL:
        return send_email(notification)
    text = render_text(notification, language)
    withheld = not may_leave(text)
    if withheld:
        text = render_neutral_text(notification, language)
    if delivery.medium == Medium.WHATSAPP:
        result = adapters.send_whatsapp(
            phone=reach.phone,
            text=text,
            kind=notification.kind,
            language=language,
            in_window=window_open(reach.phone, now),
        )
    else:
        result = adapters.send_sms(phone=reach.phone, text=text, kind=notification.kind)
    return _noting_withheld(result) if withheld else result


def _noting_withheld(result: adapters.SendResult) -> adapters.SendResult:
    result.error = f"{result.error} ({WORDS_WITHHELD})" if result.error else WORDS_WITHHELD
    return result


def send_email(notification) -> adapters.SendResult:
    from samanvay.notify.services import build_email

    message = build_email(notification)
    request = f"To: {', '.join(message.to)}\nSubject: {message.subject}"
    started = timezone.now()
    try:
        message.send()
    except Exception as error:
        logger.warning("Email of notification %s failed: %s", notification.pk, error)
        result = adapters.SendResult(
            Outcome.RETRY,
            request=request,
            error=f"{type(error).__name__}: {error}",
            duration_ms=_ms_since(started),
        )
    else:
        result = adapters.SendResult(Outcome.SENT, request=request, duration_ms=_ms_since(started))
    return _noting_withheld(result) if message.words_withheld else result


def _ms_since(started: datetime) -> int:
    return int((timezone.now() - started).total_seconds() * 1000)


def window_open(phone: str, now: datetime) -> bool:
    return WhatsAppContact.objects.filter(phone=phone, last_inbound_at__gt=now - WINDOW).exists()


def log_attempt(delivery, result: adapters.SendResult, *, worker: str, now) -> None:
    DeliveryAttempt.objects.create(
        delivery=delivery,
        started_at=now,
        duration_ms=result.duration_ms,
        request=result.request,
        response=result.response,
        status_code=result.status_code,
        outcome=result.outcome,
        error=result.error[:ERROR_MAX_LENGTH],
        worker=(worker or worker_name())[:200],
    )


@transaction.atomic
def settle(delivery, notification, reach: Reach, result: adapters.SendResult, *, now) -> bool:
    if result.outcome == Outcome.SENT:
        delivery.external_id = result.external_id[:200]
        delivery.attempts += 1
        delivery.save(update_fields=["external_id", "attempts"])
        finish(delivery, state=State.SENT)
        return True
    if result.outcome == Outcome.ACCOUNT:
        pause_medium(delivery.medium, reason=result.error)
        fall_back(delivery, notification, reach, error=result.error, now=now)
        return False
    if result.outcome == Outcome.RETRY:
        retry_later(delivery, notification, reach, error=result.error, now=now)
        return False
    fall_back(delivery, notification, reach, error=result.error, now=now)
    return False


def max_attempts(medium: str) -> int:
    if medium == Medium.EMAIL:
        return settings.NOTIFY_EMAIL_MAX_ATTEMPTS
    return settings.NOTIFY_PHONE_MAX_ATTEMPTS


def retry_later(delivery, notification, reach, *, error: str, now) -> None:
    """Count the attempt; back off and try again later, or give up (and fall back) after the
    last attempt."""
    delivery.attempts += 1
    delivery.last_error = error[:ERROR_MAX_LENGTH]
    delivery.claimed_at, delivery.claimed_by = None, ""
    if delivery.attempts >= max_attempts(delivery.medium):
        delivery.save(update_fields=["attempts"])
        fall_back(delivery, notification, reach, error=error, now=now)
        return
    delivery.state = State.PENDING
    delivery.next_attempt_at = now + backoff_delay(delivery.attempts)
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


def defer(delivery, *, until: datetime, worker: str, now) -> None:
    log_attempt(
        delivery,
        adapters.SendResult(Outcome.DEFERRED, error="Quiet hours."),
        worker=worker,
        now=now,
    )
    Delivery.objects.filter(pk=delivery.pk).update(
        state=State.PENDING, next_attempt_at=until, claimed_at=None, claimed_by=""
    )
    delivery.state, delivery.next_attempt_at = State.PENDING, until


def finish(delivery: Delivery, *, state: str, error: str = "") -> None:
    now = timezone.now()
    delivery.state = state
    delivery.claimed_at, delivery.claimed_by = None, ""
    fields = ["state", "claimed_at", "claimed_by"]
    if state == State.SENT:
        delivery.sent_at, delivery.last_error = now, ""
        fields += ["sent_at", "last_error"]
    else:
        delivery.last_error = error[:ERROR_MAX_LENGTH]
        delivery.next_attempt_at = None
        fields += ["last_error", "next_attempt_at"]
    delivery.save(update_fields=fields)


@transaction.atomic
def fall_back(delivery, notification, reach: Reach, *, error: str, now) -> Delivery | None:
    """This medium failed for good: mark it, and hand the notification to the next medium the
    person can get (WhatsApp → SMS → email). None when no medium is left, or the next one is
    already on its way (most people get email beside their phone)."""
    finish(delivery, state=State.FAILED, error=error)
    for medium in FALLBACK.get(delivery.medium, []):
        if not reach.can_use(medium, notification.kind) or is_paused(medium):
            continue
        fallback, created = Delivery.objects.get_or_create(
            notification=notification,
            medium=medium,
            defaults={"state": State.PENDING, "next_attempt_at": now},
        )
        if created:
            enqueue_delivery_on_commit(fallback)
            return fallback
        return None
    return None


# --- pauses ---------------------------------------------------------------------------------


def paused_media() -> set[str]:
    return set(MediumPause.objects.values_list("medium", flat=True))


def is_paused(medium: str) -> bool:
    return MediumPause.objects.filter(medium=medium).exists()


def pause_medium(medium: str, *, reason: str) -> bool:
    """Stop a medium for everyone and alert the branch (once, by the worker that paused it)."""
    from samanvay.accounts.models import Role, User
    from samanvay.notify.services import notify

    with transaction.atomic():
        _, created = MediumPause.objects.get_or_create(
            medium=medium, defaults={"reason": reason[:ERROR_MAX_LENGTH]}
        )
        if created:
            logger.error("Outbox: %s paused for everyone: %s", medium, reason)
            notify(
                recipients=User.objects.filter(is_active=True, role__in=[Role.BRANCH, Role.ADMIN]),
                kind="medium_paused",
                context={"medium": MEDIUM_NAMES.get(medium, medium), "reason": reason[:200]},
            )
    return created


def resume_medium(medium: str) -> bool:
    deleted, _ = MediumPause.objects.filter(medium=medium).delete()
    return deleted > 0
