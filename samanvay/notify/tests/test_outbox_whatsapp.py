"""Sending notifications on WhatsApp through the Cloud API emulator, and what each answer does."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from samanvay.notify import outbox
from samanvay.notify.models import (
    Delivery,
    DeliveryAttempt,
    MediumPause,
    Notification,
    Preference,
    WhatsAppContact,
)
from samanvay.notify.services import notify

MEMBER_B = "919800000007"  # world.member_b, who reads English
COORD_A = "919800000004"  # world.coord_a, who reads Hindi


def tell(user, text="Meeting at 11", kind="message", context=None):
    [notification] = notify(
        recipients=[user], kind=kind, context=context or {"text": text}, url="/inbox/"
    )
    return notification


def delivery_of(notification, medium="whatsapp"):
    return Delivery.objects.get(notification=notification, medium=medium)


def test_a_person_on_whatsapp_gets_it_there_instead_of_email(on_whatsapp, whatsapp, mailoutbox):
    notification = tell(on_whatsapp.member_b)

    outbox.run_once()

    assert set(notification.deliveries.values_list("medium", "state")) == {
        ("inbox", "sent"),
        ("whatsapp", "sent"),
    }
    assert whatsapp.received_by_phone() == {MEMBER_B: 1}
    assert mailoutbox == []


def test_outside_the_24_hour_window_it_sends_the_utility_template(on_whatsapp, whatsapp):
    tell(on_whatsapp.member_b, "Meeting at 11")

    outbox.run_once()

    [message] = whatsapp.accepted
    template = message["body"]["template"]
    assert template["name"] == "samanvay_update"
    assert template["language"] == {"code": "en"}
    assert message["text"] == "Meeting at 11 http://127.0.0.1:8000/inbox/"


def test_inside_the_window_it_sends_plain_text_in_the_recipients_language(on_whatsapp, whatsapp):
    WhatsAppContact.objects.create(phone="+" + COORD_A, last_inbound_at=timezone.now())
    whatsapp.windows[COORD_A] = whatsapp.clock()
    tell(on_whatsapp.coord_a, kind="account_created", context={"username": "coord_a"})

    outbox.run_once()

    [message] = whatsapp.accepted
    assert message["type"] == "text"
    assert "coord_a" in message["text"]
    assert "खाता" in message["text"]


def test_a_window_we_thought_open_is_retried_at_once_as_a_template(on_whatsapp, whatsapp):
    # We believe they wrote an hour ago; WhatsApp never saw it, so it refuses text (131047).
    WhatsAppContact.objects.create(
        phone="+" + MEMBER_B, last_inbound_at=timezone.now() - timedelta(hours=1)
    )
    notification = tell(on_whatsapp.member_b)

    outbox.run_once()

    delivery = delivery_of(notification)
    assert delivery.state == "sent"
    assert [m["type"] for m in whatsapp.accepted] == ["template"]
    outcomes = list(delivery.tries.order_by("pk").values_list("outcome", "status_code"))
    assert outcomes == [("retry", 400), ("sent", 200)]
    assert not WhatsAppContact.objects.filter(phone="+" + MEMBER_B).exists()


def test_every_attempt_is_logged_without_the_token(on_whatsapp, whatsapp):
    whatsapp.fail_next("500")
    notification = tell(on_whatsapp.member_b)
    outbox.run_once()
    outbox.run_once(now=timezone.now() + timedelta(hours=2))

    attempts = list(DeliveryAttempt.objects.filter(delivery__notification=notification))

    assert [a.outcome for a in sorted(attempts, key=lambda a: a.pk)] == ["retry", "sent"]
    for attempt in attempts:
        assert "/messages" in attempt.request
        assert whatsapp.token not in attempt.request
        assert attempt.response
    assert "wamid." in attempts[0].response or "wamid." in attempts[1].response


def test_a_rate_limit_backs_off_and_the_retry_goes_out_later(on_whatsapp, whatsapp):
    whatsapp.fail_next("429")
    notification = tell(on_whatsapp.member_b)
    before = timezone.now()

    outbox.run_once(now=before)
    delivery = delivery_of(notification)
    assert (delivery.state, delivery.attempts) == ("pending", 1)
    assert before + timedelta(seconds=29) < delivery.next_attempt_at
    assert delivery.next_attempt_at <= before + timedelta(seconds=60)

    outbox.run_once(now=before + timedelta(seconds=10))  # not due yet
    assert whatsapp.accepted == []

    outbox.run_once(now=before + timedelta(minutes=2))
    delivery.refresh_from_db()
    assert delivery.state == "sent"
    assert whatsapp.received_by_phone() == {MEMBER_B: 1}


def test_a_timeout_is_retried(on_whatsapp, whatsapp):
    whatsapp.fail_next("timeout")
    notification = tell(on_whatsapp.member_b)

    outbox.run_once()

    delivery = delivery_of(notification)
    assert delivery.state == "pending"
    assert "Timeout" in delivery.last_error


def test_not_on_whatsapp_falls_back_to_sms(on_whatsapp, whatsapp, sms):
    whatsapp.not_on_whatsapp.add(MEMBER_B)
    notification = tell(on_whatsapp.member_b, "Meeting at 11")

    outbox.run_once()

    assert delivery_of(notification).state == "failed"
    assert "131026" in delivery_of(notification).last_error
    assert delivery_of(notification, "sms").state == "sent"
    [text] = sms.accepted
    assert text["to"] == "+" + MEMBER_B
    assert text["dlt_template_id"] == "1107000000000000002"
    assert text["sender"] == "MPWSB"
    assert text["text"].startswith("Meeting at 11")


def test_the_chain_ends_in_email_when_sms_fails_too(on_whatsapp, whatsapp, sms, mailoutbox):
    whatsapp.not_on_whatsapp.add(MEMBER_B)
    sms.rejected_numbers.add("+" + MEMBER_B)
    notification = tell(on_whatsapp.member_b)

    outbox.run_once()

    media = dict(notification.deliveries.values_list("medium", "state"))
    assert media == {"inbox": "sent", "whatsapp": "failed", "sms": "failed", "email": "sent"}
    assert [email.to for email in mailoutbox] == [[on_whatsapp.member_b.email]]


def test_giving_up_after_the_last_retry_falls_back(on_whatsapp, whatsapp, sms, settings):
    settings.NOTIFY_PHONE_MAX_ATTEMPTS = 2
    whatsapp.fail_next("503", "503")
    notification = tell(on_whatsapp.member_b)

    outbox.run_once()
    outbox.run_once(now=timezone.now() + timedelta(hours=2))

    assert delivery_of(notification).state == "failed"
    assert delivery_of(notification, "sms").state == "sent"


def test_a_bad_token_pauses_whatsapp_for_everyone_and_alerts_the_branch(
    on_whatsapp, whatsapp, sms, mailoutbox
):
    whatsapp.bad_token = True
    first = tell(on_whatsapp.member_b)
    outbox.run_once()

    pause = MediumPause.objects.get()
    assert pause.medium == "whatsapp"
    assert "190" in pause.reason
    alert = Notification.objects.get(kind="medium_paused")
    assert alert.recipient == on_whatsapp.branch
    assert delivery_of(first).state == "failed"
    assert delivery_of(first, "sms").state == "sent"

    requests_before = whatsapp.requests
    second = tell(on_whatsapp.coord_a)
    outbox.run_once()
    assert whatsapp.requests == requests_before  # nobody calls a paused account
    assert set(second.deliveries.values_list("medium", "state")) == {
        ("inbox", "sent"),
        ("sms", "sent"),
    }
    assert Notification.objects.filter(kind="medium_paused").count() == 1

    outbox.resume_medium("whatsapp")
    whatsapp.bad_token = False
    third = tell(on_whatsapp.coord_a)
    outbox.run_once()
    assert delivery_of(third).state == "sent"


def test_quiet_hours_hold_the_phone_until_morning(on_whatsapp, whatsapp):
    india = ZoneInfo("Asia/Kolkata")
    Preference.objects.create(
        user=on_whatsapp.member_b,
        quiet_from=time(22, 0),
        quiet_until=time(7, 0),
    )
    notification = tell(on_whatsapp.member_b)
    day = timezone.localdate() + timedelta(days=1)
    late_evening = datetime.combine(day, datetime.min.time(), tzinfo=india) + timedelta(hours=23)

    outbox.run_once(now=late_evening)

    delivery = delivery_of(notification)
    assert delivery.state == "pending"
    morning = late_evening + timedelta(hours=8)
    assert delivery.next_attempt_at == morning
    assert timezone.localtime(morning, india).hour == 7
    assert whatsapp.accepted == []

    outbox.run_once(now=morning + timedelta(minutes=1))
    delivery.refresh_from_db()
    assert delivery.state == "sent"


def test_urgent_kinds_pass_quiet_hours(on_whatsapp, whatsapp):
    india = ZoneInfo("Asia/Kolkata")
    Preference.objects.create(
        user=on_whatsapp.branch,
        quiet_from=time(22, 0),
        quiet_until=time(7, 0),
    )
    notification = tell(
        on_whatsapp.branch, kind="medium_paused", context={"medium": "SMS", "reason": "401"}
    )

    day = timezone.localdate() + timedelta(days=1)
    outbox.run_once(now=datetime.combine(day, datetime.min.time(), tzinfo=india).replace(hour=2))

    assert delivery_of(notification).state == "sent"


def test_a_person_who_turned_whatsapp_off_gets_sms(on_whatsapp, whatsapp, sms):
    Preference.objects.create(user=on_whatsapp.member_b, whatsapp=False)

    notification = tell(on_whatsapp.member_b)

    assert set(notification.deliveries.values_list("medium", flat=True)) == {"inbox", "sms"}


def test_without_consent_to_whatsapp_nothing_goes_there(world, whatsapp, mailoutbox):
    notification = tell(world.member_b)
    outbox.run_once()

    assert whatsapp.accepted == []
    assert set(notification.deliveries.values_list("medium", flat=True)) == {"inbox", "email"}
    assert len(mailoutbox) == 1


def test_two_workers_never_claim_the_same_delivery(on_whatsapp, whatsapp):
    for user in (on_whatsapp.coord_a, on_whatsapp.member_a, on_whatsapp.member_b):
        tell(user)
    now = timezone.now()

    first = outbox.claim_due(now=now, limit=2, worker="one")
    second = outbox.claim_due(now=now, limit=5, worker="two")

    assert len(first) == 2
    assert len(second) == 1
    assert not set(first) & set(second)


def test_a_claim_past_its_lease_is_released(on_whatsapp, whatsapp, settings):
    settings.NOTIFY_CLAIM_LEASE_SECONDS = 60
    notification = tell(on_whatsapp.member_b)
    now = timezone.now()
    outbox.claim_due(now=now, worker="died")

    outbox.run_once(now=now + timedelta(seconds=30))
    assert delivery_of(notification).state == "sending"

    outbox.run_once(now=now + timedelta(seconds=61))
    assert delivery_of(notification).state == "sent"
    assert whatsapp.received_by_phone() == {MEMBER_B: 1}


def test_a_rejected_sms_key_pauses_sms_and_email_takes_over(world, sms, mailoutbox):
    sms.key = "rotated-key"
    notification = tell(world.member_b)

    outbox.run_once()

    assert MediumPause.objects.get().medium == "sms"
    media = dict(notification.deliveries.values_list("medium", "state"))
    assert media == {"inbox": "sent", "sms": "failed", "email": "sent"}
    assert Notification.objects.filter(kind="medium_paused").count() == 1


def test_consent_withdrawn_before_sending_sends_nothing_there(on_whatsapp, whatsapp, mailoutbox):
    notification = tell(on_whatsapp.member_b)
    on_whatsapp.p_member_b.whatsapp_opt_in = False
    on_whatsapp.p_member_b.save()

    outbox.run_once()

    assert whatsapp.requests == 0
    media = dict(notification.deliveries.values_list("medium", "state"))
    assert media == {"inbox": "sent", "whatsapp": "failed", "email": "sent"}
    assert len(mailoutbox) == 1


def test_a_claim_lost_while_waiting_in_a_slow_batch_is_not_sent_again(on_whatsapp, whatsapp):
    notification = tell(on_whatsapp.member_b)
    now = timezone.now()
    [claimed] = outbox.claim_due(now=now, worker="slow")
    stale = Delivery.objects.get(pk=claimed)  # as the slow worker loaded it
    outbox.run_once(now=now + timedelta(minutes=10))  # lease over: another worker sends it

    assert outbox.send_claimed(stale, worker="slow", now=now + timedelta(minutes=11)) is False
    assert delivery_of(notification).state == "sent"
    assert whatsapp.received_by_phone() == {MEMBER_B: 1}


# --- the privacy guard reads the words before they leave --------------------------------------

DROPPED = {
    "item": "Visit the girl, her mother's phone 98765 43210",
    "meeting": "District review",
    "due_on": "2026-12-01",
    "owner": "Asha Sewa Sansthan",
    "reason": "Done by phone",
}


def test_words_that_identify_someone_do_not_go_to_whatsapp(on_whatsapp, whatsapp):
    notification = tell(on_whatsapp.member_b, kind="action_item_dropped", context=DROPPED)

    outbox.run_once()

    assert delivery_of(notification).state == "sent"
    [message] = whatsapp.accepted
    assert message["text"] == (
        "Samanvay has a new notification for you. Please open Samanvay to read it. "
        "http://127.0.0.1:8000/inbox/"
    )
    [attempt] = DeliveryAttempt.objects.filter(delivery__notification=notification)
    assert "43210" not in attempt.request
    assert "privacy guard" in attempt.error


def test_words_that_identify_someone_do_not_go_by_sms_or_email(world, sms, mailoutbox):
    by_sms = tell(world.member_b, kind="action_item_dropped", context=DROPPED)
    Preference.objects.create(user=world.coord_b, sms=False)
    by_email = tell(world.coord_b, kind="action_item_dropped", context=DROPPED)

    outbox.run_once()

    [text] = sms.accepted
    assert "43210" not in text["text"] and text["text"].startswith("Samanvay has a new")
    [email] = mailoutbox
    assert email.to == [world.coord_b.email]
    assert "43210" not in email.subject + email.body
    assert email.extra_headers["Content-Language"] == "hi"  # coord_b reads Hindi
    assert email.attachments == []
    assert "http://127.0.0.1:8000/inbox/" in email.body
    for notification in (by_sms, by_email):
        for attempt in DeliveryAttempt.objects.filter(delivery__notification=notification):
            assert "43210" not in attempt.request


def test_words_that_pass_the_guard_go_as_they_are(on_whatsapp, whatsapp):
    tell(on_whatsapp.member_b, kind="action_item_dropped", context={**DROPPED, "item": "Banners"})

    outbox.run_once()

    assert whatsapp.accepted[0]["text"].startswith("Action item dropped: Banners")


def test_the_sms_key_is_not_logged(world, sms):
    notification = tell(world.member_b)

    outbox.run_once()

    [attempt] = DeliveryAttempt.objects.filter(delivery__notification=notification)
    assert attempt.outcome == "sent" and "/send" in attempt.request
    assert sms.key not in attempt.request
