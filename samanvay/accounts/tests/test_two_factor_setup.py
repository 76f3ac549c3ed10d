import re
from base64 import b32decode

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from samanvay.core.models import AuditEntry

pytestmark = pytest.mark.django_db

SETUP = reverse("accounts:two_factor_setup")
CODES = reverse("accounts:recovery_codes")


def code_for(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


@pytest.fixture
def officer(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    world.officer_bhopal.language = "en"
    world.officer_bhopal.save()
    client.force_login(world.officer_bhopal)
    return world.officer_bhopal


def test_it_shows_a_qr_code_and_the_key_for_a_new_device(client, officer):
    response = client.get(SETUP)
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=officer)
    assert device.confirmed is False
    html = response.content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert "style" not in svg
    assert "<path" in svg
    key = response.context["key"].replace(" ", "")
    assert b32decode(key) == device.bin_key
    assert response.context["key"] in html


def test_it_keeps_the_same_device_until_confirmed(client, officer):
    client.get(SETUP)
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=officer).count() == 1


def test_a_right_code_confirms_the_device_and_makes_recovery_codes(client, officer):
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=officer)
    response = client.post(SETUP + "?next=/registry/", {"code": code_for(device)})
    assert response.status_code == 302
    assert response.url == CODES + "?next=%2Fregistry%2F"
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.session["otp_device_id"] == device.persistent_id
    assert StaticToken.objects.filter(device__user=officer).count() == 10
    assert AuditEntry.objects.filter(
        actor=officer, action="security", changes__event="two_factor_enrolled"
    ).exists()


def test_the_recovery_codes_are_shown_once(client, officer):
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=officer)
    client.post(SETUP, {"code": code_for(device)})
    first = client.get(CODES)
    tokens = set(StaticToken.objects.filter(device__user=officer).values_list("token", flat=True))
    assert set(first.context["codes"]) == tokens
    for token in tokens:
        assert token.encode() in first.content
    assert b"They will not be shown again" in first.content
    assert "no-store" in first["Cache-Control"]
    second = client.get(CODES)
    assert second.context["codes"] is None
    for token in tokens:
        assert token.encode() not in second.content


def test_a_wrong_code_is_refused_with_a_clear_message(client, officer):
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert b"That code is not right" in response.content
    assert not TOTPDevice.objects.filter(user=officer, confirmed=True).exists()
    assert "otp_device_id" not in client.session


def test_a_password_alone_cannot_replace_a_confirmed_device(client, world):
    TOTPDevice.objects.create(user=world.branch, name="phone", confirmed=True)
    client.force_login(world.branch)
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor_verify"))
    assert TOTPDevice.objects.filter(user=world.branch).count() == 1


def test_a_verified_officer_can_move_to_a_new_phone(client, world, login_as):
    login_as(world.branch)
    old = TOTPDevice.objects.get(user=world.branch)
    client.get(SETUP)
    new = TOTPDevice.objects.get(user=world.branch, confirmed=False)
    client.post(SETUP, {"code": code_for(new)})
    assert list(TOTPDevice.objects.filter(user=world.branch)) == [new]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


def test_an_ngo_member_may_choose_to_enrol(client, world, login_as):
    login_as(world.member_a)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=world.member_a)
    client.post(SETUP, {"code": code_for(device)})
    device.refresh_from_db()
    assert device.confirmed is True
