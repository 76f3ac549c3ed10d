"""Who may do what: the one place that decides.

Two kinds of rule live here:
- *reach*: which objects of the registry a user can see at all (`visible_*` return `Q` filters that
  the selectors apply; an object outside them answers 404);
- *actions*: what a user may do with a section or an object they can see (`can_*`; refusal: 403).

Views and templates ask these functions; they never test roles themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from samanvay.accounts.models import Role

if TYPE_CHECKING:
    from samanvay.accounts.models import User
    from samanvay.directory.models import NGO, Membership, Person, PoliceUnit, ShaktiSamiti

NOTHING = Q(pk__in=[])
EVERYTHING = Q()

STATEWIDE = {Role.BRANCH, Role.ADMIN}
NGO_ROLES = {Role.NGO_COORDINATOR, Role.NGO_MEMBER}

# Sections of the registry, and who may open their lists at all.
SECTIONS_BY_ROLE: dict[str, set[str]] = {
    Role.BRANCH: {"districts", "police_units", "ngos", "people", "samitis", "audit"},
    Role.ADMIN: {"districts", "police_units", "ngos", "people", "samitis", "audit"},
    Role.DISTRICT_OFFICER: {"districts", "police_units", "ngos", "people", "samitis"},
    Role.NGO_COORDINATOR: {"districts", "police_units", "ngos", "people", "samitis"},
    Role.NGO_MEMBER: {"districts", "police_units", "ngos", "people", "samitis"},
    # Observers see organisations and aggregates, never a person's data.
    Role.OBSERVER: {"districts", "police_units", "ngos"},
}


def is_statewide(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in STATEWIDE)


def role_of(user: User) -> str | None:
    if not user.is_authenticated:
        return None
    return Role.ADMIN if user.is_superuser and not user.role else user.role


def can_open(user: User, section: str) -> bool:
    role = role_of(user)
    if role is None:
        return False
    if user.is_superuser:
        return True
    return section in SECTIONS_BY_ROLE.get(role, set())


def ngo_district_ids(user: User) -> Q:
    """The districts where the user's NGO works, as a subquery-friendly filter value."""
    from samanvay.directory.models import District

    return District.objects.filter(ngos=user.ngo_id).values("pk")


# --- reach -------------------------------------------------------------------------------------


def visible_police_units(user: User) -> Q:
    role = role_of(user)
    if role is None:
        return NOTHING
    if is_statewide(user) or role == Role.OBSERVER:
        return EVERYTHING
    hq = Q(kind="hq_branch")
    if role == Role.DISTRICT_OFFICER:
        return hq | Q(district_id=user.district_id)
    if role in NGO_ROLES:
        return hq | Q(district__in=ngo_district_ids(user))
    return NOTHING


def visible_ngos(user: User) -> Q:
    role = role_of(user)
    if role is None:
        return NOTHING
    if is_statewide(user) or role == Role.OBSERVER:
        return EVERYTHING
    if role == Role.DISTRICT_OFFICER:
        return Q(districts=user.district_id)
    if role in NGO_ROLES:
        return Q(pk=user.ngo_id)
    return NOTHING


def visible_people(user: User) -> Q:
    role = role_of(user)
    if role is None or not can_open(user, "people"):
        return NOTHING
    if is_statewide(user):
        return EVERYTHING
    self_q = Q(user_id=user.pk)
    if role == Role.DISTRICT_OFFICER:
        from samanvay.directory.models import NGO

        return (
            self_q
            | Q(memberships__police_unit__district_id=user.district_id)
            | Q(memberships__ngo__in=NGO.objects.filter(districts=user.district_id).values("pk"))
            | Q(convened_samitis__district_id=user.district_id)
        )
    if role == Role.NGO_COORDINATOR:
        return self_q | Q(memberships__ngo_id=user.ngo_id)
    if role == Role.NGO_MEMBER:
        return self_q
    return NOTHING


