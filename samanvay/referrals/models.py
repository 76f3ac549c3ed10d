"""Referrals: sensitive matters (a missing girl, a child marriage, trafficking, ...) that police and
NGOs act on together. A referral holds only non-identifying facts; who it is about lives in its
`ProtectedRecord`, encrypted at rest (samanvay/referrals/crypto.py), shown on a need-to-know basis.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samanvay.directory.models import NGO, District, PoliceUnit


class Kind(models.TextChoices):
    MISSING_GIRL = "missing_girl", _("Missing girl")
    IMMINENT_CHILD_MARRIAGE = "imminent_child_marriage", _("Imminent child marriage")
    CHILD_MARRIAGE_REPORTED = "child_marriage_reported", _("Child marriage reported")
    SUSPECTED_TRAFFICKING = "suspected_trafficking", _("Suspected trafficking")
    BONDED_LABOUR = "bonded_labour", _("Bonded labour")
    RESCUE_NEEDED = "rescue_needed", _("Rescue needed")
    POCSO_JJ_SUPPORT = "pocso_jj_support", _("POCSO or JJ Act support")
    DOMESTIC_VIOLENCE_SUPPORT = "domestic_violence_support", _("Domestic violence support")


class Urgency(models.TextChoices):
    CRITICAL = "critical", _("Critical")
    HIGH = "high", _("High")
    NORMAL = "normal", _("Normal")


class Status(models.TextChoices):
    NEW = "new", pgettext_lazy("referral status", "New")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_ACTION = "in_action", _("Action under way")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    TRACED_RESTORED = "traced_restored", _("Girl traced and restored")
    MARRIAGE_STOPPED = "marriage_stopped", _("Marriage stopped")
    RESCUED = "rescued", _("Persons rescued")
    FIR_REGISTERED = "fir_registered", _("FIR registered")
    HANDED_TO_CWC = "handed_to_cwc", _("Handed to the Child Welfare Committee")
    HANDED_TO_OSC = "handed_to_osc", _("Handed to the One Stop Centre")
    NOT_ACTIONABLE = "not_actionable", _("Not actionable")


class Source(models.TextChoices):
    NGO = "ngo", _("NGO")
    POLICE = "police", _("Police")
    PUBLIC_TIP = "public_tip", _("Public tip")


class ServiceContact(models.Model):
    """A service in a district that referrals are handed to, with its contacts."""

    class Kind(models.TextChoices):
        CWC = "cwc", _("Child Welfare Committee")
        DCPU = "dcpu", _("District Child Protection Unit")
        ONE_STOP_CENTRE = "one_stop_centre", _("One Stop Centre")
        CMPO = "cmpo", _("Child Marriage Prohibition Officer")
        SHELTER_HOME = "shelter_home", _("Shelter home")

    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="services"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["district__name_en", "kind", "name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        indexes = [models.Index(fields=["district", "kind"])]

    def __str__(self) -> str:
        return self.name


class ReferralCounter(models.Model):
    """The last number given out in a year; locked while the next one is taken."""

    year = models.PositiveSmallIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Referral(models.Model):
    code = models.CharField(_("code"), max_length=24, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    urgency = models.CharField(
        _("urgency"), max_length=16, choices=Urgency.choices, default=Urgency.HIGH
    )
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="referrals"
    )
    place = models.CharField(_("block, village or ward"), max_length=200)
    summary = models.TextField(
        _("summary (no names or identifying details)"), max_length=2000, blank=True
    )
    source = models.CharField(_("raised by"), max_length=16, choices=Source.choices)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    raised_by_ngo = models.ForeignKey(
        NGO, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    raised_by_unit = models.ForeignKey(
        PoliceUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    police_unit = models.ForeignKey(
        PoliceUnit,
        verbose_name=_("women police station"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
    )
    ngo = models.ForeignKey(
        NGO,
        verbose_name=_("NGO"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
    )
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("police officer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assigned_caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("NGO caseworker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW
    )
    outcome = models.CharField(_("outcome"), max_length=32, choices=Outcome.choices, blank=True)
    fir_number = models.CharField(_("FIR number"), max_length=64, blank=True)
    rescued_count = models.PositiveIntegerField(_("persons rescued"), null=True, blank=True)
    outcome_note = models.CharField(_("reason or note"), max_length=500, blank=True)
    handed_to = models.ForeignKey(
        ServiceContact,
        verbose_name=_("handed to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    action_started_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Service levels (samanvay/referrals/service_levels.py): 0 none, 1 district, 2 branch.
    ack_escalation = models.PositiveSmallIntegerField(default=0)
    close_escalation = models.PositiveSmallIntegerField(default=0)
    ack_reminded = models.BooleanField(default=False)
    close_reminded = models.BooleanField(default=False)
    # A public tip: the hash of the PIN that lets the tipster see the status (never the details).
    tip_pin_hash = models.CharField(max_length=128, blank=True, editable=False)
    protected_purged_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["district", "status"]),
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["ngo", "status"]),
            # The dashboard's median times to acknowledge and to close, read from the index
            # alone (no visit to the wide, encrypted rows).
            models.Index(
                fields=["created_at", "kind", "acknowledged_at", "closed_at"],
                name="referral_service_times",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(outcome=""),
                name="referral_closed_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED


class ProtectedRecord(models.Model):
    """Who a referral is about. Every field is encrypted together (`data`, a Fernet token of JSON);
    the photo separately. `NameDigest` rows let the privacy guard find a name without decrypting."""

    FIELDS = ["name", "age", "guardian", "address", "school", "phone", "description"]

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="protected")
    data = models.BinaryField()
    photo = models.BinaryField(null=True, blank=True)
    photo_content_type = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"protected record of {self.referral_id}"


class NameDigest(models.Model):
    """A keyed hash (HMAC) of a protected person's normalised name, for the privacy guard."""

    record = models.ForeignKey(ProtectedRecord, on_delete=models.CASCADE, related_name="digests")
    digest = models.CharField(max_length=64, db_index=True)

    def __str__(self) -> str:
        return self.digest


