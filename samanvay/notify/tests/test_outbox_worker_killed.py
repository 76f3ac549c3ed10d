"""Outbox workers as real processes: several at once send each message once, and a worker
killed with SIGKILL in the middle of a batch loses nothing.

The outbox loop runs as a real process (`manage.py send_pending_notifications --loop`) on its own
SQLite file, sending to the WhatsApp emulator. The emulator accepts a message and holds its
answer; the worker is killed while it waits. Its claimed batch stays `sending` until the claim's
lease ends; the next run releases it and sends the rest. Every notification arrives. The one
message whose answer never came back was accepted by WhatsApp, so it is the only one that may
arrive twice: delivery is at least once, and a duplicate needs a kill during a request.
"""

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from contextlib import closing
from pathlib import Path

import pytest

from samanvay.notify.tests import emulators

PEOPLE, ROUNDS = 20, 10
MANAGE = Path(__file__).resolve().parents[3] / "manage.py"

SETUP = f"""
from django.test import override_settings
from samanvay.accounts.models import User
from samanvay.directory.models import Person
from samanvay.notify.services import notify

users = []
for n in range({PEOPLE}):
    user = User.objects.create_user(f"w{{n}}", role="branch", password="x-Long-Password-1")
    Person.objects.create(
        name=f"W {{n}}", phone=f"+9196000{{n:05d}}", whatsapp_opt_in=True, user=user
    )
    users.append(user)
# Record only; the worker under test sends.
DUMMY = {{"default": {{"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}}}
with override_settings(TASKS=DUMMY):
    for r in range({ROUNDS}):
        notify(recipients=users, kind="message", context={{"text": f"Update {{r}}"}})
"""


def manage(env, *args, **kwargs):
    return subprocess.run(  # noqa: S603 -- our own manage.py with fixed arguments
        [sys.executable, str(MANAGE), *args],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
        **kwargs,
    )


def states(db: Path) -> Counter:
    with closing(sqlite3.connect(db)) as connection:
        rows = connection.execute(
            "SELECT state, COUNT(*) FROM notify_delivery WHERE medium = 'whatsapp' GROUP BY state"
        ).fetchall()
    return Counter(dict(rows))


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """An SQLite file with the schema, made once for the tests of this module."""
    folder = tmp_path_factory.mktemp("outbox")
    db = folder / "migrated.sqlite3"
    manage(environment(folder, db), "migrate", "--noinput")
    return db


def environment(folder: Path, db: Path, whatsapp=None) -> dict:
    env = {
        **os.environ,
        "SAMANVAY_TESTING": "1",
        "SAMANVAY_VAR_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{db}",
        "NOTIFY_CLAIM_LEASE_SECONDS": "1",
        "NOTIFY_HTTP_TIMEOUT_SECONDS": "30",
        "LOG_LEVEL": "WARNING",
    }
    if whatsapp is not None:
        env.update(
            WHATSAPP_API_BASE_URL=f"{whatsapp.url}/v21.0",
            WHATSAPP_PHONE_NUMBER_ID=emulators.PHONE_NUMBER_ID,
            WHATSAPP_TOKEN=emulators.TOKEN,
        )
    return env


@pytest.fixture
def outbox_db(migrated, tmp_path, whatsapp):
    """A copy of the migrated file with 200 pending WhatsApp notifications; its environment."""
    db = tmp_path / "outbox.sqlite3"
    shutil.copy(migrated, db)
    env = environment(tmp_path, db, whatsapp)
    manage(env, "shell", "-c", SETUP)
    assert states(db) == {"pending": PEOPLE * ROUNDS}
    return db, env


def start_worker(env, *args):
    return subprocess.Popen(  # noqa: S603 -- our own manage.py with fixed arguments
        [sys.executable, str(MANAGE), "send_pending_notifications", "--loop", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def expected_messages() -> set:
    return {(f"9196000{n:05d}", f"Update {r}") for n in range(PEOPLE) for r in range(ROUNDS)}


def test_three_workers_at_once_send_each_message_once(outbox_db, whatsapp):
    db, env = outbox_db
    env = {**env, "NOTIFY_CLAIM_LEASE_SECONDS": "60"}
    workers = [start_worker(env, "--limit", "10", "--interval", "0.1") for _ in range(3)]
    try:
        deadline = time.monotonic() + 90
        while states(db)["sent"] < PEOPLE * ROUNDS and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        for worker in workers:
            worker.kill()
            worker.wait(10)

    assert states(db) == {"sent": PEOPLE * ROUNDS}
    received = Counter((m["to"], m["text"]) for m in whatsapp.accepted)
    assert set(received) == expected_messages()
    assert set(received.values()) == {1}
    with closing(sqlite3.connect(db)) as connection:
        senders = connection.execute(
            "SELECT COUNT(DISTINCT worker) FROM notify_deliveryattempt"
        ).fetchone()[0]
    assert senders > 1  # they really did share the work


def test_a_worker_killed_mid_batch_loses_nothing(outbox_db, whatsapp):
    db, env = outbox_db
    whatsapp.hold_after = 70  # in the middle of the second batch of 50
    worker = start_worker(env, "--limit", "50")
    try:
        assert whatsapp.holding.wait(60), "the worker never reached the held request"
        worker.kill()  # SIGKILL: no clean-up of any kind
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
        whatsapp.release.set()
    held = (whatsapp.accepted[69]["to"], whatsapp.accepted[69]["text"])

    after_kill = states(db)
    assert after_kill["sent"] == 69
    assert after_kill["sending"] == 50 - 19  # the rest of the killed worker's batch

    time.sleep(1.1)  # the lease of those claims ends
    manage(env, "send_pending_notifications")

    assert states(db) == {"sent": PEOPLE * ROUNDS}
    received = Counter((m["to"], m["text"]) for m in whatsapp.accepted)
    expected = {(f"9196000{n:05d}", f"Update {r}") for n in range(PEOPLE) for r in range(ROUNDS)}
    assert set(received) == expected
    duplicated = {key for key, count in received.items() if count > 1}
    assert duplicated <= {held}