def visible_samitis(user: User) -> Q:
    role = role_of(user)
    if role is None or not can_open(user, "samitis"):
        return NOTHING
    if is_statewide(user):
        return EVERYTHING
    if role == Role.DISTRICT_OFFICER:
        return Q(district_id=user.district_id)
    if role in NGO_ROLES:
        return Q(district__in=ngo_district_ids(user))
    return NOTHING


# --- actions -----------------------------------------------------------------------------------


def can_create(user: User, section: str) -> bool:
    role = role_of(user)
    if is_statewide(user):
        return section in {"police_units", "ngos", "people", "samitis"}
    if role == Role.DISTRICT_OFFICER:
        return section in {"police_units", "ngos", "people", "samitis"}
    if role == Role.NGO_COORDINATOR:
        return section == "people"
    return False


def can_change_police_unit(user: User, unit: PoliceUnit) -> bool:
    if is_statewide(user):
        return True
    return (
        role_of(user) == Role.DISTRICT_OFFICER
        and unit.kind != "hq_branch"
        and unit.district_id == user.district_id
    )


def can_change_ngo(user: User, ngo: NGO) -> bool:
    if is_statewide(user):
        return True
    return role_of(user) == Role.NGO_COORDINATOR and ngo.pk == user.ngo_id


def can_verify_ngo(user: User) -> bool:
    return is_statewide(user)


def can_change_person(user: User, person: Person) -> bool:
    """Statewide officers any; one's own record; district officers and NGO coordinators the
    people of their own units or NGO (the people they could add)."""
    if is_statewide(user) or (user.is_authenticated and person.user_id == user.pk):
        return True
    memberships = person.memberships.all()
    return any(can_manage_membership(user, m) for m in memberships)


def units_open_for_membership(user: User) -> Q:
    """The police units a user may add people to (or end their membership)."""
    if is_statewide(user):
        return EVERYTHING
    if role_of(user) == Role.DISTRICT_OFFICER:
        return Q(district_id=user.district_id) & ~Q(kind="hq_branch")
    return NOTHING


def ngos_open_for_membership(user: User) -> Q:
    """The NGOs a user may add people to (or end their membership)."""
    if is_statewide(user):
        return EVERYTHING
    if role_of(user) == Role.NGO_COORDINATOR:
        return Q(pk=user.ngo_id)
    return NOTHING


def can_manage_membership(user: User, membership: Membership) -> bool:
    """Add, end or remove a person's membership of a unit or NGO."""
    if is_statewide(user):
        return True
    role = role_of(user)
    if role == Role.DISTRICT_OFFICER:
        unit = membership.police_unit
        return (
            unit is not None and unit.kind != "hq_branch" and unit.district_id == user.district_id
        )
    if role == Role.NGO_COORDINATOR:
        return membership.ngo_id is not None and membership.ngo_id == user.ngo_id
    return False


def can_change_samiti(user: User, samiti: ShaktiSamiti) -> bool:
    if is_statewide(user):
        return True
    return role_of(user) == Role.DISTRICT_OFFICER and samiti.district_id == user.district_id


def can_import(user: User, section: str) -> bool:
    return is_statewide(user) and section in {"police_units", "ngos"}


def can_export(user: User, section: str) -> bool:
    return section in {"police_units", "ngos"} and can_open(user, section)


def can_view_contacts_of_people(user: User) -> bool:
    return can_open(user, "people")


def can_view_audit(user: User) -> bool:
    return can_open(user, "audit")


# --- sign-in accounts for people of the registry ---------------------------------------------


def account_roles_grantable(user: User) -> list[str]:
    """The roles of the accounts a user may open for people they can see."""
    if is_statewide(user):
        return [
            Role.BRANCH,
            Role.DISTRICT_OFFICER,
            Role.NGO_COORDINATOR,
            Role.NGO_MEMBER,
            Role.OBSERVER,
        ]
    if role_of(user) == Role.NGO_COORDINATOR:
        return [Role.NGO_MEMBER]
    return []


