"""Reads of the coordination group, always scoped by the requesting user."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from samanvay.accounts import rules
from samanvay.channel.models import Group, GroupMember, Message

PAGE = 50


def groups_for(user) -> QuerySet[Group]:
    """The groups a user can open, each with `unread` (messages by others after their read
    marker; none for a group they only supervise)."""
    own = GroupMember.objects.filter(group=OuterRef("pk"), user=user, left_at__isnull=True)
    unread = (
        Message.objects.filter(group=OuterRef("pk"), pk__gt=OuterRef("marker"))
        .exclude(author=user)
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Group.objects.filter(rules.visible_groups(user))
        .distinct()
        .annotate(marker=Subquery(own.values("last_read_id")[:1]))
        .annotate(
            is_member=Q(marker__isnull=False),
            unread=Coalesce(Subquery(unread), 0),
        )
        .select_related("district", "campaign")
        .order_by("level", "name_en")
    )


def member_groups(user) -> QuerySet[Group]:
    return Group.objects.filter(members__user=user, members__left_at__isnull=True)


UNREAD_CACHE_SECONDS = 300


def unread_cache_key(user_id: int) -> str:
    return f"channel:unread:{user_id}"


def total_unread(user) -> int | None:
    """Unread messages over all of a user's groups, or None when they belong to no group (the
    menu then offers no link). Kept in the cache, so that most pages ask the database nothing;
    posting, reading and membership changes forget it (`services.forget_unread`)."""
    if not getattr(user, "is_authenticated", False):
        return None
    key = unread_cache_key(user.pk)
    cached = cache.get(key, "missing")
    if cached != "missing":
        return cached
    value = _count_unread(user)
    cache.set(key, value, UNREAD_CACHE_SECONDS)
    return value


def _count_unread(user) -> int | None:
    unread = (
        Message.objects.filter(group=OuterRef("group"), pk__gt=OuterRef("last_read_id"))
        .exclude(author=user)
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    totals = (
        GroupMember.objects.filter(user=user, left_at__isnull=True)
        .annotate(n=Coalesce(Subquery(unread), 0))
        .aggregate(groups=Count("pk"), unread=Sum("n"))
    )
    return (totals["unread"] or 0) if totals["groups"] else None


def get_group_for_user(user, pk: int) -> Group:
    return get_object_or_404(Group.objects.filter(rules.visible_groups(user)).distinct(), pk=pk)


def membership(user, group: Group) -> GroupMember | None:
    return GroupMember.objects.filter(group=group, user=user, left_at__isnull=True).first()


def _messages(group: Group) -> QuerySet[Message]:
    return (
        Message.objects.filter(group=group)
        .select_related("author", "hidden_by", "reply_to__author")
        .order_by("pk")
    )


def recent_messages(group: Group, *, before: int | None = None, limit: int = PAGE) -> list[Message]:
    """The latest `limit` messages (before message `before`, to page back), oldest first."""
    qs = _messages(group)
    if before:
        qs = qs.filter(pk__lt=before)
    return list(reversed(qs.order_by("-pk")[:limit]))


def messages_after(group: Group, after: int, *, limit: int = 500) -> list[Message]:
    """What a reconnecting browser missed: the messages after `after`, oldest first."""
    return list(_messages(group).filter(pk__gt=after)[:limit])


def get_message(group: Group, pk: int) -> Message:
    return get_object_or_404(_messages(group), pk=pk)


def pinned_messages(group: Group) -> list[Message]:
    return list(_messages(group).filter(is_pinned=True, hidden_at__isnull=True).order_by("-pk"))


def search_messages(user, query: str) -> QuerySet[Message]:
    """Messages containing `query` in the groups a user belongs to (the branch: all), newest
    first. Hidden messages are not searchable."""
    query = (query or "").strip()
    if not query:
        return Message.objects.none()
    groups = Group.objects.all() if rules.supervises_groups(user) else member_groups(user)
    messages = Message.objects.filter(group__in=groups.values("pk"), hidden_at__isnull=True)
    if connection.vendor == "postgresql":
        # Every word, as whole words, through the full-text index (migration 0002).
        vector = SearchVector("text", config="simple")
        messages = messages.annotate(search=vector).filter(
            search=SearchQuery(query, config="simple", search_type="plain")
        )
    else:
        messages = messages.filter(text__icontains=query)
    return messages.select_related("author", "group").order_by("-pk")


def group_members(group: Group) -> QuerySet[GroupMember]:
    return (
        GroupMember.objects.filter(group=group, left_at__isnull=True)
        .select_related("user", "added_by")
        .order_by(F("user__first_name").asc(), "user__username")
    )
