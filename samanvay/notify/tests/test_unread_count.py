from samanvay.notify.models import Notification
from samanvay.notify.selectors import unread_count
from samanvay.notify.services import mark_all_read, mark_read


def make(user, n=1):
    return [
        Notification.objects.create(recipient=user, kind="message", context={"text": "x"})
        for _ in range(n)
    ]


def test_it_counts_only_the_users_unread_notifications(world, django_assert_num_queries):
    first, *_rest = make(world.coord_a, 3)
    make(world.coord_b, 2)
    mark_read(first)

    with django_assert_num_queries(1):
        assert unread_count(world.coord_a) == 2


def test_it_is_zero_after_mark_all_read(world):
    make(world.coord_a, 2)
    make(world.coord_b, 1)

    assert mark_all_read(user=world.coord_a) == 2

    assert unread_count(world.coord_a) == 0
    assert unread_count(world.coord_b) == 1
