"""The branch hides a message with a reason (audited; the record keeps it) and pins posts."""

import re

from django.urls import reverse

from samanvay.channel import services
from samanvay.channel.models import Message
from samanvay.core.models import AuditEntry


def test_the_branch_hides_a_message_and_members_see_why(world, groups, login_as, english):
    message = services.post_message(
        actor=world.member_a, group=groups.bhopal, text="An unkind remark"
    )
    url = reverse("channel:message_hide", args=[groups.bhopal.pk, message.pk])

    response = login_as(world.branch).post(url, {"reason": "Not the tone of this group"})

    assert response.status_code == 302
    message.refresh_from_db()
    assert message.is_hidden and message.text == "An unkind remark"  # kept in the record
    entry = AuditEntry.objects.get(action="channel.hide_message")
    assert entry.actor == world.branch
    assert entry.changes == {"hidden": [None, "Not the tone of this group"]}
    body = login_as(world.officer_bhopal).get(groups.bhopal.get_absolute_url()).content.decode()
    assert "Hidden by the branch: Not the tone of this group" in body
    assert "An unkind remark" not in body
    assert Message.objects.count() == 1


def test_a_reason_is_required(world, groups, login_as, english):
    message = services.post_message(actor=world.member_a, group=groups.bhopal, text="Text")
    url = reverse("channel:message_hide", args=[groups.bhopal.pk, message.pk])
    response = login_as(world.branch).post(url, {"reason": ""})
    assert response.status_code == 200
    message.refresh_from_db()
    assert not message.is_hidden


def test_others_cannot_hide(world, groups, login_as):
    message = services.post_message(actor=world.member_a, group=groups.bhopal, text="Text")
    url = reverse("channel:message_hide", args=[groups.bhopal.pk, message.pk])
    assert login_as(world.officer_bhopal).post(url, {"reason": "x"}).status_code == 403


def test_the_branch_pins_a_post(world, groups, login_as, english):
    message = services.post_message(
        actor=world.officer_bhopal, group=groups.bhopal, text="Rules of the group"
    )
    url = reverse("channel:message_pin", args=[groups.bhopal.pk, message.pk])

    login_as(world.branch).post(url, {"pinned": "1"})

    message.refresh_from_db()
    assert message.is_pinned
    body = login_as(world.member_a).get(groups.bhopal.get_absolute_url()).content.decode()
    assert body.index("Pinned") < body.index("Rules of the group")
    login_as(world.branch).post(url, {"pinned": "0"})
    message.refresh_from_db()
    assert not message.is_pinned


def test_the_reason_passes_the_privacy_guard_too(world, groups, login_as, english):
    message = services.post_message(actor=world.member_a, group=groups.bhopal, text="Text")
    url = reverse("channel:message_hide", args=[groups.bhopal.pk, message.pk])

    response = login_as(world.branch).post(url, {"reason": "It gave her number 9876543210"})

    assert response.status_code == 200
    assert "Your message was not sent" in response.content.decode()
    message.refresh_from_db()
    assert not message.is_hidden
    assert not AuditEntry.objects.filter(action="channel.hide_message").exists()


def test_a_pinned_post_is_shown_in_full_once(world, groups, login_as, english):
    """In full under Pinned at the top; in the stream its start and a link up, not the whole
    outline a second time (and no two elements share an id)."""
    outline = "Srijan outline: " + " ".join(f"step{i}" for i in range(80))
    message = services.post_message(actor=world.officer_bhopal, group=groups.bhopal, text=outline)
    services.set_pinned(actor=world.branch, message=message, pinned=True)

    body = login_as(world.member_a).get(groups.bhopal.get_absolute_url()).content.decode()

    assert body.count("step79") == 1
    assert body.index("step79") < body.index('id="group-messages"')
    assert f'href="#pinned-m{message.pk}"' in body
    assert "Read it in full under Pinned" in body
    ids = re.findall(r'\sid="([^"]+)"', body)
    assert len(ids) == len(set(ids))
