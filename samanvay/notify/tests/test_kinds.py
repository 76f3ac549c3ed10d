import pytest
from django.urls import reverse
from django.utils import translation

from samanvay.notify.kinds import KINDS, render_email, render_short
from samanvay.notify.models import Notification

CONTEXTS = {
    "ngo_verification_changed": {
        "ngo_name_hi": "आशा सेवा संस्थान",
        "ngo_name_en": "Asha Sewa Sansthan",
        "status": "rejected",
        "note": "Darpan ID & registration do not match",
    },
    "membership_added": {
        "organisation_name_hi": "आशा सेवा संस्थान",
        "organisation_name_en": "Asha Sewa Sansthan",
        "role": "volunteer",
    },
    "account_created": {"username": "asha.worker"},
    "message": {"text": "Camp on Friday & Saturday"},
    **{
        kind: {
            "meeting": 1,
            "title": "State coordination meeting & review",
            "starts_at": "2026-12-15T05:00:00+00:00",
            "venue": "Police HQ, Bhopal",
            "online_link": "",
            "rsvp_link": "https://samanvay.example/meetings/rsvp/abc/",
        }
        for kind in ("meeting_invitation", "meeting_reminder")
    },
    **{
        kind: {
            "item": "Train 20 volunteers & in-charges",
            "meeting": "State coordination meeting & review",
            "due_on": "2026-12-01",
            "owner": "Asha Sewa Sansthan",
            "reason": "Merged with Srijan & camps",
            "days": 3,
        }
        for kind in (
            "action_item_assigned",
            "action_item_due",
            "action_item_overdue",
            "action_item_done",
            "action_item_dropped",
        )
    },
    "medium_paused": {"medium": "WhatsApp", "reason": "190: Invalid OAuth access token & more"},
    "whatsapp_reply_refused": {},
    "whatsapp_reply_withheld": {"found": ["phone", "name"]},
    "plan_published": {
        "campaign_hi": "सृजन",
        "campaign_en": "Srijan",
        "plan": "Srijan 2026 & camps",
        "version": 2,
    },
    **{
        kind: {
            "report": 42,
            "type_hi": "जागरूकता सत्र",
            "type_en": "Awareness session & rally",
            "district_hi": "भोपाल",
            "district_en": "Bhopal",
            "held_on": "2026-11-20",
        }
        for kind in ("report_submitted", "report_returned", "report_verified", "report_reopened")
    },
    **{
        kind: {
            "code": "MP-BPL-2026-000123",
            "kind": "imminent_child_marriage",
            "district_hi": "भोपाल",
            "district_en": "Bhopal & Sehore",
            "urgency": "critical",
            "level": "district",
            "due": "2026-12-01T05:00:00+00:00",
        }
        for kind in (
            "referral_new",
            "referral_assigned",
            "referral_shared",
            "referral_escalated",
            "referral_reminder",
            "referral_closed",
        )
    },
    **{
        kind: {
            "group_id": 3,
            "message_id": 17,
            "group_hi": "भोपाल जिला समूह",
            "group_en": "Bhopal district group & partners",
            "author": "Asha Verma",
        }
        for kind in ("channel_message", "channel_mention")
    },
}


def test_every_kind_has_an_example_here():
    assert set(KINDS) == set(CONTEXTS)


@pytest.mark.parametrize("kind", sorted(CONTEXTS))
@pytest.mark.parametrize("language", ["hi", "en"])
def test_every_kind_renders_its_line_and_email(kind, language):
    notification = Notification(kind=kind, context=CONTEXTS[kind], url="/inbox/")

    with translation.override(language):
        line = render_short(notification)
    email = render_email(notification, language)

    assert line
    assert email.subject and "\n" not in email.subject
    assert email.body.strip()
    assert email.language == language
    assert "&amp;" not in email.subject + email.body  # plain text, not HTML


def test_the_role_label_and_name_follow_the_language():
    notification = Notification(kind="membership_added", context=CONTEXTS["membership_added"])

    with translation.override("en"):
        english = render_short(notification)
    with translation.override("hi"):
        hindi = render_short(notification)

    assert "Asha Sewa Sansthan as Volunteer" in english
    assert "आशा सेवा संस्थान" in hindi


def test_the_line_escapes_names_once():
    context = dict(CONTEXTS["ngo_verification_changed"], ngo_name_en="A <b> & C")
    notification = Notification(kind="ngo_verification_changed", context=context)

    with translation.override("en"):
        line = render_short(notification)

    assert "A &lt;b&gt; &amp; C" in line


def test_a_withheld_reply_says_what_was_found_and_the_law_never_the_words():
    notification = Notification(
        kind="whatsapp_reply_withheld", context=CONTEXTS["whatsapp_reply_withheld"]
    )

    with translation.override("en"):
        line = render_short(notification)
    body = render_email(notification, "en").body

    for text in (line, body):
        assert "it contains a phone number, the name of a person protected by a referral" in text
        assert "POCSO Act section 23" in text and "Juvenile Justice Act section 74" in text
        assert "Bharatiya Nyaya Sanhita section 72" in text and "MP-BPL-2026-000123" in text


def test_the_account_email_explains_how_to_set_a_password():
    notification = Notification(kind="account_created", context=CONTEXTS["account_created"])

    body = render_email(notification, "en").body

    assert "asha.worker" in body
    assert "http://127.0.0.1:8000" + reverse("accounts:password_reset") in body


@pytest.mark.parametrize(
    ("words", "may"),
    [
        ("Meeting on 15 December at Police HQ http://127.0.0.1:8000/meetings/3/", True),
        ("RSVP: https://samanvay.example/meetings/rsvp/9876543210ab/", True),  # a link's token
        ("Call her on 9876543210", False),
        ("Write to girl.name@example.org", False),
    ],
)
def test_words_may_leave_unless_the_guard_finds_something_outside_links(db, words, may):
    from samanvay.notify.kinds import may_leave

    assert may_leave(words) is may
