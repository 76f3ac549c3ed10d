import pytest

from samanvay.accounts.models import User
from samanvay.channel.models import Group, Message
from samanvay.core.demo import load_demo_data
from samanvay.lib.privacy_guard import check

pytestmark = pytest.mark.django_db


def test_the_demo_has_groups_with_a_conversation_and_loads_twice(settings):
    settings.DEBUG = True
    load_demo_data()
    load_demo_data()

    bhopal = Group.objects.get(level="district", district__code=444)
    officer = User.objects.get(username="wps.bhopal.demo")
    member = User.objects.get(username="ngo.member.demo")
    assert {officer.pk, member.pk} <= set(bhopal.members.values_list("user_id", flat=True))
    assert bhopal.messages.count() == 3
    assert bhopal.messages.filter(reply_to__isnull=False).count() == 2
    assert Group.objects.get(level="state").messages.filter(is_pinned=True).exists()
    assert Message.objects.filter(group__level="campaign", is_pinned=True).exists()
    for text in Message.objects.values_list("text", flat=True):
        assert check(text) == []
