import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from samanvay.core.models import AuditEntry
from samanvay.meetings import action_items
from samanvay.meetings.models import ActionItem
from samanvay.meetings.tests.test_minutes_fixtures import make_item, minutes_world
from samanvay.notify.models import Notification


@pytest.fixture
def w(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return minutes_world(world)


def _due(days=7):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _kinds(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


# --- adding ---------------------------------------------------------------------------------


def test_it_adds_an_item_for_an_ngo_and_tells_its_coordinator(w, login_as):
    client = login_as(w.officer_bhopal)

    response = client.post(
        reverse("meetings:action_item_add", args=[w.m_bhopal.pk]),
        {"title": "Hold 10 sessions in schools", "owner_ngo": w.ngo_a.pk, "due_on": _due()},
    )

    item = ActionItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == item.get_absolute_url()
    assert (item.owner_ngo, item.status) == (w.ngo_a, "open")
    assert _kinds(w.coord_a) == ["action_item_assigned"]
    assert _kinds(w.member_a) == []
    assert AuditEntry.objects.filter(action="meeting.action_item_added").exists()


def test_it_tells_the_district_officers_of_an_owner_unit(w):
    action_items.add_action_item(
        actor=w.branch,
        meeting=w.m_state,
        title="Name a nodal officer",
        due_on=timezone.localdate(),
        owner_police_unit=w.wps_indore,
    )

    assert _kinds(w.officer_indore) == ["action_item_assigned"]
    assert _kinds(w.officer_bhopal) == []


def test_it_offers_only_the_invitees_as_owners_to_a_district_officer(w, login_as):
    client = login_as(w.officer_bhopal)

    response = client.get(reverse("meetings:action_item_add", args=[w.m_bhopal.pk]))

    form = response.context["form"]
    assert set(form.fields["owner_person"].queryset) == {w.p_coord_a, w.p_member_a}
    assert set(form.fields["owner_ngo"].queryset) == {w.ngo_a}
    assert set(form.fields["owner_police_unit"].queryset) == {w.wps_bhopal}


def test_it_refuses_an_owner_outside_the_invitees(w, login_as):
    client = login_as(w.officer_bhopal)

    response = client.post(
        reverse("meetings:action_item_add", args=[w.m_bhopal.pk]),
        {"title": "X", "owner_ngo": w.ngo_b.pk, "due_on": _due()},
    )

    assert response.status_code == 200
    assert "owner_ngo" in response.context["form"].errors
    assert not ActionItem.objects.exists()


def test_the_branch_may_choose_any_owner(w, login_as):
    client = login_as(w.branch)

    response = client.post(
        reverse("meetings:action_item_add", args=[w.m_state.pk]),
        {"title": "X", "owner_person": w.p_volunteer_b.pk, "due_on": _due()},
    )

    assert response.status_code == 302
    assert ActionItem.objects.get().owner_person == w.p_volunteer_b


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"owner_ngo": "a", "due_on": -1}, "due_on"),
        ({"due_on": 3}, "__all__"),
        ({"owner_ngo": "a", "owner_person": "a", "due_on": 3}, "__all__"),
    ],
)
def test_it_needs_one_owner_and_a_due_date_not_in_the_past(w, login_as, data, error):
    client = login_as(w.branch)
    post = {"title": "X", "due_on": _due(data["due_on"])}
    if "owner_ngo" in data:
        post["owner_ngo"] = w.ngo_a.pk
    if "owner_person" in data:
        post["owner_person"] = w.p_coord_a.pk

    response = client.post(reverse("meetings:action_item_add", args=[w.m_state.pk]), post)

    assert response.status_code == 200
    assert error in response.context["form"].errors
    assert not ActionItem.objects.exists()


# --- detail and updates ----------------------------------------------------------------------


