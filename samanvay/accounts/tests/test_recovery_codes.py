import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken

from samanvay.accounts.services import regenerate_recovery_codes

pytestmark = pytest.mark.django_db

CODES = reverse("accounts:recovery_codes")


def test_it_makes_new_codes_that_replace_the_old_ones(client, world, login_as):
    login_as(world.branch)
    old = set(regenerate_recovery_codes(user=world.branch))
    response = client.post(CODES)
    assert response.status_code == 302
    new = set(StaticToken.objects.filter(device__user=world.branch).values_list("token", flat=True))
    assert len(new) == 10
    assert not old & new
    shown = client.get(CODES)
    assert set(shown.context["codes"]) == new


def test_it_shows_how_many_codes_are_left(client, world, login_as):
    login_as(world.branch)
    regenerate_recovery_codes(user=world.branch)
    response = client.get(CODES)
    assert response.context["codes"] is None
    assert response.context["codes_left"] == 10


def test_it_needs_a_verified_sign_in(client, world):
    client.force_login(world.member_a)
    response = client.post(CODES)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor_setup"))
    assert not StaticToken.objects.exists()
