"""Supervision: tallies of verified activity reports, and the monthly statewide report.

The tallies are kept in step with the reports in the same transaction as each verification or
reopening (`tallies.count_report`), so a dashboard reads a few thousand small rows instead of a
million reports, and a verified report shows everywhere at once. `rebuild_tallies` recomputes
them from the reports."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TallyCounts(models.Model):
    """Verified reports and the people they reached, by group."""

    reports = models.IntegerField(default=0)
    girls = models.BigIntegerField(default=0)
    boys = models.BigIntegerField(default=0)
    women = models.BigIntegerField(default=0)
    men = models.BigIntegerField(default=0)

    class Meta:
        abstract = True


class MonthlyTally(TallyCounts):
    """Verified reports of one month, district, campaign and activity type."""

    month = models.DateField()  # the first day of the month the activity was held in
    district = models.ForeignKey("directory.District", on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, null=True, related_name="+"
    )
    activity_type = models.ForeignKey(
        "campaigns.ActivityType", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        # No unique key: two verifications at once may each add a row for the same bucket,
        # and every reader sums, so the figures stay right.
        indexes = [
            models.Index(fields=["month", "district"]),
            models.Index(fields=["district", "month"]),
        ]

    def __str__(self) -> str:
        return (
            f"{self.month:%Y-%m} d{self.district_id} c{self.campaign_id} t{self.activity_type_id}"
        )


class StateMonthlyTally(TallyCounts):
    """The same summed over the districts: one month, campaign and activity type statewide.
    The statewide dashboard's breakdowns and target progress read a few hundred of these rows
    a year instead of tens of thousands of district rows."""

    month = models.DateField()
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, null=True, related_name="+"
    )
    activity_type = models.ForeignKey(
        "campaigns.ActivityType", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["month", "campaign"])]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} c{self.campaign_id} t{self.activity_type_id}"


class NgoMonthlyTally(TallyCounts):
    """The same, per NGO: an NGO's own dashboard and the NGOs active in each district."""

    month = models.DateField()
    district = models.ForeignKey("directory.District", on_delete=models.CASCADE, related_name="+")
    ngo = models.ForeignKey("directory.NGO", on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, null=True, related_name="+"
    )
    activity_type = models.ForeignKey(
        "campaigns.ActivityType", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["ngo", "month"]),
            models.Index(fields=["month", "district", "ngo"]),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} d{self.district_id} n{self.ngo_id}"


class NgoDistrictMonth(models.Model):
    """Verified reports of an NGO in a district in a month: "NGOs active per district" reads
    one small row per NGO and district instead of every campaign and type."""

    month = models.DateField()
    district = models.ForeignKey("directory.District", on_delete=models.CASCADE, related_name="+")
    ngo = models.ForeignKey("directory.NGO", on_delete=models.CASCADE, related_name="+")
    reports = models.IntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["month", "district", "ngo"])]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} d{self.district_id} n{self.ngo_id}"


class ReferralTally(models.Model):
    """Referrals raised in a month (India time) in a district, of one kind, and how many of them
    were closed later than their service level: kept in step by signals on every save of a
    referral (`tallies.referral_saved`), rebuilt with the others. What changes with the clock
    (open referrals running late) and the medians are counted from the referrals themselves."""

    month = models.DateField()
    district = models.ForeignKey("directory.District", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32)
    referrals = models.IntegerField(default=0)
    closed_late = models.IntegerField(default=0)

    class Meta:
        # No unique key, as MonthlyTally: the readers sum.
        indexes = [models.Index(fields=["month", "district"])]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} d{self.district_id} {self.kind}"


class DistrictActivity(models.Model):
    """The date of the latest verified activity of each district (coverage gaps)."""

    district = models.OneToOneField(
        "directory.District", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    last_held_on = models.DateField(null=True)

    def __str__(self) -> str:
        return f"d{self.district_id} {self.last_held_on}"


class MonthlyReport(models.Model):
    """The monthly statewide report, made on the worker as PDF (Hindi, English) and XLSX."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    month = models.DateField(_("month"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    pdf_hi = models.BinaryField(null=True, editable=False)
    pdf_en = models.BinaryField(null=True, editable=False)
    xlsx_hi = models.BinaryField(null=True, editable=False)
    xlsx_en = models.BinaryField(null=True, editable=False)
    error = models.CharField(max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    scheduled = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-month", "-pk"]
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.status}"


class ReportSchedule(models.Model):
    """The branch's standing order: make last month's report early each month."""

    is_active = models.BooleanField(_("make the report every month"), default=False)
    day_of_month = models.PositiveSmallIntegerField(_("on day"), default=1)
    last_month_made = models.DateField(null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"schedule active={self.is_active}"
