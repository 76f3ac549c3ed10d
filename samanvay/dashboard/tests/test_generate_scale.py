"""generate_scale fills a database with a profile's numbers and builds the tallies."""

from io import StringIO

from django.core.management import call_command

from samanvay.accounts.models import User
from samanvay.activities.models import ActivityReport
from samanvay.dashboard.models import MonthlyTally
from samanvay.dashboard.scale.generator import PROFILES
from samanvay.directory.models import NGO
from samanvay.meetings.models import ActionItem, Meeting


def test_tiny_profile(db):
    out = StringIO()
    call_command("generate_scale", "--profile", "tiny", stdout=out)
    profile = PROFILES["tiny"]
    assert ActivityReport.objects.count() == profile.reports
    assert NGO.objects.count() == profile.ngos
    assert User.objects.count() == profile.users
    assert Meeting.objects.count() == profile.meetings
    assert ActionItem.objects.count() == profile.action_items
    verified = ActivityReport.objects.filter(status="verified").count()
    assert sum(MonthlyTally.objects.values_list("reports", flat=True)) == verified
    assert "profile tiny done" in out.getvalue()
