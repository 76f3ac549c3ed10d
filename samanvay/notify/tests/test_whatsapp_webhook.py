"""The WhatsApp webhook: handshake, signatures, and what the worker makes of each event."""

import dataclasses
import json

import pytest
from django.urls import reverse

from samanvay.notify import kinds, outbox
from samanvay.notify.models import (
    Delivery,
    InboundEvent,
    InboundMessage,
    Notification,
    WhatsAppContact,
)
from samanvay.notify.services import notify
from samanvay.notify.tests import emulators
from samanvay.notify.tests.emulators import message_payload, status_payload

MEMBER_B = "919800000007"
REPLIES = []


def take_reply(user, notification, text):
    """The reply handler of the test kind: what a group would post as the member."""
    REPLIES.append((user.username, notification.pk, text))


@pytest.fixture
def replies(monkeypatch):
    REPLIES.clear()
    kind = dataclasses.replace(
        kinds.KINDS["message"],
        reply_handler="samanvay.notify.tests.test_whatsapp_webhook.take_reply",
    )
    monkeypatch.setitem(kinds.KINDS, "message", kind)
    return REPLIES


def signed_post(client, payload, secret=emulators.APP_SECRET, signature=None):
    raw = json.dumps(payload).encode()
    header = signature or emulators.sign(raw, secret)
    return client.post(
        reverse("whatsapp_webhook"),
        data=raw,
        content_type="application/json",
        headers={"X-Hub-Signature-256": header},
    )


@pytest.fixture
def sent_message(on_whatsapp, whatsapp):
    """A message notification that went out on WhatsApp to member B; answers its delivery."""
    [notification] = notify(
        recipients=[on_whatsapp.member_b], kind="message", context={"text": "Outline v2 is out"}
    )
    outbox.run_once()
    return Delivery.objects.get(notification=notification, medium="whatsapp")