def can_manage_account_of(user: User, person: Person) -> bool:
    """Open, close or reopen the sign-in account of a person (never one's own)."""
    if not user.is_authenticated or person.user_id == user.pk:
        return False
    if is_statewide(user):
        return True
    if role_of(user) == Role.NGO_COORDINATOR:
        account = person.user
        if account is not None and account.role != Role.NGO_MEMBER:
            return False
        from samanvay.directory.models import current_memberships  # noqa: PLC0415 (cycle)

        return person.memberships.filter(current_memberships(), ngo_id=user.ngo_id).exists()
    return False


# --- campaigns and their plans -----------------------------------------------------------------


def can_plan_campaigns(user: User) -> bool:
    """Write, publish and change campaign plans: the branch."""
    return is_statewide(user)


def visible_plans(user: User) -> Q:
    """Published plans are for every signed-in user; drafts only for the branch."""
    if role_of(user) is None:
        return NOTHING
    if is_statewide(user):
        return EVERYTHING
    return Q(status="published")


# --- activity reports --------------------------------------------------------------------------


def visible_reports(user: User) -> Q:
    """Statewide: all. District officer: their district's. NGO coordinator: their NGO's.
    NGO member: their own, and their NGO's verified ones. Observers: none (aggregates only)."""
    role = role_of(user)
    if role is None:
        return NOTHING
    if is_statewide(user):
        return EVERYTHING
    if role == Role.DISTRICT_OFFICER:
        return Q(district_id=user.district_id)
    if role == Role.NGO_COORDINATOR:
        return Q(ngo_id=user.ngo_id) | Q(created_by_id=user.pk)
    if role == Role.NGO_MEMBER:
        return Q(created_by_id=user.pk) | (Q(ngo_id=user.ngo_id) & Q(status="verified"))
    return NOTHING


def can_report_activities(user: User) -> bool:
    return role_of(user) in {
        Role.BRANCH,
        Role.ADMIN,
        Role.DISTRICT_OFFICER,
        Role.NGO_COORDINATOR,
        Role.NGO_MEMBER,
    }


def can_edit_report(user: User, report) -> bool:
    """Drafts and returned reports, by their author or their NGO's coordinator."""
    if report.status not in {"draft", "returned"}:
        return False
    if report.created_by_id == user.pk:
        return True
    return (
        role_of(user) == Role.NGO_COORDINATOR
        and report.ngo_id is not None
        and report.ngo_id == user.ngo_id
    )


def can_verify_report(user: User, report) -> bool:
    """Verify or return a submitted report: its district's officer or the branch, not its author."""
    if report.status != "submitted" or report.created_by_id == user.pk:
        return False
    if is_statewide(user):
        return True
    return role_of(user) == Role.DISTRICT_OFFICER and report.district_id == user.district_id


def verifies_reports(user: User) -> bool:
    return is_statewide(user) or role_of(user) == Role.DISTRICT_OFFICER


def reports_to_verify(user: User) -> Q:
    """The submitted reports a user could verify: `can_verify_report` as a filter."""
    if is_statewide(user):
        scope = EVERYTHING
    elif role_of(user) == Role.DISTRICT_OFFICER:
        scope = Q(district_id=user.district_id)
    else:
        return NOTHING
    return scope & Q(status="submitted") & ~Q(created_by_id=user.pk)


def can_reopen_report(user: User, report) -> bool:
    """Only the branch reopens a verified (locked) report, with a reason."""
    return report.status == "verified" and is_statewide(user)


def report_districts(user: User) -> Q:
    """The districts a user may report activities in (filter on District)."""
    role = role_of(user)
    if is_statewide(user):
        return EVERYTHING
    if role == Role.DISTRICT_OFFICER:
        return Q(pk=user.district_id)
    if role in NGO_ROLES:
        return Q(ngos=user.ngo_id)
    return NOTHING


# --- meetings ----------------------------------------------------------------------------------


def can_convene_meetings(user: User) -> bool:
    """Call meetings: the branch (any level) and district officers (their district's)."""
    return is_statewide(user) or role_of(user) == Role.DISTRICT_OFFICER


def can_see_meetings(user: User) -> bool:
    """Whether the meetings section (and "my action items") is offered at all."""
    role = role_of(user)
    return role is not None and role != Role.OBSERVER


