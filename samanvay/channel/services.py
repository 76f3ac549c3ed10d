"""Writes of the coordination group: post (after the privacy guard), reply, mention, attach a
photo, pin, hide with a reason, read state, and people added or removed by hand.

Each write is atomic; what others must hear of (the live update in open browsers, notifications)
goes out only after the commit, so a refused or rolled back message reaches no one.
"""

from __future__ import annotations

import re

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samanvay.accounts import rules
from samanvay.accounts.models import User
from samanvay.activities.photos import CleanPhoto
from samanvay.channel import selectors
from samanvay.channel.membership import campaign_group
from samanvay.channel.models import Group, GroupMember, Message
from samanvay.core import audit
from samanvay.lib import privacy_guard
from samanvay.notify.services import notify

MAX_TEXT = 4000
MENTION = re.compile(r"(?<![\w@])@([\w.+-]{2,150})")

EMPTY = _("Write a message or attach a photo.")
TOO_LONG = _("A message can have at most %(limit)s characters.")
REASON_REQUIRED = _("Please give the reason for hiding this message.")
NOT_A_MEMBER = _("This person is already a member of the group.")
ONLY_MANUAL = _("Only people added by hand can be removed; the others follow the registry.")
REFUSAL_KINDS = {
    privacy_guard.PHONE: _("a phone number"),
    privacy_guard.AADHAAR: _("an Aadhaar number"),
    privacy_guard.EMAIL: _("an email address"),
    privacy_guard.NAME: _("the name of a person protected by a referral"),
}
REFUSAL = _(
    "Your message was not sent: it contains %(found)s. The identity of a child or of a victim "
    "must never be disclosed, nor anything that leads to them (POCSO Act section 23, Juvenile "
    "Justice Act section 74, Bharatiya Nyaya Sanhita section 72). Refer to the case by its "
    "referral code, for example MP-BPL-2026-000123, and remove the rest. Your text is kept below."
)


class MessageRefused(ValidationError):
    """The privacy guard found something that may identify a person. Nothing was stored."""

    def __init__(self, findings: list[privacy_guard.Finding]):
        self.findings = findings
        found = ", ".join(str(REFUSAL_KINDS[k]) for k in privacy_guard.kinds(findings))
        super().__init__(REFUSAL, code="privacy", params={"found": found})

    @property
    def explanation(self) -> str:
        return self.messages[0]


def guard(text: str) -> None:
    """Raise MessageRefused when `text` may identify a person."""
    findings = privacy_guard.check(text)
    if findings:
        raise MessageRefused(findings)


def layer_group_name(group_id: int) -> str:
    return f"channel-group-{group_id}"


def broadcast(message: Message, *, new: bool = False) -> None:
    """Tell every open browser of the group that a message is new or changed (after commit)."""
    layer = get_channel_layer()
    if layer is None:
        return
    async_to_sync(layer.group_send)(
        layer_group_name(message.group_id),
        {"type": "group.message", "id": message.pk, "new": new},
    )


def forget_unread(user_ids) -> None:
    """The menu's unread counts of these users are stale (after the commit)."""
    keys = [selectors.unread_cache_key(pk) for pk in set(user_ids)]
    if keys:
        # Now (this request's next page) and after the commit (a page another request cached
        # meanwhile, before the message was visible to it).
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


def membership_of(user: User, group: Group) -> GroupMember | None:
    return GroupMember.objects.filter(group=group, user=user, left_at__isnull=True).first()


def _mentioned(text: str, group: Group, author: User) -> list[User]:
    names = {m.group(1).rstrip(".") for m in MENTION.finditer(text)}
    if not names:
        return []
    return list(
        User.objects.filter(
            username__in=names,
            is_active=True,
            channel_memberships__group=group,
            channel_memberships__left_at__isnull=True,
        ).exclude(pk=author.pk)
    )


def _notification_context(message: Message) -> dict:
    """What a notification may carry: the group's and the author's names and the ids to reply to;
    never the text, which stays on the site."""
    return {
        "group_id": message.group_id,
        "message_id": message.pk,
        "group_hi": message.group.name_hi,
        "group_en": message.group.name_en,
        "author": message.author.get_full_name() or message.author.username,
    }