@pytest.fixture
def webhook(client, django_capture_on_commit_callbacks):
    """Post a signed event; what it enqueues (the worker's part) runs right after."""

    def post(payload, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return signed_post(client, payload, **kwargs)

    return post


# --- handshake and signature ------------------------------------------------------------------


def test_the_handshake_answers_the_challenge(client, whatsapp):
    response = client.get(
        reverse("whatsapp_webhook"),
        {
            "hub.mode": "subscribe",
            "hub.verify_token": emulators.VERIFY_TOKEN,
            "hub.challenge": "42",
        },
    )

    assert response.status_code == 200
    assert response.content == b"42"


def test_the_handshake_with_a_wrong_token_is_refused(client, whatsapp):
    response = client.get(
        reverse("whatsapp_webhook"),
        {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "42"},
    )

    assert response.status_code == 403


def test_a_signed_event_is_stored_and_acknowledged(client, db, whatsapp):
    response = signed_post(client, message_payload(MEMBER_B, "hello"))

    assert response.status_code == 200
    assert json.loads(InboundEvent.objects.get().body)["object"] == "whatsapp_business_account"


@pytest.mark.parametrize(
    "signature", ["", "sha256=" + "0" * 64, "sha1=abc", "sha256=not-hex"], ids=str
)
def test_an_unsigned_or_badly_signed_event_is_refused(client, db, whatsapp, signature):
    raw = json.dumps(message_payload(MEMBER_B, "hello")).encode()

    response = client.post(
        reverse("whatsapp_webhook"),
        data=raw,
        content_type="application/json",
        headers={"X-Hub-Signature-256": signature} if signature else {},
    )

    assert response.status_code == 403
    assert not InboundEvent.objects.exists()


def test_an_event_signed_with_another_secret_is_refused(client, db, whatsapp):
    response = signed_post(client, message_payload(MEMBER_B, "hello"), secret="other-secret")

    assert response.status_code == 403
    assert not InboundEvent.objects.exists()


# --- statuses ---------------------------------------------------------------------------------


def test_statuses_only_move_forward(webhook, sent_message):
    wamid = sent_message.external_id
    for status in ("delivered", "read", "sent", "delivered"):
        webhook(status_payload(wamid, status, MEMBER_B))

    sent_message.refresh_from_db()
    assert sent_message.provider_status == "read"


def test_a_failed_status_is_kept_and_falls_back(webhook, sent_message, mailoutbox):
    wamid = sent_message.external_id
    webhook(status_payload(wamid, "failed", MEMBER_B, error_code=131026))
    webhook(status_payload(wamid, "read", MEMBER_B))

    sent_message.refresh_from_db()
    assert (sent_message.provider_status, sent_message.state) == ("failed", "failed")
    assert "131026" in sent_message.last_error
    email = Delivery.objects.get(notification=sent_message.notification, medium="email")
    assert email.state == "sent"
    assert len(mailoutbox) == 1


def test_a_status_that_overtakes_our_own_record_is_processed_later(webhook, on_whatsapp, whatsapp):
    webhook(status_payload("wamid.not-yet", "delivered", MEMBER_B))
    event = InboundEvent.objects.get()
    assert event.processed_at is None

    [notification] = notify(
        recipients=[on_whatsapp.member_b], kind="message", context={"text": "x"}
    )
    Delivery.objects.filter(notification=notification, medium="whatsapp").update(
        state="sent", external_id="wamid.not-yet"
    )
    outbox.run_once()

    event.refresh_from_db()
    assert event.processed_at is not None
    assert Delivery.objects.get(external_id="wamid.not-yet").provider_status == "delivered"


# --- messages ---------------------------------------------------------------------------------


def test_a_reply_goes_to_the_kinds_handler_as_the_member(
    webhook, sent_message, replies, on_whatsapp
):
    payload = message_payload(MEMBER_B, "Noted, we join", context_id=sent_message.external_id)

    webhook(payload)

    assert replies == [("member_b", sent_message.notification_id, "Noted, we join")]
    assert InboundMessage.objects.get().outcome == "routed"


def test_the_same_message_twice_is_processed_once(webhook, sent_message, replies):
    payload = message_payload(MEMBER_B, "Noted", context_id=sent_message.external_id)

    webhook(payload)
    webhook(payload)
    outbox.run_once()

    assert len(replies) == 1
    assert InboundMessage.objects.count() == 1


def test_a_message_opens_the_24_hour_window(webhook, on_whatsapp, whatsapp):
    webhook(whatsapp.user_writes(MEMBER_B, "hello"))

    # The refusal notice went back as plain text, inside the window.
    assert [m["type"] for m in whatsapp.accepted] == ["text"]

    assert WhatsAppContact.objects.filter(phone="+" + MEMBER_B).exists()


def test_a_reply_to_a_kind_without_a_handler_is_politely_refused(webhook, sent_message, whatsapp):
    payload = message_payload(MEMBER_B, "Noted", context_id=sent_message.external_id)

    webhook(payload)

    refusal = Notification.objects.get(kind="whatsapp_reply_refused")
    assert refusal.recipient.username == "member_b"
    assert InboundMessage.objects.get().outcome == "refused"


def test_someone_elses_message_id_is_not_routed(webhook, sent_message, replies, on_whatsapp):
    coord_a = "919800000004"
    payload = message_payload(coord_a, "Sneaky", context_id=sent_message.external_id)

    webhook(payload)

    assert replies == []
    assert Notification.objects.get(kind="whatsapp_reply_refused").recipient == on_whatsapp.coord_a


def test_a_message_from_an_unknown_number_is_not_posted(webhook, sent_message, replies):
    payload = message_payload("919999999999", "Hi", context_id=sent_message.external_id)
    notifications_before = Notification.objects.count()

    webhook(payload)

    assert replies == []
    assert Notification.objects.count() == notifications_before
    assert InboundMessage.objects.get().outcome == "unknown_number"
    assert not WhatsAppContact.objects.filter(phone="+919999999999").exists()


# --- the emulator calls the running app over HTTP --------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_webhooks_over_http_out_of_order_and_duplicated(
    live_server, on_whatsapp, whatsapp, replies
):
    whatsapp.webhook_url = live_server.url + reverse("whatsapp_webhook")
    [notification] = notify(
        recipients=[on_whatsapp.member_b], kind="message", context={"text": "Outline v2"}
    )
    outbox.run_once()
    delivery = Delivery.objects.get(notification=notification, medium="whatsapp")
    wamid = delivery.external_id
    assert whatsapp.accepted[0]["id"] == wamid

    for status in ("read", "sent", "delivered", "read"):
        assert whatsapp.post_webhook(status_payload(wamid, status, MEMBER_B)).status_code == 200
    reply = whatsapp.user_writes("+" + MEMBER_B, "We are in", context_id=wamid)
    assert whatsapp.post_webhook(reply).status_code == 200
    assert whatsapp.post_webhook(reply).status_code == 200
    assert whatsapp.post_webhook(reply, secret="forged").status_code == 403

    delivery.refresh_from_db()
    assert delivery.provider_status == "read"
    assert replies == [("member_b", notification.pk, "We are in")]
    assert InboundEvent.objects.count() == 6
    assert not InboundEvent.objects.filter(processed_at__isnull=True).exists()


