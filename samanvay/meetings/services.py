"""Writes of the meetings app: meetings, invitations, answers, attendance, reminders."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samanvay.accounts.models import Role, User
from samanvay.campaigns.models import CampaignPlan, PartnerAssignment
from samanvay.core.audit import record, snapshot
from samanvay.directory.models import NGO, District, Division, Membership, Person, PoliceUnit
from samanvay.directory.models import current_memberships as registry_current
from samanvay.meetings.models import AgendaItem, Attendance, Invitation, InvitationRule, Meeting
from samanvay.notify.services import notify

MEETING_FIELDS = [
    "level",
    "title",
    "starts_at",
    "ends_at",
    "venue",
    "online_link",
    "division",
    "district",
    "convening_unit",
    "status",
]
REMINDER_WINDOW = timedelta(hours=24)
CANCELLED_MESSAGE = _("This meeting has been cancelled: answers are no longer taken.")


def convening_unit_for(user: User, district: District | None) -> PoliceUnit | None:
    """The branch convenes from the HQ branch; a district officer from their district's women
    police station."""
    from samanvay.accounts import rules

    if rules.is_statewide(user):
        return PoliceUnit.objects.filter(kind=PoliceUnit.Kind.HQ_BRANCH).order_by("pk").first()
    district_id = user.district_id or (district.pk if district else None)
    return (
        PoliceUnit.objects.filter(
            kind=PoliceUnit.Kind.WOMEN_POLICE_STATION, district_id=district_id
        )
        .order_by("pk")
        .first()
    )


def _set_agenda(meeting: Meeting, agenda: Iterable[str]) -> None:
    meeting.agenda.all().delete()
    titles = [line.strip() for line in agenda if line.strip()]
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=index, title=title[:300])
        for index, title in enumerate(titles)
    )


def _check_place(meeting: Meeting) -> None:
    if not meeting.venue and not meeting.online_link:
        raise ValidationError({"venue": _("Give a venue or an online meeting link.")})


@transaction.atomic
def create_meeting(
    *,
    actor: User,
    level: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime | None = None,
    venue: str = "",
    online_link: str = "",
    division: Division | None = None,
    district: District | None = None,
    agenda: Iterable[str] = (),
    convening_unit: PoliceUnit | None = None,
) -> Meeting:
    if level != Meeting.Level.DIVISION:
        division = None
    if level != Meeting.Level.DISTRICT:
        district = None
    unit = convening_unit or convening_unit_for(actor, district)
    if unit is None:
        raise ValidationError(
            _("No convening unit is registered for you (HQ branch or women police station).")
        )
    meeting = Meeting(
        level=level,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at or starts_at + timedelta(hours=2),
        venue=venue,
        online_link=online_link,
        division=division,
        district=district,
        convening_unit=unit,
        convenor=actor,
    )
    _check_place(meeting)
    meeting.full_clean()
    meeting.save()
    _set_agenda(meeting, agenda)
    record(
        actor=actor,
        action="meeting.create",
        instance=meeting,
        changes=snapshot(meeting, MEETING_FIELDS),
    )
    return meeting


@transaction.atomic
def update_meeting(
    *, actor: User, meeting: Meeting, agenda: Iterable[str] | None = None, **fields
) -> Meeting:
    before = snapshot(Meeting.objects.get(pk=meeting.pk), MEETING_FIELDS)
    for name, value in fields.items():
        if name not in MEETING_FIELDS or name == "convening_unit":
            raise ValueError(f"Not a field to change: {name}")
        setattr(meeting, name, value)
    if meeting.level != Meeting.Level.DIVISION:
        meeting.division = None
    if meeting.level != Meeting.Level.DISTRICT:
        meeting.district = None
    _check_place(meeting)
    meeting.full_clean()
    meeting.save()
    changes = {}
    if agenda is not None:
        old = list(meeting.agenda.values_list("title", flat=True))
        _set_agenda(meeting, agenda)
        new = list(meeting.agenda.values_list("title", flat=True))
        if old != new:
            changes["agenda"] = [old, new]
    from samanvay.core.audit import diff

    changes.update(diff(before, snapshot(meeting, MEETING_FIELDS)))
    if changes:
        record(actor=actor, action="meeting.change", instance=meeting, changes=changes)
    return meeting


# --- invitations -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Invitee:
    person: Person
    police_unit: PoliceUnit | None = None
    ngo: NGO | None = None


def current_memberships() -> QuerySet[Membership]:
    return Membership.objects.filter(registry_current())


def _meeting_districts(meeting: Meeting) -> Q | None:
    """Limit of "everyone of a kind" rules: a district meeting its district, a division meeting
    its division's districts, a state meeting none."""
    if meeting.level == Meeting.Level.DISTRICT and meeting.district_id:
        return Q(pk=meeting.district_id)
    if meeting.level == Meeting.Level.DIVISION and meeting.division_id:
        return Q(division_id=meeting.division_id)
    return None


