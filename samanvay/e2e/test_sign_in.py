"""A district officer signs in with a password and the code from an authenticator app; repeated
wrong passwords pause sign-in."""

import re

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from samanvay.conftest import PASSWORD


def _password_step(page, username, password):
    page.goto("/accounts/sign-in/")
    page.fill("[name=username]", username)
    page.fill("[name=password]", password)
    page.click("form[action$='/sign-in/'] button[type=submit]")


def test_a_district_officer_signs_in_with_two_factor(page, world, shot):
    device = TOTPDevice.objects.create(user=world.officer_bhopal, name="phone", confirmed=True)
    _password_step(page, "officer_bhopal", PASSWORD)
    page.wait_for_url(re.compile(r"/accounts/two-step/verify/"))
    shot(page, "two-step-code")
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.fill("[name=code]", f"{code:0{device.digits}d}")
    page.click("form[action$='/two-step/verify/'] button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/" not in url)
    shot(page, "signed-in")
    assert page.locator("form[action$='/sign-out/']").count() >= 1


def test_repeated_wrong_passwords_pause_sign_in(page, world, settings, shot):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _password_step(page, "officer_bhopal", "wrong-password")
    shot(page, "paused")
    # Even the right password is refused now.
    _password_step(page, "officer_bhopal", PASSWORD)
    assert page.locator("h1").inner_text() == "लॉग इन अभी रुका हुआ है"
    assert page.locator("[name=code]").count() == 0
