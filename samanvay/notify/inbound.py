"""What WhatsApp tells us: webhook events, stored raw at once and processed on a worker.

- Status callbacks move a delivery's provider status forward only (sent < delivered < read);
  `failed` is kept, and a delivery that failed after it was sent falls back to the next medium.
- A message someone writes opens their 24-hour window. A reply to one of our messages (its
  `context.id` is the id of a message we sent that person) goes to the reply handler of the
  notification's kind; anything else gets a polite refusal. Numbers that are not an active
  user's are not posted anywhere, only logged.
- The privacy guard reads every message first. Words that may identify a person (a phone or
  Aadhaar number, an email address, a protected name) reach no handler: the member is told why
  (POCSO s.23, JJ Act s.74, BNS s.72; use the case's code), and the words are removed from the
  stored event as well, so that they stay nowhere in the record.
- The same message id is processed once however often WhatsApp sends it. Processing an event
  twice changes nothing, so an event is simply processed again when one of its statuses names a
  message we have not recorded yet (the callback overtook our own write).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from datetime import UTC, datetime
from functools import partial

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from samanvay.lib import privacy_guard
from samanvay.notify import outbox
from samanvay.notify.kinds import KINDS
from samanvay.notify.models import Delivery, InboundEvent, InboundMessage, WhatsAppContact

logger = logging.getLogger(__name__)

STATUS_ORDER = ["", "sent", "delivered", "read"]
MAX_EVENT_ATTEMPTS = 5
# What the stored event keeps in place of words the privacy guard refused.
WITHHELD = "[withheld by the privacy guard]"
# Where a message carries words someone typed: (part of the message, field).
TYPED_FIELDS = [
    ("text", "body"),
    ("button", "text"),
    ("image", "caption"),
    ("video", "caption"),
    ("document", "caption"),
    ("document", "filename"),
]


def signature_valid(body: bytes, header: str) -> bool:
    """`X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>`."""
    secret = settings.WHATSAPP_APP_SECRET
    if not secret or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256="))


def store_event(body: bytes) -> InboundEvent:
    event = InboundEvent.objects.create(body=body.decode("utf-8", errors="replace"))
    transaction.on_commit(partial(_enqueue, event.pk), robust=True)
    return event


def _enqueue(event_id: int) -> None:
    from samanvay.notify.tasks import process_inbound_event

    process_inbound_event.enqueue(event_id)


def process_pending_events(limit: int = 100) -> int:
    """Events whose task was lost, or that wait for a message we had not recorded yet."""
    done = 0
    pending = InboundEvent.objects.filter(
        processed_at__isnull=True, attempts__lt=MAX_EVENT_ATTEMPTS
    ).order_by("pk")[:limit]
    for event in pending:
        done += process_event(event)
    return done


def process_event(event: InboundEvent) -> bool:
    """True when the event is done with; False when it waits to be tried again."""
    try:
        payload = json.loads(event.body)
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        _close(event, error="Not a JSON object.")
        return True
    waiting = withheld_any = False
    for value in _values(payload):
        for status in value.get("statuses") or []:
            waiting |= not merge_status(status)
        for message in value.get("messages") or []:
            if not isinstance(message, dict):
                continue
            withheld = withhold_identifying_words(message)
            withheld_any |= bool(withheld)
            take_message(message, event, withheld=withheld)
    if withheld_any:
        event.body = json.dumps(payload, ensure_ascii=False)
        InboundEvent.objects.filter(pk=event.pk).update(body=event.body)
    event.attempts += 1
    if waiting and event.attempts < MAX_EVENT_ATTEMPTS:
        event.error = "A status names a message not recorded yet; will try again."
        event.save(update_fields=["attempts", "error"])
        return False
    _close(event, error=event.error if waiting else "")
    return True


def _close(event: InboundEvent, *, error: str) -> None:
    event.processed_at = timezone.now()
    event.error = error
    event.save(update_fields=["processed_at", "attempts", "error"])


def _values(payload: dict):
    for entry in payload.get("entry") or []:
        for change in entry.get("changes") or []:
            value = change.get("value")
            if isinstance(value, dict):
                yield value


def merge_status(status: dict) -> bool:
    """Move the delivery's status forward. False when no delivery has that message id (yet)."""
    wamid, new = str(status.get("id", "")), str(status.get("status", ""))
    delivery = (
        Delivery.objects.filter(medium=Delivery.Medium.WHATSAPP, external_id=wamid)
        .select_related("notification__recipient")
        .first()
        if wamid
        else None
    )
    if delivery is None:
        return False
    if new == "failed":
        changed = (
            Delivery.objects.filter(pk=delivery.pk)
            .exclude(provider_status="failed")
            .update(provider_status="failed")
        )
        if changed and delivery.state == Delivery.State.SENT:
            errors = status.get("errors") or [{}]
            error = f"Status failed: {errors[0].get('code', '')} {errors[0].get('title', '')}"
            notification = delivery.notification
            outbox.fall_back(
                delivery,
                notification,
                outbox.reach_of(notification.recipient),
                error=error,
                now=timezone.now(),
            )
        return True
    if new in STATUS_ORDER:
        lower = STATUS_ORDER[: STATUS_ORDER.index(new)]
        Delivery.objects.filter(pk=delivery.pk, provider_status__in=lower).update(
            provider_status=new
        )
    return True


