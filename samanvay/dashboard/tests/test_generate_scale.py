"""generate_scale fills a database with a profile's numbers and builds the tallies; its referrals
and group messages look like real ones."""

import datetime
import re
from collections import Counter
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from samanvay.accounts.models import User
from samanvay.activities.models import ActivityReport
from samanvay.channel.models import Group, GroupMember, Message
from samanvay.dashboard.models import MonthlyTally
from samanvay.dashboard.scale.generator import PROFILES
from samanvay.directory.models import NGO, District, PoliceUnit
from samanvay.lib import privacy_guard
from samanvay.meetings.models import ActionItem, Meeting
from samanvay.referrals.escalation import check_service_levels
from samanvay.referrals.models import Referral, ReferralCounter, TimelineEntry
from samanvay.referrals.services import district_codes

MOMENT = datetime.datetime(2026, 11, 20, 6, 30, tzinfo=datetime.UTC)
CODE = re.compile(r"^MP-([A-Z]{3})-(\d{4})-(\d{6})$")


@pytest.fixture
def tiny(db):
    out = StringIO()
    with time_machine.travel(MOMENT, tick=False):
        call_command("generate_scale", "--profile", "tiny", stdout=out)
    return out.getvalue()


def test_tiny_profile(tiny):
    profile = PROFILES["tiny"]
    assert ActivityReport.objects.count() == profile.reports
    assert NGO.objects.count() == profile.ngos
    assert PoliceUnit.objects.count() == profile.police_units
    assert User.objects.count() == profile.users
    assert Meeting.objects.count() == profile.meetings
    assert ActionItem.objects.count() == profile.action_items
    assert Referral.objects.count() == profile.referrals
    assert Message.objects.count() == profile.messages
    verified = ActivityReport.objects.filter(status="verified").count()
    assert sum(MonthlyTally.objects.values_list("reports", flat=True)) == verified
    assert "profile tiny done" in tiny


def test_referral_codes_are_valid_unique_and_numbered_on(tiny):
    codes = {d.pk: district_codes()[d.code] for d in District.objects.all()}
    last = Counter()
    for code, district, created in Referral.objects.values_list(
        "code", "district", "created_at"
    ).order_by("created_at"):
        district_code, year, number = CODE.match(code).groups()
        assert district_code == codes[district]
        assert int(year) == timezone.localtime(created).year
        last[int(year)] += 1
        assert int(number) == last[int(year)]  # numbered per year across the state, in order
    assert dict(ReferralCounter.objects.values_list("year", "last_number")) == dict(last)


def test_referrals_have_a_timeline_and_service_levels(tiny):
    referrals = Referral.objects.all()
    statuses = Counter(referrals.values_list("status", flat=True))
    assert statuses["closed"] > 100 and statuses["closed"] < len(referrals)
    assert not referrals.filter(status="closed", outcome="").exists()
    assert not referrals.filter(acknowledged_at__isnull=False, assigned_officer=None).exists()
    steps = dict(referrals.annotate(n=Count("timeline")).values_list("pk", "n").order_by("pk"))
    assert min(steps.values()) >= 2  # raised and routed, at least
    events = Counter(TimelineEntry.objects.values_list("event", flat=True))
    for event in ["created", "routed", "acknowledged", "closed", "reminded", "escalated"]:
        assert events[event], event
    assert events["closed"] == statuses["closed"]
    assert events["created"] == len(referrals)
    # Some closed late, some acknowledged late: the escalations were made then.
    assert referrals.filter(close_escalation__gte=1, status="closed").exists()
    assert referrals.filter(ack_escalation__gte=1).exists()
    # Nothing is left for the periodic service-level check to catch up on.
    with time_machine.travel(MOMENT, tick=False):
        assert check_service_levels(MOMENT) == {"reminded": 0, "escalated": 0}


def test_group_messages_are_spread_and_written_by_members(tiny):
    by_level = Counter(Message.objects.values_list("group__level", flat=True))
    assert set(by_level) == {"state", "district", "campaign"}
    assert by_level["district"] > by_level["state"]
    years = {m.year for m in Message.objects.values_list("created_at", flat=True)}
    assert len(years) >= 9
    members = set(GroupMember.objects.values_list("group_id", "user_id"))
    messages = list(Message.objects.values_list("group_id", "author_id", "text", "reply_to"))
    assert all((group, author) in members for group, author, _t, _r in messages)
    groups = dict(Message.objects.values_list("pk", "group_id"))
    assert all(groups[reply] == group for group, _a, _t, reply in messages if reply)
    assert any(reply for *_rest, reply in messages)
    for _group, _author, text, _reply in messages[::20]:
        assert privacy_guard.check(text) == [], text
    # Members have read their groups but for a few messages.
    assert not GroupMember.objects.filter(
        group__in=Group.objects.filter(messages__isnull=False), last_read_id=0
    ).exists()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'channel_message_text_fts'")
            assert cursor.fetchone() == (1,)
