from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from samanvay.notify import services
from samanvay.notify.models import Delivery, Notification


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
    fields = ["medium", "state", "attempts", "next_attempt_at", "sent_at", "last_error"]
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
        "short_error",
    ]
    list_filter = ["medium", "state"]
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
        "created_at",
    ]
    readonly_fields = fields
    actions = ["retry_now"]

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
