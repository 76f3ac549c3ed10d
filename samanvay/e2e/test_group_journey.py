"""The branch publishes a campaign plan; its partners, an NGO coordinator and the district officer,
find its outline pinned in the campaign's group; the two talk there live, each seeing the other's
message appear without reloading (over the WebSocket at /ws/group/<pk>/, served by Daphne); a
message with a phone number is refused with the reason, and nothing of it is stored."""

import pytest

from samanvay.campaigns.models import CampaignPlan
from samanvay.campaigns.tests.conftest import make_plan
from samanvay.channel.models import Group, Message

STILL_HERE = "() => window.stillTheSamePage === true"


@pytest.fixture
def site(asgi_live_server):
    return asgi_live_server.url


def _open_group(page, group):
    page.goto("/group/")
    page.click(f"a[href='/group/{group.pk}/']")
    page.wait_for_url(f"**/group/{group.pk}/")
    # The page has its socket open; nothing below may reload it.
    page.wait_for_selector("#live-state", state="visible")
    page.evaluate("() => { window.stillTheSamePage = true; }")


def _send(page, text):
    page.fill("#compose [name=text]", text)
    with page.expect_navigation():
        page.click("#compose button[type=submit]")


def test_a_published_plan_is_pinned_and_partners_talk_live(
    new_page, world, campaigns, period, sign_in, shot
):
    plan = make_plan(world, campaigns, title="सृजन 2026: विद्यालय", period=period)
    branch = sign_in(new_page(), world.branch)

    # The branch sets Bhopal's target, names NGO A with the Bhopal women police station as the
    # district's partners, and publishes the plan.
    branch.goto(f"/campaigns/plans/{plan.pk}/targets/{world.bhopal.code}/")
    branch.fill("[name=t-sessions]", "12")
    branch.fill("[name=t-girls]", "500")
    branch.fill("[name=t-women]", "60")
    branch.click("main form[method=post] button[type=submit].primary")
    branch.wait_for_url(f"**/campaigns/plans/{plan.pk}/districts/{world.bhopal.code}/")
    assert plan.targets.get().girls == 500

    branch.goto(f"/campaigns/plans/{plan.pk}/partners/")
    branch.select_option("#id_choose_district", str(world.bhopal.code))
    branch.click("main form[method=get] button[type=submit]")
    branch.wait_for_url(f"**/partners/?district={world.bhopal.code}")
    branch.select_option("[name=ngo]", str(world.ngo_a.pk))
    branch.select_option("[name=police_unit]", str(world.wps_bhopal.pk))
    branch.click("main form[method=post] button[type=submit].primary")
    branch.wait_for_url(f"**/campaigns/plans/{plan.pk}/partners/")
    assert plan.partners.get().ngo == world.ngo_a

    branch.goto(f"/campaigns/plans/{plan.pk}/")
    branch.click(f"a[href='/campaigns/plans/{plan.pk}/publish/']")
    shot(branch, "publish")
    branch.click("main form[method=post] button[type=submit].primary")
    branch.wait_for_url(f"**/campaigns/plans/{plan.pk}/")
    plan.refresh_from_db()
    assert (plan.status, plan.version) == (CampaignPlan.Status.PUBLISHED, 1)
    group = Group.objects.get(level=Group.Level.CAMPAIGN, campaign=campaigns.srijan)

    # Both partners find the outline pinned in the campaign's group.
    coordinator = sign_in(new_page(), world.coord_a)
    officer = sign_in(new_page(), world.officer_bhopal)
    for partner in (coordinator, officer):
        _open_group(partner, group)
        pinned = partner.locator(".pinned-posts").inner_text()
        assert "सृजन 2026: विद्यालय (v1)" in pinned
        assert world.bhopal.name_hi in pinned
    shot(coordinator, "outline-pinned")

    # The coordinator writes; the officer's open page shows it without a reload, and back.
    _send(coordinator, "कोलार के तीन विद्यालयों में सत्र 12 तारीख से।")
    officer.wait_for_selector("#group-messages .message-text >> text=कोलार के तीन विद्यालयों")
    assert officer.evaluate(STILL_HERE)
    shot(officer, "arrived-live")
    coordinator.wait_for_selector("#live-state", state="visible")
    coordinator.evaluate("() => { window.stillTheSamePage = true; }")
    _send(officer, "ठीक है, थाने की टीम साथ रहेगी।")
    coordinator.wait_for_selector("#group-messages .message-text >> text=थाने की टीम साथ रहेगी")
    assert coordinator.evaluate(STILL_HERE)
    shot(coordinator, "reply-live")
    assert Message.objects.filter(group=group, via=Message.Via.WEB).count() == 2

    # A phone number is refused, with the law that forbids it; nothing is stored or sent.
    refused = "लड़की के पिता का नंबर 9876543210 है"
    _send(coordinator, refused)
    alert = coordinator.locator("#compose [role=alert]").inner_text()
    assert "एक फ़ोन नंबर" in alert
    assert "पॉक्सो एक्ट धारा 23" in alert
    assert coordinator.input_value("#compose [name=text]") == refused  # kept for mending
    shot(coordinator, "refused")
    assert not Message.objects.filter(text__contains="9876543210").exists()
    assert Message.objects.filter(group=group, via=Message.Via.WEB).count() == 2
    officer.reload()
    assert "9876543210" not in officer.content()
