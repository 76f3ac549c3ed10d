import pytest
from django.urls import reverse

from samanvay.core.models import AuditEntry
from samanvay.meetings.action_items import sanitise_minutes
from samanvay.meetings.tests.test_minutes_fixtures import minutes_world


@pytest.fixture
def w(world):
    return minutes_world(world)


def test_it_removes_scripts_styles_attributes_and_links():
    dirty = (
        '<p onclick="steal()" class="x">Hello <strong>all</strong></p>'
        "<script>alert(1)</script><style>p{}</style>"
        '<a href="javascript:alert(1)">click</a><img src=x onerror=alert(1)>'
        '<h3 style="color:red">Decisions</h3><ul><li><em>one</em></li></ul>'
    )

    clean = sanitise_minutes(dirty)

    assert clean == (
        "<p>Hello <strong>all</strong></p>click<h3>Decisions</h3><ul><li><em>one</em></li></ul>"
    )


def test_it_reads_plain_text_as_paragraphs_lists_and_bold():
    text = "### Agenda\n\nFirst **point** & more\nsecond line\n\n- one\n- two\n\n1. a\n2. b"

    clean = sanitise_minutes(text)

    assert clean == (
        "<h3>Agenda</h3><p>First <strong>point</strong> &amp; more<br>second line</p>"
        "<ul><li>one</li><li>two</li></ul><ol><li>a</li><li>b</li></ol>"
    )


def test_it_escapes_markup_hidden_in_plain_text():
    assert "<script" not in sanitise_minutes("**<script>x</script>**")


def test_it_saves_sanitised_minutes_with_an_audit_entry(w, login_as):
    client = login_as(w.officer_bhopal)

    response = client.post(
        reverse("meetings:minutes_edit", args=[w.m_bhopal.pk]),
        {"minutes": "<p>Met <b>42</b> NGOs</p><script>x()</script>"},
    )

    assert response.status_code == 302
    w.m_bhopal.refresh_from_db()
    assert w.m_bhopal.minutes == "<p>Met 42 NGOs</p>"
    assert w.m_bhopal.minutes_updated_at is not None
    assert AuditEntry.objects.filter(
        action="meeting.minutes_saved", object_id=str(w.m_bhopal.pk)
    ).exists()


def test_it_shows_the_current_minutes_in_the_form(w, login_as):
    w.m_state.minutes = "<p>Earlier text</p>"
    w.m_state.save()
    client = login_as(w.branch)

    response = client.get(reverse("meetings:minutes_edit", args=[w.m_state.pk]))

    assert response.status_code == 200
    assert "Earlier text" in response.content.decode()


def test_it_refuses_minutes_from_an_invitee_who_does_not_manage(w, login_as):
    client = login_as(w.coord_a)

    response = client.post(
        reverse("meetings:minutes_edit", args=[w.m_bhopal.pk]), {"minutes": "mine"}
    )

    assert response.status_code == 403
    w.m_bhopal.refresh_from_db()
    assert w.m_bhopal.minutes == ""
