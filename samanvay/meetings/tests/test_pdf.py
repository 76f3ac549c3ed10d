"""The minutes PDF: Hindi with correctly shaped Devanagari in the bundled Noto font, English with
English labels, text extracted with pypdf and compared; nothing fetched from the network."""

import datetime
import io
import re
import socket
import unicodedata

import pytest
from django.urls import reverse
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from samanvay.meetings import pdf
from samanvay.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    Invitation,
    Meeting,
)

TITLE_HI = "राज्य स्तरीय समन्वय बैठक"
MINUTES_HI = (
    "<p>प्रदेश के स्वयंसेवी संगठनों एवं महिला थाना प्रभारियों की समन्वय बैठक आयोजित की गई।</p>"
    '<script>alert("x")</script><img src="https://example.org/track.png">'
)
DECISION_HI = "निर्णय: संबल, सृजन, अभिमन्यु और चेतना अभियान संयुक्त रूप से चलाए जाएंगे।"


@pytest.fixture
def meeting(world):
    meeting = Meeting.objects.create(
        level=Meeting.Level.STATE,
        title=TITLE_HI,
        starts_at=datetime.datetime(2026, 6, 10, 5, 30, tzinfo=datetime.UTC),  # 11:00 IST
        ends_at=datetime.datetime(2026, 6, 10, 8, 30, tzinfo=datetime.UTC),
        venue="पुलिस मुख्यालय सभागार, भोपाल",
        convening_unit=world.hq,
        convenor=world.branch,
        status=Meeting.Status.HELD,
        minutes=MINUTES_HI,
        attendance_note="42 NGOs represented",
    )
    AgendaItem.objects.create(meeting=meeting, position=1, title="अभियानों की रूपरेखा")
    for index, (person, unit, ngo, response, attended) in enumerate(
        [
            (world.p_officer_bhopal, world.wps_bhopal, None, "yes", True),
            (world.p_officer_indore, world.wps_indore, None, "yes", False),
            (world.p_coord_a, None, world.ngo_a, "yes", True),
            (world.p_coord_b, None, world.ngo_b, "no", False),
            (world.p_member_b, None, None, "pending", True),  # NGO from membership
        ]
    ):
        Invitation.objects.create(
            meeting=meeting,
            person=person,
            police_unit=unit,
            ngo=ngo,
            response=response,
            attended=attended,
            token=f"token-{index}",
        )
    Attendance.objects.create(meeting=meeting, ngo=world.ngo_a, count=5)
    Attendance.objects.create(meeting=meeting, police_unit=world.ps_bhopal, count=2)
    decision = Decision.objects.create(meeting=meeting, position=1, text=DECISION_HI)
    ActionItem.objects.create(
        meeting=meeting,
        decision=decision,
        title="Share the Sambal outline with every women police station",
        owner_police_unit=world.hq,
        due_on=datetime.date(2026, 7, 1),
    )
    ActionItem.objects.create(
        meeting=meeting,
        decision=decision,
        title="Form the joint group",
        owner_ngo=world.ngo_a,
        due_on=datetime.date(2026, 6, 20),
        status=ActionItem.Status.DONE,
        evidence_note="Group formed with 12 members",
    )
    return meeting


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(unicodedata.normalize("NFC", text).split())  # lines wrap anywhere


def embedded_fonts(content: bytes) -> dict[str, str]:
    """BaseFont (the @font-face family, e.g. "Samanvay-Devanagari-Bold") → PostScript name of
    the font program embedded for it (e.g. "NotoSansDevanagari-Bold")."""
    reader = PdfReader(io.BytesIO(content))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            base_font = str(font["/BaseFont"]).lstrip("/").split("+")[-1]  # "ABCDEF+Name"
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            program = descriptor.get_object()["/FontFile2"].get_object().get_data()
            fonts[base_font] = TTFont(io.BytesIO(program))["name"].getDebugName(6)
    return fonts


def without_short_i(text: str) -> str:
    """pypdf may put the short i matra (ि) of shaped text before its consonant; drop it and ZWJ."""
    return text.replace("\u093f", "").replace("\u200d", "").replace("\u200c", "")


