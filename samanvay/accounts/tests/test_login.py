import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from samanvay.conftest import PASSWORD
from samanvay.core.models import AuditEntry

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/sign-in/"


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def test_the_url_name_is_stable():
    assert reverse("accounts:login") == LOGIN


def test_it_shows_the_sign_in_form(english):
    response = english.get(LOGIN)
    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b'name="password"' in response.content


def test_it_signs_an_ngo_member_in_without_a_second_factor(client, world):
    response = sign_in(client, "member_a")
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert client.session["_auth_user_id"] == str(world.member_a.pk)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_it_goes_to_a_safe_next_page_after_sign_in(client, world):
    response = sign_in(client, "member_a", next="/accounts/me/")
    assert response.url == "/accounts/me/"


def test_it_ignores_a_next_page_on_another_site(client, world):
    response = sign_in(client, "member_a", next="https://evil.example/")
    assert response.url == reverse("core:home")


def test_it_sets_the_session_language_to_the_users_language(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    sign_in(client, "member_b")
    assert client.session["user_language"] == "en"
    response = client.get(reverse("accounts:profile"))
    assert response.headers["Content-Language"] == "en"


def test_a_hindi_user_gets_hindi_even_from_an_english_browser(english, world):
    sign_in(english, "member_a")
    assert english.session["user_language"] == "hi"
    assert english.get(reverse("accounts:profile")).headers["Content-Language"] == "hi"


def test_it_records_the_sign_in_in_the_audit_log(client, world):
    sign_in(client, "member_a")
    entry = AuditEntry.objects.get(action="sign_in")
    assert entry.actor == world.member_a
    assert entry.object_id == str(world.member_a.pk)


def test_the_session_expires_when_idle_and_at_browser_close(client, world):
    sign_in(client, "member_a")
    session = client.session
    assert session.get_expire_at_browser_close() is True
    assert session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_a_wrong_password_gets_a_clear_message(english, world):
    response = sign_in(english, "member_a", password="not-the-password-1")
    assert response.status_code == 200
    assert "_auth_user_id" not in english.session
    assert b"The username or password is not right" in response.content


def test_an_unknown_username_gets_the_same_message_as_a_wrong_password(english, world):
    wrong_password = sign_in(english, "member_a", password="not-the-password-1")
    unknown_user = sign_in(english, "nobody_at_all", password="not-the-password-1")
    assert wrong_password.context["form"].errors == unknown_user.context["form"].errors


def test_it_locks_out_after_five_failures(english, world):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(english, "member_a", password="wrong-password-1").status_code == 200
    response = sign_in(english, "member_a", password="wrong-password-1")
    assert response.status_code == 429
    assert AccessAttempt.objects.get(username="member_a").failures_since_start == 5
    # Even the right password does not get in now.
    response = sign_in(english, "member_a")
    assert response.status_code == 429
    assert "_auth_user_id" not in english.session


def test_the_locked_out_page_says_how_long_to_wait(english, world):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(english, "member_a", password="wrong-password-1")
    assert response.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    assert f"Please wait {minutes} minutes".encode() in response.content
    assert b"Women Safety Branch" in response.content


def test_a_lockout_is_per_username(english, world):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(english, "member_a", password="wrong-password-1")
    response = sign_in(english, "member_b")
    assert response.status_code == 302


def test_a_successful_sign_in_clears_earlier_failures(client, world):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "member_a", password="wrong-password-1")
    assert sign_in(client, "member_a").status_code == 302
    assert not AccessAttempt.objects.filter(username="member_a").exists()


def test_an_officer_goes_to_two_factor_setup_after_the_password(client, world):
    response = sign_in(client, "officer_bhopal", next="/registry/")
    assert response.status_code == 302
    assert response.url == reverse("accounts:two_factor_setup") + "?next=%2Fregistry%2F"
    assert not client.session.get("otp_device_id")


def test_an_officer_with_an_app_goes_to_two_factor_verify(client, world):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=world.branch, name="phone", confirmed=True)
    response = sign_in(client, "branch")
    assert response.url == reverse("accounts:two_factor_verify") + "?next=%2F"


def test_a_signed_in_user_is_sent_on_from_the_sign_in_page(client, world, login_as):
    login_as(world.member_a)
    response = client.get(LOGIN)
    assert response.status_code == 302
    assert response.url == reverse("core:home")