class Consent(models.Model):
    """Recorded consent to share a referral with another NGO (the guardian's for a child)."""

    class Relation(models.TextChoices):
        SELF = "self", _("The person herself (adult)")
        PARENT = "parent", _("Parent")
        GUARDIAN = "guardian", _("Legal guardian")
        CWC_ORDER = "cwc_order", _("Child Welfare Committee order")

    class Method(models.TextChoices):
        WRITTEN = "written", _("Signed in writing")
        THUMB = "thumb", _("Thumb impression")
        ORAL_WITNESSED = "oral_witnessed", _("Oral, before a witness")
        ORDER = "order", _("Written order")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="consents")
    ngo = models.ForeignKey(
        NGO, verbose_name=_("NGO to share with"), on_delete=models.PROTECT, related_name="+"
    )
    # Who consented is itself identifying: encrypted like the protected record.
    given_by = models.BinaryField()
    relation = models.CharField(_("relation"), max_length=16, choices=Relation.choices)
    given_on = models.DateField(_("date of consent"))
    method = models.CharField(_("how"), max_length=16, choices=Method.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"consent {self.referral_id} → {self.ngo_id}"


class Share(models.Model):
    """A referral shared with another NGO, under a recorded consent."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="shares")
    ngo = models.ForeignKey(NGO, on_delete=models.PROTECT, related_name="shared_referrals")
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="+")
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    shared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["referral", "ngo"], name="referral_shared_once")
        ]

    def __str__(self) -> str:
        return f"{self.referral_id} → {self.ngo_id}"


class TimelineEntry(models.Model):
    """One step of a referral. `note` is written by the application or is a non-identifying
    remark: never a protected detail."""

    class Event(models.TextChoices):
        CREATED = "created", _("Raised")
        ROUTED = "routed", _("Routed")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        ASSIGNED = "assigned", _("Assigned")
        ACTION_STARTED = "action_started", _("Action under way")
        HANDED_OVER = "handed_over", _("Handed over to a service")
        CONSENT_RECORDED = "consent_recorded", _("Consent recorded")
        SHARED = "shared", _("Shared with an NGO")
        PROTECTED_VIEWED = "protected_viewed", _("Protected details opened")
        PROTECTED_CHANGED = "protected_changed", _("Protected details changed")
        REMINDED = "reminded", _("Reminder sent")
        ESCALATED = "escalated", _("Escalated")
        CLOSED = "closed", _("Closed")
        PURGED = "purged", _("Protected details purged")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    event = models.CharField(max_length=32, choices=Event.choices)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.referral_id} {self.event}"
