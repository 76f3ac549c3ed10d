import pytest
from django.conf import settings
from django.urls import reverse

from samanvay.conftest import PASSWORD
from samanvay.core.models import AuditEntry

pytestmark = pytest.mark.django_db

URL = reverse("accounts:password_change")


def test_it_changes_the_password(client, world, login_as):
    login_as(world.officer_bhopal)
    new = "Naya-Password-2027!"
    response = client.post(
        URL, {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change_done")
    world.officer_bhopal.refresh_from_db()
    assert world.officer_bhopal.check_password(new)
    # Still signed in, second factor included.
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert AuditEntry.objects.filter(changes__event="password_changed").exists()


def test_it_rejects_a_weak_password_with_a_clear_message(client, world, login_as):
    world.member_b.refresh_from_db()
    login_as(world.member_b)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        URL,
        {
            "old_password": PASSWORD,
            "new_password1": "password1234",
            "new_password2": "password1234",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["new_password2"]
    assert "Your password must contain a symbol such as - @ # or !." in errors
    assert b"Your password must contain a symbol" in response.content
    world.member_b.refresh_from_db()
    assert world.member_b.check_password(PASSWORD)


def test_it_needs_a_sign_in(client, db):
    assert client.get(URL).url.startswith(reverse("accounts:login"))


def test_the_done_page_shows(client, world, login_as):
    login_as(world.member_a)
    assert client.get(reverse("accounts:password_change_done")).status_code == 200