@transaction.atomic
def post_message(
    *,
    actor: User,
    group: Group,
    text: str,
    reply_to: Message | None = None,
    photo: CleanPhoto | None = None,
    via: str = Message.Via.WEB,
) -> Message:
    """Store a message after the privacy guard has passed it; refused (MessageRefused), nothing is
    stored, broadcast or notified."""
    text = (text or "").strip()
    if not text and photo is None:
        raise ValidationError(EMPTY, code="empty")
    if len(text) > MAX_TEXT:
        raise ValidationError(TOO_LONG, code="too_long", params={"limit": MAX_TEXT})
    guard(text)
    member = membership_of(actor, group)
    if not rules.can_post_in_group(actor, group, is_member=member is not None):
        raise PermissionDenied
    if reply_to is not None and reply_to.group_id != group.pk:
        raise ValidationError(_("You can only reply to a message of the same group."))

    message = Message(group=group, author=actor, text=text, reply_to=reply_to, via=via)
    if photo is not None:
        message.photo.save("photo.jpg", ContentFile(photo.image), save=False)
        message.thumbnail.save("thumb.jpg", ContentFile(photo.thumbnail), save=False)
    message.full_clean()
    message.save()
    mentioned = _mentioned(text, group, actor)
    if mentioned:
        message.mentions.set(mentioned)
    if member is not None:
        # One's own message is read.
        GroupMember.objects.filter(pk=member.pk, last_read_id__lt=message.pk).update(
            last_read_id=message.pk
        )

    context = _notification_context(message)
    if mentioned:
        notify(
            recipients=mentioned,
            kind="channel_mention",
            context=context,
            url=message.get_absolute_url(),
            actor=actor,
        )
    if reply_to is not None and reply_to.author_id != actor.pk and reply_to.author not in mentioned:
        still_member = GroupMember.objects.filter(
            group=group, user_id=reply_to.author_id, left_at__isnull=True
        ).exists()
        if still_member:
            notify(
                recipients=[reply_to.author],
                kind="channel_message",
                context=context,
                url=message.get_absolute_url(),
                actor=actor,
            )
    forget_unread(group.members.filter(left_at__isnull=True).values_list("user_id", flat=True))
    transaction.on_commit(lambda: broadcast(message, new=True))
    return message


def reply_from_outside(user: User, notification, text: str) -> Message:
    """A member's reply from WhatsApp to a group notification: posted as them, in the thread of
    the message the notification was about. Raises MessageRefused (privacy guard),
    PermissionDenied (not theirs, or no longer a member) or ValidationError."""
    if notification.recipient_id != user.pk or not user.is_active:
        raise PermissionDenied
    context = notification.context or {}
    if notification.kind not in {"channel_message", "channel_mention"}:
        raise ValidationError(_("This notification cannot be answered."), code="not_a_thread")
    guard(text)  # before anything else is read or written
    group = Group.objects.filter(pk=context.get("group_id")).first()
    if group is None or membership_of(user, group) is None:
        raise PermissionDenied
    reply_to = Message.objects.filter(pk=context.get("message_id"), group=group).first()
    return post_message(
        actor=user, group=group, text=text, reply_to=reply_to, via=Message.Via.WHATSAPP
    )


@transaction.atomic
def hide_message(*, actor: User, message: Message, reason: str) -> Message:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ValidationError(REASON_REQUIRED, code="required")})
    guard(reason)  # members read the reason: it must not carry what the message was hidden for
    message = Message.objects.select_for_update().get(pk=message.pk)
    if not rules.can_hide_message(actor, message):
        raise PermissionDenied
    message.hidden_at = timezone.now()
    message.hidden_by = actor
    message.hidden_reason = reason[:500]
    message.is_pinned = False
    message.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "is_pinned"])
    audit.record(
        actor=actor,
        action="channel.hide_message",
        instance=message,
        changes={"hidden": [None, message.hidden_reason]},
    )
    transaction.on_commit(lambda: broadcast(message))
    return message


