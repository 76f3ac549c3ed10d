import pytest
from django.urls import reverse

from samanvay.accounts.models import User
from samanvay.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(world):
    return User.objects.create_superuser("root", "root@example.org", PASSWORD)


def test_the_user_list_shows_roles(client, world, superuser, login_as):
    login_as(superuser)
    response = client.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 200
    assert b"officer_bhopal" in response.content


def test_the_user_form_has_role_and_scope(client, world, superuser, login_as):
    login_as(superuser)
    response = client.get(reverse("admin:accounts_user_change", args=[world.member_a.pk]))
    assert response.status_code == 200
    for field in ("role", "district", "ngo", "language"):
        assert f'name="{field}"'.encode() in response.content


def test_an_admin_can_add_a_district_officer(client, world, superuser, login_as):
    login_as(superuser)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "officer_sagar",
            "role": "district_officer",
            "district": world.bhopal.pk,
            "language": "hi",
            "usable_password": "true",
            "password1": "Naya-Password-2027!",
            "password2": "Naya-Password-2027!",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert User.objects.get(username="officer_sagar").district == world.bhopal