# --- the privacy guard on what members write --------------------------------------------------


def test_a_reply_with_a_phone_number_is_withheld_and_the_member_told_why(
    webhook, sent_message, replies, whatsapp
):
    payload = whatsapp.user_writes(
        MEMBER_B, "Her number is 98765\u00a043210", context_id=sent_message.external_id
    )

    webhook(payload)

    assert replies == []  # no handler saw the words
    assert InboundMessage.objects.get().outcome == "withheld"
    notice = Notification.objects.get(kind="whatsapp_reply_withheld")
    assert notice.recipient.username == "member_b"
    assert notice.context == {"found": ["phone"]}
    # The notice went back on WhatsApp (as text: the member just wrote), in their language.
    told = whatsapp.accepted[-1]
    assert (told["to"], told["type"]) == (MEMBER_B, "text")
    assert "POCSO Act section 23" in told["text"] and "MP-BPL-2026-000123" in told["text"]
    # The number is nowhere: not in what was sent out, not in the stored event.
    assert not any("43210" in message["text"] for message in whatsapp.accepted)
    body = InboundEvent.objects.get().body
    assert "43210" not in body and "withheld by the privacy guard" in body
    assert json.loads(body)["entry"][0]["changes"][0]["value"]["messages"][0]["id"]


def test_an_email_address_from_an_unknown_number_is_not_kept_either(webhook, sent_message):
    notifications_before = Notification.objects.count()

    webhook(message_payload("919999999999", "write to girl.name@example.org"))

    assert InboundMessage.objects.get().outcome == "unknown_number"
    assert Notification.objects.count() == notifications_before
    assert "girl.name@example.org" not in InboundEvent.objects.get().body


def refuse_reply(user, notification, text):
    """A reply handler that refuses, as the group does for someone who left it."""
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied


def test_a_reply_its_handler_refuses_is_politely_refused(
    webhook, sent_message, monkeypatch, whatsapp
):
    kind = dataclasses.replace(
        kinds.KINDS["message"],
        reply_handler="samanvay.notify.tests.test_whatsapp_webhook.refuse_reply",
    )
    monkeypatch.setitem(kinds.KINDS, "message", kind)

    webhook(message_payload(MEMBER_B, "Noted", context_id=sent_message.external_id))

    assert InboundMessage.objects.get().outcome == "refused"
    assert Notification.objects.get(kind="whatsapp_reply_refused").recipient.username == "member_b"
    assert "Please open Samanvay to answer" in whatsapp.accepted[-1]["text"]
