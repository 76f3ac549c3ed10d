"""Minutes, decisions and action items of meetings: the writes (services), the reads (selectors),
and the reminders and escalations that keep an action item from being forgotten.

Every write is atomic, audited, and notifies only after its transaction commits (notify does that).
Functions that depend on the time take `now`, so tests (and the management command) control it.
"""

from __future__ import annotations

import datetime
import html
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import nh3
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samanvay.accounts import rules
from samanvay.accounts.models import Role, User
from samanvay.core.audit import record
from samanvay.meetings.models import ActionItem, Decision, Meeting
from samanvay.notify.services import notify

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from samanvay.activities.models import ActivityReport

REMINDER_DAYS_BEFORE = 3
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
MAX_MINUTES_CHARS = 100_000

MINUTES_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "h3", "h4"}

DUE_IN_PAST = _("The due date cannot be in the past.")
ONE_OWNER = _("Choose one owner: a person, a police unit or an NGO.")
NEED_EVIDENCE = _("Add what was done: a note, a file or an activity report.")
NEED_REASON = _("Say why the action item is dropped.")
NOT_OPEN = _("This action item is not open any more.")
NOT_CLOSED = _("This action item is already open.")
FILE_TOO_LARGE = _("The file is too large (more than %(megabytes)s MB).")
WRONG_MEETING = _("This decision belongs to another meeting.")


# --- minutes -----------------------------------------------------------------------------------

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])_(.+?)_(?![\w])")
_BULLET = re.compile(r"^\s*[-*•]\s+")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+")


def _inline(text: str) -> str:
    text = html.escape(text, quote=False)
    text = _BOLD.sub(r"<strong>\1</strong>", text)
    return _ITALIC.sub(r"<em>\1</em>", text)


