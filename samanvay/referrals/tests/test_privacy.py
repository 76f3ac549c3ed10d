"""A protected person's details never appear in lists, search results, notifications (inbox and
email), dashboards' figures, logs, page titles or URLs; the guard catches them in messages."""

import datetime
import logging
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from samanvay.notify.kinds import render_email, render_short
from samanvay.notify.models import Notification
from samanvay.referrals import services
from samanvay.referrals.guard import protected_names_in
from samanvay.referrals.stats import referral_figures
from samanvay.referrals.tests.conftest import SECRET_NAME

SECRETS = [SECRET_NAME, "Qureshiyani", "Nazirabad, House 12", "+919812345678", "spectacles"]


def assert_absent(text: str) -> None:
    for secret in SECRETS:
        assert secret.lower() not in text.lower(), secret


def title_of(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


@pytest.fixture
def seeded(world, raise_one, cwc_bhopal):
    referral = raise_one()
    services.assign(actor=world.coord_a, referral=referral, caseworker=world.member_a)
    services.acknowledge(actor=world.officer_bhopal, referral=referral)
    services.hand_over(actor=world.officer_bhopal, referral=referral, service=cwc_bhopal)
    return referral


@pytest.mark.parametrize("persona", ["branch", "officer_bhopal", "coord_a", "member_a"])
def test_lists_and_search_never_show_protected_details(world, login_as, seeded, persona):
    client = login_as(getattr(world, persona))
    page = client.get(reverse("referrals:referral_list")).content.decode()
    assert seeded.code in page
    assert_absent(page)
    # A search is sent by POST (nothing typed goes into an address); a name is refused.
    response = client.post(reverse("referrals:referral_list"), {"q": SECRET_NAME})
    assert response.status_code == 200
    assert_absent(response.content.decode())
    by_place = client.post(reverse("referrals:referral_list"), {"q": "Berasia"}).content.decode()
    assert seeded.code in by_place
    assert_absent(by_place)
    # An address with words in it (an old bookmark) searches nothing.
    by_address = client.get(reverse("referrals:referral_list"), {"q": "no-such-place"})
    assert seeded.code in by_address.content.decode()


def test_the_referral_page_and_the_protected_page_keep_names_out_of_titles_and_urls(
    world, login_as, seeded
):
    client = login_as(world.officer_bhopal)
    detail = client.get(reverse("referrals:referral_detail", args=[seeded.code])).content.decode()
    assert_absent(detail)
    protected = client.get(reverse("referrals:protected_view", args=[seeded.code]))
    html = protected.content.decode()
    assert SECRET_NAME in html  # the assigned officer sees it ...
    assert_absent(title_of(html))  # ... but not in the title
    assert_absent(protected.request["PATH_INFO"])
    for url in re.findall(r'(?:href|src|action)="([^"]+)"', html + detail):
        assert_absent(url)


def test_notifications_inbox_and_emails_carry_only_the_code(world, login_as, seeded):
    services.close(actor=world.officer_bhopal, referral=seeded, outcome="handed_to_cwc")
    notifications = list(Notification.objects.all())
    assert {n.kind for n in notifications} >= {"referral_new", "referral_assigned"}
    for notification in notifications:
        assert_absent(str(notification.context))
        assert_absent(notification.url)
        assert_absent(str(render_short(notification)))
        for language in ("hi", "en"):
            email = render_email(notification, language)
            assert seeded.code in email.subject
            assert_absent(email.subject + email.body)
    for message in mail.outbox:
        assert_absent(message.subject + message.body)
    inbox = login_as(world.officer_bhopal).get(reverse("notify:inbox")).content.decode()
    assert seeded.code in inbox
    assert_absent(inbox)


def test_escalation_and_reminder_notifications_carry_only_the_code(world, seeded):
    from samanvay.referrals.escalation import check_service_levels

    check_service_levels(timezone.now() + datetime.timedelta(days=30))
    escalated = Notification.objects.filter(kind="referral_escalated")
    assert escalated.exists()
    for notification in escalated:
        assert_absent(render_email(notification, "en").body)


def test_dashboard_figures_are_counts_only(world, seeded):
    start = timezone.now() - datetime.timedelta(days=1)
    end = timezone.now() + datetime.timedelta(days=1)
    figures = referral_figures(world.observer, start=start, end=end)
    marriage = next(f for f in figures if f["kind"] == "imminent_child_marriage")
    assert marriage["total"] == 1
    assert marriage["median_ack_minutes"] is not None
    assert_absent(str(figures))
    assert (
        sum(f["total"] for f in referral_figures(world.officer_indore, start=start, end=end)) == 0
    )


def test_logs_never_carry_protected_details(world, login_as, raise_one, caplog):
    caplog.set_level(logging.DEBUG)
    client = login_as(world.officer_bhopal)
    response = client.post(
        reverse("referrals:referral_create"),
        {
            "kind": "missing_girl",
            "urgency": "critical",
            "district": world.bhopal.pk,
            "place": "Kolar",
            "summary": "A girl of 14 has not come home since Friday.",
            "name": SECRET_NAME,
            "phone": "+919812345678",
        },
    )
    assert response.status_code == 302
    assert_absent(response["Location"])
    code = response["Location"].rstrip("/").split("/")[-1]
    client.post(reverse("referrals:referral_acknowledge", args=[code]))
    client.get(reverse("referrals:protected_view", args=[code]))
    login_as(world.officer_indore).get(reverse("referrals:protected_view", args=[code]))
    assert any(code in record.getMessage() for record in caplog.records)  # a 404, logged
    assert_absent(caplog.text)


def test_the_guard_names_protected_persons_in_a_group_message(seeded):
    assert protected_names_in(f"Please check on {SECRET_NAME} at the school.") == [SECRET_NAME]
    assert protected_names_in("Please check the Nazirabad school.") == []


def test_the_guard_forgets_purged_records(world, seeded, settings):
    settings.REFERRALS_RETENTION_DAYS = 1
    services.close(actor=world.officer_bhopal, referral=seeded, outcome="handed_to_cwc")
    services.purge_closed(timezone.now() + datetime.timedelta(days=2))
    assert protected_names_in(SECRET_NAME) == []


def test_figures_count_overdue_referrals_in_the_users_scope(world, raise_one):
    start = timezone.now() - datetime.timedelta(days=1)
    end = timezone.now() + datetime.timedelta(days=1)
    late = raise_one(urgency="critical")
    type(late).objects.filter(pk=late.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=3)
    )
    raise_one(actor=world.officer_indore, district=world.indore, ngo=None, kind="bonded_labour")
    mine = {f["kind"]: f for f in referral_figures(world.officer_bhopal, start=start, end=end)}
    assert mine["imminent_child_marriage"]["total"] == 1
    assert mine["imminent_child_marriage"]["overdue"] == 1
    assert mine["bonded_labour"]["total"] == 0
    statewide = {f["kind"]: f for f in referral_figures(world.observer, start=start, end=end)}
    assert statewide["bonded_labour"]["total"] == 1


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("activities:report_export", "csv"),
        ("activities:report_export", "xlsx"),
        ("directory:ngo_export", "csv"),
        ("directory:police_unit_export", "csv"),
    ],
)
def test_exports_never_carry_protected_details(world, login_as, seeded, name, fmt):
    response = login_as(world.branch).get(reverse(name, args=[fmt]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "xlsx":
        import io

        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True)
        text = " ".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        )
        book.close()
    else:
        text = content.decode("utf-8-sig")
    assert_absent(text)


