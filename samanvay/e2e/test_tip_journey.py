"""A member of the public, not signed in, tells of a child marriage about to happen, in Hindi on a
phone; the women police station officer of the district finds the new referral and acknowledges
it; the tipster's status page shows the change, and nothing else of the referral."""

from samanvay.referrals.models import Referral, Status

PLACE = "बैरसिया ब्लॉक, ग्राम नज़ीराबाद"
WHAT = "रविवार को 15 साल की लड़की सलमा की शादी तय है, पिता रफ़ीक़ ने कार्ड बाँट दिए हैं।"
CALLBACK = "+919812345678"


def _check_status(page, code, pin):
    page.goto("/referrals/tip/status/")
    page.fill("[name=code]", code)
    page.fill("[name=pin]", pin)
    with page.expect_navigation():
        page.click("main form button[type=submit].primary")
    return page.locator("main").inner_text()


def _nothing_else(html, world):
    """Nothing of the referral but its status is in the page, its markup included."""
    for secret in (
        PLACE,
        "नज़ीराबाद",
        "सलमा",
        "रफ़ीक़",
        CALLBACK,
        "9812345678",
        world.bhopal.name_hi,
        world.wps_bhopal.name_hi,
        world.officer_bhopal.get_full_name(),
    ):
        assert secret not in html


def test_a_public_tip_becomes_an_acknowledged_referral(new_page, world, sign_in, shot):
    tipster = new_page()
    tipster.goto("/referrals/tip/")
    assert tipster.locator("html").get_attribute("lang") == "hi"
    tipster.select_option("[name=kind]", "imminent_child_marriage")
    tipster.select_option("[name=district]", str(world.bhopal.pk))
    tipster.fill("[name=place]", PLACE)
    tipster.fill("[name=what]", WHAT)
    tipster.fill("[name=callback]", CALLBACK)
    shot(tipster, "tip-form")
    with tipster.expect_navigation():
        tipster.click("main form button[type=submit].primary")
    assert "महिला थाना को सूचित कर दिया गया है" in tipster.locator("h1").inner_text()
    strong = tipster.locator("main .card strong")
    code, pin = strong.nth(0).inner_text(), strong.nth(1).inner_text()
    shot(tipster, "code-and-pin")
    referral = Referral.objects.get(code=code)
    assert (referral.kind, referral.district, referral.status) == (
        "imminent_child_marriage",
        world.bhopal,
        Status.NEW,
    )
    assert referral.police_unit == world.wps_bhopal
    assert WHAT not in referral.summary  # what the tipster wrote is in the protected record

    status = _check_status(tipster, code, pin)
    assert "नया" in status
    _nothing_else(tipster.content(), world)

    # The Bhopal women police station officer finds it among the new referrals, acknowledges it.
    officer = sign_in(new_page(), world.officer_bhopal)
    officer.goto("/referrals/?status=new")
    row = officer.locator("main table.list tbody tr", has_text=code)
    assert "होने वाला बाल विवाह" in row.inner_text()
    shot(officer, "new-referral-listed")
    row.locator(f"a[href='/referrals/{code}/']").click()
    officer.wait_for_url(f"**/referrals/{code}/")
    shot(officer, "referral")
    with officer.expect_navigation():
        officer.click(f"form[action='/referrals/{code}/acknowledge/'] button")
    assert "पावती दी गई" in officer.locator("main dl.facts").inner_text()
    shot(officer, "acknowledged")
    referral.refresh_from_db()
    assert (referral.status, referral.assigned_officer) == (
        Status.ACKNOWLEDGED,
        world.officer_bhopal,
    )

    # The tipster sees the change, and still nothing of the referral itself.
    status = _check_status(tipster, code, pin)
    assert "पावती दी गई" in status
    assert "नया" not in status
    _nothing_else(tipster.content(), world)
    shot(tipster, "status-acknowledged")

    # A wrong PIN shows nothing.
    wrong = f"{(int(pin) + 1) % 1_000_000:06d}"
    status = _check_status(tipster, code, wrong)
    assert "इस कोड और पिन से कोई गुप्त सूचना नहीं मिली" in status
    assert "पावती दी गई" not in status
