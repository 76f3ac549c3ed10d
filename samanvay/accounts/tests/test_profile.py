import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from samanvay.accounts.services import regenerate_recovery_codes

pytestmark = pytest.mark.django_db

URL = reverse("accounts:profile")


def test_it_shows_name_role_and_district(client, world, login_as):
    world.officer_bhopal.language = "en"
    world.officer_bhopal.save()
    login_as(world.officer_bhopal)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Officer Bhopal" in html
    assert "District officer" in html
    with translation.override("en"):
        assert str(world.bhopal) in html
    assert reverse("accounts:password_change") in html
    assert reverse("accounts:recovery_codes") in html


def test_it_shows_the_ngo_of_an_ngo_member(client, world, login_as):
    login_as(world.member_b)
    response = client.get(URL)
    assert str(world.ngo_b) in response.content.decode()
    assert response.context["has_two_factor"] is False
    assert reverse("accounts:two_factor_setup") in response.content.decode()


def test_it_links_to_the_persons_registry_entry(client, world, login_as):
    login_as(world.member_a)
    response = client.get(URL)
    assert (
        reverse("directory:person_detail", args=[world.p_member_a.pk]) in response.content.decode()
    )


def test_it_works_without_a_registry_entry(client, world, login_as):
    login_as(world.observer)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["person"] is None


def test_it_shows_the_language_choice(client, world, login_as):
    login_as(world.member_b)
    html = client.get(URL).content.decode()
    assert reverse("core:set_language") in html
    assert '<option value="en" selected>' in html


def test_it_counts_recovery_codes_left(client, world, login_as):
    login_as(world.branch)
    regenerate_recovery_codes(user=world.branch)
    assert TOTPDevice.objects.filter(user=world.branch, confirmed=True).exists()
    response = client.get(URL)
    assert response.context["has_two_factor"] is True
    assert response.context["recovery_codes_left"] == 10


def test_it_needs_a_sign_in(client, db):
    response = client.get(URL)
    assert response.url == reverse("accounts:login") + "?next=" + URL