def user_with_phone(phone: str):
    person_model = apps.get_model("directory", "Person")
    person = (
        person_model.objects.filter(phone=phone, user__is_active=True)
        .select_related("user")
        .first()
    )
    return person.user if person else None


def withhold_identifying_words(message: dict) -> list[str]:
    """Replace, in the message itself, every typed part the privacy guard refuses; answers the
    kinds it found (phone, aadhaar, email, name), none when the words may pass."""
    found: list[privacy_guard.Finding] = []
    for part, field in TYPED_FIELDS:
        holder = message.get(part)
        words = holder.get(field) if isinstance(holder, dict) else None
        if not isinstance(words, str) or not words or words == WITHHELD:
            continue
        findings = privacy_guard.check(words)
        if findings:
            found += findings
            holder[field] = WITHHELD
    return privacy_guard.kinds(found)


def take_message(
    message: dict, event: InboundEvent | None = None, *, withheld: list[str] = ()
) -> str | None:
    """Handle one message once; answers its outcome, None for a duplicate. `withheld`: the kinds
    of identifying detail the privacy guard removed from it (it is then refused, with why)."""
    wamid = str(message.get("id", ""))
    if not wamid or InboundMessage.objects.filter(wamid=wamid).exists():
        return None
    phone = "+" + str(message.get("from", "")).lstrip("+")
    user = user_with_phone(phone)
    try:
        with transaction.atomic():
            record, created = InboundMessage.objects.get_or_create(
                wamid=wamid,
                defaults={"event": event, "user": user, "outcome": InboundMessage.Outcome.ERROR},
            )
            if not created:
                return None
            outcome = _handle(message, record, user, phone, withheld=list(withheld))
    except Exception:
        logger.exception("WhatsApp message %s could not be handled", wamid)
        InboundMessage.objects.get_or_create(
            wamid=wamid,
            defaults={"event": event, "user": user, "outcome": InboundMessage.Outcome.ERROR},
        )
        return InboundMessage.Outcome.ERROR
    return outcome


def _handle(message: dict, record: InboundMessage, user, phone: str, *, withheld) -> str:
    if user is None:
        logger.info("WhatsApp message from an unknown number ending %s: not posted", phone[-4:])
        record.outcome = InboundMessage.Outcome.UNKNOWN_NUMBER
        record.save(update_fields=["outcome"])
        return record.outcome
    sent_at = _timestamp(message.get("timestamp"))
    contact, created = WhatsAppContact.objects.get_or_create(
        phone=phone, defaults={"last_inbound_at": sent_at}
    )
    if not created:
        WhatsAppContact.objects.filter(pk=contact.pk, last_inbound_at__lt=sent_at).update(
            last_inbound_at=sent_at
        )
    if withheld:
        return _refuse(record, user, withheld=withheld)
    text = _text_of(message)
    context_id = str((message.get("context") or {}).get("id", ""))
    replied_to = (
        Delivery.objects.filter(
            medium=Delivery.Medium.WHATSAPP,
            external_id=context_id,
            notification__recipient=user,
        )
        .select_related("notification")
        .first()
        if context_id
        else None
    )
    handler = KINDS[replied_to.notification.kind].reply_handler if replied_to else ""
    if not (handler and text):
        return _refuse(record, user)
    record.notification = replied_to.notification
    try:
        with transaction.atomic():
            import_string(handler)(user, replied_to.notification, text)
    except ValidationError as error:
        # The handler's own guard (code "privacy") or its rules (empty, too long, ...).
        if getattr(error, "code", None) == "privacy":
            found = privacy_guard.kinds(getattr(error, "findings", []))
            return _refuse(record, user, withheld=found or [privacy_guard.NAME])
        return _refuse(record, user)
    except PermissionDenied:  # e.g. no longer a member of the group
        return _refuse(record, user)
    record.outcome = InboundMessage.Outcome.ROUTED
    record.save(update_fields=["outcome", "notification"])
    return record.outcome


def _refuse(record: InboundMessage, user, *, withheld=()) -> str:
    """Tell the member, on WhatsApp and in their inbox, why their message was not taken."""
    from samanvay.notify.services import notify

    if withheld:
        notify(recipients=[user], kind="whatsapp_reply_withheld", context={"found": withheld})
        record.outcome = InboundMessage.Outcome.WITHHELD
    else:
        notify(recipients=[user], kind="whatsapp_reply_refused", context={})
        record.outcome = InboundMessage.Outcome.REFUSED
    record.save(update_fields=["outcome", "notification"])
    return record.outcome


def _text_of(message: dict) -> str:
    kind = message.get("type")
    if kind == "text":
        return str((message.get("text") or {}).get("body", "")).strip()
    if kind == "button":
        return str((message.get("button") or {}).get("text", "")).strip()
    return ""


def _timestamp(value) -> datetime:
    try:
        return datetime.fromtimestamp(int(value), tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return timezone.now()
