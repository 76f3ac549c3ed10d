"""Reads of the meetings app, always scoped by the requesting user (`rules.visible_meetings`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from samanvay.accounts import rules
from samanvay.campaigns.models import Campaign
from samanvay.directory.models import NGO, Membership, Person, PoliceUnit, current_memberships
from samanvay.meetings.models import Invitation, Meeting


def meetings_visible_to(user) -> QuerySet[Meeting]:
    ids = Meeting.objects.filter(rules.visible_meetings(user)).values("pk")
    return Meeting.objects.filter(pk__in=ids).select_related("district", "division")


def upcoming_meetings(user, now: datetime) -> QuerySet[Meeting]:
    return meetings_visible_to(user).filter(starts_at__gte=now).order_by("starts_at", "pk")


def past_meetings(user, now: datetime) -> QuerySet[Meeting]:
    return meetings_visible_to(user).filter(starts_at__lt=now).order_by("-starts_at", "pk")


def get_meeting_for_user(user, pk: int) -> Meeting:
    meeting = (
        meetings_visible_to(user).select_related("convening_unit", "convenor").filter(pk=pk).first()
    )
    if meeting is None:
        raise Http404
    return meeting


def invitation_of(user, meeting: Meeting) -> Invitation | None:
    if not user.is_authenticated:
        return None
    return meeting.invitations.filter(person__user_id=user.pk).first()


def invitations(meeting: Meeting) -> QuerySet[Invitation]:
    return meeting.invitations.select_related("person", "police_unit", "ngo").order_by(
        "ngo__name_en", "police_unit__name_en", "person__name", "pk"
    )


def get_invitation_by_token(token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("meeting", "person").filter(token=token).first()
        if token
        else None
    )
    if invitation is None:
        raise Http404
    return invitation


def response_counts(meeting: Meeting) -> dict[str, int]:
    counts = {value: 0 for value in Invitation.Response.values}
    for response in meeting.invitations.values_list("response", flat=True):
        counts[response] += 1
    return counts


@dataclass(frozen=True)
class AttendanceSummary:
    """Who came, as the meeting page and the minutes (PDF) both show it."""

    invited: int
    answered_yes: int
    invitees_present: int
    ngos_represented: int
    ngo_members_present: int  # invitees who came for an NGO, plus the NGOs' headcounts
    police_units_represented: int
    police_present: int  # the other invitees who came, plus the police units' headcounts
    wps_in_charges_present: int  # in-charges of a women police station on the meeting's day
    wps_represented: int  # women police stations with someone present (by name or headcount)

    @property
    def total_present(self) -> int:
        return self.ngo_members_present + self.police_present


def attendance_summary(meeting: Meeting) -> AttendanceSummary:
    """The attendance of a meeting in a few queries. An invitee came for the NGO of their
    invitation, else for the NGO they were a member of on the meeting's day."""
    invitations = list(meeting.invitations.select_related("police_unit"))
    present = [invitation for invitation in invitations if invitation.attended]
    headcounts = [h for h in meeting.headcounts.select_related("police_unit") if h.count > 0]
    on_the_day = Membership.objects.filter(
        current_memberships(on=timezone.localdate(meeting.starts_at)),
        person_id__in=[invitation.person_id for invitation in present],
    )
    ngo_of_person = dict(on_the_day.filter(ngo__isnull=False).values_list("person_id", "ngo_id"))

    ngos: set[int] = set()
    ngo_members = police = 0
    units: set[int] = set()
    wps: set[int] = set()
    for invitation in present:
        ngo_id = invitation.ngo_id or ngo_of_person.get(invitation.person_id)
        if ngo_id is not None:
            ngos.add(ngo_id)
            ngo_members += 1
        else:
            police += 1
        if invitation.police_unit is not None:
            units.add(invitation.police_unit_id)
            if invitation.police_unit.kind == PoliceUnit.Kind.WOMEN_POLICE_STATION:
                wps.add(invitation.police_unit_id)
    for headcount in headcounts:
        if headcount.ngo_id is not None:
            ngos.add(headcount.ngo_id)
            ngo_members += headcount.count
        elif headcount.police_unit is not None:
            units.add(headcount.police_unit_id)
            police += headcount.count
            if headcount.police_unit.kind == PoliceUnit.Kind.WOMEN_POLICE_STATION:
                wps.add(headcount.police_unit_id)
    in_charges = on_the_day.filter(
        role=Membership.Role.IN_CHARGE,
        police_unit__kind=PoliceUnit.Kind.WOMEN_POLICE_STATION,
    )
    return AttendanceSummary(
        invited=len(invitations),
        answered_yes=sum(1 for i in invitations if i.response == Invitation.Response.YES),
        invitees_present=len(present),
        ngos_represented=len(ngos),
        ngo_members_present=ngo_members,
        police_units_represented=len(units),
        police_present=police,
        wps_in_charges_present=in_charges.values("person").distinct().count(),
        wps_represented=len(wps),
    )


# --- choices for the forms, scoped by the user ---------------------------------------------------


def people_for_invitation(user) -> QuerySet[Person]:
    ids = Person.objects.filter(rules.visible_people(user)).values("pk")
    return Person.objects.filter(pk__in=ids).order_by("name")


def units_for_invitation(user) -> QuerySet[PoliceUnit]:
    return PoliceUnit.objects.filter(rules.visible_police_units(user), is_active=True).order_by(
        "kind", "name_en"
    )


def ngos_for_invitation(user) -> QuerySet[NGO]:
    ids = NGO.objects.filter(rules.visible_ngos(user)).values("pk")
    return NGO.objects.filter(pk__in=ids).order_by("name_en")


def campaigns_for_invitation() -> QuerySet[Campaign]:
    return Campaign.objects.filter(is_active=True).order_by("position", "code")


def rules_of(meeting: Meeting):
    return meeting.rules.select_related("person", "police_unit", "ngo", "campaign")


def decisions_of(meeting: Meeting):
    return meeting.decisions.prefetch_related(
        "action_items__owner_person",
        "action_items__owner_police_unit",
        "action_items__owner_ngo",
    )


def action_items_without_decision(meeting: Meeting):
    return meeting.action_items.filter(decision__isnull=True).select_related(
        "owner_person", "owner_police_unit", "owner_ngo"
    )
