from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """Something a person should know about, shown in their inbox and sent on other media.

    Only `kind` and `context` are stored; the words are rendered from the kind's templates when
    shown or sent, in the language of the person reading (see `samanvay.notify.kinds`).
    `context` is plain JSON and never carries the identity of a protected person.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=64)
    context = models.JSONField(_("context"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notify_inbox_idx"),
            # The unread badge on every page counts these rows only.
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notify_unread_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class Delivery(models.Model):
    """One notification on one medium: the outbox row a worker claims, sends, and retries."""

    class Medium(models.TextChoices):
        INBOX = "inbox", _("Inbox")
        EMAIL = "email", _("Email")
        WHATSAPP = "whatsapp", _("WhatsApp")
        SMS = "sms", _("SMS")

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    notification = models.ForeignKey(
        Notification,
        verbose_name=_("notification"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    medium = models.CharField(_("medium"), max_length=16, choices=Medium.choices)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    claimed_by = models.CharField(_("claimed by"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The provider's id of the sent message (a WhatsApp "wamid"), to match status callbacks and
    # replies; and the furthest status the provider reported (sent < delivered < read; failed).
    external_id = models.CharField(_("provider message id"), max_length=200, blank=True)
    provider_status = models.CharField(_("provider status"), max_length=16, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "medium"], name="notify_delivery_once_per_medium"
            ),
        ]
        indexes = [
            # Workers and the retry command look for due pending rows, and stale claims.
            models.Index(
                fields=["medium", "next_attempt_at"],
                condition=Q(state="pending"),
                name="notify_delivery_due_idx",
            ),
            models.Index(
                fields=["claimed_at"],
                condition=Q(state="sending"),
                name="notify_delivery_claim_idx",
            ),
            models.Index(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="notify_delivery_external_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_medium_display()} #{self.notification_id}: {self.get_state_display()}"


class DeliveryAttempt(models.Model):
    """One try to send a delivery: what was asked of the provider, what it answered, how long it
    took. For the technical admin; the token is never stored, the text is the notification's."""

    class Outcome(models.TextChoices):
        SENT = "sent", _("Sent")
        RETRY = "retry", _("Will be tried again")
        PERMANENT = "permanent", _("Failed for this recipient")
        ACCOUNT = "account", _("Failed for the whole account")
        DEFERRED = "deferred", _("Deferred")

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("delivery"), on_delete=models.CASCADE, related_name="tries"
    )
    started_at = models.DateTimeField(_("started"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    request = models.TextField(_("request"), blank=True)
    response = models.TextField(_("response"), blank=True)
    status_code = models.PositiveIntegerField(_("HTTP status"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    error = models.TextField(_("error"), blank=True)
    worker = models.CharField(_("worker"), max_length=200, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")

    def __str__(self) -> str:
        return f"{self.delivery_id}: {self.outcome}"


class MediumPause(models.Model):
    """A medium stopped for everyone after an account-level failure (a bad token, a locked
    account). Deliveries fall back to the next medium meanwhile; deleting the row resumes."""

    medium = models.CharField(
        _("medium"), max_length=16, choices=Delivery.Medium.choices, unique=True
    )
    reason = models.TextField(_("reason"))
    paused_at = models.DateTimeField(_("paused"), auto_now_add=True)

    class Meta:
        verbose_name = _("paused medium")
        verbose_name_plural = _("paused media")

    def __str__(self) -> str:
        return self.get_medium_display()


class Preference(models.Model):
    """How a person wants to be told: which media, and quiet hours (India time) during which
    their phone stays silent except for urgent kinds. The inbox always receives everything."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notify_preference",
    )
    whatsapp = models.BooleanField(_("WhatsApp"), default=True)
    sms = models.BooleanField(_("SMS"), default=True)
    email = models.BooleanField(_("Email"), default=True)
    quiet_from = models.TimeField(_("quiet hours from"), null=True, blank=True)
    quiet_until = models.TimeField(_("quiet hours until"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user_id)


class WhatsAppContact(models.Model):
    """When a phone last wrote to us: WhatsApp allows free text for 24 hours after that, and
    only approved templates otherwise."""

    phone = models.CharField(_("phone"), max_length=32, unique=True)
    last_inbound_at = models.DateTimeField(_("last message from them"))

    class Meta:
        verbose_name = _("WhatsApp contact")
        verbose_name_plural = _("WhatsApp contacts")

    def __str__(self) -> str:
        return self.phone


class InboundEvent(models.Model):
    """A webhook call from WhatsApp, stored raw as received and processed later by a worker."""

    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    body = models.TextField(_("body"))
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("inbound WhatsApp event")
        verbose_name_plural = _("inbound WhatsApp events")
        indexes = [
            models.Index(
                fields=["received_at"],
                condition=Q(processed_at__isnull=True),
                name="notify_inbound_todo_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pk} {self.received_at:%Y-%m-%d %H:%M}"


class InboundMessage(models.Model):
    """A message someone sent us on WhatsApp, once per message id however often it arrives."""

    class Outcome(models.TextChoices):
        ROUTED = "routed", _("Handed to the reply handler")
        REFUSED = "refused", _("Refused politely")
        WITHHELD = "withheld", _("Withheld by the privacy guard")
        UNKNOWN_NUMBER = "unknown_number", _("Unknown number, not posted")
        ERROR = "error", _("Error")

    wamid = models.CharField(_("message id"), max_length=200, unique=True)
    event = models.ForeignKey(
        InboundEvent, verbose_name=_("event"), on_delete=models.SET_NULL, null=True, blank=True
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    notification = models.ForeignKey(
        Notification,
        verbose_name=_("in reply to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("inbound WhatsApp message")
        verbose_name_plural = _("inbound WhatsApp messages")

    def __str__(self) -> str:
        return self.wamid