def visible_meetings(user: User) -> Q:
    """Statewide: all. District officers: the meetings of their district, those they convened and
    those they are invited to. NGO users: only the meetings they are invited to (a meeting's
    agenda and minutes are for its invitees). Observers: none."""
    role = role_of(user)
    if role is None or role == Role.OBSERVER:
        return NOTHING
    if is_statewide(user):
        return EVERYTHING
    invited = Q(invitations__person__user_id=user.pk)
    if role == Role.DISTRICT_OFFICER:
        return invited | Q(district_id=user.district_id) | Q(convenor_id=user.pk)
    return invited


def can_manage_meeting(user: User, meeting) -> bool:
    """Edit, invite, record attendance, write minutes, decisions and action items."""
    if is_statewide(user):
        return True
    return (
        role_of(user) == Role.DISTRICT_OFFICER
        and meeting.level == "district"
        and meeting.district_id == user.district_id
    )


def can_update_action_item(user: User, item) -> bool:
    """Mark done (with evidence) or drop (with a reason): its owner, or whoever manages the
    meeting. Ownership by organisation counts for that organisation's coordinator / officer."""
    if can_manage_meeting(user, item.meeting):
        return True
    person = getattr(user, "person", None)
    if person is not None and item.owner_person_id == person.pk:
        return True
    role = role_of(user)
    if role == Role.NGO_COORDINATOR and item.owner_ngo_id and item.owner_ngo_id == user.ngo_id:
        return True
    return (
        role == Role.DISTRICT_OFFICER
        and item.owner_police_unit_id is not None
        and item.owner_police_unit.district_id == user.district_id
    )


# --- referrals ---------------------------------------------------------------------------------


def can_see_referrals(user: User) -> bool:
    """Whether the referrals section is offered: everyone signed in but observers (who get
    aggregates on the dashboard only)."""
    role = role_of(user)
    return role is not None and role != Role.OBSERVER


def can_raise_referrals(user: User) -> bool:
    return can_see_referrals(user)


def visible_referrals(user: User) -> Q:
    """Statewide: all. District officers: their district's. NGO coordinators: those routed to,
    raised by or shared with their NGO. NGO members: those they raised or are caseworker of.
    Observers: none."""
    role = role_of(user)
    if role is None or role == Role.OBSERVER:
        return NOTHING
    if is_statewide(user):
        return EVERYTHING
    if role == Role.DISTRICT_OFFICER:
        return Q(district_id=user.district_id)
    own = Q(raised_by_id=user.pk) | Q(assigned_caseworker_id=user.pk)
    if role == Role.NGO_COORDINATOR:
        return (
            own
            | Q(ngo_id=user.ngo_id)
            | Q(raised_by_ngo_id=user.ngo_id)
            | Q(shares__ngo_id=user.ngo_id)
        )
    if role == Role.NGO_MEMBER:
        return own
    return NOTHING


def can_manage_referral(user: User, referral) -> bool:
    """Acknowledge, assign the police officer, move it on, hand it over, close it: the branch,
    the district's officers and the assigned officer."""
    if is_statewide(user):
        return True
    if referral.assigned_officer_id and referral.assigned_officer_id == user.pk:
        return True
    return role_of(user) == Role.DISTRICT_OFFICER and referral.district_id == user.district_id


def can_assign_caseworker(user: User, referral) -> bool:
    """The NGO's coordinator, or whoever manages the referral."""
    if referral.ngo_id is None:
        return False
    if can_manage_referral(user, referral):
        return True
    return role_of(user) == Role.NGO_COORDINATOR and referral.ngo_id == user.ngo_id


def can_share_referral(user: User, referral) -> bool:
    """Record consent and share with another NGO: its managers or the routed NGO's coordinator."""
    if not referral.is_open:
        return False
    if can_manage_referral(user, referral):
        return True
    return (
        role_of(user) == Role.NGO_COORDINATOR
        and referral.ngo_id is not None
        and referral.ngo_id == user.ngo_id
    )


def is_assignee_of(user: User, referral) -> bool:
    return user.is_authenticated and user.pk in {
        referral.assigned_officer_id,
        referral.assigned_caseworker_id,
    }


