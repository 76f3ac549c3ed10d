"""A meeting as a calendar invitation (iCalendar, RFC 5545), made with `icalendar`.

The UID is stable per meeting, so a changed meeting (a higher SEQUENCE) updates the entry that
phone calendars already hold instead of adding a second one."""

from __future__ import annotations

from datetime import UTC

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from samanvay.meetings.models import Meeting

MIMETYPE = "text/calendar; method=REQUEST"


def uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@samanvay"


def sequence(meeting: Meeting) -> int:
    """Grows with every change of the meeting (seconds between creation and last change)."""
    if not meeting.created_at or not meeting.updated_at:
        return 0
    return max(0, int((meeting.updated_at - meeting.created_at).total_seconds()))


def meeting_calendar(meeting: Meeting, *, attendee_email: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Samanvay//Women Safety Branch MP//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if meeting.status == Meeting.Status.CANCELLED else "REQUEST")
    event = Event()
    event.add("uid", uid(meeting))
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    event.add("summary", meeting.title)
    location = meeting.venue or meeting.online_link
    if location:
        event.add("location", location)
    event.add("url", f"{settings.SITE_URL}{meeting.get_absolute_url()}")
    event.add("sequence", sequence(meeting))
    event.add("status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED")
    agenda = [item.title for item in meeting.agenda.all()]
    if agenda:
        event.add("description", "\n".join(agenda))
    organizer = vCalAddress(f"mailto:{meeting.convenor.email or _from_address()}")
    organizer.params["cn"] = vText(meeting.convening_unit.name_en or meeting.convening_unit.name)
    event.add("organizer", organizer)
    if attendee_email:
        attendee = vCalAddress(f"mailto:{attendee_email}")
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        attendee.params["rsvp"] = vText("FALSE")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()


def _from_address() -> str:
    address = settings.DEFAULT_FROM_EMAIL
    return address.split("<")[-1].rstrip(">").strip() if "<" in address else address


def filename(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}.ics"


def invitation_attachments(notification) -> list[tuple[str, bytes, str]]:
    """For notify: the invitation email carries the meeting's calendar entry."""
    meeting = (
        Meeting.objects.select_related("convenor", "convening_unit")
        .filter(pk=(notification.context or {}).get("meeting"))
        .first()
    )
    if meeting is None:
        return []
    content = meeting_calendar(meeting, attendee_email=notification.recipient.email)
    return [(filename(meeting), content, MIMETYPE)]
