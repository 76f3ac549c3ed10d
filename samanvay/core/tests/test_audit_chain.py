"""The audit log is a hash chain: a raw change to any entry is found and named."""

import pytest
from django.core.management import CommandError, call_command

from samanvay.core import audit
from samanvay.core.models import AuditEntry


def write_entries(world, count=4) -> list[AuditEntry]:
    return [
        audit.record(
            actor=world.branch,
            action=AuditEntry.Action.CHANGE,
            object_type="directory.ngo",
            object_id=str(index),
            label=f"NGO {index}",
            changes={"name_en": ["old", f"new {index}"]},
        )
        for index in range(count)
    ]


def test_each_entry_carries_the_hash_of_the_previous_one(world):
    entries = write_entries(world)
    for before, after in zip(entries, entries[1:], strict=False):
        assert after.prev_hash == before.entry_hash
        assert len(after.entry_hash) == 64


def test_an_intact_chain_verifies(world, capsys):
    write_entries(world)
    call_command("verify_audit_chain")
    assert "intact" in capsys.readouterr().out
    assert audit.verify_chain().ok


def test_a_changed_entry_is_named(world):
    entries = write_entries(world)
    AuditEntry.objects.filter(pk=entries[2].pk).update(object_label="Someone else")
    with pytest.raises(CommandError, match=f"entry {entries[2].pk}:"):
        call_command("verify_audit_chain")


def test_a_changed_actor_in_an_old_entry_is_named(world):
    entries = write_entries(world)
    AuditEntry.objects.filter(pk=entries[0].pk).update(actor=world.observer)
    assert audit.verify_chain().broken_entry_id == entries[0].pk


def test_a_deleted_entry_breaks_the_link_of_the_next(world):
    entries = write_entries(world)
    AuditEntry.objects.filter(pk=entries[1].pk).delete()
    assert audit.verify_chain().broken_entry_id == entries[2].pk


def test_a_deleted_last_entry_is_noticed(world):
    entries = write_entries(world)
    AuditEntry.objects.filter(pk=entries[-1].pk).delete()
    report = audit.verify_chain()
    assert not report.ok
    assert report.broken_entry_id == entries[-1].pk
