"""The public tip form: no sign-in, Hindi by default, a code and PIN for the status (status only),
rate-limited per address without blocking others."""

import datetime
import re

from django.urls import reverse

from samanvay.referrals.models import ProtectedRecord, Referral
from samanvay.referrals.service_levels import acknowledge_due
from samanvay.referrals.tests.conftest import SECRET_NAME


def send_tip(client, world, address="203.0.113.7", headers=None, **extra):
    data = {
        "kind": "imminent_child_marriage",
        "district": world.bhopal.pk,
        "place": "Gram Panchayat Ratua",
        "what": f"{SECRET_NAME}, 14, is to be married on Sunday",
        "callback": "+919876500000",
    } | extra
    return client.post(reverse("referrals:tip_form"), data, REMOTE_ADDR=address, **(headers or {}))


def test_the_form_is_public_and_in_hindi(client, world):
    page = client.get(reverse("referrals:tip_form")).content.decode()
    assert 'lang="hi"' in page
    assert "जिला" in page


def test_the_public_home_links_to_it(client, world):
    assert reverse("referrals:tip_form") in client.get(reverse("core:home")).content.decode()


def test_a_tip_becomes_a_referral_for_the_district_with_its_words_protected(client, world):
    response = send_tip(client, world)
    assert response.status_code == 200
    referral = Referral.objects.get()
    assert referral.source == "public_tip"
    assert referral.police_unit == world.wps_bhopal
    assert referral.summary == ""
    html = response.content.decode()
    assert referral.code in html
    pin = re.search(r"<strong>(\d{6})</strong>", html).group(1)
    record = ProtectedRecord.objects.get(referral=referral)
    assert SECRET_NAME.encode() not in bytes(record.data)

    status = client.post(
        reverse("referrals:tip_status"), {"code": referral.code.lower(), "pin": pin}
    ).content.decode()
    assert "<strong>नया</strong>" in status
    assert SECRET_NAME not in status
    assert "Ratua" not in status


def test_a_wrong_pin_shows_nothing(client, world):
    send_tip(client, world)
    referral = Referral.objects.get()
    page = client.post(
        reverse("referrals:tip_status"), {"code": referral.code, "pin": "000000x"}
    ).content.decode()
    assert "Ratua" not in page
    assert 'class="errors"' in page


def test_too_many_tips_from_one_address_wait_an_hour_others_do_not(client, world, settings):
    settings.REFERRALS_TIPS_PER_HOUR = 2
    assert send_tip(client, world).status_code == 200
    assert send_tip(client, world).status_code == 200
    refused = send_tip(client, world)
    assert refused.status_code == 429
    assert "112" in refused.content.decode()
    assert send_tip(client, world, address="198.51.100.9").status_code == 200
    assert Referral.objects.count() == 3


def test_behind_a_proxy_each_visitor_has_their_own_count(client, world, settings):
    settings.REFERRALS_TIPS_PER_HOUR = 1
    settings.AXES_IPWARE_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    first = {"HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    second = {"HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.9"}  # the client may prepend anything
    assert send_tip(client, world, address=proxy, headers=first).status_code == 200
    assert send_tip(client, world, address=proxy, headers=first).status_code == 429
    assert send_tip(client, world, address=proxy, headers=second).status_code == 200


def test_a_refused_tip_keeps_what_was_written_and_says_why_in_hindi(client, world, settings):
    settings.REFERRALS_TIPS_PER_HOUR = 1
    assert send_tip(client, world).status_code == 200
    refused = send_tip(client, world, what="Kal raat ek ladki ko truck mein le gaye")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "इस कनेक्शन से बहुत अधिक प्रयास" in page
    assert "कृपया एक घंटे बाद पुनः प्रयास करें" in page
    assert "Kal raat ek ladki ko truck mein le gaye</textarea>" in page
    assert 'value="Gram Panchayat Ratua"' in page
    assert f'<option value="{world.bhopal.pk}" selected>' in page
    assert Referral.objects.count() == 1


def test_tips_with_mistakes_do_not_use_up_the_limit(client, world, settings):
    settings.REFERRALS_TIPS_PER_HOUR = 1
    for _ in range(3):
        mistaken = send_tip(client, world, place="")
        assert mistaken.status_code == 200
        assert 'class="error"' in mistaken.content.decode()
    assert send_tip(client, world).status_code == 200
    assert Referral.objects.count() == 1


def test_a_place_that_identifies_someone_is_refused_and_the_tip_kept(client, world):
    refused = send_tip(client, world, place="Ratua, call 98765 43210")
    page = refused.content.decode()
    assert refused.status_code == 200
    assert 'class="error"' in page
    assert "एक फ़ोन नंबर" in page  # what was found, in Hindi
    assert "is to be married on Sunday</textarea>" in page
    assert not Referral.objects.exists()


def test_too_many_status_checks_keep_the_code_typed(client, world, settings):
    settings.REFERRALS_STATUS_CHECKS_PER_HOUR = 1
    url = reverse("referrals:tip_status")
    client.post(url, {"code": "MP-BPL-2026-000001", "pin": "111111"}, REMOTE_ADDR="203.0.113.7")
    refused = client.post(
        url, {"code": "MP-BPL-2026-000001", "pin": "222222"}, REMOTE_ADDR="203.0.113.7"
    )
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "इस कनेक्शन से बहुत अधिक प्रयास" in page
    assert 'value="MP-BPL-2026-000001"' in page


def test_a_tip_of_an_imminent_child_marriage_must_be_acknowledged_within_the_hour(client, world):
    send_tip(client, world)
    referral = Referral.objects.get()
    assert referral.urgency == "critical"
    assert acknowledge_due(referral) - referral.created_at == datetime.timedelta(hours=1)


def test_a_tip_of_domestic_violence_is_urgent_but_not_critical(client, world):
    send_tip(client, world, kind="domestic_violence_support", what="Mar-peet hoti hai")
    assert Referral.objects.get().urgency == "high"
