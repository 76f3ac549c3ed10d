"""The audit log is a hash chain: a raw change to any entry is found and named, and two
processes writing at once still make one unbroken chain."""

import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

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


# --- two writers at once ------------------------------------------------------------------------

MANAGE = Path(__file__).resolve().parents[3] / "manage.py"
WRITERS, ENTRIES_EACH = 2, 40

WRITE_ENTRIES = """
import os, pathlib, time
from django.db import transaction
from samanvay.core import audit

go = pathlib.Path(os.environ["GO_FILE"])
while not go.exists():
    time.sleep(0.005)
for index in range(int(os.environ["COUNT"])):
    with transaction.atomic():
        audit.record(
            actor=None, action="change", object_type="test.writer",
            object_id=f"{os.environ['WRITER']}-{index}",
        )
        time.sleep(0.002)  # the rest of the writer's transaction
"""


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(  # noqa: S603 -- our own manage.py with fixed arguments
        [sys.executable, str(MANAGE), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def shared_database(tmp_path: Path) -> dict:
    """For a test on `transactional_db`: the environment of other processes that see its
    database. On PostgreSQL the test database itself (its rows are committed, and flushed after
    the test); on SQLite a file copy of the in-memory test database, made when they start, with
    the settings of a real SQLite file (WAL, IMMEDIATE transactions)."""
    if connection.vendor == "sqlite":
        path = tmp_path / "shared.sqlite3"

        def copy() -> None:
            connection.ensure_connection()
            with closing(sqlite3.connect(path)) as target:
                connection.connection.backup(target)

        url = f"sqlite:///{path}"
    else:
        db = connection.settings_dict
        url = (
            f"postgres://{quote(db['USER'] or '')}:{quote(db['PASSWORD'] or '')}"
            f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )

        def copy() -> None:
            pass

    env = {
        **os.environ,
        "SAMANVAY_TESTING": "1",
        "SAMANVAY_VAR_DIR": str(tmp_path),
        "DATABASE_URL": url,
        "LOG_LEVEL": "WARNING",
        "GO_FILE": str(tmp_path / "go"),
    }
    return {"env": env, "copy": copy, "go": tmp_path / "go"}


def run_at_once(shared: dict, script: str, *, writers: int, count: int) -> None:
    """Start `writers` processes running `script` (Django set up), let them go at the same
    moment, and wait for all of them; each must succeed."""
    shared["copy"]()
    processes = [
        subprocess.Popen(  # noqa: S603 -- our own manage.py with fixed arguments
            [sys.executable, str(MANAGE), "shell", "-c", script],
            env={**shared["env"], "WRITER": str(number), "COUNT": str(count)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for number in range(writers)
    ]
    time.sleep(4)  # Django starts in each
    shared["go"].touch()
    for process in processes:
        _out, err = process.communicate(timeout=180)
        assert process.returncode == 0, err[-3000:]


def test_two_writers_appending_at_once_keep_one_unbroken_chain(transactional_db, tmp_path):
    """Each writer locks the chain head while it appends (on PostgreSQL `SELECT ... FOR UPDATE`,
    on SQLite the database's write lock), so no two entries chain to the same previous one."""
    shared = shared_database(tmp_path)
    run_at_once(shared, WRITE_ENTRIES, writers=WRITERS, count=ENTRIES_EACH)
    out = manage(shared["env"], "verify_audit_chain")
    assert f"Audit chain intact: {WRITERS * ENTRIES_EACH} entries." in out
