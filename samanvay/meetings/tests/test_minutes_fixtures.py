"""Factories shared by the tests of minutes, decisions, action items and reminders (no tests here).

`minutes_world(world)` adds three meetings to the registry personas:
- `m_bhopal`: a district meeting of Bhopal, convened by the Bhopal officer, NGO A's coordinator and
  member invited;
- `m_indore`: a district meeting of Indore, convened by the Indore officer, no Bhopal invitee;
- `m_state`: the state meeting, convened by the branch, the Bhopal officer and NGO A's coordinator
  invited (not NGO A's member).
"""

import datetime
import secrets

from django.utils import timezone

from samanvay.meetings.models import ActionItem, Invitation, Meeting


def make_meeting(*, level, convenor, unit, district=None, title="Meeting", invitees=()):
    starts = timezone.now().replace(microsecond=0) - datetime.timedelta(days=1)
    meeting = Meeting.objects.create(
        level=level,
        title=title,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        district=district,
        convening_unit=unit,
        convenor=convenor,
        status=Meeting.Status.HELD,
    )
    for person, org in invitees:
        Invitation.objects.create(
            meeting=meeting,
            person=person,
            police_unit=org if org.__class__.__name__ == "PoliceUnit" else None,
            ngo=org if org.__class__.__name__ == "NGO" else None,
            token=secrets.token_urlsafe(16),
        )
    return meeting


def make_item(meeting, *, title="Train volunteers", due_in_days=10, **owner_and_more):
    return ActionItem.objects.create(
        meeting=meeting,
        title=title,
        due_on=timezone.localdate() + datetime.timedelta(days=due_in_days),
        **owner_and_more,
    )


def minutes_world(world):
    w = world
    w.m_bhopal = make_meeting(
        level="district",
        convenor=w.officer_bhopal,
        unit=w.wps_bhopal,
        district=w.bhopal,
        title="Bhopal district coordination",
        invitees=[(w.p_coord_a, w.ngo_a), (w.p_member_a, w.ngo_a)],
    )
    w.m_indore = make_meeting(
        level="district",
        convenor=w.officer_indore,
        unit=w.wps_indore,
        district=w.indore,
        title="Indore district coordination",
        invitees=[(w.p_coord_b, w.ngo_b)],
    )
    w.m_state = make_meeting(
        level="state",
        convenor=w.branch,
        unit=w.hq,
        title="State coordination meeting",
        invitees=[(w.p_officer_bhopal, w.wps_bhopal), (w.p_coord_a, w.ngo_a)],
    )
    return w
