from django.urls import reverse

from samanvay.notify.models import Notification


def make(user, **fields):
    return Notification.objects.create(
        recipient=user, kind="message", context={"text": "Please check the plan"}, **fields
    )


def test_it_marks_read_and_follows_the_link(world, login_as):
    notification = make(world.coord_a, url="/registry/ngos/")

    response = login_as(world.coord_a).get(reverse("notify:open", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"] == "/registry/ngos/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_it_shows_a_notification_without_a_link(world, login_as, client):
    client.cookies["samanvay_language"] = "en"
    notification = make(world.coord_a)

    response = login_as(world.coord_a).get(reverse("notify:open", args=[notification.pk]))

    assert response.status_code == 200
    assert "Please check the plan" in response.content.decode()
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_another_users_notification_is_not_found(world, login_as):
    notification = make(world.coord_a, url="/registry/ngos/")

    response = login_as(world.coord_b).get(reverse("notify:open", args=[notification.pk]))

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_opening_again_keeps_the_first_read_time(world, login_as):
    notification = make(world.coord_a)
    client = login_as(world.coord_a)
    client.get(reverse("notify:open", args=[notification.pk]))
    notification.refresh_from_db()
    first_read = notification.read_at

    client.get(reverse("notify:open", args=[notification.pk]))

    notification.refresh_from_db()
    assert notification.read_at == first_read
