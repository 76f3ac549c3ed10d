"""Who belongs to which group, computed from the registry.

- every group: the Women Safety Branch officers (accounts with the branch role), who supervise;
- statewide: every women police station in-charge and every member of a partner NGO (active and
  not rejected) of the state;
- a district: the in-charge of its women police station, and the members of the NGOs working there;
- a campaign: the in-charges of the districts its published plans name (partners or targets) and
  the members of its partner NGOs.

A registry membership counts from its first day to its last (India time); only people with an
active sign-in account can join. `sync_all_groups` brings every group's registry members in line
and is run after the commit of any registry change (`signals.py`) and by `manage.py
sync_channel_groups`, which must also run daily: a membership that ends (or begins) on a date
changes nothing in the database that day. People the branch added by hand stay until the branch
removes them.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from samanvay.accounts.models import Role, User
from samanvay.channel.models import Group, GroupMember, Message
from samanvay.directory.models import current_memberships


def ensure_groups() -> list[Group]:
    """The statewide group, one per district and one per active campaign, created if missing;
    names follow the registry's."""
    from samanvay.campaigns.models import Campaign
    from samanvay.directory.models import District

    groups = list(Group.objects.all())
    state = next((g for g in groups if g.level == Group.Level.STATE), None)
    if state is None:
        groups.append(
            Group.objects.create(
                level=Group.Level.STATE, name_hi="राज्य समन्वय समूह", name_en="Statewide group"
            )
        )
    by_district = {g.district_id: g for g in groups if g.level == Group.Level.DISTRICT}
    for district in District.objects.all():
        name_hi, name_en = f"{district.name_hi} जिला समूह", f"{district.name_en} district group"
        group = by_district.get(district.pk)
        if group is None:
            groups.append(
                Group.objects.create(
                    level=Group.Level.DISTRICT, district=district, name_hi=name_hi, name_en=name_en
                )
            )
        elif (group.name_hi, group.name_en) != (name_hi, name_en):
            group.name_hi, group.name_en = name_hi, name_en
            group.save(update_fields=["name_hi", "name_en"])
    by_campaign = {g.campaign_id: g for g in groups if g.level == Group.Level.CAMPAIGN}
    for campaign in Campaign.objects.filter(is_active=True):
        if campaign.pk not in by_campaign:
            groups.append(campaign_group(campaign))
    return groups


def campaign_group(campaign) -> Group:
    group, _ = Group.objects.get_or_create(
        level=Group.Level.CAMPAIGN,
        campaign=campaign,
        defaults={
            "name_hi": f"{campaign.name_hi} अभियान समूह",
            "name_en": f"{campaign.name_en} campaign group",
        },
    )
    return group


def registry_members() -> dict[int, set[int]]:
    """group id -> the user ids the registry puts in it (a handful of queries in all)."""
    from samanvay.campaigns.models import DistrictTarget, PartnerAssignment
    from samanvay.directory.models import NGO, Membership

    active_user = Q(person__user__is_active=True) & Q(person__user__isnull=False)
    in_charges = list(  # (user id, district id)
        Membership.objects.filter(
            current_memberships(),
            active_user,
            role=Membership.Role.IN_CHARGE,
            police_unit__kind="women_police_station",
            police_unit__is_active=True,
        ).values_list("person__user_id", "police_unit__district_id")
    )
    partner_ngos = NGO.objects.filter(is_active=True).exclude(
        verification=NGO.Verification.REJECTED
    )
    ngo_people = list(  # (user id, ngo id)
        Membership.objects.filter(
            current_memberships(), active_user, ngo__in=partner_ngos
        ).values_list("person__user_id", "ngo_id")
    )
    ngo_districts: dict[int, set[int]] = defaultdict(set)
    for ngo_id, district_id in NGO.districts.through.objects.filter(
        ngo__in=partner_ngos
    ).values_list("ngo_id", "district_id"):
        ngo_districts[ngo_id].add(district_id)
    branch = set(User.objects.filter(is_active=True, role=Role.BRANCH).values_list("pk", flat=True))

    campaign_ngos: dict[int, set[int]] = defaultdict(set)
    campaign_districts: dict[int, set[int]] = defaultdict(set)
    for campaign_id, ngo_id, district_id in PartnerAssignment.objects.filter(
        plan__status="published"
    ).values_list("plan__campaign_id", "ngo_id", "district_id"):
        campaign_ngos[campaign_id].add(ngo_id)
        campaign_districts[campaign_id].add(district_id)
    for campaign_id, district_id in DistrictTarget.objects.filter(
        plan__status="published"
    ).values_list("plan__campaign_id", "district_id"):
        campaign_districts[campaign_id].add(district_id)

    members: dict[int, set[int]] = {}
    for group in Group.objects.all():
        users = set(branch)
        if group.level == Group.Level.STATE:
            users |= {u for u, _ in in_charges} | {u for u, _ in ngo_people}
        elif group.level == Group.Level.DISTRICT:
            users |= {u for u, d in in_charges if d == group.district_id}
            users |= {u for u, n in ngo_people if group.district_id in ngo_districts[n]}
        else:
            districts = campaign_districts[group.campaign_id]
            ngos = campaign_ngos[group.campaign_id]
            users |= {u for u, d in in_charges if d in districts}
            users |= {u for u, n in ngo_people if n in ngos}
        members[group.pk] = users
    return members