def test_the_detail_page_shows_meeting_decision_and_status(w, login_as):
    decision = w.m_state.decisions.create(position=1, text="Joint coordination group")
    item = make_item(w.m_state, decision=decision, owner_person=w.p_member_a)
    client = login_as(w.member_a)
    client.cookies["django_language"] = "en"

    response = client.get(item.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "State coordination meeting" in html
    assert "Joint coordination group" in html
    assert response.context["can_update"] is True
    assert response.context["can_reopen"] is False


def test_the_owner_marks_done_with_a_note_and_the_convenor_is_told(w, login_as):
    item = make_item(w.m_state, owner_person=w.p_member_a)
    client = login_as(w.member_a)

    response = client.post(
        reverse("meetings:action_item_update", args=[item.pk]),
        {"action": "done", "note": "Held 12 sessions"},
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.evidence_note, item.closed_by) == (
        "done",
        "Held 12 sessions",
        w.member_a,
    )
    assert _kinds(w.branch) == ["action_item_done"]
    assert AuditEntry.objects.filter(action="meeting.action_item_done").exists()


def test_done_needs_some_evidence(w, login_as):
    item = make_item(w.m_bhopal, owner_ngo=w.ngo_a)
    client = login_as(w.coord_a)

    response = client.post(
        reverse("meetings:action_item_update", args=[item.pk]), {"action": "done", "note": " "}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    item.refresh_from_db()
    assert item.status == "open"


def test_done_with_a_file_is_downloaded_as_an_attachment_only_by_those_who_see_it(
    w, login_as, client
):
    item = make_item(w.m_bhopal, owner_ngo=w.ngo_a)
    login_as(w.coord_a)
    upload = SimpleUploadedFile("photos.html", b"<script>x()</script>", content_type="text/html")

    client.post(
        reverse("meetings:action_item_update", args=[item.pk]),
        {"action": "done", "file": upload},
    )
    response = client.get(reverse("meetings:action_item_evidence", args=[item.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/octet-stream"
    assert b"".join(response.streaming_content) == b"<script>x()</script>"
    login_as(w.officer_indore)
    assert client.get(reverse("meetings:action_item_evidence", args=[item.pk])).status_code == 404


def test_it_refuses_a_file_that_is_too_large(w, login_as, monkeypatch):
    monkeypatch.setattr(action_items, "MAX_EVIDENCE_BYTES", 10)
    item = make_item(w.m_bhopal, owner_ngo=w.ngo_a)
    client = login_as(w.coord_a)

    response = client.post(
        reverse("meetings:action_item_update", args=[item.pk]),
        {"action": "done", "file": SimpleUploadedFile("big.pdf", b"x" * 11)},
    )

    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    item.refresh_from_db()
    assert item.status == "open"


def test_done_with_an_activity_report_the_user_can_see(w, login_as):
    from samanvay.activities.models import ActivityReport

    mine = ActivityReport.objects.create(created_by=w.coord_a, ngo=w.ngo_a, district=w.bhopal)
    other = ActivityReport.objects.create(created_by=w.coord_b, ngo=w.ngo_b, district=w.indore)
    item = make_item(w.m_bhopal, owner_ngo=w.ngo_a)
    client = login_as(w.coord_a)
    url = reverse("meetings:action_item_update", args=[item.pk])

    refused = client.post(url, {"action": "done", "report": other.pk})
    accepted = client.post(url, {"action": "done", "report": mine.pk})

    assert refused.status_code == 200
    assert "report" in refused.context["form"].errors
    assert accepted.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.evidence_report) == ("done", mine)


def test_dropping_needs_a_reason_and_tells_the_convenor(w, login_as):
    item = make_item(w.m_bhopal, owner_ngo=w.ngo_a)
    client = login_as(w.coord_a)
    url = reverse("meetings:action_item_update", args=[item.pk])

    without = client.post(url, {"action": "drop", "reason": ""})
    with_reason = client.post(url, {"action": "drop", "reason": "Merged with Srijan"})

    assert without.status_code == 200
    assert "reason" in without.context["form"].errors
    assert with_reason.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.dropped_reason) == ("dropped", "Merged with Srijan")
    assert _kinds(w.officer_bhopal) == ["action_item_dropped"]


def test_only_managers_reopen(w, login_as, client):
    item = make_item(w.m_bhopal, owner_ngo=w.ngo_a, status="dropped", dropped_reason="r")
    url = reverse("meetings:action_item_update", args=[item.pk])

    login_as(w.coord_a)
    refused = client.post(url, {"action": "reopen"})
    login_as(w.officer_bhopal)
    reopened = client.post(url, {"action": "reopen"})

    assert refused.status_code == 403
    assert reopened.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.dropped_reason) == ("open", "")


def test_a_closed_item_cannot_be_closed_again(w, login_as):
    item = make_item(w.m_bhopal, owner_ngo=w.ngo_a, status="done", evidence_note="x")
    client = login_as(w.coord_a)

    response = client.post(
        reverse("meetings:action_item_update", args=[item.pk]),
        {"action": "drop", "reason": "late"},
    )

    assert response.status_code == 200
    item.refresh_from_db()
    assert item.status == "done"


# --- my action items ---------------------------------------------------------------------------


def test_my_action_items_lists_open_items_owned_directly_or_through_an_organisation(w):
    mine = make_item(w.m_state, owner_person=w.p_officer_bhopal, due_in_days=5)
    unit = make_item(w.m_state, owner_police_unit=w.ps_bhopal, due_in_days=1)
    overdue = make_item(w.m_state, owner_police_unit=w.wps_bhopal, due_in_days=3)
    ActionItem.objects.filter(pk=overdue.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=4)
    )
    make_item(w.m_state, owner_police_unit=w.wps_indore)
    make_item(w.m_state, owner_police_unit=w.wps_bhopal, status="done", evidence_note="x")
    ngo = make_item(w.m_state, owner_ngo=w.ngo_a)

    assert list(action_items.open_action_items_for(w.officer_bhopal)) == [overdue, unit, mine]
    assert list(action_items.open_action_items_for(w.coord_a)) == [ngo]
    assert list(action_items.open_action_items_for(w.member_a)) == []
    assert list(action_items.open_action_items_for(w.observer)) == []


def test_the_page_lists_them_overdue_first(w, login_as, django_assert_max_num_queries):
    soon = make_item(w.m_state, owner_ngo=w.ngo_a, title="Soon", due_in_days=2)
    late = make_item(w.m_bhopal, owner_ngo=w.ngo_a, title="Late")
    ActionItem.objects.filter(pk=late.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    client = login_as(w.coord_a)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("meetings:my_action_items"))

    items = list(response.context["page"].object_list)
    assert items == [late, soon]
    assert items[0].is_overdue and not items[1].is_overdue


def test_the_fragment_shows_the_count_and_the_three_most_urgent(w):
    for days in (9, 1, 5, 3):
        make_item(w.m_state, owner_ngo=w.ngo_a, title=f"Due in {days}", due_in_days=days)
    request = RequestFactory().get("/")
    request.user = w.coord_a

    html = render_to_string("meetings/fragment_my_action_items.html", {}, request=request)

    assert '<span class="badge">4</span>' in html
    assert "Due in 1" in html and "Due in 3" in html and "Due in 5" in html
    assert "Due in 9" not in html


def test_the_fragment_is_empty_without_open_items(w):
    request = RequestFactory().get("/")
    request.user = w.member_b

    html = render_to_string("meetings/fragment_my_action_items.html", {}, request=request)

    assert html.strip() == ""


def test_the_start_page_shows_my_action_items_and_the_menu_offers_meetings(w, login_as):
    make_item(w.m_state, owner_ngo=w.ngo_a, title="Train 20 volunteers", due_in_days=2)

    html = login_as(w.coord_a).get("/").content.decode()

    assert "Train 20 volunteers" in html
    assert reverse("meetings:my_action_items") in html
    assert f'href="{reverse("meetings:meeting_list")}"' in html


def test_observers_are_not_offered_meetings(w, login_as):
    html = login_as(w.observer).get("/").content.decode()

    assert f'href="{reverse("meetings:meeting_list")}"' not in html
