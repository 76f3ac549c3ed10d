from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One change to the record: who, when, what, and the fields that changed (old → new).

    Written by services in the same transaction as the change itself; never edited or deleted.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        CHANGE = "change", _("changed")
        DELETE = "delete", _("deleted")
        IMPORT = "import", _("imported")
        SIGN_IN = "sign_in", _("signed in")
        SECURITY = "security", _("security setting changed")

    # Set by `audit.record` before hashing (auto_now_add would change it after).
    at = models.DateTimeField(_("when"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64, choices=Action.choices)
    object_type = models.CharField(_("record type"), max_length=64)
    object_id = models.CharField(_("record"), max_length=64, blank=True)
    object_label = models.CharField(_("record name"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    # The hash chain (samanvay/lib/audit_chain.py): the previous entry's hash, and this entry's.
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    entry_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_type}"


class AuditChainHead(models.Model):
    """The one row that holds the hash of the latest audit entry. Appending locks it
    (`select_for_update`), so concurrent writers add entries one after another."""

    last_hash = models.CharField(max_length=64)
    last_entry_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="one_audit_chain_head")
        ]

    def __str__(self) -> str:
        return self.last_hash
