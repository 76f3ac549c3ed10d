from io import StringIO

import pytest
from django.core.management import call_command

from samanvay.referrals import crypto
from samanvay.referrals.models import ProtectedRecord, Referral, ServiceContact

pytestmark = pytest.mark.django_db


def test_the_demo_has_fictional_referrals_in_bhopal_once():
    call_command("load_demo_data", "--force", stdout=StringIO())
    call_command("load_demo_data", "--force", stdout=StringIO())
    demo = Referral.objects.filter(is_demo=True)
    assert demo.count() == 3
    assert set(demo.values_list("district__code", flat=True)) == {444}
    assert set(demo.values_list("status", flat=True)) == {"in_action", "closed", "new"}
    for record in ProtectedRecord.objects.all():
        assert crypto.decrypt_json(record.data)["name"].startswith("(डेमो)")
    assert ServiceContact.objects.filter(district__code=444).count() == 5
