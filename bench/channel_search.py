"""Benchmark: search of the coordination group's history over many messages.

    .venv/bin/python bench/channel_search.py                  # 200,000 messages, SQLite in var/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samanvay_bench \
        .venv/bin/python bench/channel_search.py --messages 200000

On PostgreSQL the search uses the full-text index of migration channel/0002; elsewhere LIKE.
It fills a database of its own (a SQLite file under var/ unless DATABASE_URL is set, which must
name a database used for nothing else: the script adds rows to it) with users, the groups and
generated messages, once; later runs reuse them. Then it times what the search page does for a
district member (count + first page of 25, scoped to their groups) and for the branch (all
groups), over a set of words, and prints p50 and p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS_TEXT = (
    "camp session school rally register banner thana sakhi shakti samiti awareness training "
    "self-defence poster helpline volunteers district meeting report village ward college "
    "सत्र विद्यालय जागरूकता बैठक पंजी पोस्टर प्रशिक्षण समिति थाना अभियान सृजन संबल चेतना"
)
WORDS = WORDS_TEXT.split()
QUERIES = ["camp", "रैली", "register", "जागरूकता", "helpline 181", "MP-BPL-2026", "zzz-none"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    os.environ.setdefault("SAMANVAY_TESTING", "1")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-channel.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samanvay.settings")
    (ROOT / "var").mkdir(exist_ok=True)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from samanvay.accounts.models import Role, User
    from samanvay.channel import selectors
    from samanvay.channel.membership import ensure_groups
    from samanvay.channel.models import Group, GroupMember, Message
    from samanvay.directory.models import District
    from samanvay.directory.reference import load_reference_data

    if not District.objects.exists():
        load_reference_data()
    ensure_groups()
    groups = list(Group.objects.order_by("pk"))
    branch, _ = User.objects.get_or_create(username="bench.branch", defaults={"role": Role.BRANCH})
    member, _ = User.objects.get_or_create(
        username="bench.member", defaults={"role": Role.DISTRICT_OFFICER, "district_id": 1}
    )
    from django.utils import timezone

    mine = [g for g in groups if g.level == "state"] + groups[1:3]
    for group in mine:
        GroupMember.objects.get_or_create(
            group=group, user=member, defaults={"source": "manual", "joined_at": timezone.now()}
        )

    have = Message.objects.count()
    rng = random.Random(7)  # noqa: S311 -- generated text, not security
    started = time.perf_counter()
    batch = []
    for n in range(have, args.messages):
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 30)))
        if n % 500 == 0:
            words += f" MP-BPL-2026-{n:06d}"
        batch.append(Message(group=rng.choice(groups), author=branch, text=words))
        if len(batch) == 5000:
            Message.objects.bulk_create(batch)
            batch = []
    Message.objects.bulk_create(batch)
    if args.messages > have:
        print(f"generated {args.messages - have} messages in {time.perf_counter() - started:.1f}s")

    print(f"{connection.vendor}: {Message.objects.count()} messages in {len(groups)} groups")
    for label, user in (("member (3 groups)", member), ("branch (all groups)", branch)):
        timings = []
        for _ in range(args.repeat):
            for query in QUERIES:
                t0 = time.perf_counter()
                qs = selectors.search_messages(user, query)
                qs.count()  # the paginator counts, then fetches one page
                list(qs[:25])
                timings.append((time.perf_counter() - t0) * 1000)
        timings.sort()
        p50 = statistics.median(timings)
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(f"search as {label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms ({len(timings)} searches)")


if __name__ == "__main__":
    main()
