import pytest
from django.urls import reverse

from samanvay.accounts.models import User
from samanvay.notify.models import Delivery
from samanvay.notify.services import notify


@pytest.fixture
def failed_delivery(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        notify(recipients=[world.member_b], kind="message", context={"text": "Hello"})
    delivery = Delivery.objects.get(medium="email")
    Delivery.objects.filter(pk=delivery.pk).update(
        state="failed", attempts=5, last_error="SMTPServerDisconnected: gone away"
    )
    return delivery


@pytest.fixture
def technical_admin(db, login_as):
    admin = User.objects.create_superuser("techadmin", "tech@example.org", "x-Long-Password-1")
    return login_as(admin)


def test_the_technical_admin_sees_attempts_and_errors(failed_delivery, technical_admin):
    response = technical_admin.get(reverse("admin:notify_delivery_changelist"))

    assert response.status_code == 200
    assert "SMTPServerDisconnected: gone away" in response.content.decode()


def test_deliveries_cannot_be_edited_or_added(failed_delivery, technical_admin):
    change = technical_admin.post(
        reverse("admin:notify_delivery_change", args=[failed_delivery.pk]), {"state": "sent"}
    )
    add = technical_admin.get(reverse("admin:notify_notification_add"))

    assert change.status_code == 403
    assert add.status_code == 403
    failed_delivery.refresh_from_db()
    assert failed_delivery.state == "failed"


def test_try_again_sends_a_failed_delivery(
    failed_delivery, technical_admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = technical_admin.post(
            reverse("admin:notify_delivery_changelist"),
            {"action": "retry_now", "_selected_action": [failed_delivery.pk]},
        )

    assert response.status_code == 302
    failed_delivery.refresh_from_db()
    assert failed_delivery.state == "sent"
    assert len(mailoutbox) == 1
