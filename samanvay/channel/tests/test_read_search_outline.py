"""Read state and unread counts, search of history, the published outline pinned in its group,
and replies from outside (WhatsApp)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from samanvay.campaigns.models import DistrictTarget, PartnerAssignment
from samanvay.campaigns.services import publish_plan
from samanvay.campaigns.tests.conftest import period, plans  # noqa: F401 -- fixtures
from samanvay.channel import selectors, services
from samanvay.channel.models import Group, Message
from samanvay.notify.models import Notification


def test_unread_counts_follow_what_a_member_has_seen(world, groups, login_as, english):
    for text in ("one", "two", "three"):
        services.post_message(actor=world.officer_bhopal, group=groups.bhopal, text=text)
    client = login_as(world.member_a)

    listing = client.get(reverse("channel:group_list")).content.decode()
    assert '<span class="badge">3</span>' in listing
    assert "3 unread messages" in listing  # the menu's badge
    assert selectors.total_unread(world.officer_bhopal) == 0  # one's own are read

    client.get(groups.bhopal.get_absolute_url())
    assert selectors.total_unread(world.member_a) == 0
    assert "unread message" not in client.get(reverse("channel:group_list")).content.decode()

    services.post_message(actor=world.coord_a, group=groups.bhopal, text="four")
    assert selectors.total_unread(world.member_a) == 1


def test_a_read_marker_beyond_the_messages_is_ignored(world, groups, login_as):
    seen = services.post_message(actor=world.officer_bhopal, group=groups.bhopal, text="one")
    client = login_as(world.member_a)
    url = reverse("channel:mark_read", args=[groups.bhopal.pk])

    assert client.post(url, {"up_to": seen.pk + 1000}).status_code == 204
    services.post_message(actor=world.officer_bhopal, group=groups.bhopal, text="two")

    assert selectors.total_unread(world.member_a) == 2  # nothing was marked read
    client.post(url, {"up_to": seen.pk})
    assert selectors.total_unread(world.member_a) == 1


def test_the_fragment_returns_only_what_was_missed(world, groups, login_as, english):
    seen = services.post_message(actor=world.officer_bhopal, group=groups.bhopal, text="seen")
    services.post_message(actor=world.officer_bhopal, group=groups.bhopal, text="missed one")
    services.post_message(actor=world.coord_a, group=groups.bhopal, text="missed two")
    url = reverse("channel:messages_after", args=[groups.bhopal.pk])

    body = login_as(world.member_a).get(url, {"after": seen.pk}).content.decode()

    assert "missed one" in body and "missed two" in body and ">seen<" not in body
    assert selectors.total_unread(world.member_a) == 0


def test_search_finds_only_in_ones_own_groups(world, groups, login_as, english):
    services.post_message(actor=world.officer_bhopal, group=groups.bhopal, text="Kolar camp list")
    services.post_message(actor=world.officer_indore, group=groups.indore, text="Rau camp list")
    hidden = services.post_message(actor=world.coord_a, group=groups.bhopal, text="camp gossip")
    services.hide_message(actor=world.branch, message=hidden, reason="off topic")
    url = reverse("channel:search")

    body = login_as(world.member_a).post(url, {"q": "CAMP"}).content.decode()
    assert "Kolar camp list" in body
    assert "Rau camp list" not in body
    assert "gossip" not in body
    branch = login_as(world.branch).post(url, {"q": "camp list"}).content.decode()
    assert "Kolar camp list" in branch and "Rau camp list" in branch


def test_search_is_paginated(world, groups, login_as, english, settings):
    settings.REGISTRY_PAGE_SIZE = 2
    for n in range(5):
        services.post_message(actor=world.officer_bhopal, group=groups.bhopal, text=f"meeting {n}")
    body = (
        login_as(world.member_a)
        .post(reverse("channel:search"), {"q": "meeting", "page": "1"})
        .content.decode()
    )
    assert "Page 1 of 3" in body and "meeting 4" in body and "meeting 0" not in body
    last = login_as(world.member_a).post(reverse("channel:search"), {"q": "meeting", "page": "3"})
    assert "meeting 0" in last.content.decode()


def test_the_words_searched_for_stay_out_of_the_url(world, groups, login_as, english):
    body = login_as(world.member_a).get(reverse("channel:group_list")).content.decode()
    assert 'method="post" action="/group/search/"' in body


@pytest.fixture
def draft(world, request):
    seeded = request.getfixturevalue("plans")
    DistrictTarget.objects.create(plan=seeded.draft, district=world.indore, sessions=5, girls=100)
    PartnerAssignment.objects.create(
        plan=seeded.draft, district=world.bhopal, ngo=world.ngo_a, police_unit=world.wps_bhopal
    )
    return seeded.draft


def test_publishing_pins_the_outline_in_the_campaign_group(world, campaigns, draft, groups):
    version = publish_plan(actor=world.branch, plan=draft)

    group = Group.objects.get(level="campaign", campaign=campaigns.srijan)
    pinned = Message.objects.get(group=group, is_pinned=True)
    assert pinned.plan_version == version
    assert "Srijan winter draft (v1)" in pinned.text
    assert "इंदौर" in pinned.text

    draft.title = "Srijan winter plan"
    draft.save()
    second = publish_plan(actor=world.branch, plan=draft, note="New title")
    assert list(Message.objects.filter(group=group, is_pinned=True)) == [
        Message.objects.get(plan_version=second)
    ]


def test_a_published_plan_brings_its_partners_into_the_campaign_group(
    world, campaigns, draft, groups, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish_plan(actor=world.branch, plan=draft)
    group = Group.objects.get(level="campaign", campaign=campaigns.srijan)
    members = set(group.members.filter(left_at__isnull=True).values_list("user_id", flat=True))
    # NGO A is a partner in Bhopal; Indore has a target; NGO B has no part in it.
    assert {world.coord_a.pk, world.officer_bhopal.pk, world.officer_indore.pk} <= members
    assert world.coord_b.pk not in members


def test_a_reply_from_outside_lands_in_the_thread(world, groups):
    first = services.post_message(actor=world.coord_a, group=groups.bhopal, text="Banners?")
    services.post_message(
        actor=world.officer_bhopal, group=groups.bhopal, text="@coord_a see below", reply_to=first
    )
    note = Notification.objects.get(recipient=world.coord_a)

    reply = services.reply_from_outside(world.coord_a, note, "Got them, thank you")

    assert reply.group == groups.bhopal
    assert reply.author == world.coord_a
    assert reply.reply_to_id == note.context["message_id"]
    assert reply.via == "whatsapp"


def test_a_reply_from_outside_passes_the_guard_first(world, groups):
    services.post_message(actor=world.officer_bhopal, group=groups.bhopal, text="@coord_a hello")
    note = Notification.objects.get(recipient=world.coord_a)
    count = Message.objects.count()

    with pytest.raises(services.MessageRefused) as refused:
        services.reply_from_outside(world.coord_a, note, "her phone is 9876543210")

    assert "पॉक्सो एक्ट धारा 23" in refused.value.explanation  # Hindi, the default
    assert Message.objects.count() == count


def test_a_reply_from_outside_needs_the_recipient_and_a_member(
    world, groups, django_capture_on_commit_callbacks
):
    services.post_message(actor=world.officer_bhopal, group=groups.bhopal, text="@member_a hello")
    note = Notification.objects.get(recipient=world.member_a)
    with pytest.raises(PermissionDenied):
        services.reply_from_outside(world.coord_a, note, "not mine")
    membership = world.p_member_a.memberships.get()
    with django_capture_on_commit_callbacks(execute=True):
        membership.ended_on = membership.created_at.date().replace(year=2000)
        membership.started_on = None
        membership.save()
    with pytest.raises(PermissionDenied):
        services.reply_from_outside(world.member_a, note, "left the group")


def test_the_list_of_groups_costs_a_fixed_number_of_queries(
    world, campaigns, groups, login_as, django_assert_max_num_queries
):
    from samanvay.channel.membership import sync_all_groups

    sync_all_groups()  # 55 districts and the campaigns: the branch supervises them all
    services.post_message(actor=world.officer_bhopal, group=groups.bhopal, text="one")
    client = login_as(world.branch)
    client.get(reverse("channel:group_list"))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("channel:group_list"))
    assert response.content.decode().count("<tr") > 55


def test_search_finds_hindi_words(world, groups, login_as):
    services.post_message(
        actor=world.officer_bhopal, group=groups.bhopal, text="कोलार में जागरूकता सत्र शुक्रवार को"
    )
    services.post_message(actor=world.officer_bhopal, group=groups.bhopal, text="बैठक सोमवार को")
    body = login_as(world.member_a).post(reverse("channel:search"), {"q": "जागरूकता"})
    text = body.content.decode()
    assert "कोलार में जागरूकता सत्र" in text
    assert "बैठक सोमवार" not in text