def _latest_message_ids() -> dict[int, int]:
    from django.db.models import Max

    return dict(
        Message.objects.values("group_id").annotate(m=Max("pk")).values_list("group_id", "m")
    )


@transaction.atomic
def sync_all_groups() -> dict[str, int]:
    """Create missing groups and bring every group's registry members in line. Returns how many
    people joined and left."""
    ensure_groups()
    wanted = registry_members()
    return _apply(wanted)


def sync_membership(group: Group) -> dict[str, int]:
    """One group's registry members in line (the others are left alone)."""
    with transaction.atomic():
        wanted = registry_members()
        return _apply({group.pk: wanted.get(group.pk, set())})


def _apply(wanted: dict[int, set[int]]) -> dict[str, int]:
    now = timezone.now()
    latest = _latest_message_ids()
    rows = {
        (m.group_id, m.user_id): m
        for m in GroupMember.objects.filter(group_id__in=wanted.keys()).select_for_update()
    }
    joined = left = 0
    to_create = []
    changed_users: set[int] = set()
    for group_id, users in wanted.items():
        for user_id in users:
            row = rows.get((group_id, user_id))
            if row is None:
                to_create.append(
                    GroupMember(
                        group_id=group_id,
                        user_id=user_id,
                        source=GroupMember.Source.REGISTRY,
                        joined_at=now,
                        last_read_id=latest.get(group_id, 0),
                    )
                )
                joined += 1
                changed_users.add(user_id)
            elif row.left_at is not None:
                row.left_at = None
                row.source = GroupMember.Source.REGISTRY
                row.joined_at = now
                row.last_read_id = max(row.last_read_id, latest.get(group_id, 0))
                row.save(update_fields=["left_at", "source", "joined_at", "last_read_id"])
                joined += 1
                changed_users.add(user_id)
            elif row.source == GroupMember.Source.MANUAL:
                # Added by hand, and now the registry puts them here too: it follows the registry.
                row.source = GroupMember.Source.REGISTRY
                row.save(update_fields=["source"])
    GroupMember.objects.bulk_create(to_create)
    for (group_id, user_id), row in rows.items():
        if (
            row.left_at is None
            and row.source == GroupMember.Source.REGISTRY
            and user_id not in wanted[group_id]
        ):
            row.left_at = now
            row.save(update_fields=["left_at"])
            left += 1
            changed_users.add(user_id)
    if changed_users:
        from django.core.cache import cache

        from samanvay.channel.selectors import unread_cache_key

        keys = [unread_cache_key(pk) for pk in changed_users]
        transaction.on_commit(lambda: cache.delete_many(keys))
    return {"joined": joined, "left": left}


_schedule = threading.local()


def schedule_sync() -> None:
    """Sync every group after the current transaction commits. A change of many rows schedules
    many callbacks; the first to run covers every one scheduled before it, the rest do nothing."""
    number = getattr(_schedule, "scheduled", 0) + 1
    _schedule.scheduled = number
    transaction.on_commit(partial(_run_sync, number))


def _run_sync(number: int) -> None:
    if number <= getattr(_schedule, "synced", 0):
        return
    _schedule.synced = _schedule.scheduled
    sync_all_groups()