def test_a_group_message_naming_a_protected_person_is_refused_and_not_stored(
    world, login_as, seeded
):
    from samanvay.channel.membership import sync_all_groups
    from samanvay.channel.models import Group, Message

    sync_all_groups()
    bhopal = Group.objects.get(level="district", district=world.bhopal)
    before = Message.objects.count()
    response = login_as(world.officer_bhopal).post(
        reverse("channel:group_detail", args=[bhopal.pk]),
        {"text": f"{SECRET_NAME} की शादी कल है, कृपया देखें"},
    )
    body = response.content.decode()
    assert "पॉक्सो एक्ट धारा 23" in body
    assert Message.objects.count() == before
    assert not Notification.objects.filter(kind__startswith="channel_").exists()


def referral_counts(page: str) -> dict[str, int]:
    """The dashboard's referrals table: kind (as shown) -> number of referrals."""
    section = page[page.index('id="referrals"') :].split("</table>")[0]
    rows = re.findall(r"<tr><td>([^<]+)</td><td data-label=\"[^\"]+\">(\d+)</td>", section)
    return {kind: int(total) for kind, total in rows}


@pytest.mark.parametrize(
    ("persona", "count"), [("branch", 1), ("officer_bhopal", 1), ("officer_indore", 0)]
)
def test_the_dashboard_counts_referrals_in_scope_without_details(
    world, login_as, raise_one, persona, count
):
    raise_one()
    page = login_as(getattr(world, persona)).get(reverse("dashboard:dashboard")).content.decode()
    counts = referral_counts(page)
    assert counts["होने वाला बाल विवाह"] == count
    assert sum(counts.values()) == count
    assert_absent(page)


def test_a_phone_number_is_never_searched_nor_kept_in_the_address(world, login_as, seeded):
    client = login_as(world.officer_bhopal)
    response = client.post(reverse("referrals:referral_list"), {"q": "98123 45678"})
    body = response.content.decode()
    assert "98123" not in body
    assert "रेफ़रल कोड या स्थान से खोजे जाते हैं, कभी नाम से नहीं।" in body
