import datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from samanvay.core.models import AuditEntry
from samanvay.meetings import action_items
from samanvay.meetings.models import ActionItem, Decision
from samanvay.meetings.tests.test_minutes_fixtures import make_item, minutes_world


@pytest.fixture
def w(world):
    return minutes_world(world)


def test_it_adds_decisions_in_order_with_an_audit_entry(w, login_as):
    client = login_as(w.branch)
    url = reverse("meetings:decision_add", args=[w.m_state.pk])

    first = client.post(url, {"text": "Run the four campaigns in every district"})
    second = client.post(url, {"text": "Form a joint coordination group"})

    assert first.status_code == second.status_code == 302
    decisions = list(w.m_state.decisions.values_list("position", "text"))
    assert decisions == [
        (1, "Run the four campaigns in every district"),
        (2, "Form a joint coordination group"),
    ]
    assert AuditEntry.objects.filter(action="meeting.decision_added").count() == 2


def test_it_keeps_a_given_number(w, login_as):
    client = login_as(w.officer_bhopal)

    client.post(
        reverse("meetings:decision_add", args=[w.m_bhopal.pk]), {"text": "X", "position": 7}
    )

    assert w.m_bhopal.decisions.get().position == 7


def test_it_requires_the_text(w, login_as):
    client = login_as(w.branch)

    response = client.post(reverse("meetings:decision_add", args=[w.m_state.pk]), {"text": ""})

    assert response.status_code == 200
    assert "text" in response.context["form"].errors
    assert not Decision.objects.exists()


def test_it_refuses_decisions_from_the_district_officer_on_a_state_meeting(w, login_as):
    client = login_as(w.officer_bhopal)

    response = client.post(reverse("meetings:decision_add", args=[w.m_state.pk]), {"text": "X"})

    assert response.status_code == 403
    assert not Decision.objects.exists()


def _progress_world(w):
    today = timezone.localdate()
    campaigns = Decision.objects.create(meeting=w.m_state, position=1, text="Four campaigns")
    group = Decision.objects.create(meeting=w.m_state, position=2, text="Joint group")
    make_item(w.m_state, decision=campaigns, owner_ngo=w.ngo_a, status="done", evidence_note="ok")
    make_item(w.m_state, decision=campaigns, owner_ngo=w.ngo_b)
    overdue = make_item(w.m_state, decision=campaigns, owner_police_unit=w.wps_bhopal)
    ActionItem.objects.filter(pk=overdue.pk).update(due_on=today - datetime.timedelta(days=2))
    make_item(w.m_state, owner_person=w.p_member_a, title="Loose item")
    return campaigns, group


def test_it_counts_each_decisions_progress(w):
    campaigns, group = _progress_world(w)

    rows = action_items.decisions_with_progress(w.m_state)

    assert [(r.decision, r.done, r.open, r.overdue) for r in rows] == [
        (campaigns, 1, 2, 1),
        (group, 0, 0, 0),
        (None, 0, 1, 0),
    ]


def test_the_fragment_shows_progress_in_a_fixed_number_of_queries(w, django_assert_max_num_queries):
    _progress_world(w)
    request = RequestFactory().get("/")
    request.user = w.branch
    # The menu's context processors cache what they read (e.g. the group's unread count); a first
    # rendering fills those caches, so the count below is the fragment's own.
    render_to_string("meetings/fragment_decisions.html", {"meeting": w.m_state}, request=request)

    with translation.override("en"), django_assert_max_num_queries(3):
        html = render_to_string(
            "meetings/fragment_decisions.html", {"meeting": w.m_state}, request=request
        )

    assert "Four campaigns" in html
    assert "Done: 1 · Open: 2 · Overdue: 1" in html
    assert "Loose item" in html
    assert reverse("meetings:decision_add", args=[w.m_state.pk]) in html


def test_the_fragment_hides_the_add_links_from_invitees(w):
    _progress_world(w)
    request = RequestFactory().get("/")
    request.user = w.coord_a

    html = render_to_string(
        "meetings/fragment_decisions.html", {"meeting": w.m_state}, request=request
    )

    assert reverse("meetings:decision_add", args=[w.m_state.pk]) not in html