def _from_memberships(memberships: QuerySet[Membership]) -> list[Invitee]:
    return [
        Invitee(person=m.person, police_unit=m.police_unit, ngo=m.ngo)
        for m in memberships.select_related("person", "police_unit", "ngo").order_by("pk")
    ]


def _with_organisation(people: Iterable[Person]) -> list[Invitee]:
    invitees = []
    for person in people:
        membership = (
            current_memberships().filter(person=person).select_related("police_unit", "ngo").first()
        )
        invitees.append(
            Invitee(
                person=person,
                police_unit=membership.police_unit if membership else None,
                ngo=membership.ngo if membership else None,
            )
        )
    return invitees


def resolve_rule(rule: InvitationRule) -> list[Invitee]:
    """The people a rule invites, each with the organisation they come for (no one twice)."""
    meeting = rule.meeting
    districts = _meeting_districts(meeting)
    kind = rule.kind
    if kind == InvitationRule.Kind.PERSON:
        invitees = _with_organisation([rule.person]) if rule.person else []
    elif kind == InvitationRule.Kind.POLICE_UNIT:
        invitees = _from_memberships(current_memberships().filter(police_unit=rule.police_unit))
    elif kind == InvitationRule.Kind.NGO:
        invitees = _from_memberships(current_memberships().filter(ngo=rule.ngo))
    elif kind == InvitationRule.Kind.WPS_IN_CHARGES:
        memberships = current_memberships().filter(
            role=Membership.Role.IN_CHARGE,
            police_unit__kind=PoliceUnit.Kind.WOMEN_POLICE_STATION,
            police_unit__is_active=True,
        )
        if districts is not None:
            memberships = memberships.filter(
                police_unit__district__in=District.objects.filter(districts)
            )
        invitees = _from_memberships(memberships)
    elif kind == InvitationRule.Kind.CAMPAIGN_NGOS:
        assignments = PartnerAssignment.objects.filter(
            plan__campaign=rule.campaign, plan__status=CampaignPlan.Status.PUBLISHED
        )
        if districts is not None:
            assignments = assignments.filter(district__in=District.objects.filter(districts))
        invitees = _from_memberships(
            current_memberships().filter(
                role=Membership.Role.COORDINATOR, ngo__in=assignments.values("ngo")
            )
        )
    elif kind == InvitationRule.Kind.ROLE:
        people = Person.objects.filter(user__role=rule.role, user__is_active=True)
        if districts is not None:
            in_districts = District.objects.filter(districts)
            people = people.filter(
                Q(user__district__in=in_districts)
                | Q(user__ngo__districts__in=in_districts)
                | Q(memberships__police_unit__district__in=in_districts)
            )
        invitees = _with_organisation(people.distinct().order_by("pk"))
    else:
        raise ValueError(f"Unknown invitation rule: {kind}")
    seen, unique = set(), []
    for invitee in invitees:
        if invitee.person.pk not in seen:
            seen.add(invitee.person.pk)
            unique.append(invitee)
    return unique


