"""A kind may name a callable whose files its emails carry (e.g. a calendar invitation)."""

import pytest

from samanvay.notify import kinds
from samanvay.notify.models import Delivery
from samanvay.notify.services import deliver_email, notify


def two_files(notification):
    return [
        ("note.txt", f"Hello {notification.recipient.username}".encode(), "text/plain"),
        ("invite.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar; method=REQUEST"),
    ]


@pytest.fixture
def kind_with_files(monkeypatch):
    kind = kinds.Kind(
        subject="notify/message/subject.txt",
        body="notify/message/body.txt",
        short="notify/message/short.txt",
        attachments=f"{__name__}.two_files",
    )
    monkeypatch.setitem(kinds.KINDS, "message", kind)


def send(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        notify(recipients=[world.member_b], kind="message", context={"text": "Hi"})
    assert deliver_email(Delivery.objects.get(medium="email")) is True


def test_the_email_carries_the_kinds_files(
    world, kind_with_files, mailoutbox, django_capture_on_commit_callbacks
):
    send(world, django_capture_on_commit_callbacks)

    message = mailoutbox[0].message()
    files = {part.get_filename(): part for part in message.iter_attachments()}
    assert set(files) == {"note.txt", "invite.ics"}
    assert files["note.txt"].get_content().strip() == "Hello member_b"
    assert files["invite.ics"].get_content_type() == "text/calendar"
    assert files["invite.ics"].get_param("method") == "REQUEST"
    assert "BEGIN:VCALENDAR" in files["invite.ics"].get_content()


def test_other_kinds_send_no_files(world, mailoutbox, django_capture_on_commit_callbacks):
    send(world, django_capture_on_commit_callbacks)

    assert list(mailoutbox[0].message().iter_attachments()) == []
