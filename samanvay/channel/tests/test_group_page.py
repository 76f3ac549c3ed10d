"""Posting in a group from the page (no JavaScript): messages, replies, mentions, photos, and the
privacy guard refusing what may identify a person."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from samanvay.channel import services
from samanvay.channel.models import Message
from samanvay.channel.tests.conftest import phone_photo
from samanvay.notify.models import Notification


def page(group):
    return reverse("channel:group_detail", args=[group.pk])


def test_a_member_posts_and_everyone_in_the_group_reads_it(world, groups, login_as, english):
    response = login_as(world.member_a).post(
        page(groups.bhopal), {"text": "Camp at Kolar on Friday"}
    )

    message = Message.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{page(groups.bhopal)}#m{message.pk}"
    body = login_as(world.officer_bhopal).get(page(groups.bhopal)).content.decode()
    assert "Camp at Kolar on Friday" in body
    assert "Member A" in body


def test_the_page_never_shows_a_group_to_outsiders(world, groups, login_as):
    assert login_as(world.member_b).get(page(groups.bhopal)).status_code == 404
    assert login_as(world.observer).get(page(groups.state)).status_code == 404


def test_a_reply_quotes_its_message_and_tells_its_author(world, groups, login_as, english):
    first = services.post_message(
        actor=world.coord_a, group=groups.bhopal, text="Who has the banners?"
    )
    client = login_as(world.officer_bhopal)

    form = client.get(page(groups.bhopal) + f"?reply={first.pk}").content.decode()
    assert "Replying to Coord A" in form
    assert f'name="reply_to" value="{first.pk}"' in form
    client.post(page(groups.bhopal), {"text": "The thana has them", "reply_to": first.pk})

    reply = Message.objects.get(text="The thana has them")
    assert reply.reply_to == first
    assert "In reply to Coord A" in client.get(page(groups.bhopal)).content.decode()
    note = Notification.objects.get(recipient=world.coord_a)
    assert note.kind == "channel_message"
    assert note.context == {
        "group_id": groups.bhopal.pk,
        "message_id": reply.pk,
        "group_hi": groups.bhopal.name_hi,
        "group_en": groups.bhopal.name_en,
        "author": "Officer Bhopal",
    }
    assert note.url == reply.get_absolute_url()


def test_a_mention_notifies_the_member_without_the_text(world, groups):
    message = services.post_message(
        actor=world.officer_bhopal,
        group=groups.bhopal,
        text="@member_a please bring the register. @member_b is not in this group.",
    )

    assert list(message.mentions.all()) == [world.member_a]
    note = Notification.objects.get(kind="channel_mention")
    assert note.recipient == world.member_a
    assert "register" not in str(note.context)
    assert not Notification.objects.filter(recipient=world.member_b).exists()


def test_replying_to_yourself_notifies_no_one(world, groups):
    first = services.post_message(actor=world.member_a, group=groups.bhopal, text="Note one")
    services.post_message(
        actor=world.member_a, group=groups.bhopal, text="Note two", reply_to=first
    )
    assert not Notification.objects.exists()


REFUSED_TEXTS = [
    "Her number is 98765 43210",
    "Aadhaar 2345 6789 0124 of the girl",
    "mail her at asha.girl@example.org",
]


@pytest.mark.parametrize("text", REFUSED_TEXTS)
def test_a_refused_message_is_not_stored_and_the_text_stays(world, groups, login_as, english, text):
    response = login_as(world.member_a).post(page(groups.bhopal), {"text": text})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Your message was not sent" in body
    assert "POCSO Act section 23" in body and "Juvenile Justice Act section 74" in body
    assert "Bharatiya Nyaya Sanhita section 72" in body
    assert "MP-BPL-2026-000123" in body
    assert f"{text}</textarea>" in body  # nothing typed is lost
    assert not Message.objects.exists()
    assert not Notification.objects.exists()


def test_the_refusal_is_in_hindi_by_default(world, groups, login_as):
    response = login_as(world.member_a).post(page(groups.bhopal), {"text": "फोन 9876543210"})
    body = response.content.decode()
    assert "पॉक्सो एक्ट धारा 23" in body and "भारतीय न्याय संहिता (बीएनएस) धारा 72" in body
    assert "एक फ़ोन नंबर" in body
    assert "MP-BPL-2026-000123" in body
    assert not Message.objects.exists()


def test_a_refused_mention_notifies_no_one(world, groups):
    with pytest.raises(services.MessageRefused):
        services.post_message(
            actor=world.officer_bhopal, group=groups.bhopal, text="@member_a 9876543210"
        )
    assert not Notification.objects.exists()


def test_a_referral_code_passes(world, groups):
    message = services.post_message(
        actor=world.officer_bhopal,
        group=groups.bhopal,
        text="Update on MP-BPL-2026-000123 tomorrow",
    )
    assert message.pk


def test_a_photo_is_stored_without_its_metadata(world, groups, login_as):
    upload = SimpleUploadedFile("camp.jpg", phone_photo(), content_type="image/jpeg")
    client = login_as(world.member_a)
    response = client.post(
        page(groups.bhopal), {"text": "", "photo": upload, "confirm_no_identity": "on"}
    )

    assert response.status_code == 302
    message = Message.objects.get()
    served = client.get(reverse("channel:message_photo", args=[groups.bhopal.pk, message.pk]))
    data = b"".join(served.streaming_content)
    image = Image.open(io.BytesIO(data))
    assert not image.getexif()
    assert "comment" not in image.info
    assert served["Cache-Control"].startswith("private") or "private" in served["Cache-Control"]
    outsider = login_as(world.member_b)
    assert (
        outsider.get(
            reverse("channel:message_photo", args=[groups.bhopal.pk, message.pk])
        ).status_code
        == 404
    )


def test_a_file_that_is_not_a_photo_is_refused(world, groups, login_as, english):
    upload = SimpleUploadedFile("list.pdf", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    response = login_as(world.member_a).post(
        page(groups.bhopal), {"text": "the list", "photo": upload, "confirm_no_identity": "on"}
    )
    assert "This file is not a photo" in response.content.decode()
    assert not Message.objects.exists()


def test_a_photo_needs_the_confirmation(world, groups, login_as, english):
    upload = SimpleUploadedFile("camp.jpg", phone_photo(), content_type="image/jpeg")
    response = login_as(world.member_a).post(page(groups.bhopal), {"text": "", "photo": upload})
    assert "Please confirm that no child or victim can be identified" in response.content.decode()
    assert not Message.objects.exists()


def test_an_empty_message_is_refused(world, groups, login_as, english):
    response = login_as(world.member_a).post(page(groups.bhopal), {"text": "  "})
    assert "Write a message or attach a photo." in response.content.decode()


def test_the_page_makes_the_same_few_queries_however_many_messages(
    world, groups, login_as, django_assert_max_num_queries
):
    first = services.post_message(actor=world.coord_a, group=groups.bhopal, text="first")
    for n in range(30):
        services.post_message(
            actor=world.officer_bhopal if n % 2 else world.member_a,
            group=groups.bhopal,
            text=f"message {n}",
            reply_to=first if n % 3 == 0 else None,
        )
    client = login_as(world.member_a)
    client.get(page(groups.bhopal))

    with django_assert_max_num_queries(12):
        response = client.get(page(groups.bhopal))
    assert response.content.decode().count('class="message') >= 31


def test_older_messages_page_back_and_are_not_live(world, groups, login_as, english):
    for n in range(55):
        services.post_message(actor=world.officer_bhopal, group=groups.bhopal, text=f"note {n}.")
    client = login_as(world.member_a)
    latest = client.get(page(groups.bhopal)).content.decode()
    assert "note 54." in latest and "note 4." not in latest and 'id="group-messages"' in latest
    older = Message.objects.get(text="note 5.").pk
    earlier = client.get(page(groups.bhopal) + f"?before={older}").content.decode()
    assert "note 4." in earlier and "note 5." not in earlier
    assert 'id="group-messages"' not in earlier and "Latest messages" in earlier
