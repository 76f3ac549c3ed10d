"""Campaigns (अभियान) and programmes, their plans (रूपरेखा) with district targets and partners,
and the activity types that reports count."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samanvay.directory.models import BilingualName


class ActivityType(BilingualName):
    """A kind of activity a report records (awareness session, rescue operation, ...).

    `outcomes` names the outcome counts that make sense for the type (see activities.Outcome)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    outcomes = models.JSONField(_("outcome counts"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")


class Campaign(BilingualName):
    class Kind(models.TextChoices):
        CAMPAIGN = "campaign", _("Campaign")
        PROGRAMME = "programme", _("Programme")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    purpose_hi = models.TextField(_("purpose in Hindi"), blank=True)
    purpose_en = models.TextField(_("purpose in English"), blank=True)
    target_group_hi = models.CharField(_("target group in Hindi"), max_length=300, blank=True)
    target_group_en = models.CharField(_("target group in English"), max_length=300, blank=True)
    themes_hi = models.TextField(_("themes in Hindi"), blank=True)
    themes_en = models.TextField(_("themes in English"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def get_absolute_url(self) -> str:
        return reverse("campaigns:campaign_detail", args=[self.code])


class CampaignPlan(models.Model):
    """A campaign's outline for a period. Drafts are edited freely; publishing freezes a numbered
    version (PlanVersion) that readers can compare with earlier ones."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="plans"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    objectives = models.TextField(_("objectives"), blank=True)
    activity_types = models.ManyToManyField(
        ActivityType, verbose_name=_("activity types counted"), related_name="plans"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("campaign plan")
        verbose_name_plural = _("campaign plans")
        constraints = [
            models.CheckConstraint(
                name="plan_ends_after_start",
                condition=Q(ends_on__gte=F("starts_on")),
                violation_error_message=_("The plan cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:plan_detail", args=[self.pk])


class PlanPhase(models.Model):
    plan = models.ForeignKey(CampaignPlan, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(_("phase"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.CheckConstraint(
                name="phase_ends_after_start",
                condition=Q(ends_on__gte=F("starts_on")),
                violation_error_message=_("A phase cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class DistrictTarget(models.Model):
    """What a district is to achieve under a plan: sessions, and people reached by group."""

    plan = models.ForeignKey(CampaignPlan, on_delete=models.CASCADE, related_name="targets")
    district = models.ForeignKey(
        "directory.District",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="campaign_targets",
    )
    sessions = models.PositiveIntegerField(_("sessions"), default=0)
    girls = models.PositiveIntegerField(_("girls"), default=0)
    boys = models.PositiveIntegerField(_("boys"), default=0)
    women = models.PositiveIntegerField(_("women"), default=0)
    men = models.PositiveIntegerField(_("men"), default=0)

    class Meta:
        ordering = ["district__name_en"]
        verbose_name = _("district target")
        verbose_name_plural = _("district targets")
        constraints = [
            models.UniqueConstraint(fields=["plan", "district"], name="one_target_per_district")
        ]

    def __str__(self) -> str:
        return f"{self.plan} — {self.district}"


class PartnerAssignment(models.Model):
    """Which NGO works with which police unit in a district, under a plan."""

    plan = models.ForeignKey(CampaignPlan, on_delete=models.CASCADE, related_name="partners")
    district = models.ForeignKey(
        "directory.District",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    ngo = models.ForeignKey(
        "directory.NGO",
        verbose_name=_("NGO"),
        on_delete=models.PROTECT,
        related_name="campaign_assignments",
    )
    police_unit = models.ForeignKey(
        "directory.PoliceUnit",
        verbose_name=_("police unit"),
        on_delete=models.PROTECT,
        related_name="campaign_assignments",
    )

    class Meta:
        ordering = ["district__name_en", "pk"]
        verbose_name = _("partner assignment")
        verbose_name_plural = _("partner assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "district", "ngo", "police_unit"], name="one_assignment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ngo} + {self.police_unit}"


class PlanVersion(models.Model):
    """A published version of a plan, frozen as JSON for readers to compare."""

    plan = models.ForeignKey(CampaignPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField()
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("published on"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_plan_version")
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"
