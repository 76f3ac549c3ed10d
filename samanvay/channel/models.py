"""The coordination group: statewide, district and campaign groups, their members and messages.

Membership follows the registry (`services.sync_membership`) plus people the branch adds by hand.
Nothing is deleted: a member who leaves keeps their row with `left_at`, a hidden message keeps its
text for the record but shows members only who hid it and why.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def attachment_path(instance, filename: str) -> str:
    # Random names: nothing about the group or its people goes into a URL.
    return f"channel/{uuid.uuid4().hex}.jpg"


class Group(models.Model):
    class Level(models.TextChoices):
        STATE = "state", _("Statewide")
        DISTRICT = "district", _("District")
        CAMPAIGN = "campaign", _("Campaign")

    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    district = models.ForeignKey(
        "directory.District",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="channel_groups",
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="channel_groups",
    )
    name_hi = models.CharField(_("name in Hindi"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["level", "name_en"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [
            models.UniqueConstraint(
                fields=["level"], condition=Q(level="state"), name="channel_one_state_group"
            ),
            models.UniqueConstraint(
                fields=["district"],
                condition=Q(level="district"),
                name="channel_one_group_per_district",
            ),
            models.UniqueConstraint(
                fields=["campaign"],
                condition=Q(level="campaign"),
                name="channel_one_group_per_campaign",
            ),
            models.CheckConstraint(
                name="channel_group_scope_matches_level",
                condition=(Q(level="state") & Q(district__isnull=True) & Q(campaign__isnull=True))
                | (Q(level="district") & Q(district__isnull=False) & Q(campaign__isnull=True))
                | (Q(level="campaign") & Q(district__isnull=True) & Q(campaign__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("channel:group_detail", args=[self.pk])

    @property
    def name(self) -> str:
        return self.name_hi if (get_language() or "hi").startswith("hi") else self.name_en


class GroupMember(models.Model):
    class Source(models.TextChoices):
        REGISTRY = "registry", _("from the registry")
        MANUAL = "manual", _("added by the branch")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="channel_memberships"
    )
    source = models.CharField(_("how they joined"), max_length=16, choices=Source.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    joined_at = models.DateTimeField(_("joined"))
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    # Read state: every message up to this id has been seen.
    last_read_id = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["group", "user__first_name", "user__username"]
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="channel_one_row_per_member")
        ]
        indexes = [models.Index(fields=["user", "left_at"])]

    def __str__(self) -> str:
        return f"{self.user} in {self.group}"

    @property
    def is_active(self) -> bool:
        return self.left_at is None


class Message(models.Model):
    class Via(models.TextChoices):
        WEB = "web", _("website")
        WHATSAPP = "whatsapp", _("WhatsApp")
        SYSTEM = "system", _("Samanvay")

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="channel_messages"
    )
    text = models.TextField(_("message"), blank=True)
    reply_to = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replies",
    )
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="channel_mentions"
    )
    via = models.CharField(max_length=16, choices=Via.choices, default=Via.WEB)
    photo = models.ImageField(upload_to=attachment_path, blank=True)
    thumbnail = models.ImageField(upload_to=attachment_path, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    plan_version = models.ForeignKey(
        "campaigns.PlanVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="channel_messages",
    )
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("group message")
        verbose_name_plural = _("group messages")
        indexes = [models.Index(fields=["group", "id"])]

    def __str__(self) -> str:
        return f"message {self.pk} in group {self.group_id}"

    def get_absolute_url(self) -> str:
        return f"{reverse('channel:group_detail', args=[self.group_id])}#m{self.pk}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None
