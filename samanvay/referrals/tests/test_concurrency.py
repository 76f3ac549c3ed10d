"""Referrals raised at the same moment by two processes (two web servers) get distinct codes,
numbered one after another, and their audit entries one unbroken chain."""

import re

from django.utils import timezone

from samanvay.core.tests.test_audit_chain import manage, run_at_once, shared_database

WRITERS, EACH = 2, 15

RAISE_REFERRALS = """
import os, pathlib, time
from samanvay.directory.models import District
from samanvay.referrals import services

bhopal = District.objects.get(code=444)
go = pathlib.Path(os.environ["GO_FILE"])
while not go.exists():
    time.sleep(0.005)
for index in range(int(os.environ["COUNT"])):
    services.raise_referral(
        actor=None, kind="missing_girl", urgency="high", district=bhopal,
        place=f"Ward {index}", summary="", source="public_tip",
    )
"""

CODES = "from samanvay.referrals.models import Referral; print(*Referral.objects.values_list('code', flat=True))"  # noqa: E501


def test_referrals_raised_at_once_get_distinct_consecutive_codes(
    transactional_db, reference_data, tmp_path
):
    shared = shared_database(tmp_path)
    run_at_once(shared, RAISE_REFERRALS, writers=WRITERS, count=EACH)
    year = timezone.localtime().year
    codes = re.findall(r"MP-[A-Z]+-\d{4}-\d+", manage(shared["env"], "shell", "-c", CODES))
    assert len(codes) == WRITERS * EACH
    assert all(re.fullmatch(rf"MP-BPL-{year}-\d{{6}}", code) for code in codes), codes
    assert sorted(int(code[-6:]) for code in codes) == list(range(1, WRITERS * EACH + 1))
    chain = manage(shared["env"], "verify_audit_chain")
    assert f"Audit chain intact: {WRITERS * EACH} entries." in chain