def can_view_protected(user: User, referral) -> bool:
    """Need to know: the assigned police officer and NGO caseworker, and nobody else without a
    stated reason."""
    return is_assignee_of(user, referral)


def can_view_protected_with_reason(user: User, referral) -> bool:
    """The branch may open a protected record after stating why (the reason is audited)."""
    return is_statewide(user) and not is_assignee_of(user, referral)


def can_change_protected(user: User, referral) -> bool:
    return referral.is_open and (is_assignee_of(user, referral) or referral.raised_by_id == user.pk)


def service_districts(user: User) -> Q:
    """The districts whose services directory a user may add to (filter on District): the
    branch everywhere, a district officer their own."""
    if is_statewide(user):
        return EVERYTHING
    if role_of(user) == Role.DISTRICT_OFFICER:
        return Q(pk=user.district_id)
    return NOTHING


def can_add_services(user: User) -> bool:
    return is_statewide(user) or role_of(user) == Role.DISTRICT_OFFICER


# --- the coordination group --------------------------------------------------------------------


def supervises_groups(user: User) -> bool:
    """The branch supervises every group: reads, posts, hides messages, adds and removes people."""
    return role_of(user) == Role.BRANCH


def visible_groups(user: User) -> Q:
    """The branch: every group. Everyone else: the groups they are a current member of."""
    if role_of(user) is None:
        return NOTHING
    if supervises_groups(user):
        return EVERYTHING
    return Q(members__user_id=user.pk, members__left_at__isnull=True)


def can_post_in_group(user: User, group, *, is_member: bool) -> bool:
    return role_of(user) is not None and (is_member or supervises_groups(user))


def can_hide_message(user: User, message) -> bool:
    return supervises_groups(user) and not message.is_hidden


def can_pin_message(user: User, message) -> bool:
    return supervises_groups(user) and not message.is_hidden


def can_manage_group_members(user: User, group) -> bool:
    return supervises_groups(user)


# --- supervision dashboards ----------------------------------------------------------------


def can_see_dashboard(user: User) -> bool:
    """The branch statewide; district officers their district; NGO coordinators their NGO;
    observers aggregates only. NGO members have their own reports instead."""
    return is_statewide(user) or role_of(user) in {
        Role.DISTRICT_OFFICER,
        Role.NGO_COORDINATOR,
        Role.OBSERVER,
    }


def dashboard_districts(user: User) -> Q:
    """The districts a user's dashboard covers (filter on District)."""
    role = role_of(user)
    if is_statewide(user) or role == Role.OBSERVER:
        return EVERYTHING
    if role == Role.DISTRICT_OFFICER:
        return Q(pk=user.district_id)
    if role == Role.NGO_COORDINATOR:
        return Q(ngos=user.ngo_id)
    return NOTHING


def dashboard_ngo_id(user: User) -> int | None:
    """An NGO coordinator's dashboard counts their NGO's work only."""
    return user.ngo_id if role_of(user) == Role.NGO_COORDINATOR else None


def dashboard_shows_details(user: User) -> bool:
    """Named items (overdue action items, which NGOs): not for observers (aggregates only)."""
    return can_see_dashboard(user) and role_of(user) != Role.OBSERVER


def overdue_action_items_scope(user: User) -> Q:
    """The overdue action items a dashboard lists (filter on ActionItem)."""
    role = role_of(user)
    if is_statewide(user) or role == Role.OBSERVER:
        return EVERYTHING
    if role == Role.DISTRICT_OFFICER:
        return Q(district_id=user.district_id) | Q(owner_police_unit__district_id=user.district_id)
    if role == Role.NGO_COORDINATOR:
        return Q(owner_ngo_id=user.ngo_id)
    return NOTHING


def can_make_monthly_report(user: User) -> bool:
    """Generate the monthly statewide report and set its schedule: the branch."""
    return is_statewide(user)


def can_download_monthly_report(user: User) -> bool:
    """The statewide report holds aggregates only: the branch and observers."""
    return is_statewide(user) or role_of(user) == Role.OBSERVER