def _rule_target(rule: InvitationRule) -> str:
    for name in ("person", "police_unit", "ngo", "campaign"):
        value = getattr(rule, name)
        if value is not None:
            return str(value)
    return rule.role


@transaction.atomic
def add_rule(
    *,
    actor: User,
    meeting: Meeting,
    kind: str,
    person: Person | None = None,
    police_unit: PoliceUnit | None = None,
    ngo: NGO | None = None,
    campaign=None,
    role: str = "",
) -> tuple[InvitationRule, list[Invitation]]:
    """Record whom the convenor invites and invite them."""
    rule = InvitationRule(
        meeting=meeting,
        kind=kind,
        person=person if kind == InvitationRule.Kind.PERSON else None,
        police_unit=police_unit if kind == InvitationRule.Kind.POLICE_UNIT else None,
        ngo=ngo if kind == InvitationRule.Kind.NGO else None,
        campaign=campaign if kind == InvitationRule.Kind.CAMPAIGN_NGOS else None,
        role=role if kind == InvitationRule.Kind.ROLE else "",
    )
    needed = {
        InvitationRule.Kind.PERSON: ("person", rule.person),
        InvitationRule.Kind.POLICE_UNIT: ("police_unit", rule.police_unit),
        InvitationRule.Kind.NGO: ("ngo", rule.ngo),
        InvitationRule.Kind.CAMPAIGN_NGOS: ("campaign", rule.campaign),
        InvitationRule.Kind.ROLE: ("role", rule.role),
    }.get(kind)
    if needed and not needed[1]:
        raise ValidationError({needed[0]: _("Choose whom to invite.")})
    if kind == InvitationRule.Kind.ROLE and role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    rule.full_clean()
    rule.save()
    return rule, invite(meeting=meeting, rule=rule, actor=actor)


@transaction.atomic
def invite(
    *, meeting: Meeting, rule: InvitationRule, actor: User | None = None
) -> list[Invitation]:
    """Resolve the rule into invitations, one per person (people already invited are left as
    they are); notify the new invitees who have a sign-in account, with a calendar invitation."""
    already = set(meeting.invitations.values_list("person_id", flat=True))
    new = [
        Invitation(
            meeting=meeting,
            person=invitee.person,
            police_unit=invitee.police_unit,
            ngo=invitee.ngo,
            token=secrets.token_urlsafe(24),
        )
        for invitee in resolve_rule(rule)
        if invitee.person.pk not in already
    ]
    created = Invitation.objects.bulk_create(new)
    for invitation in created:
        _notify_invitee(invitation, actor=actor)
    record(
        actor=actor,
        action="meeting.invite",
        instance=meeting,
        changes={
            "rule": rule.kind,
            "whom": _rule_target(rule),
            "invited": sorted(str(i.person) for i in created),
        },
    )
    return created


def rsvp_link(invitation: Invitation) -> str:
    return f"{settings.SITE_URL}{reverse('meetings:rsvp_by_link', args=[invitation.token])}"


def _meeting_context(meeting: Meeting) -> dict:
    return {
        "meeting": meeting.pk,
        "title": meeting.title,
        "starts_at": meeting.starts_at.isoformat(),
        "venue": meeting.venue,
        "online_link": meeting.online_link,
    }


def _notify_invitee(invitation: Invitation, *, actor: User | None) -> None:
    user = invitation.person.user
    if user is None or not user.is_active:
        return
    notify(
        recipients=[user],
        kind="meeting_invitation",
        context={**_meeting_context(invitation.meeting), "rsvp_link": rsvp_link(invitation)},
        url=invitation.meeting.get_absolute_url(),
        actor=actor,
    )


@transaction.atomic
def remove_rule(*, actor: User, rule: InvitationRule) -> int:
    """Take a rule back: the invitations only it brought, and not yet answered, go with it."""
    meeting = rule.meeting
    rule.delete()
    still_invited = set()
    for other in meeting.rules.all():
        still_invited.update(invitee.person.pk for invitee in resolve_rule(other))
    removed, _count = (
        meeting.invitations.filter(response=Invitation.Response.PENDING, attended=False)
        .exclude(person_id__in=still_invited)
        .delete()
    )
    record(
        actor=actor,
        action="meeting.uninvite",
        instance=meeting,
        changes={"rule": rule.kind, "whom": _rule_target(rule), "removed": removed},
    )
    return removed


