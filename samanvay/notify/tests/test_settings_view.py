"""/inbox/settings/: a person chooses their media and quiet hours."""

from datetime import time

from django.urls import reverse

from samanvay.core.models import AuditEntry
from samanvay.notify.models import Preference


def test_the_page_is_in_hindi_with_a_label_on_every_field(world, login_as):
    client = login_as(world.coord_a)

    page = client.get(reverse("notify:settings")).content.decode()

    assert "सूचना सेटिंग" in page
    for field in ("whatsapp", "sms", "email", "quiet_from", "quiet_until"):
        assert f'id="id_{field}"' in page
    assert page.count("<label") >= 5


def test_the_page_is_in_english_for_an_english_reader(world, login_as, settings):
    client = login_as(world.member_b)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get(reverse("notify:settings")).content.decode()

    assert "Notification settings" in page
    assert "Quiet hours from" in page


def test_saving_keeps_the_choice_and_is_audited(world, login_as):
    client = login_as(world.member_b)

    response = client.post(
        reverse("notify:settings"),
        {"whatsapp": "on", "email": "on", "quiet_from": "22:00", "quiet_until": "06:30"},
    )

    assert response.status_code == 302
    preference = Preference.objects.get(user=world.member_b)
    assert (preference.whatsapp, preference.sms, preference.email) == (True, False, True)
    assert (preference.quiet_from, preference.quiet_until) == (time(22, 0), time(6, 30))
    assert AuditEntry.objects.filter(action="notify.save_preference").exists()
    page = client.get(reverse("notify:settings")).content.decode()
    assert 'value="22:00"' in page


def test_half_of_the_quiet_hours_is_refused(world, login_as):
    client = login_as(world.member_b)

    response = client.post(reverse("notify:settings"), {"quiet_from": "22:00"})

    assert response.status_code == 200
    assert "शांत समय का आरंभ और अंत दोनों दें, या कोई भी नहीं।" in response.content.decode()
    assert not Preference.objects.filter(user=world.member_b).exists()
