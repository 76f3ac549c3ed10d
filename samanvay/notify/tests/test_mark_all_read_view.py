from django.urls import reverse

from samanvay.notify.models import Notification


def make(user, n):
    Notification.objects.bulk_create(
        Notification(recipient=user, kind="message", context={"text": "x"}) for _ in range(n)
    )


def test_it_marks_only_the_users_notifications_read(world, login_as):
    make(world.coord_a, 3)
    make(world.coord_b, 2)

    response = login_as(world.coord_a).post(reverse("notify:mark_all_read"))

    assert response.status_code == 302
    assert response["Location"] == reverse("notify:inbox")
    assert not Notification.objects.filter(recipient=world.coord_a, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=world.coord_b, read_at__isnull=True).count() == 2


def test_it_refuses_get(world, login_as):
    make(world.coord_a, 1)

    response = login_as(world.coord_a).get(reverse("notify:mark_all_read"))

    assert response.status_code == 405
    assert Notification.objects.filter(read_at__isnull=True).count() == 1