@transaction.atomic
def respond(*, invitation: Invitation, response: str, actor: User | None = None) -> Invitation:
    """Record an invitee's answer (again: it changes). A cancelled meeting takes none."""
    if invitation.meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(CANCELLED_MESSAGE)
    if response not in {
        Invitation.Response.YES,
        Invitation.Response.NO,
        Invitation.Response.MAYBE,
    }:
        raise ValidationError(_("Choose yes, no or maybe."))
    invitation.response = response
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["response", "responded_at"])
    return invitation


# --- attendance --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Headcount:
    count: int
    police_unit: PoliceUnit | None = None
    ngo: NGO | None = None


@transaction.atomic
def record_attendance(
    *,
    actor: User,
    meeting: Meeting,
    attended: Iterable[int],
    headcounts: Iterable[Headcount] = (),
    note: str = "",
) -> Meeting:
    """Who came among the invitees (invitation ids) and how many more per organisation. Saving
    it marks the meeting held."""
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("A cancelled meeting has no attendance."))
    attended_ids = set(attended)
    meeting.invitations.update(attended=False)
    meeting.invitations.filter(pk__in=attended_ids).update(attended=True)
    meeting.headcounts.all().delete()
    totals: dict[tuple[str, int], Headcount] = {}
    for headcount in headcounts:
        if headcount.count <= 0:
            continue
        key = ("ngo", headcount.ngo.pk) if headcount.ngo else ("unit", headcount.police_unit.pk)
        previous = totals.get(key)
        totals[key] = Headcount(
            count=headcount.count + (previous.count if previous else 0),
            police_unit=headcount.police_unit,
            ngo=headcount.ngo,
        )
    rows = [
        Attendance(meeting=meeting, police_unit=h.police_unit, ngo=h.ngo, count=h.count)
        for h in totals.values()
    ]
    for row in rows:
        row.full_clean(exclude=["meeting"])
    Attendance.objects.bulk_create(rows)
    meeting.status = Meeting.Status.HELD
    meeting.attendance_note = note
    meeting.save(update_fields=["status", "attendance_note", "updated_at"])
    record(
        actor=actor,
        action="meeting.attendance",
        instance=meeting,
        changes={
            "invitees_present": len(attended_ids),
            "headcounts": sorted(f"{h.ngo or h.police_unit}: {h.count}" for h in totals.values()),
        },
    )
    return meeting


# --- reminders ---------------------------------------------------------------------------------


def upcoming_meetings_needing_reminder(now: datetime) -> QuerySet[Meeting]:
    """Scheduled meetings starting within the next 24 hours whose reminder has not gone out."""
    return Meeting.objects.filter(
        status=Meeting.Status.SCHEDULED,
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + REMINDER_WINDOW,
    ).order_by("starts_at", "pk")


@transaction.atomic
def send_meeting_reminder(meeting: Meeting) -> int:
    """Remind invitees with an account who did not decline; once per meeting (a conditional
    update claims it, so two workers never send it twice). Returns how many were reminded."""
    claimed = Meeting.objects.filter(pk=meeting.pk, reminder_sent_at__isnull=True).update(
        reminder_sent_at=timezone.now()
    )
    if not claimed:
        return 0
    meeting.refresh_from_db(fields=["reminder_sent_at"])
    users = [
        invitation.person.user
        for invitation in meeting.invitations.select_related("person__user")
        .exclude(response=Invitation.Response.NO)
        .filter(person__user__isnull=False)
    ]
    notifications = notify(
        recipients=users,
        kind="meeting_reminder",
        context=_meeting_context(meeting),
        url=meeting.get_absolute_url(),
    )
    return len(notifications)
