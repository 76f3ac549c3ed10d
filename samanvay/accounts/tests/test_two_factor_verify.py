import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from samanvay.accounts.services import regenerate_recovery_codes

pytestmark = pytest.mark.django_db

VERIFY = reverse("accounts:two_factor_verify")


def code_for(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


@pytest.fixture
def officer(client, world):
    user = world.officer_indore
    user.language = "en"
    user.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    user.device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    user.codes = regenerate_recovery_codes(user=user)
    return user


def test_a_totp_code_signs_the_officer_in(client, officer):
    response = client.post(VERIFY + "?next=/accounts/me/", {"code": code_for(officer.device)})
    assert response.status_code == 302
    assert response.url == "/accounts/me/"
    assert client.session["otp_device_id"] == officer.device.persistent_id
    assert client.get("/accounts/me/").status_code == 200


def test_a_code_typed_with_spaces_works(client, officer):
    code = code_for(officer.device)
    response = client.post(VERIFY, {"code": f" {code[:3]} {code[3:]} "})
    assert response.status_code == 302


def test_a_wrong_code_is_refused_with_a_clear_message(client, officer):
    wrong = "123456" if code_for(officer.device) != "123456" else "654321"
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 200
    assert b"That code is not right" in response.content
    assert "otp_device_id" not in client.session
    officer.device.refresh_from_db()
    assert officer.device.throttling_failure_count == 1


def test_a_recovery_code_works_once_only(client, officer):
    code = officer.codes[0]
    response = client.post(VERIFY, {"code": code.upper()})
    assert response.status_code == 302
    assert "otp_device_id" in client.session
    assert not StaticToken.objects.filter(token=code).exists()
    assert StaticToken.objects.filter(device__user=officer).count() == 9

    client.post(reverse("accounts:logout"))
    client.force_login(officer)
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert "otp_device_id" not in client.session


def test_using_a_recovery_code_says_how_many_are_left(client, officer):
    response = client.post(VERIFY, {"code": officer.codes[1]}, follow=True)
    assert b"9 recovery codes are left" in response.content


def test_repeated_wrong_codes_pause_verification(client, officer):
    officer.device.throttling_failure_count = 6
    officer.device.throttling_failure_timestamp = timezone.now()
    officer.device.save()
    response = client.post(VERIFY, {"code": code_for(officer.device)})
    assert response.status_code == 429
    assert b"Too many wrong codes" in response.content
    assert "otp_device_id" not in client.session


def test_a_verified_officer_is_sent_on(client, world, login_as):
    login_as(world.branch)
    response = client.get(VERIFY + "?next=/accounts/me/")
    assert response.url == "/accounts/me/"


def test_an_officer_without_a_device_is_sent_to_setup(client, world):
    client.force_login(world.branch)
    response = client.get(VERIFY)
    assert response.url.startswith(reverse("accounts:two_factor_setup"))


def test_an_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(VERIFY)
    assert response.url.startswith(reverse("accounts:login"))