@transaction.atomic
def set_pinned(*, actor: User, message: Message, pinned: bool) -> Message:
    if not rules.can_pin_message(actor, message):
        raise PermissionDenied
    Message.objects.filter(pk=message.pk).update(is_pinned=pinned)
    message.is_pinned = pinned
    audit.record(
        actor=actor,
        action="channel.pin_message" if pinned else "channel.unpin_message",
        instance=message,
    )
    transaction.on_commit(lambda: broadcast(message))
    return message


def outline_text(version) -> str:
    """The pinned outline of a published plan version, from its frozen content (in Hindi, the
    group's working language, with the English names beside where they differ)."""
    content = version.content
    lines = [
        f"रूपरेखा / Plan: {content['title']} (v{version.number})",
        f"अवधि / Period: {content['starts_on']} – {content['ends_on']}",
    ]
    for phase in content.get("phases", []):
        lines.append(f"• {phase['name']}: {phase['starts_on']} – {phase['ends_on']}")
    districts = [t.get("district_hi") or t.get("district_en") for t in content.get("targets", [])]
    if districts:
        lines.append(f"जिले / Districts ({len(districts)}): " + ", ".join(districts))
    if version.note:
        lines.append(f"परिवर्तन / What changed: {version.note}")
    return "\n".join(lines)


@transaction.atomic
def pin_plan_outline(plan_version) -> Message:
    """Post a published plan's outline in its campaign group and pin it in place of the outline of
    the plan's earlier version. Called by campaigns.services.publish_plan."""
    plan = plan_version.plan
    group = campaign_group(plan.campaign)
    text = outline_text(plan_version)
    if privacy_guard.check(text):
        # A plan holds no personal data; if it ever looks like it does, pin just the title.
        text = f"रूपरेखा / Plan: {plan.title} (v{plan_version.number})"
        if privacy_guard.check(text):
            text = f"रूपरेखा / Plan v{plan_version.number}"
    Message.objects.filter(group=group, is_pinned=True, plan_version__plan=plan).update(
        is_pinned=False
    )
    message = Message.objects.create(
        group=group,
        author=plan_version.published_by,
        text=text,
        via=Message.Via.SYSTEM,
        is_pinned=True,
        plan_version=plan_version,
    )
    transaction.on_commit(lambda: broadcast(message, new=True))
    return message


def mark_read(*, user: User, group: Group, up_to: int) -> None:
    """Everything up to message `up_to` of the group has been seen (never moves back). An id
    that is no message of the group is ignored: a marker beyond the latest message would hide
    every message still to come."""
    changed = (
        GroupMember.objects.filter(
            group=group, user=user, left_at__isnull=True, last_read_id__lt=up_to
        )
        .filter(Exists(Message.objects.filter(group=group, pk=up_to)))
        .update(last_read_id=up_to)
    )
    if changed:
        cache.delete(selectors.unread_cache_key(user.pk))


@transaction.atomic
def add_member(*, actor: User, group: Group, user: User) -> GroupMember:
    if not rules.can_manage_group_members(actor, group):
        raise PermissionDenied
    latest = group.messages.order_by("-pk").values_list("pk", flat=True).first() or 0
    row = GroupMember.objects.select_for_update().filter(group=group, user=user).first()
    if row is not None and row.left_at is None:
        raise ValidationError(NOT_A_MEMBER, code="member")
    if row is None:
        row = GroupMember(group=group, user=user, last_read_id=latest)
    row.source = GroupMember.Source.MANUAL
    row.added_by = actor
    row.joined_at = timezone.now()
    row.left_at = None
    row.last_read_id = max(row.last_read_id, latest)
    row.save()
    forget_unread([user.pk])
    audit.record(
        actor=actor,
        action="channel.add_member",
        instance=group,
        changes={"member": [None, user.username]},
    )
    return row


@transaction.atomic
def remove_member(*, actor: User, member: GroupMember) -> None:
    if not rules.can_manage_group_members(actor, member.group):
        raise PermissionDenied
    if member.source != GroupMember.Source.MANUAL or member.left_at is not None:
        raise ValidationError(ONLY_MANUAL, code="registry")
    GroupMember.objects.filter(pk=member.pk).update(left_at=timezone.now())
    forget_unread([member.user_id])
    audit.record(
        actor=actor,
        action="channel.remove_member",
        instance=member.group,
        changes={"member": [member.user.username, None]},
    )
