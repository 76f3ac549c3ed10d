"""Meetings for the tests of meetings, invitations, RSVP and attendance."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from samanvay.meetings.models import Invitation, Meeting

IST = ZoneInfo("Asia/Kolkata")
# The tests' "now": 1 December 2026, 09:00 IST.
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=IST)


def make_meeting(world, *, level="state", district=None, starts_at=None, **extra) -> Meeting:
    starts_at = starts_at or NOW + timedelta(days=7)
    convenor = extra.pop("convenor", world.branch)
    unit = extra.pop("convening_unit", world.hq if level != "district" else world.wps_bhopal)
    return Meeting.objects.create(
        level=level,
        title=extra.pop("title", "State coordination meeting"),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        venue=extra.pop("venue", "Police HQ, Bhopal"),
        district=district,
        convening_unit=unit,
        convenor=convenor,
        **extra,
    )


def invite_person(meeting, person, *, token=None, **extra) -> Invitation:
    return Invitation.objects.create(
        meeting=meeting, person=person, token=token or f"token-{meeting.pk}-{person.pk}", **extra
    )
