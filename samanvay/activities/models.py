"""Activity reports (गतिविधि प्रतिवेदन): what happened, where, by whom, whom it reached.

Draft → submitted → verified, or returned with a comment → resubmitted. Verified is locked; only the
branch reopens one, with a reason. Progress against targets counts verified reports only."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Sane upper bounds for one activity's counts: a number above these is a typing mistake.
MAX_PARTICIPANTS_PER_GROUP = 20000
MAX_OUTCOME = 1000
MAX_PHOTOS = 5


class Outcome(models.TextChoices):
    """Outcome counts; an activity type names the ones that suit it (ActivityType.outcomes)."""

    PERSONS_RESCUED = "persons_rescued", _("persons rescued")
    MARRIAGES_STOPPED = "marriages_stopped", _("child marriages stopped")
    GIRLS_TRACED = "girls_traced", _("missing girls traced")
    PERSONS_COUNSELLED = "persons_counselled", _("persons counselled")
    COMPLAINTS_RECEIVED = "complaints_received", _("complaints received")


class ActivityReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for correction")
        VERIFIED = "verified", _("Verified")

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    activity_type = models.ForeignKey(
        "campaigns.ActivityType",
        verbose_name=_("activity type"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    held_on = models.DateField(_("date"), null=True, blank=True)
    district = models.ForeignKey(
        "directory.District",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activity_reports",
    )
    block = models.CharField(_("block"), max_length=100, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    ngo = models.ForeignKey(
        "directory.NGO",
        verbose_name=_("NGO"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activity_reports",
    )
    police_unit = models.ForeignKey(
        "directory.PoliceUnit",
        verbose_name=_("police unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activity_reports",
    )
    girls = models.PositiveIntegerField(_("girls"), default=0)
    boys = models.PositiveIntegerField(_("boys"), default=0)
    women = models.PositiveIntegerField(_("women"), default=0)
    men = models.PositiveIntegerField(_("men"), default=0)
    persons_rescued = models.PositiveIntegerField(Outcome.PERSONS_RESCUED.label, default=0)
    marriages_stopped = models.PositiveIntegerField(Outcome.MARRIAGES_STOPPED.label, default=0)
    girls_traced = models.PositiveIntegerField(Outcome.GIRLS_TRACED.label, default=0)
    persons_counselled = models.PositiveIntegerField(Outcome.PERSONS_COUNSELLED.label, default=0)
    complaints_received = models.PositiveIntegerField(Outcome.COMPLAINTS_RECEIVED.label, default=0)
    description = models.TextField(_("what happened"), blank=True, max_length=5000)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    return_comment = models.TextField(_("comment for correction"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="activity_reports",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted on"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("activity report")
        verbose_name_plural = _("activity reports")
        indexes = [
            models.Index(fields=["status", "district", "held_on"]),
            models.Index(fields=["campaign", "status", "held_on"]),
            models.Index(fields=["ngo", "status"]),
            # The report list filtered by district and campaign, newest first (drill-down).
            models.Index(
                fields=["district", "campaign", "status", "held_on", "id"],
                name="report_district_campaign_idx",
            ),
        ]
        constraints = [
            # A report that left the draft stage is complete: the workflow checks the rest.
            models.CheckConstraint(
                name="report_complete_unless_draft",
                condition=Q(status="draft")
                | (
                    Q(activity_type__isnull=False)
                    & Q(held_on__isnull=False)
                    & Q(district__isnull=False)
                ),
            ),
            models.CheckConstraint(
                name="report_has_an_organiser_unless_draft",
                condition=Q(status="draft") | Q(ngo__isnull=False) | Q(police_unit__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.activity_type or ''} {self.held_on or ''}".strip()

    def get_absolute_url(self) -> str:
        return reverse("activities:report_detail", args=[self.pk])

    @property
    def is_joint(self) -> bool:
        return self.ngo_id is not None and self.police_unit_id is not None

    @property
    def people_reached(self) -> int:
        return self.girls + self.boys + self.women + self.men


def photo_path(instance, filename: str) -> str:
    # Random names: nothing about the activity or its people goes into a URL.
    import uuid

    return f"reports/{uuid.uuid4().hex}.jpg"


class ReportPhoto(models.Model):
    """A photo re-encoded as JPEG with every piece of metadata (GPS included) removed."""

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to=photo_path)
    thumbnail = models.ImageField(upload_to=photo_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return f"photo {self.pk} of report {self.report_id}"


class ReportEvent(models.Model):
    """The report's timeline: every transition, who made it and why."""

    class Kind(models.TextChoices):
        CREATED = "created", _("created")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for correction")
        VERIFIED = "verified", _("verified")
        REOPENED = "reopened", _("reopened")

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"
