"""Minutes of a meeting as a PDF, in Hindi or English, made on request with WeasyPrint.

Devanagari is shaped by Pango/HarfBuzz (conjuncts and matras as in a browser) with the Noto fonts
bundled in samanvay/static/fonts, so the PDF looks the same on any machine. Nothing is fetched
from the network: the only URLs WeasyPrint may open are files under samanvay/static."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import nh3
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from samanvay.meetings.models import ActionItem, Decision, Meeting
from samanvay.meetings.selectors import attendance_summary

LANGUAGES = ("hi", "en")
IST = ZoneInfo("Asia/Kolkata")
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
FONTS_DIR = STATIC_DIR / "fonts"
STYLESHEET = STATIC_DIR / "css" / "minutes-pdf.css"
TEMPLATE = "meetings/pdf/minutes.html"

# What minutes may contain in the PDF: formatted text only (no images, links are kept as text).
MINUTES_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "h3",
    "h4",
    "blockquote",
}


class LocalFilesOnly(URLFetcher):
    """Opens file:// URLs under samanvay/static and refuses everything else (no network)."""

    def fetch(self, url, headers=None):
        if not url.startswith("file://"):
            raise ValueError(f"Refused to fetch {url}: only bundled files are used")
        path = Path(url.removeprefix("file://").split("?")[0]).resolve()
        if not path.is_relative_to(STATIC_DIR):
            raise ValueError(f"Refused to fetch {url}: outside the static files")
        return super().fetch(url, headers)


def clean_minutes(html: str) -> str:
    """The minutes are sanitised when saved; sanitise again before rendering them as HTML."""
    return nh3.clean(html or "", tags=MINUTES_TAGS, attributes={}, link_rel=None)


def _owner(item: ActionItem) -> str:
    owners = [item.owner_person, item.owner_police_unit, item.owner_ngo]
    return ", ".join(str(owner) for owner in owners if owner is not None)


@dataclass(frozen=True)
class ItemRow:
    title: str
    owner: str
    due_on: object
    status: str
    status_code: str
    note: str


def _rows(items) -> list[ItemRow]:
    rows = []
    for item in items:
        if item.status == ActionItem.Status.DROPPED:
            note = item.dropped_reason
        elif item.status == ActionItem.Status.DONE:
            note = item.evidence_note
        else:
            note = ""
        rows.append(
            ItemRow(
                title=item.title,
                owner=_owner(item),
                due_on=item.due_on,
                status=item.get_status_display(),
                status_code=item.status,
                note=note,
            )
        )
    return rows


def minutes_context(meeting: Meeting) -> dict:
    """Everything the template shows; call with the PDF's language active (names and labels)."""
    items = list(
        meeting.action_items.select_related("owner_person", "owner_police_unit", "owner_ngo")
    )
    decisions: list[tuple[Decision, list[ItemRow]]] = [
        (decision, _rows(i for i in items if i.decision_id == decision.pk))
        for decision in meeting.decisions.all()
    ]
    return {
        "meeting": meeting,
        "level": meeting.get_level_display(),
        "starts_at": timezone.localtime(meeting.starts_at, IST),
        "ends_at": timezone.localtime(meeting.ends_at, IST),
        "convening_unit": meeting.convening_unit.name,
        "agenda": list(meeting.agenda.all()),
        "minutes_html": clean_minutes(meeting.minutes),
        "decisions": decisions,
        "other_items": _rows(i for i in items if i.decision_id is None),
        "summary": attendance_summary(meeting),  # as the meeting page shows it
        "generated_at": timezone.localtime(timezone.now(), IST),
    }


def render_minutes_pdf(meeting: Meeting, *, language: str) -> bytes:
    if language not in LANGUAGES:
        raise ValueError(f"No PDF in {language!r}")
    fetcher = LocalFilesOnly(fail_on_errors=False)
    fonts = FontConfiguration()
    with translation.override(language):
        html = render_to_string(TEMPLATE, {**minutes_context(meeting), "language": language})
    stylesheet = CSS(filename=str(STYLESHEET), url_fetcher=fetcher, font_config=fonts)
    document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stylesheet], font_config=fonts)
