import pytest
from django.urls import reverse

from samanvay.accounts.models import User
from samanvay.notify import outbox
from samanvay.notify.models import Delivery, DeliveryAttempt, MediumPause
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


def test_the_technical_admin_sees_each_attempt_with_request_and_response(
    on_whatsapp, whatsapp, technical_admin
):
    whatsapp.fail_next("429")
    notify(recipients=[on_whatsapp.member_b], kind="message", context={"text": "Hello"})
    outbox.run_once()
    attempt = DeliveryAttempt.objects.get()

    listing = technical_admin.get(reverse("admin:notify_deliveryattempt_changelist"))
    detail = technical_admin.get(reverse("admin:notify_deliveryattempt_change", args=[attempt.pk]))

    assert listing.status_code == 200
    assert "130429" in listing.content.decode()
    page = detail.content.decode()
    assert "/messages" in page
    assert "Rate limit hit" in page
    assert whatsapp.token not in page


def test_other_staff_cannot_see_attempts(world, login_as):
    world.branch.is_staff = True
    world.branch.save()
    client = login_as(world.branch)

    response = client.get(reverse("admin:notify_deliveryattempt_changelist"))

    assert response.status_code == 403


def test_deleting_a_pause_resumes_the_medium(db, technical_admin):
    pause = MediumPause.objects.create(medium="whatsapp", reason="190: Invalid OAuth access token")

    response = technical_admin.post(
        reverse("admin:notify_mediumpause_delete", args=[pause.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not MediumPause.objects.exists()
