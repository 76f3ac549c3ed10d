from datetime import timedelta

import pytest
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from samanvay.notify import services
from samanvay.notify.models import Delivery
from samanvay.notify.services import claim_delivery, deliver_email, notify


@pytest.fixture
def delivery(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        notify(recipients=[world.member_b], kind="message", context={"text": "Hello"})
    return Delivery.objects.get(medium="email")


@pytest.fixture
def broken_mail(monkeypatch):
    def send(self, fail_silently=False):
        raise ConnectionRefusedError("SMTP server down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", send)


def test_it_sends_and_marks_sent(delivery, mailoutbox):
    assert deliver_email(delivery) is True

    delivery.refresh_from_db()
    assert delivery.state == "sent"
    assert delivery.claimed_by == ""
    assert len(mailoutbox) == 1


def test_only_one_of_two_claims_wins(delivery):
    first = Delivery.objects.get(pk=delivery.pk)
    second = Delivery.objects.get(pk=delivery.pk)

    assert claim_delivery(first, worker="worker-1") is True
    assert claim_delivery(second, worker="worker-2") is False
    delivery.refresh_from_db()
    assert (delivery.state, delivery.claimed_by) == ("sending", "worker-1")


def test_a_claimed_delivery_is_not_sent_twice(delivery, mailoutbox):
    claim_delivery(Delivery.objects.get(pk=delivery.pk), worker="other")

    assert deliver_email(delivery) is False
    assert mailoutbox == []


def test_a_failure_counts_the_attempt_and_backs_off(delivery, broken_mail):
    before = timezone.now()

    assert deliver_email(delivery) is False

    delivery.refresh_from_db()
    assert delivery.state == "pending"
    assert delivery.attempts == 1
    assert "SMTP server down" in delivery.last_error
    assert before + timedelta(seconds=29) < delivery.next_attempt_at
    assert delivery.next_attempt_at < before + timedelta(seconds=61)


def test_a_delivery_that_is_not_due_is_left_alone(delivery, broken_mail, mailoutbox):
    deliver_email(delivery)
    delivery.refresh_from_db()

    assert deliver_email(delivery) is False
    delivery.refresh_from_db()
    assert delivery.attempts == 1


def test_backoff_grows_and_stops_at_an_hour():
    delays = [services.backoff_delay(n) for n in range(1, 12)]

    assert delays[2] > timedelta(seconds=119)
    assert all(delay <= timedelta(hours=1) for delay in delays)
    assert delays[-1] >= timedelta(minutes=30)


def test_it_gives_up_after_the_last_attempt(delivery, broken_mail, settings):
    settings.NOTIFY_EMAIL_MAX_ATTEMPTS = 3
    for _attempt in range(3):
        Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        deliver_email(Delivery.objects.get(pk=delivery.pk))

    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("failed", 3)
    assert delivery.next_attempt_at is None


def test_retry_sends_a_failed_delivery_again(
    delivery, mailoutbox, django_capture_on_commit_callbacks
):
    Delivery.objects.filter(pk=delivery.pk).update(state="failed", attempts=5)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.retry_delivery(delivery) is True

    delivery.refresh_from_db()
    assert delivery.state == "sent"
    assert len(mailoutbox) == 1


def test_it_does_not_email_a_deactivated_user(delivery, world, mailoutbox):
    world.member_b.is_active = False
    world.member_b.save()

    assert deliver_email(delivery) is False
    delivery.refresh_from_db()
    assert delivery.state == "failed"
    assert mailoutbox == []


def test_the_task_sends_the_delivery(delivery, mailoutbox):
    from samanvay.notify.tasks import send_email_delivery

    result = send_email_delivery.enqueue(delivery.pk)

    assert result.return_value is True
    assert len(mailoutbox) == 1