def test_it_renders_hindi_with_shaped_devanagari_in_the_bundled_font(world, meeting):
    content = pdf.render_minutes_pdf(meeting, language="hi")

    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    # Conjuncts (न्व, स्व, क्त, र्ण, प्र) and matras come out exactly ...
    for word in ["समन्वय", "स्वयंसेवी", "संगठनों", "संयुक्त", "रूपरेखा", "प्रदेश", "सृजन"]:
        assert word in text, word
    # ... and so does everything else once the short i (which pypdf may misplace) is set aside.
    # Words with a reph (the र् of निर्णय, कार्य) are left out: WeasyPrint maps the reph glyph to the
    # text of the first cluster it drew it in, so an extractor reads it back differently per page.
    for phrase in [TITLE_HI, "महिला थाना प्रभारियों", "संयुक्त रूप से चलाए जाएंगे", "अभिमन्यु", "पुलिस मुख्यालय"]:
        assert without_short_i(phrase) in without_short_i(text), phrase
    fonts = embedded_fonts(content)
    assert fonts["Samanvay-Devanagari"] == "NotoSansDevanagari-Regular"
    assert fonts["Samanvay-Devanagari-Bold"] == "NotoSansDevanagari-Bold"


def test_it_renders_english_labels_in_the_english_pdf(world, meeting):
    content = pdf.render_minutes_pdf(meeting, language="en")

    text = pdf_text(content)
    for label in ["Decisions", "Action items", "Attendance", "Agenda", "Women Safety Branch"]:
        assert label in text, label
    assert "Share the Sambal outline with every women police station" in text
    assert "Group formed with 12 members" in text
    assert "10 June 2026, 11:00–14:00 IST" in text
    assert embedded_fonts(content)["Samanvay-Latin"] == "NotoSans-Regular"


def test_it_drops_scripts_and_images_from_the_minutes(world, meeting):
    html = pdf.clean_minutes(meeting.minutes)

    assert "<script" not in html
    assert "<img" not in html
    assert "alert" not in pdf_text(pdf.render_minutes_pdf(meeting, language="en"))


def test_it_counts_attendance_from_invitations_and_headcounts(world, meeting):
    summary = pdf.attendance_summary(meeting)

    assert summary.invited == 5
    assert summary.answered_yes == 3
    assert summary.total_present == 3 + 5 + 2
    assert summary.ngos_represented == 2  # NGO A (coordinator + 5), NGO B (member by membership)
    assert summary.ngo_members_present == 1 + 5 + 1
    assert summary.wps_in_charges_present == 1  # Indore's in-charge did not come
    assert summary.wps_represented == 1


def test_the_meeting_page_and_the_minutes_count_alike(world, meeting, login_as, english):
    """NGO B's member, invited by name, came for NGO B on the page as in the minutes."""
    page = login_as(world.branch).get(reverse("meetings:meeting_detail", args=[meeting.pk]))
    html = page.content.decode()
    figures = dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", html))
    assert figures["NGOs represented"] == "2"
    assert figures["NGO members present"] == str(1 + 5 + 1)
    assert figures["Women police station in-charges present"] == "1"
    assert figures["Total present"] == str(3 + 5 + 2)
    text = pdf_text(pdf.render_minutes_pdf(meeting, language="en"))
    for label in [
        "NGOs represented",
        "NGO members present",
        "Women police station in-charges present",
    ]:
        assert f"{label} {figures[label]} " in text
    assert f"Attended {figures['Total present']} " in text


def test_it_fetches_nothing_from_the_network(world, meeting, monkeypatch):
    fetched = []
    original = pdf.LocalFilesOnly.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    def no_network(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(pdf.LocalFilesOnly, "fetch", spy)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    meeting.minutes += '<p><a href="https://example.org/x">link</a></p>'
    meeting.save()

    assert pdf.render_minutes_pdf(meeting, language="hi").startswith(b"%PDF")
    assert fetched, "the bundled fonts are loaded through the fetcher"
    assert all(url.startswith(pdf.FONTS_DIR.as_uri()) for url in fetched), fetched


@pytest.mark.parametrize(
    "url",
    ["https://example.org/font.ttf", "http://127.0.0.1/x.css", "file:///etc/passwd", "data:,x"],
)
def test_its_fetcher_refuses_anything_but_bundled_files(url):
    with pytest.raises(ValueError, match="Refused"):
        pdf.LocalFilesOnly()(url)


def test_it_downloads_the_pdf_for_someone_who_can_see_the_meeting(world, meeting, client, login_as):
    login_as(world.branch)

    response = client.get(reverse("meetings:minutes_pdf", args=[meeting.pk, "hi"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="minutes-{meeting.pk}-hi.pdf"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert "समन्वय" in pdf_text(response.content)


def test_it_answers_404_for_another_language(world, meeting, client, login_as):
    login_as(world.branch)

    response = client.get(reverse("meetings:minutes_pdf", args=[meeting.pk, "fr"]))

    assert response.status_code == 404


def test_it_answers_404_to_someone_not_invited(world, meeting, client, login_as):
    login_as(world.member_a)

    response = client.get(reverse("meetings:minutes_pdf", args=[meeting.pk, "en"]))

    assert response.status_code == 404
