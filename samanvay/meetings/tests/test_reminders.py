import datetime
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from samanvay.meetings import action_items
from samanvay.meetings.models import ActionItem
from samanvay.meetings.tests.test_minutes_fixtures import minutes_world
from samanvay.notify.models import Notification

IST = zoneinfo.ZoneInfo("Asia/Kolkata")
DUE = datetime.date(2026, 12, 10)


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=IST)


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture
def w(world):
    return minutes_world(world)


@pytest.fixture
def item(w):
    return ActionItem.objects.create(
        meeting=w.m_bhopal, title="Train volunteers", owner_ngo=w.ngo_a, due_on=DUE
    )


def sent(kind, user=None):
    notes = Notification.objects.filter(kind=kind)
    if user is not None:
        notes = notes.filter(recipient=user)
    return notes.count()


def run(now):
    with time_machine.travel(now, tick=False):
        return action_items.run_reminders(timezone.now())


def test_it_reminds_the_owner_three_days_before_and_not_twice(w, item):
    assert run(at(DUE - days(4)))["reminded"] == 0
    assert run(at(DUE - days(3)))["reminded"] == 1
    assert run(at(DUE - days(3), hour=15))["reminded"] == 0

    assert sent("action_item_due", w.coord_a) == 1
    item.refresh_from_db()
    assert item.reminded_at == at(DUE - days(3))


def test_it_reminds_again_on_the_due_date(w, item):
    run(at(DUE - days(3)))
    assert run(at(DUE - days(1)))["reminded"] == 0
    assert run(at(DUE))["reminded"] == 1
    assert run(at(DUE, hour=23))["reminded"] == 0

    assert sent("action_item_due", w.coord_a) == 2


def test_it_escalates_to_the_convenor_the_day_after_due_and_only_once(w, item):
    assert run(at(DUE, hour=23))["escalated"] == 0
    assert run(at(DUE + days(1), hour=0))["escalated"] == 1
    assert run(at(DUE + days(2)))["escalated"] == 0

    assert sent("action_item_overdue", w.officer_bhopal) == 1
    assert sent("action_item_overdue") == 1
    item.refresh_from_db()
    assert item.escalated_at is not None


@pytest.mark.parametrize("status", ["done", "dropped"])
def test_it_leaves_closed_items_alone(w, item, status):
    ActionItem.objects.filter(pk=item.pk).update(
        status=status, dropped_reason="r", evidence_note="x"
    )

    for day in (DUE - days(3), DUE, DUE + days(1), DUE + days(5)):
        counts = run(at(day))
        assert counts["reminded"] == counts["escalated"] == 0

    assert Notification.objects.count() == 0


def test_the_command_runs_everything(w, item, capsys):
    with time_machine.travel(at(DUE + days(1)), tick=False):
        call_command("send_meeting_reminders")

    assert "escalated: 1" in capsys.readouterr().out
    assert sent("action_item_overdue") == 1


def test_it_calls_the_meeting_reminder_service_when_there_is_one(w, monkeypatch):
    from samanvay.meetings import services

    reminded = []
    monkeypatch.setattr(
        services, "upcoming_meetings_needing_reminder", lambda now: [w.m_state], raising=False
    )
    monkeypatch.setattr(services, "send_meeting_reminder", reminded.append, raising=False)

    assert action_items.send_meeting_reminders(timezone.now()) == 1
    assert reminded == [w.m_state]


def test_it_tolerates_a_meeting_service_without_reminders(monkeypatch):
    from samanvay.meetings import services

    monkeypatch.delattr(services, "upcoming_meetings_needing_reminder", raising=False)

    assert action_items.send_meeting_reminders(timezone.now()) == 0
