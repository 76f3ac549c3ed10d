"""Reads of notifications, always scoped to the person asking."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from samanvay.notify.models import Delivery, Notification, Preference


def unread_count(user) -> int:
    """The badge on every page: one COUNT over the partial unread index."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(user) -> QuerySet[Notification]:
    """The person's own notifications, newest first."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def get_notification_for_user(user, notification_id: int) -> Notification:
    """The person's own notification, or 404 (another person's answers exactly the same)."""
    return get_object_or_404(Notification, pk=notification_id, recipient=user)


def due_deliveries(*, medium: str, now: datetime, limit: int = 500) -> QuerySet[Delivery]:
    """Pending deliveries whose next attempt is due (system read for workers and cron)."""
    return (
        Delivery.objects.filter(medium=medium, state=Delivery.State.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("next_attempt_at", "pk")[:limit]
    )


def preference_for(user) -> Preference:
    """The person's own notification settings (defaults until they save some)."""
    return Preference.objects.filter(user=user).first() or Preference(user=user)
