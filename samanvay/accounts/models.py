from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of DESIGN.md. The sixth, the public, is anyone without an account."""

    BRANCH = "branch", _("Women Safety Branch officer")
    DISTRICT_OFFICER = "district_officer", _("District officer")
    NGO_COORDINATOR = "ngo_coordinator", _("NGO coordinator")
    NGO_MEMBER = "ngo_member", _("NGO member")
    OBSERVER = "observer", _("Observer")
    ADMIN = "admin", _("Technical administrator")


class Language(models.TextChoices):
    HINDI = "hi", "हिन्दी"
    ENGLISH = "en", "English"


class SamanvayUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A sign-in account. What it may see follows from `role` and its scope (district or NGO).

    The rules that turn role and scope into permissions live in `samanvay.accounts.rules`.
    """

    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    district = models.ForeignKey(
        "directory.District",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
        help_text=_("The district of a district officer."),
    )
    ngo = models.ForeignKey(
        "directory.NGO",
        verbose_name=_("NGO"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
        help_text=_("The NGO of an NGO coordinator or member."),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.HINDI
    )

    objects = SamanvayUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="user_district_officer_has_district",
                condition=~Q(role="district_officer") | Q(district__isnull=False),
            ),
            models.CheckConstraint(
                name="user_ngo_roles_have_ngo",
                condition=~Q(role__in=["ngo_coordinator", "ngo_member"]) | Q(ngo__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def needs_two_factor(self) -> bool:
        """Officers with statewide or district reach must sign in with a second factor."""
        return self.is_superuser or self.role in {Role.BRANCH, Role.DISTRICT_OFFICER, Role.ADMIN}
