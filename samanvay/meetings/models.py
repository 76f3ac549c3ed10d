"""Coordination meetings (समन्वय बैठक): invitations, RSVP, attendance, minutes, decisions and the
action items that make each decision traceable to an owner, a due date and an outcome."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Meeting(models.Model):
    class Level(models.TextChoices):
        STATE = "state", _("State")
        DIVISION = "division", _("Division")
        DISTRICT = "district", _("District")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    online_link = models.URLField(_("online meeting link"), blank=True)
    division = models.ForeignKey(
        "directory.Division",
        verbose_name=_("division"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
    )
    district = models.ForeignKey(
        "directory.District",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
    )
    convening_unit = models.ForeignKey(
        "directory.PoliceUnit",
        verbose_name=_("convened by"),
        on_delete=models.PROTECT,
        related_name="convened_meetings",
    )
    convenor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("convenor"),
        on_delete=models.PROTECT,
        related_name="convened_meetings",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SCHEDULED
    )
    minutes = models.TextField(_("minutes"), blank=True)  # sanitised HTML (nh3)
    minutes_updated_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # Attendance of people not invited by name (e.g. "about 70 NGO members"), per organisation,
    # is kept in Attendance rows; this note is for anything else worth recording.
    attendance_note = models.CharField(_("attendance note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                name="meeting_ends_after_start",
                condition=Q(ends_at__gte=F("starts_at")),
                violation_error_message=_("The meeting cannot end before it starts."),
            ),
            models.CheckConstraint(
                name="meeting_district_level_has_district",
                condition=~Q(level="district") | Q(district__isnull=False),
                violation_error_message=_("A district meeting needs its district."),
            ),
            models.CheckConstraint(
                name="meeting_division_level_has_division",
                condition=~Q(level="division") | Q(division__isnull=False),
                violation_error_message=_("A division meeting needs its division."),
            ),
        ]
        indexes = [models.Index(fields=["district", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", args=[self.pk])


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("agenda item"), max_length=300)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title


class InvitationRule(models.Model):
    """Whom a meeting invites, as the convenor said it: a unit, an NGO, everyone of a kind or
    role ("all women police station in-charges"), the NGOs of a campaign, or one person.
    Rules are resolved into Invitations (one per person)."""

    class Kind(models.TextChoices):
        PERSON = "person", _("a person")
        POLICE_UNIT = "police_unit", _("the people of a police unit")
        NGO = "ngo", _("the people of an NGO")
        WPS_IN_CHARGES = "wps_in_charges", _("all women police station in-charges")
        CAMPAIGN_NGOS = "campaign_ngos", _("all NGOs working in a campaign")
        ROLE = "role", _("everyone with a role")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("invite"), max_length=32, choices=Kind.choices)
    person = models.ForeignKey(
        "directory.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    police_unit = models.ForeignKey(
        "directory.PoliceUnit", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    ngo = models.ForeignKey(
        "directory.NGO", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    role = models.CharField(_("role"), max_length=32, blank=True)  # accounts.Role value
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.kind}"


class Invitation(models.Model):
    class Response(models.TextChoices):
        PENDING = "pending", _("No answer yet")
        YES = "yes", _("Will attend")
        NO = "no", _("Cannot attend")
        MAYBE = "maybe", _("Maybe")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(
        "directory.Person", on_delete=models.CASCADE, related_name="meeting_invitations"
    )
    # The organisation the person comes for (their membership that brought the invitation).
    police_unit = models.ForeignKey(
        "directory.PoliceUnit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ngo = models.ForeignKey(
        "directory.NGO", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    response = models.CharField(
        _("answer"), max_length=16, choices=Response.choices, default=Response.PENDING
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(_("attended"), default=False)
    # For the RSVP link in the invitation email (no sign-in needed to answer).
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_invitation_each")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.person}"


class Attendance(models.Model):
    """People present for an organisation who were not invited by name (a headcount)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="headcounts")
    police_unit = models.ForeignKey(
        "directory.PoliceUnit", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    ngo = models.ForeignKey(
        "directory.NGO", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    count = models.PositiveIntegerField(_("number present"), default=0)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                name="headcount_exactly_one_organisation",
                condition=(Q(police_unit__isnull=False) & Q(ngo__isnull=True))
                | (Q(police_unit__isnull=True) & Q(ngo__isnull=False)),
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.count}"


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("decision"))

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:80]


class ActionItem(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    title = models.CharField(_("what"), max_length=500)
    owner_person = models.ForeignKey(
        "directory.Person",
        verbose_name=_("owner (person)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
    )
    owner_police_unit = models.ForeignKey(
        "directory.PoliceUnit",
        verbose_name=_("owner (police unit)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
    )
    owner_ngo = models.ForeignKey(
        "directory.NGO",
        verbose_name=_("owner (NGO)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
    )
    due_on = models.DateField(_("due on"))
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    district = models.ForeignKey(
        "directory.District",
        verbose_name=_("district"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    dropped_reason = models.CharField(_("why dropped"), max_length=500, blank=True)
    evidence_note = models.TextField(_("what was done"), blank=True)
    evidence_file = models.FileField(_("evidence file"), upload_to="meetings/evidence/", blank=True)
    evidence_report = models.ForeignKey(
        "activities.ActivityReport",
        verbose_name=_("activity report"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        indexes = [models.Index(fields=["status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                name="action_item_has_an_owner",
                condition=Q(owner_person__isnull=False)
                | Q(owner_police_unit__isnull=False)
                | Q(owner_ngo__isnull=False),
                violation_error_message=_("Name who owns this: a person, a police unit or an NGO."),
            ),
            models.CheckConstraint(
                name="dropped_action_item_has_reason",
                condition=~Q(status="dropped") | ~Q(dropped_reason=""),
                violation_error_message=_("Say why the action item is dropped."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:action_item_detail", args=[self.pk])
