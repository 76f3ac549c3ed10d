"""The registry: who is who. Divisions and districts are reference data; users keep the rest."""

import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from samanvay.directory.validators import validate_darpan_id
from samanvay.lib.darpan import normalise_darpan_id


class BilingualName(models.Model):
    """Something with an official name in Hindi and English; `name` follows the active language."""

    name_hi = models.CharField(_("name in Hindi"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "hi").startswith("en"):
            return self.name_en or self.name_hi
        return self.name_hi or self.name_en


class Division(BilingualName):
    """A revenue division (संभाग) of Madhya Pradesh."""

    code = models.SlugField(_("code"), max_length=40, unique=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("division")
        verbose_name_plural = _("divisions")


class District(BilingualName):
    """A district, keyed by its LGD code (data/mp_districts.csv)."""

    code = models.PositiveIntegerField(_("LGD code"), unique=True)
    division = models.ForeignKey(
        Division, verbose_name=_("division"), on_delete=models.PROTECT, related_name="districts"
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def get_absolute_url(self) -> str:
        return reverse("directory:district_detail", args=[self.code])


class FocusArea(BilingualName):
    """A kind of work an NGO does with the police (rescue operations, POCSO Act, ...)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")


class Contact(models.Model):
    """Official contact details of an organisation (not of a person)."""

    phone = PhoneNumberField(_("phone"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.TextField(_("address"), blank=True, max_length=500)

    class Meta:
        abstract = True


class PoliceUnit(BilingualName, Contact):
    class Kind(models.TextChoices):
        HQ_BRANCH = "hq_branch", _("Women Safety Branch, Police HQ")
        DISTRICT_POLICE = "district_police", _("District police")
        WOMEN_POLICE_STATION = "women_police_station", _("Women police station")
        POLICE_STATION = "police_station", _("Police station")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="police_units",
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("police unit")
        verbose_name_plural = _("police units")
        constraints = [
            models.CheckConstraint(
                name="police_unit_district_unless_hq",
                condition=Q(kind="hq_branch") | Q(district__isnull=False),
                violation_error_message=_("Every police unit except the HQ branch has a district."),
            ),
            models.UniqueConstraint(
                fields=["district", "name_en"], name="police_unit_unique_name_in_district"
            ),
        ]
        indexes = [models.Index(fields=["district", "kind"])]

    def get_absolute_url(self) -> str:
        return reverse("directory:police_unit_detail", args=[self.pk])


class NGO(BilingualName, Contact):
    class Verification(models.TextChoices):
        PENDING = "pending", _("Pending verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Not verified")

    darpan_id = models.CharField(
        _("NGO Darpan ID"),
        max_length=20,
        blank=True,
        null=True,
        unique=True,
        validators=[validate_darpan_id],
        help_text=_("As issued by NGO Darpan (NITI Aayog), e.g. MP/2017/0123456."),
    )
    focus_areas = models.ManyToManyField(
        FocusArea, verbose_name=_("focus areas"), blank=True, related_name="ngos"
    )
    districts = models.ManyToManyField(
        District, verbose_name=_("districts of work"), related_name="ngos"
    )
    website = models.URLField(_("website"), blank=True)
    verification = models.CharField(
        _("verification"),
        max_length=16,
        choices=Verification.choices,
        default=Verification.PENDING,
    )
    verification_note = models.CharField(_("verification note"), max_length=500, blank=True)
    verified_at = models.DateTimeField(_("verified on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(default=False, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("NGO")
        verbose_name_plural = _("NGOs")

    def save(self, *args, **kwargs):
        # Store "no Darpan ID" as NULL so that the unique constraint allows many of them.
        self.darpan_id = normalise_darpan_id(self.darpan_id or "") or None
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("directory:ngo_detail", args=[self.pk])


class Person(models.Model):
    """Someone who works in or with the registry's organisations: an officer, an NGO worker."""

    name = models.CharField(_("name"), max_length=200)
    designation = models.CharField(_("designation"), max_length=200, blank=True)
    phone = PhoneNumberField(_("mobile number"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=[("hi", "हिन्दी"), ("en", "English")],
        default="hi",
    )
    whatsapp_opt_in = models.BooleanField(
        _("agrees to receive messages on WhatsApp"), default=False
    )
    user = models.OneToOneField(
        "accounts.User",
        verbose_name=_("sign-in account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["phone"], condition=~Q(phone=""), name="person_unique_phone"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:person_detail", args=[self.pk])


class Membership(models.Model):
    """A person's place in a police unit or an NGO. Ending it keeps the record (end date)."""

    class Role(models.TextChoices):
        IN_CHARGE = "in_charge", _("In-charge")
        NODAL_OFFICER = "nodal_officer", _("Nodal officer")
        OFFICER = "officer", _("Officer")
        COORDINATOR = "coordinator", _("Coordinator")
        MEMBER = "member", _("Member")
        VOLUNTEER = "volunteer", _("Volunteer")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    police_unit = models.ForeignKey(
        PoliceUnit,
        verbose_name=_("police unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    ngo = models.ForeignKey(
        NGO,
        verbose_name=_("NGO"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-ended_on", "-started_on", "pk"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                name="membership_exactly_one_organisation",
                condition=(Q(police_unit__isnull=False) & Q(ngo__isnull=True))
                | (Q(police_unit__isnull=True) & Q(ngo__isnull=False)),
                violation_error_message=_("Choose either a police unit or an NGO, not both."),
            ),
            models.CheckConstraint(
                name="membership_ends_after_start",
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                violation_error_message=_("A membership cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.organisation}"

    @property
    def organisation(self):
        return self.police_unit or self.ngo


def current_memberships(on: datetime.date | None = None, prefix: str = "") -> Q:
    """Memberships that have begun by the day `on` (today in India by default) and not ended
    before it: one that ends on a date still counts that day, one that begins later from its
    first day. `prefix` filters through a relation ("person__memberships__"). The one meaning of
    "a current member" for the registry, the groups, meetings, referrals and the rules."""
    from django.utils import timezone

    day = on or timezone.localdate()
    begun = Q(**{f"{prefix}started_on__isnull": True}) | Q(**{f"{prefix}started_on__lte": day})
    not_ended = Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": day})
    return begun & not_ended


class ShaktiSamiti(models.Model):
    """A community women's safety committee (शक्ति समिति)."""

    class Kind(models.TextChoices):
        VILLAGE = "village", _("Village")
        URBAN_WARD = "ward", _("Urban ward")
        SCHOOL = "school", _("School")
        COLLEGE = "college", _("College")
        WORKPLACE = "workplace", _("Workplace")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="samitis"
    )
    block = models.CharField(_("block"), max_length=100, blank=True)
    place = models.CharField(_("place"), max_length=200)
    police_unit = models.ForeignKey(
        PoliceUnit,
        verbose_name=_("linked police unit"),
        on_delete=models.PROTECT,
        related_name="samitis",
    )
    convenor = models.ForeignKey(
        Person,
        verbose_name=_("convenor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="convened_samitis",
    )
    member_count = models.PositiveSmallIntegerField(_("number of members"), default=0)
    formed_on = models.DateField(_("formed on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Shakti Samiti")
        verbose_name_plural = _("Shakti Samitis")
        indexes = [models.Index(fields=["district"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:samiti_detail", args=[self.pk])
