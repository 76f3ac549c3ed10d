"""Writing the audit trail. Services call `record` inside their transaction.

The trail is a hash chain (samanvay/lib/audit_chain.py): `record` locks the chain head, links the
new entry to the previous one and moves the head; `verify_chain` finds the first broken link.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from samanvay.core.models import AuditChainHead, AuditEntry
from samanvay.lib.audit_chain import GENESIS, entry_hash


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return sorted(_plain(v) for v in value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The values of `fields` as plain JSON, many-to-many included, for a before/after diff."""
    values: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            values[name] = _plain(list(getattr(instance, name).all())) if instance.pk else []
        else:
            values[name] = _plain(getattr(instance, name))
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def record(
    *,
    actor,
    action: str,
    instance: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    label: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    if instance is not None:
        object_type = object_type or instance._meta.label_lower
        object_id = object_id or str(instance.pk)
        label = label or str(instance)
    entry = AuditEntry(
        at=timezone.now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_label=label[:300],
        changes=changes or {},
    )
    with transaction.atomic():
        head = _locked_head()
        entry.prev_hash = head.last_hash
        entry.entry_hash = entry_hash(_fields(entry), head.last_hash)
        entry.save(force_insert=True)
        head.last_hash = entry.entry_hash
        head.last_entry_id = entry.pk
        head.save(update_fields=["last_hash", "last_entry_id"])
    return entry


def _locked_head() -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        AuditChainHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS})
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


def _fields(entry: AuditEntry) -> dict[str, Any]:
    return {
        "at": entry.at,
        "actor_id": entry.actor_id,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_label": entry.object_label,
        "changes": entry.changes,
    }


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_entry_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_entry_id is None


def verify_chain(batch_size: int = 2000) -> ChainReport:
    """Walk the chain in insertion order; the first entry whose link or hash does not match is
    named. The head must point at the last entry (a deleted tail shows there)."""
    prev = GENESIS
    checked = 0
    last_id = None
    entries = AuditEntry.objects.order_by("pk").only(
        "pk",
        "at",
        "actor_id",
        "action",
        "object_type",
        "object_id",
        "object_label",
        "changes",
        "prev_hash",
        "entry_hash",
    )
    for entry in entries.iterator(chunk_size=batch_size):
        if entry.prev_hash != prev:
            return ChainReport(checked, entry.pk, "the link to the previous entry does not match")
        if entry.entry_hash != entry_hash(_fields(entry), entry.prev_hash):
            return ChainReport(checked, entry.pk, "its contents do not match its hash")
        prev = entry.entry_hash
        last_id = entry.pk
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash != prev or head.last_entry_id != last_id):
        return ChainReport(checked, head.last_entry_id, "the latest entries are missing")
    return ChainReport(checked)
