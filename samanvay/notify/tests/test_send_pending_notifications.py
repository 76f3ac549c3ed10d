from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from samanvay.notify.models import Delivery
from samanvay.notify.services import notify


@pytest.fixture
def deliveries(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        notify(recipients=[world.coord_a, world.member_b], kind="message", context={"text": "Hi"})
    return Delivery.objects.filter(medium="email")


def test_it_sends_due_deliveries_and_leaves_later_ones(deliveries, world, mailoutbox):
    later = deliveries.get(notification__recipient=world.coord_a)
    later.next_attempt_at = timezone.now() + timedelta(minutes=5)
    later.save()

    call_command("send_pending_notifications", stdout=StringIO())

    assert [email.to for email in mailoutbox] == [[world.member_b.email]]
    later.refresh_from_db()
    assert later.state == "pending"


def test_it_enqueues_when_asked(deliveries, mailoutbox):
    call_command("send_pending_notifications", "--enqueue", stdout=StringIO())

    assert len(mailoutbox) == 2
    assert set(deliveries.values_list("state", flat=True)) == {"sent"}


def test_it_releases_claims_of_a_worker_that_stopped(deliveries, mailoutbox):
    stuck = deliveries.first()
    stuck.state = "sending"
    stuck.claimed_at = timezone.now() - timedelta(hours=1)
    stuck.claimed_by = "dead-worker"
    stuck.save()

    call_command("send_pending_notifications", stdout=StringIO())

    stuck.refresh_from_db()
    assert stuck.state == "sent"
    assert len(mailoutbox) == 2
