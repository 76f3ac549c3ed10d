import pytest
from django.db import transaction
from django.utils import translation

from samanvay.notify.models import Delivery, Notification
from samanvay.notify.services import notify


def message(recipients, **extra):
    return notify(recipients=recipients, kind="message", context={"text": "Meeting at 11"}, **extra)


def test_it_records_one_notification_per_recipient_and_medium(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        notifications = message(
            [world.coord_a, world.member_b], url="/registry/", actor=world.branch
        )

    assert {n.recipient for n in notifications} == {world.coord_a, world.member_b}
    for notification in notifications:
        assert notification.actor == world.branch
        media = dict(notification.deliveries.values_list("medium", "state"))
        assert media == {"inbox": "sent", "email": "pending"}


def test_it_skips_inactive_users_and_duplicates(world, django_capture_on_commit_callbacks):
    world.member_a.is_active = False
    world.member_a.save()

    with django_capture_on_commit_callbacks():
        notifications = message([world.coord_a, world.coord_a, world.member_a])

    assert [n.recipient for n in notifications] == [world.coord_a]
    assert Notification.objects.count() == 1


def test_it_records_no_email_delivery_for_a_user_without_address(
    world, django_capture_on_commit_callbacks
):
    world.coord_a.email = ""
    world.coord_a.save()

    with django_capture_on_commit_callbacks() as callbacks:
        (notification,) = message([world.coord_a])

    assert list(notification.deliveries.values_list("medium", flat=True)) == ["inbox"]
    assert callbacks == []


def test_it_sends_nothing_before_commit(world, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message([world.coord_a])

    assert len(callbacks) == 1
    assert mailoutbox == []
    assert Delivery.objects.get(medium="email").state == "pending"


def test_it_sends_the_email_after_commit(world, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        message([world.member_b], url="/registry/ngos/")

    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == [world.member_b.email]
    assert "Meeting at 11" in email.body
    assert "http://127.0.0.1:8000/registry/ngos/" in email.body
    delivery = Delivery.objects.get(medium="email")
    assert delivery.state == "sent"
    assert delivery.sent_at is not None


def test_a_rolled_back_change_sends_nothing(world, django_capture_on_commit_callbacks, mailoutbox):
    class Abort(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Abort),
        transaction.atomic(),
    ):
        message([world.coord_a])
        raise Abort

    assert mailoutbox == []
    assert not Notification.objects.exists()


def test_the_email_is_in_each_recipients_language(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    assert world.coord_a.language == "hi"
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        message([world.coord_a, world.member_b])

    languages = {email.to[0]: email.extra_headers["Content-Language"] for email in mailoutbox}
    assert languages == {world.coord_a.email: "hi", world.member_b.email: "en"}


def test_the_email_names_the_organisation_in_the_recipients_language(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    context = {
        "ngo_name_hi": world.ngo_b.name_hi,
        "ngo_name_en": world.ngo_b.name_en,
        "status": "verified",
        "note": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[world.member_b, world.coord_b],
            kind="ngo_verification_changed",
            context=context,
        )

    by_user = {email.to[0]: email for email in mailoutbox}
    english = by_user[world.member_b.email]
    assert "Bal Raksha Manch" in english.subject
    assert "Verified" in english.body
    assert "बाल रक्षा मंच" in by_user[world.coord_b.email].subject


@pytest.mark.parametrize(
    ("kind", "context", "url"),
    [
        ("no_such_kind", {"text": "x"}, ""),
        ("message", {"when": object()}, ""),
        ("message", {"text": "x"}, "https://elsewhere.example/"),
        ("message", {"text": "x"}, "//elsewhere.example/"),
        ("message", {"text": "x"}, "/\\elsewhere.example/"),
    ],
)
def test_it_refuses_unknown_kinds_non_json_context_and_foreign_links(world, kind, context, url):
    with pytest.raises(ValueError):
        notify(recipients=[world.coord_a], kind=kind, context=context, url=url)
    assert not Notification.objects.exists()
