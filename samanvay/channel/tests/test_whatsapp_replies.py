"""A member answers a group notification from WhatsApp: the signed webhook, the worker, and the
group's own reply handler, end to end against the Cloud API emulator (samanvay/notify/tests)."""

import json

import pytest
from django.urls import reverse

from samanvay.channel import services
from samanvay.channel.models import Message
from samanvay.notify import outbox
from samanvay.notify.models import Delivery, InboundEvent, InboundMessage, Notification
from samanvay.notify.tests import conftest as notify_fixtures
from samanvay.notify.tests.emulators import sign

# The Cloud API emulator and the cast's consent to WhatsApp, from the notify app's tests.
whatsapp = notify_fixtures.whatsapp
on_whatsapp = notify_fixtures.on_whatsapp

COORD_A = "919800000004"  # world.coord_a, a member of the Bhopal group


@pytest.fixture
def thread(world, groups, on_whatsapp, whatsapp):
    """coord_a asked a question; the in-charge replied; the notification of the reply went to
    coord_a on WhatsApp. Answers (the reply, the wamid coord_a's WhatsApp answers)."""
    question = services.post_message(
        actor=world.coord_a, group=groups.bhopal, text="Who has the banners?"
    )
    answer = services.post_message(
        actor=world.officer_bhopal, group=groups.bhopal, text="The thana.", reply_to=question
    )
    outbox.run_once()
    delivery = Delivery.objects.get(
        notification__recipient=world.coord_a,
        notification__kind="channel_message",
        medium="whatsapp",
        state="sent",
    )
    return answer, delivery.external_id


def post_webhook(client, payload, django_capture_on_commit_callbacks):
    raw = json.dumps(payload).encode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("whatsapp_webhook"),
            data=raw,
            content_type="application/json",
            headers={"X-Hub-Signature-256": sign(raw, "test-app-secret")},
        )
    assert response.status_code == 200


def test_a_whatsapp_reply_lands_in_the_thread_as_the_member(
    world, groups, thread, whatsapp, client, django_capture_on_commit_callbacks
):
    answer, wamid = thread

    reply = whatsapp.user_writes(COORD_A, "Got them, thank you", context_id=wamid)
    post_webhook(client, reply, django_capture_on_commit_callbacks)
    post_webhook(client, reply, django_capture_on_commit_callbacks)  # WhatsApp sent it twice

    posted = Message.objects.get(text="Got them, thank you")
    assert (posted.group, posted.author, posted.via) == (groups.bhopal, world.coord_a, "whatsapp")
    assert posted.reply_to == answer
    assert InboundMessage.objects.get().outcome == "routed"
    # The in-charge, whose message it answers, hears of it like of any reply.
    assert Notification.objects.filter(recipient=world.officer_bhopal, kind="channel_message")


def test_a_whatsapp_reply_naming_a_number_never_reaches_the_group(
    world, groups, thread, whatsapp, client, django_capture_on_commit_callbacks
):
    _, wamid = thread
    count = Message.objects.count()

    reply = whatsapp.user_writes(COORD_A, "लड़की का नंबर ९८७६५ ४३२१० है", context_id=wamid)
    post_webhook(client, reply, django_capture_on_commit_callbacks)

    assert Message.objects.count() == count
    assert InboundMessage.objects.get().outcome == "withheld"
    notice = Notification.objects.get(kind="whatsapp_reply_withheld")
    assert (notice.recipient, notice.context) == (world.coord_a, {"found": ["phone"]})
    told = whatsapp.accepted[-1]
    assert told["to"] == COORD_A and "MP-BPL-2026-000123" in told["text"]
    assert not any("४३२१०" in m["text"] or "43210" in m["text"] for m in whatsapp.accepted)
    assert "४३२१०" not in InboundEvent.objects.get().body


def test_a_whatsapp_reply_after_leaving_the_group_is_not_posted(
    world, groups, thread, whatsapp, client, django_capture_on_commit_callbacks
):
    _, wamid = thread
    count = Message.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        world.ngo_a.districts.set([world.indore])  # NGO A no longer works in Bhopal

    reply = whatsapp.user_writes(COORD_A, "Still here?", context_id=wamid)
    post_webhook(client, reply, django_capture_on_commit_callbacks)

    assert Message.objects.count() == count
    assert InboundMessage.objects.get().outcome == "refused"
    assert Notification.objects.filter(recipient=world.coord_a, kind="whatsapp_reply_refused")
