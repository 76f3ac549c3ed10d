import pytest
from django.urls import reverse

from samanvay.notify.models import Notification


def make(user, n=1, **fields):
    fields.setdefault("kind", "message")
    fields.setdefault("context", {"text": "Training camp on Friday"})
    Notification.objects.bulk_create(Notification(recipient=user, **fields) for _ in range(n))


@pytest.fixture
def english(client):
    client.cookies["samanvay_language"] = "en"
    return client


def test_it_lists_the_users_notifications(world, login_as, english):
    make(world.member_b, 2)
    make(world.member_a, 1, context={"text": "Not for member B"})

    response = login_as(world.member_b).get(reverse("notify:inbox"))

    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("Training camp on Friday") == 2
    assert "Not for member B" not in body


def test_it_highlights_unread_ones(world, login_as, english):
    make(world.member_b, 1)
    response = login_as(world.member_b).get(reverse("notify:inbox"))
    assert 'class="unread"' in response.content.decode()

    Notification.objects.update(read_at="2026-01-01T00:00:00Z")
    response = login_as(world.member_b).get(reverse("notify:inbox"))
    assert 'class="unread"' not in response.content.decode()


def test_it_renders_the_line_in_the_viewers_language(world, login_as, english):
    make(
        world.member_b,
        1,
        kind="membership_added",
        context={
            "organisation_name_hi": "बाल रक्षा मंच",
            "organisation_name_en": "Bal Raksha Manch",
            "role": "coordinator",
        },
    )

    response = login_as(world.member_b).get(reverse("notify:inbox"))

    assert "You were added to Bal Raksha Manch as Coordinator." in response.content.decode()


def test_it_escapes_text_from_the_context(world, login_as, english):
    make(world.member_b, 1, context={"text": "<script>alert(1)</script>"})

    response = login_as(world.member_b).get(reverse("notify:inbox"))

    assert "<script>alert(1)</script>" not in response.content.decode()


def test_it_paginates_newest_first(world, login_as, settings):
    settings.REGISTRY_PAGE_SIZE = 2
    for text in ["oldest", "middle", "newest"]:
        make(world.member_b, 1, context={"text": text})

    client = login_as(world.member_b)
    first = client.get(reverse("notify:inbox")).content.decode()
    second = client.get(reverse("notify:inbox"), {"page": 2}).content.decode()

    assert "newest" in first and "middle" in first and "oldest" not in first
    assert "oldest" in second


def test_the_query_count_does_not_grow_with_notifications(
    world, login_as, django_assert_max_num_queries
):
    client = login_as(world.member_b)
    make(world.member_b, 2)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("notify:inbox"))

    make(world.member_b, 40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("notify:inbox"))
    assert response.status_code == 200


def test_it_needs_sign_in(client, world):
    response = client.get(reverse("notify:inbox"))
    assert response.status_code == 302
