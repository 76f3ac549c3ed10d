import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_sign_out_is_post_only(client, world, login_as):
    login_as(world.member_a)
    response = client.get(reverse("accounts:logout"))
    assert response.status_code == 405
    assert "_auth_user_id" in client.session


def test_it_signs_out(client, world, login_as):
    login_as(world.officer_bhopal)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_an_officer_can_sign_out_before_the_second_factor(client, world):
    client.force_login(world.officer_bhopal)
    response = client.post(reverse("accounts:logout"))
    assert response.url == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
