from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from samanvay.notify import services
from samanvay.notify.models import (
    Delivery,
    DeliveryAttempt,
    InboundEvent,
    InboundMessage,
    MediumPause,
    Notification,
    Preference,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Notifications and deliveries are a record: the technical admin looks, never edits."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = [
        "medium",
        "state",
        "provider_status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    fields = ["started_at", "outcome", "status_code", "duration_ms", "error", "worker"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["id", "kind", "recipient", "actor", "created_at", "read_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient", "actor"]
    search_fields = ["recipient__username"]
    date_hierarchy = "created_at"
    fields = ["recipient", "actor", "kind", "context", "url", "created_at", "read_at"]
    readonly_fields = fields
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "notification",
        "medium",
        "state",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "provider_status",
        "short_error",
    ]
    list_filter = ["medium", "state", "provider_status"]
    list_select_related = ["notification"]
    search_fields = ["notification__recipient__username", "last_error"]
    fields = [
        "notification",
        "medium",
        "state",
        "attempts",
        "next_attempt_at",
        "last_error",
        "sent_at",
        "claimed_at",
        "claimed_by",
        "external_id",
        "provider_status",
        "created_at",
    ]
    readonly_fields = fields
    actions = ["retry_now"]
    inlines = [AttemptInline]

    @admin.display(description=_("last error"))
    def short_error(self, obj):
        return obj.last_error[:80]

    @admin.action(description=_("Try again now"), permissions=["view"])
    def retry_now(self, request, queryset):
        retried = sum(
            services.retry_delivery(delivery)
            for delivery in queryset.exclude(medium=Delivery.Medium.INBOX)
        )
        message = ngettext(
            "%(count)d delivery will be tried again.",
            "%(count)d deliveries will be tried again.",
            retried,
        )
        self.message_user(request, message % {"count": retried})


@admin.register(DeliveryAttempt)
class DeliveryAttemptAdmin(ReadOnlyAdmin):
    """Every try of the outbox: the request (never the token), the answer, the time it took."""

    list_display = [
        "id",
        "delivery",
        "started_at",
        "outcome",
        "status_code",
        "duration_ms",
        "short_error",
    ]
    list_filter = ["outcome", "delivery__medium"]
    list_select_related = ["delivery"]
    date_hierarchy = "started_at"
    fields = [
        "delivery",
        "started_at",
        "duration_ms",
        "outcome",
        "status_code",
        "request",
        "response",
        "error",
        "worker",
    ]
    readonly_fields = fields

    @admin.display(description=_("error"))
    def short_error(self, obj):
        return obj.error[:80]


@admin.register(MediumPause)
class MediumPauseAdmin(ReadOnlyAdmin):
    """A medium stopped for everyone after an account-level failure. Deleting the pause, once
    the account is mended, resumes it."""

    list_display = ["medium", "paused_at", "reason"]
    fields = ["medium", "paused_at", "reason"]
    readonly_fields = fields

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


@admin.register(InboundEvent)
class InboundEventAdmin(ReadOnlyAdmin):
    list_display = ["id", "received_at", "processed_at", "attempts", "error"]
    fields = ["received_at", "processed_at", "attempts", "error", "body"]
    readonly_fields = fields


@admin.register(InboundMessage)
class InboundMessageAdmin(ReadOnlyAdmin):
    list_display = ["wamid", "received_at", "outcome", "user", "notification"]
    list_filter = ["outcome"]
    list_select_related = ["user", "notification"]
    fields = ["wamid", "received_at", "outcome", "user", "notification", "event"]
    readonly_fields = fields


@admin.register(Preference)
class PreferenceAdmin(ReadOnlyAdmin):
    list_display = ["user", "whatsapp", "sms", "email", "quiet_from", "quiet_until"]
    list_select_related = ["user"]
    fields = list_display
    readonly_fields = fields
