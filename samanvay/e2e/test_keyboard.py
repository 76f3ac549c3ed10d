"""Forms work with the keyboard alone: Tab to a field, type, Enter to send."""

from samanvay.activities.models import ActivityReport
from samanvay.conftest import PASSWORD


def _tab_to(page, name, limit=30):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == name:
            return
    raise AssertionError(f"Tab never reaches the field {name!r}")


def test_sign_in_with_the_keyboard_only(page, world, shot):
    page.goto("/accounts/sign-in/")

    _tab_to(page, "username")
    page.keyboard.type("member_a")
    _tab_to(page, "password")
    page.keyboard.type(PASSWORD)
    shot(page, "typed")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/sign-in/" not in url)

    assert page.locator("form[action$='/sign-out/']").count() >= 1


def test_a_report_draft_with_the_keyboard_only(page, world, campaigns, sign_in):
    sign_in(page, world.member_a)
    page.goto("/reports/new/")

    _tab_to(page, "place")
    page.keyboard.type("पंचायत भवन")
    _tab_to(page, "girls")
    page.keyboard.type("30")
    _tab_to(page, "action")  # the first button: Save draft
    while page.evaluate("document.activeElement.value") != "save":
        page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    report = ActivityReport.objects.get()
    assert (report.status, report.place, report.girls) == ("draft", "पंचायत भवन", 30)
