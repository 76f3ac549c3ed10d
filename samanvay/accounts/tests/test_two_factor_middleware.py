import pytest
from django.conf import settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from samanvay.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")


@pytest.mark.parametrize("url", ["/", "/accounts/me/", "/registry/", "/admin/", "/audit/"])
def test_an_officer_without_a_device_is_sent_to_setup_from_any_page(client, world, url):
    client.force_login(world.officer_bhopal)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(SETUP + "?next=")
    assert response["Location"].endswith(url.replace("/", "%2F"))


@pytest.mark.parametrize("persona", ["branch", "officer_indore"])
def test_an_officer_with_a_device_is_sent_to_verify(client, world, persona):
    user = getattr(world, persona)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    response = client.get("/accounts/me/?tab=1")
    assert response.status_code == 302
    assert response.url == VERIFY + "?next=%2Faccounts%2Fme%2F%3Ftab%3D1"


def test_a_superuser_needs_a_second_factor_too(client, world):
    from samanvay.accounts.models import User

    admin = User.objects.create_superuser("root", "root@example.org", PASSWORD)
    client.force_login(admin)
    assert client.get("/admin/").url.startswith(SETUP)


def test_an_unconfirmed_device_does_not_count(client, world):
    TOTPDevice.objects.create(user=world.branch, name="phone", confirmed=False)
    client.force_login(world.branch)
    assert client.get("/").url.startswith(SETUP)


@pytest.mark.parametrize(
    "url", [reverse("core:healthz"), SETUP, settings.STATIC_URL + "css/samanvay.css"]
)
def test_some_pages_stay_open_before_the_second_factor(client, world, url):
    client.force_login(world.officer_bhopal)
    response = client.get(url)
    response.close()  # a static file answers with an open file
    assert response.status_code in (200, 404)  # static files may not be collected
    assert not (response.status_code == 302 and response.url.startswith(SETUP))


def test_the_language_can_be_switched_before_the_second_factor(client, world):
    client.force_login(world.officer_bhopal)
    response = client.post(reverse("core:set_language"), {"language": "en", "next": SETUP})
    assert response.url == SETUP
    world.officer_bhopal.refresh_from_db()
    assert world.officer_bhopal.language == "en"


def test_a_verified_officer_reaches_pages(client, world, login_as):
    login_as(world.officer_bhopal)
    assert client.get("/accounts/me/").status_code == 200


def test_an_ngo_member_is_not_asked_for_a_second_factor(client, world):
    client.force_login(world.member_a)
    assert client.get("/accounts/me/").status_code == 200


def test_an_ngo_member_who_chose_two_step_sign_in_is_held_to_it(client, world):
    TOTPDevice.objects.create(user=world.coord_a, name="phone", confirmed=True)
    client.post(reverse("accounts:login"), {"username": "coord_a", "password": PASSWORD})
    response = client.get("/accounts/me/")
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)


def test_the_menu_is_hidden_until_the_second_factor_is_passed(world, client):
    client.force_login(world.branch)
    response = client.get("/accounts/two-step/setup/")
    assert response.status_code == 200
    assert 'class="menu"' not in response.content.decode()
