"""A thousand notifications through an emulator that fails 30% of requests: every one arrives
exactly once (on WhatsApp, or by SMS after a fallback), none is lost. The clock is the test's:
backoff waits are skipped by moving `now`, never slept."""

import re
from collections import Counter
from datetime import timedelta

from django.utils import timezone

from samanvay.accounts.models import Role
from samanvay.conftest import make_user
from samanvay.directory.models import Person
from samanvay.notify import outbox
from samanvay.notify.models import Delivery, DeliveryAttempt, Notification
from samanvay.notify.services import notify

PEOPLE = 50
ROUNDS = 20  # notifications per person: 1,000 in all
NOT_ON_WHATSAPP = 5  # of the people; theirs fall back to SMS


def test_a_thousand_notifications_with_30_percent_faults_arrive_exactly_once(
    world, whatsapp, sms, settings
):
    settings.NOTIFY_BACKOFF_BASE_SECONDS = 1
    settings.NOTIFY_BACKOFF_CAP_SECONDS = 8
    settings.NOTIFY_PHONE_MAX_ATTEMPTS = 12
    whatsapp.fault_rate = sms.fault_rate = 0.3
    users = []
    for n in range(PEOPLE):
        user = make_user(f"field_{n}", Role.NGO_MEMBER, ngo=world.ngo_a, email="")
        phone = f"+9197000{n:05d}"
        Person.objects.create(name=f"Field {n}", phone=phone, whatsapp_opt_in=True, user=user)
        if n < NOT_ON_WHATSAPP:
            whatsapp.not_on_whatsapp.add(phone.removeprefix("+"))
        users.append(user)
    for round_ in range(ROUNDS):
        notify(recipients=users, kind="message", context={"text": f"Update {round_}"})
    notifications = Notification.objects.filter(kind="message")
    assert notifications.count() == PEOPLE * ROUNDS

    now = timezone.now()
    for _ in range(40):
        outbox.run_once(now=now, limit=1000)
        if not Delivery.objects.filter(state__in=["pending", "sending"]).exists():
            break
        now += timedelta(seconds=settings.NOTIFY_BACKOFF_CAP_SECONDS)

    # Nothing is left waiting, and each notification was sent on exactly one outside medium.
    assert not Delivery.objects.filter(state__in=["pending", "sending"]).exists()
    sent = Counter(
        Delivery.objects.filter(state="sent")
        .exclude(medium="inbox")
        .values_list("notification_id", flat=True)
    )
    assert set(sent) == set(notifications.values_list("pk", flat=True))
    assert set(sent.values()) == {1}

    # What the providers accepted: each (phone, update) exactly once, none missing.
    received = Counter()
    for message in whatsapp.accepted:
        received[(message["to"], _update(message["text"]))] += 1
    for message in sms.accepted:
        received[(message["to"].removeprefix("+"), _update(message["text"]))] += 1
    expected = {(f"9197000{n:05d}", r) for n in range(PEOPLE) for r in range(ROUNDS)}
    assert set(received) == expected
    assert set(received.values()) == {1}

    # The fallbacks were exactly the people who are not on WhatsApp.
    by_sms = {message["to"] for message in sms.accepted}
    assert by_sms == {f"+9197000{n:05d}" for n in range(NOT_ON_WHATSAPP)}
    assert len(sms.accepted) == NOT_ON_WHATSAPP * ROUNDS

    # The faults did happen, about as often as asked, and every try is on record.
    retries = DeliveryAttempt.objects.filter(outcome="retry").count()
    total = whatsapp.requests + sms.requests
    assert 0.2 < retries / total < 0.4
    assert DeliveryAttempt.objects.count() == total


def _update(text: str) -> int:
    return int(re.match(r"Update (\d+)", text).group(1))