def _markdown_subset(text: str) -> str:
    """Plain text with a little markup: blank-line paragraphs, "- " and "1. " lists, "### " and
    "#### " headings, **bold** and _italic_. Anything else stays text."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    out = []
    for block in blocks:
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if all(_BULLET.match(line) for line in lines):
            items = "".join(f"<li>{_inline(_BULLET.sub('', line))}</li>" for line in lines)
            out.append(f"<ul>{items}</ul>")
        elif all(_NUMBERED.match(line) for line in lines):
            items = "".join(f"<li>{_inline(_NUMBERED.sub('', line))}</li>" for line in lines)
            out.append(f"<ol>{items}</ol>")
        elif len(lines) == 1 and lines[0].startswith("#### "):
            out.append(f"<h4>{_inline(lines[0][5:])}</h4>")
        elif len(lines) == 1 and lines[0].startswith("### "):
            out.append(f"<h3>{_inline(lines[0][4:])}</h3>")
        else:
            out.append("<p>" + "<br>".join(_inline(line) for line in lines) + "</p>")
    return "".join(out)


def sanitise_minutes(text: str) -> str:
    """Minutes as safe HTML: simple HTML is kept to a few tags without attributes; text without
    tags is read as the small markdown-like subset. Scripts and styles go with their content."""
    text = (text or "").strip()
    if not text:
        return ""
    if not re.search(r"<[a-zA-Z/]", text):
        text = _markdown_subset(text)
    return nh3.clean(
        text,
        tags=MINUTES_TAGS,
        clean_content_tags={"script", "style"},
        attributes={},
        url_schemes=set(),
        link_rel=None,
    ).strip()


@transaction.atomic
def save_minutes(*, actor: User, meeting: Meeting, text: str) -> Meeting:
    before = meeting.minutes
    meeting.minutes = sanitise_minutes(text)
    if len(meeting.minutes) > MAX_MINUTES_CHARS:
        raise ValidationError({"minutes": _("The minutes are too long.")})
    meeting.minutes_updated_at = timezone.now()
    meeting.save(update_fields=["minutes", "minutes_updated_at", "updated_at"])
    record(
        actor=actor,
        action="meeting.minutes_saved",
        instance=meeting,
        changes={"minutes": [len(before), len(meeting.minutes)]},
    )
    return meeting


# --- decisions ---------------------------------------------------------------------------------


@transaction.atomic
def add_decision(
    *, actor: User, meeting: Meeting, text: str, position: int | None = None
) -> Decision:
    if position is None:
        last = meeting.decisions.order_by("-position").values_list("position", flat=True).first()
        position = (last or 0) + 1
    decision = Decision(meeting=meeting, text=text.strip(), position=position)
    decision.full_clean()
    decision.save()
    record(
        actor=actor,
        action="meeting.decision_added",
        instance=decision,
        changes={"meeting": meeting.pk, "position": position},
    )
    return decision


# --- action items: who owns them ---------------------------------------------------------------


def owned_by(user: User) -> Q:
    """Action items a user owns: as the person, as coordinator of the owner NGO, as district
    officer of the owner unit's district (the branch owns the HQ branch's)."""
    if not user.is_authenticated:
        return rules.NOTHING
    q = Q(owner_person__user_id=user.pk)
    role = rules.role_of(user)
    if role == Role.NGO_COORDINATOR and user.ngo_id:
        q |= Q(owner_ngo_id=user.ngo_id)
    if role == Role.DISTRICT_OFFICER and user.district_id:
        q |= Q(owner_police_unit__district_id=user.district_id)
    if rules.is_statewide(user):
        q |= Q(owner_police_unit__kind="hq_branch")
    return q


def owner_users(item: ActionItem) -> list[User]:
    """The accounts that answer for an action item (the mirror of `owned_by`)."""
    users = User.objects.none()
    if item.owner_person_id:
        users = User.objects.filter(person__pk=item.owner_person_id)
    elif item.owner_ngo_id:
        users = User.objects.filter(role=Role.NGO_COORDINATOR, ngo_id=item.owner_ngo_id)
    elif item.owner_police_unit_id:
        unit = item.owner_police_unit
        if unit.district_id:
            users = User.objects.filter(role=Role.DISTRICT_OFFICER, district_id=unit.district_id)
        else:
            users = User.objects.filter(role=Role.BRANCH)
    return list(users.filter(is_active=True).order_by("pk"))


def owner_name(item: ActionItem) -> str:
    if item.owner_person_id:
        return item.owner_person.name
    if item.owner_ngo_id:
        return item.owner_ngo.name
    if item.owner_police_unit_id:
        return item.owner_police_unit.name
    return ""


# --- action items: reads -----------------------------------------------------------------------


def meetings_visible_to(user: User) -> QuerySet:
    visible = Meeting.objects.filter(rules.visible_meetings(user)).values("pk")
    return Meeting.objects.filter(pk__in=visible)


def get_meeting_for_user(user: User, pk: int) -> Meeting:
    return get_object_or_404(meetings_visible_to(user).select_related("convenor"), pk=pk)


def action_items_visible_to(user: User) -> QuerySet:
    """Items of the meetings a user can see, and the items they own."""
    visible = Meeting.objects.filter(rules.visible_meetings(user)).values("pk")
    owned = owned_by(user)
    scope = Q(meeting__in=visible) if owned is rules.NOTHING else Q(meeting__in=visible) | owned
    return ActionItem.objects.filter(pk__in=ActionItem.objects.filter(scope).values("pk"))


def _with_related(items: QuerySet) -> QuerySet:
    return items.select_related(
        "meeting",
        "decision",
        "owner_person",
        "owner_police_unit",
        "owner_ngo",
        "campaign",
        "district",
    )


def get_action_item_for_user(user: User, pk: int) -> ActionItem:
    items = _with_related(action_items_visible_to(user)).select_related(
        "evidence_report", "closed_by", "meeting__convenor"
    )
    return get_object_or_404(items, pk=pk)


def open_action_items_for(user: User) -> QuerySet:
    """The open items the user owns, the most urgent (overdue) first."""
    owned = owned_by(user)
    if owned is rules.NOTHING:
        return ActionItem.objects.none()
    ids = ActionItem.objects.filter(owned, status=ActionItem.Status.OPEN).values("pk")
    return _with_related(ActionItem.objects.filter(pk__in=ids)).order_by("due_on", "pk")


@dataclass
class DecisionProgress:
    decision: Decision | None
    items: list[ActionItem] = field(default_factory=list)
    done: int = 0
    open: int = 0
    overdue: int = 0
    dropped: int = 0

    @property
    def total(self) -> int:
        return self.done + self.open + self.dropped


def decisions_with_progress(
    meeting: Meeting, *, today: datetime.date | None = None
) -> list[DecisionProgress]:
    """Each decision with its action items and counts (open counts overdue ones too); items
    without a decision come last under `decision=None`. Two queries, whatever the size."""
    today = today or timezone.localdate()
    progress = {d.pk: DecisionProgress(decision=d) for d in meeting.decisions.all()}
    loose = DecisionProgress(decision=None)
    items = _with_related(ActionItem.objects.filter(meeting=meeting)).order_by("due_on", "pk")
    for item in items:
        row = progress.get(item.decision_id, loose)
        item.is_overdue = item.status == ActionItem.Status.OPEN and item.due_on < today
        row.items.append(item)
        if item.status == ActionItem.Status.DONE:
            row.done += 1
        elif item.status == ActionItem.Status.DROPPED:
            row.dropped += 1
        else:
            row.open += 1
            row.overdue += item.is_overdue
    rows = list(progress.values())
    if loose.items:
        rows.append(loose)
    return rows


def mark_overdue(items, *, today: datetime.date | None = None) -> list[ActionItem]:
    today = today or timezone.localdate()
    items = list(items)
    for item in items:
        item.is_overdue = item.status == ActionItem.Status.OPEN and item.due_on < today
    return items


# --- action items: writes ----------------------------------------------------------------------


def _context(item: ActionItem, **extra) -> dict:
    return {
        "item": item.title,
        "meeting": item.meeting.title,
        "due_on": item.due_on.isoformat(),
        **extra,
    }


@transaction.atomic
def add_action_item(
    *,
    actor: User,
    meeting: Meeting,
    title: str,
    due_on: datetime.date,
    owner_person=None,
    owner_police_unit=None,
    owner_ngo=None,
    decision: Decision | None = None,
    campaign=None,
    district=None,
    today: datetime.date | None = None,
) -> ActionItem:
    today = today or timezone.localdate()
    if sum(o is not None for o in (owner_person, owner_police_unit, owner_ngo)) != 1:
        raise ValidationError(ONE_OWNER, code="owner")
    if due_on < today:
        raise ValidationError({"due_on": DUE_IN_PAST})
    if decision is not None and decision.meeting_id != meeting.pk:
        raise ValidationError({"decision": WRONG_MEETING})
    item = ActionItem(
        meeting=meeting,
        decision=decision,
        title=title.strip(),
        due_on=due_on,
        owner_person=owner_person,
        owner_police_unit=owner_police_unit,
        owner_ngo=owner_ngo,
        campaign=campaign,
        district=district,
    )
    item.full_clean()
    item.save()
    record(
        actor=actor,
        action="meeting.action_item_added",
        instance=item,
        changes={
            "meeting": meeting.pk,
            "owner": owner_name(item),
            "due_on": due_on.isoformat(),
        },
    )
    notify(
        recipients=owner_users(item),
        kind="action_item_assigned",
        context=_context(item),
        url=item.get_absolute_url(),
        actor=actor,
    )
    return item


def _lock(item: ActionItem) -> ActionItem:
    """The row as it is now, locked for this transaction (two people may act at once)."""
    return ActionItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)


@transaction.atomic
def mark_action_item_done(
    *,
    actor: User,
    item: ActionItem,
    note: str = "",
    file: UploadedFile | None = None,
    report: ActivityReport | None = None,
) -> ActionItem:
    current = _lock(item)
    if current.status != ActionItem.Status.OPEN:
        raise ValidationError(NOT_OPEN, code="not_open")
    note = (note or "").strip()
    if not (note or file or report):
        raise ValidationError(NEED_EVIDENCE, code="evidence")
    if file is not None and file.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            FILE_TOO_LARGE, code="too_large", params={"megabytes": MAX_EVIDENCE_BYTES // 2**20}
        )
    if report is not None:
        from samanvay.activities.models import ActivityReport

        if not ActivityReport.objects.filter(rules.visible_reports(actor), pk=report.pk).exists():
            raise ValidationError({"report": _("Choose an activity report you can see.")})
    current.status = ActionItem.Status.DONE
    current.evidence_note = note
    current.evidence_report = report
    if file is not None:
        current.evidence_file.save(file.name, file, save=False)
    current.closed_at = timezone.now()
    current.closed_by = actor
    current.full_clean()
    current.save(
        update_fields=[
            "status",
            "evidence_note",
            "evidence_report",
            "evidence_file",
            "closed_at",
            "closed_by",
        ]
    )
    record(
        actor=actor,
        action="meeting.action_item_done",
        instance=current,
        changes={
            "status": ["open", "done"],
            "evidence": {
                "note": bool(note),
                "file": bool(file),
                "report": report.pk if report else None,
            },
        },
    )
    notify(
        recipients=[current.meeting.convenor],
        kind="action_item_done",
        context=_context(current, owner=owner_name(current)),
        url=current.get_absolute_url(),
        actor=actor,
    )
    return current


@transaction.atomic
def drop_action_item(*, actor: User, item: ActionItem, reason: str) -> ActionItem:
    current = _lock(item)
    if current.status != ActionItem.Status.OPEN:
        raise ValidationError(NOT_OPEN, code="not_open")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": NEED_REASON})
    current.status = ActionItem.Status.DROPPED
    current.dropped_reason = reason
    current.closed_at = timezone.now()
    current.closed_by = actor
    current.full_clean()
    current.save(update_fields=["status", "dropped_reason", "closed_at", "closed_by"])
    record(
        actor=actor,
        action="meeting.action_item_dropped",
        instance=current,
        changes={"status": ["open", "dropped"], "reason": reason},
    )
    notify(
        recipients=[current.meeting.convenor],
        kind="action_item_dropped",
        context=_context(current, owner=owner_name(current), reason=reason),
        url=current.get_absolute_url(),
        actor=actor,
    )
    return current


@transaction.atomic
def reopen_action_item(*, actor: User, item: ActionItem) -> ActionItem:
    """Back to open (managers only; the view checks). The evidence is kept for the record in
    the audit log, the reason cleared; reminders and escalation start again."""
    current = _lock(item)
    if current.status == ActionItem.Status.OPEN:
        raise ValidationError(NOT_CLOSED, code="open")
    before = current.status
    current.status = ActionItem.Status.OPEN
    current.dropped_reason = ""
    current.closed_at = None
    current.closed_by = None
    current.reminded_at = None
    current.escalated_at = None
    current.full_clean()
    current.save(
        update_fields=[
            "status",
            "dropped_reason",
            "closed_at",
            "closed_by",
            "reminded_at",
            "escalated_at",
        ]
    )
    record(
        actor=actor,
        action="meeting.action_item_reopened",
        instance=current,
        changes={"status": [before, "open"]},
    )
    return current


# --- reminders and escalation ------------------------------------------------------------------


def _start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def send_due_reminders(now: datetime.datetime) -> int:
    """Remind owners of open items due in REMINDER_DAYS_BEFORE days, and again on the due date;
    at most once a day per item (a conditional UPDATE claims it, so parallel runs cannot both
    send). Returns how many items were reminded."""
    today = timezone.localdate(now)
    due_days = [today + datetime.timedelta(days=REMINDER_DAYS_BEFORE), today]
    not_today = Q(reminded_at__isnull=True) | Q(reminded_at__lt=_start_of_day(today))
    candidates = ActionItem.objects.filter(
        not_today, status=ActionItem.Status.OPEN, due_on__in=due_days
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(candidates):
        with transaction.atomic():
            claimed = ActionItem.objects.filter(
                not_today, pk=pk, status=ActionItem.Status.OPEN
            ).update(reminded_at=now)
            if not claimed:
                continue
            item = _with_related(ActionItem.objects.filter(pk=pk)).get()
            notify(
                recipients=owner_users(item),
                kind="action_item_due",
                context=_context(item, days=(item.due_on - today).days),
                url=item.get_absolute_url(),
            )
            sent += 1
    return sent


def escalate_overdue(now: datetime.datetime) -> int:
    """Tell the meeting's convenor, once, about each open item past its due date."""
    today = timezone.localdate(now)
    candidates = ActionItem.objects.filter(
        status=ActionItem.Status.OPEN, due_on__lt=today, escalated_at__isnull=True
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(candidates):
        with transaction.atomic():
            claimed = ActionItem.objects.filter(
                pk=pk, status=ActionItem.Status.OPEN, escalated_at__isnull=True
            ).update(escalated_at=now)
            if not claimed:
                continue
            item = (
                _with_related(ActionItem.objects.filter(pk=pk))
                .select_related("meeting__convenor")
                .get()
            )
            notify(
                recipients=[item.meeting.convenor],
                kind="action_item_overdue",
                context=_context(item, owner=owner_name(item)),
                url=item.get_absolute_url(),
            )
            record(
                actor=None,
                action="meeting.action_item_escalated",
                instance=item,
                changes={"due_on": item.due_on.isoformat()},
            )
            sent += 1
    return sent


def send_meeting_reminders(now: datetime.datetime) -> int:
    """Reminders of upcoming meetings, by the meetings service when it provides them."""
    try:
        from samanvay.meetings import services

        upcoming = services.upcoming_meetings_needing_reminder
        send = services.send_meeting_reminder
    except (ImportError, AttributeError):
        return 0
    sent = 0
    for meeting in upcoming(now):
        send(meeting)
        sent += 1
    return sent


def run_reminders(now: datetime.datetime) -> dict[str, int]:
    return {
        "meetings": send_meeting_reminders(now),
        "reminded": send_due_reminders(now),
        "escalated": escalate_overdue(now),
    }
