import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from samanvay.conftest import PASSWORD

pytestmark = pytest.mark.django_db

URL = reverse("accounts:password_reset")


@pytest.fixture
def rendered_languages(monkeypatch):
    """The language active while each part of the reset mail was rendered."""
    from django.contrib.auth import forms

    seen = []
    original = forms.loader.render_to_string

    def spy(template_name, context=None, *args, **kwargs):
        seen.append((template_name, translation.get_language()))
        return original(template_name, context, *args, **kwargs)

    monkeypatch.setattr(forms.loader, "render_to_string", spy)
    return seen


def reset_link(message) -> str:
    return re.search(r"https?://\S+/accounts/password/reset/\S+/", message.body).group(0)


def test_it_sends_a_reset_email(client, world):
    response = client.post(URL, {"email": "member_b@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["member_b@example.org"]
    assert reset_link(message).startswith(settings.SITE_URL)
    assert "member_b" in message.body


def test_an_unknown_address_looks_the_same_but_sends_nothing(client, world):
    response = client.post(URL, {"email": "nobody@example.org"})
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_the_email_is_in_english_for_an_english_user(client, world, rendered_languages):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    client.post(URL, {"email": "member_b@example.org"})
    assert {lang for _name, lang in rendered_languages} == {"en"}
    assert mail.outbox[0].subject == "Set a new Samanvay password"
    assert mail.outbox[0].body.startswith("Hello Member B,")


def test_the_email_is_in_hindi_for_a_hindi_user(client, world, rendered_languages):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.post(URL, {"email": "member_a@example.org"})
    assert {name for name, _lang in rendered_languages} == {
        "accounts/password_reset_subject.txt",
        "accounts/password_reset_email.txt",
    }
    assert {lang for _name, lang in rendered_languages} == {"hi"}
    with translation.override("hi"):
        assert mail.outbox[0].subject == translation.gettext("Set a new Samanvay password")


def test_the_link_sets_a_new_password_and_ends_a_lockout(client, world):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "member_a", "password": "wrong-1-x"})
    assert AccessAttempt.objects.filter(username="member_a").exists()

    client.post(URL, {"email": "member_a@example.org"})
    link = reset_link(mail.outbox[0]).removeprefix(settings.SITE_URL)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"] is True
    new = "Naya-Password-2027!"
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert response.url == reverse("accounts:password_reset_complete")
    world.member_a.refresh_from_db()
    assert world.member_a.check_password(new)
    assert not AccessAttempt.objects.filter(username="member_a").exists()
    response = client.post(reverse("accounts:login"), {"username": "member_a", "password": new})
    assert response.status_code == 302


def test_a_used_link_does_not_work_again(client, world):
    client.post(URL, {"email": "member_a@example.org"})
    link = reset_link(mail.outbox[0]).removeprefix(settings.SITE_URL)
    page = client.get(link, follow=True)
    new = "Naya-Password-2027!"
    client.post(page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    again = client.get(link, follow=True)
    assert again.context["validlink"] is False
    world.member_a.refresh_from_db()
    assert not world.member_a.check_password(PASSWORD)


def test_the_reset_pages_show(client, db):
    for name in ("password_reset", "password_reset_done", "password_reset_complete"):
        assert client.get(reverse(f"accounts:{name}")).status_code == 200
