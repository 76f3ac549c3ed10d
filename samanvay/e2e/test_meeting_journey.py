"""A district officer convenes a meeting and invites an NGO, takes attendance, assigns an action
item to the NGO; its coordinator marks it done."""

import datetime

from django.utils import timezone

from samanvay.meetings.models import ActionItem, Meeting


def test_a_meeting_from_invitation_to_a_done_action_item(new_page, world, sign_in, shot):
    officer = sign_in(new_page(), world.officer_bhopal)
    coordinator = sign_in(new_page(), world.coord_a)
    starts = timezone.localtime() + datetime.timedelta(days=2)

    officer.goto("/meetings/new/")
    officer.fill("[name=title]", "ज़िला समन्वय बैठक")
    officer.fill("[name=starts_at]", starts.strftime("%Y-%m-%dT10:30"))
    officer.fill("[name=ends_at]", starts.strftime("%Y-%m-%dT12:00"))
    officer.fill("[name=venue]", "महिला थाना भोपाल")
    officer.fill("[name=agenda]", "बाल विवाह रोकथाम\nविद्यालयों में सत्र")
    shot(officer, "convene")
    with officer.expect_navigation():
        officer.click("form.card button[type=submit].primary")
    meeting = Meeting.objects.get()

    officer.goto(f"/meetings/{meeting.pk}/invite/")
    officer.select_option("[name=kind]", "ngo")
    officer.select_option("[name=ngo]", str(world.ngo_a.pk))
    with officer.expect_navigation():
        officer.click("form.card button[type=submit]")
    invited = {i.person for i in meeting.invitations.all()}
    assert world.p_coord_a in invited

    officer.goto(f"/meetings/{meeting.pk}/attendance/")
    coord_invitation = meeting.invitations.get(person=world.p_coord_a)
    officer.check(f"[name=attended][value='{coord_invitation.pk}']")
    shot(officer, "attendance")
    with officer.expect_navigation():
        officer.click("form.card button[type=submit].primary")
    coord_invitation.refresh_from_db()
    assert coord_invitation.attended

    officer.goto(f"/meetings/{meeting.pk}/action-items/new/")
    officer.fill("[name=title]", "विद्यालयों में 10 सत्र")
    officer.select_option("[name=owner_ngo]", str(world.ngo_a.pk))
    officer.fill("[name=due_on]", (timezone.localdate() + datetime.timedelta(days=14)).isoformat())
    shot(officer, "action-item")
    with officer.expect_navigation():
        officer.click("form.card button[type=submit]")
    item = ActionItem.objects.get()
    assert (item.owner_ngo, item.status) == (world.ngo_a, "open")

    coordinator.goto("/meetings/action-items/")
    coordinator.click(f"a[href='/meetings/action-items/{item.pk}/']")
    coordinator.fill("[name=note]", "12 सत्र हुए")
    with coordinator.expect_navigation():
        coordinator.click("input[name=action][value=done] ~ .actions button")
    shot(coordinator, "done")
    item.refresh_from_db()
    assert item.status == "done"
