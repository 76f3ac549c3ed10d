"""The demo data holds the state coordination meeting of DESIGN.md, once, with its decisions and
action items, and its minutes render as a PDF."""

import io

import pytest
from pypdf import PdfReader

from samanvay.core.demo import load_demo_data
from samanvay.core.demo_meetings import MEETING_TITLE
from samanvay.meetings.models import ActionItem, Invitation, Meeting
from samanvay.meetings.pdf import attendance_summary, render_minutes_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_meeting():
    load_demo_data()
    return Meeting.objects.get(title=MEETING_TITLE)


def test_loading_twice_keeps_one_meeting(demo_meeting):
    counts = (Invitation.objects.count(), ActionItem.objects.count())

    load_demo_data()

    assert Meeting.objects.filter(title=MEETING_TITLE).count() == 1
    assert (Invitation.objects.count(), ActionItem.objects.count()) == counts


def test_the_meeting_is_the_state_meeting_at_police_hq(demo_meeting):
    assert demo_meeting.level == Meeting.Level.STATE
    assert demo_meeting.status == Meeting.Status.HELD
    assert demo_meeting.venue == "पुलिस मुख्यालय सभागार, भोपाल"
    assert demo_meeting.convening_unit.kind == "hq_branch"
    assert demo_meeting.convenor.username == "branch.demo"
    assert demo_meeting.agenda.count() >= 4
    assert "42" in demo_meeting.attendance_note


def test_it_records_the_two_decisions_with_owned_action_items(demo_meeting):
    first, second = demo_meeting.decisions.all()

    assert all(name in first.text for name in ["संबल", "सृजन", "अभिमन्यु", "चेतना"])
    assert "संयुक्त समन्वय समूह" in second.text
    items = list(demo_meeting.action_items.all())
    assert {item.decision_id for item in items} == {first.pk, second.pk}
    owners = {(i.owner_police_unit and i.owner_police_unit.kind, bool(i.owner_ngo)) for i in items}
    assert ("hq_branch", False) in owners
    assert ("women_police_station", False) in owners
    assert (None, True) in owners
    done = [item for item in items if item.status == ActionItem.Status.DONE]
    assert len(done) == 1
    assert done[0].evidence_note
    assert all(item.due_on > demo_meeting.starts_at.date() for item in items)


def test_attendance_reads_about_seventy_ngo_members_and_every_wps(demo_meeting):
    summary = attendance_summary(demo_meeting)

    assert summary.ngos_represented == 12
    assert summary.ngo_members_present == 70
    assert summary.wps_in_charges_present >= 4
    assert summary.wps_represented == 55
    assert demo_meeting.invitations.filter(attended=True).count() == summary.invited


def test_the_demo_meeting_renders_as_pdf(demo_meeting):
    content = render_minutes_pdf(demo_meeting, language="hi")

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "समन्वय" in text
    assert "अभयान" in text.replace("\u093f", "")  # pypdf may misplace the short i
