"""The pages a user goes through: raise, acknowledge, close, share without and with consent, open
the protected record (the branch with a reason), see the photo."""

import re

from django.urls import reverse

from samanvay.core.models import AuditEntry
from samanvay.referrals.models import Referral
from samanvay.referrals.tests.conftest import SECRET_NAME
from samanvay.referrals.tests.test_permission_matrix import PNG


def test_raise_acknowledge_and_close_through_the_pages(world, login_as):
    client = login_as(world.officer_bhopal)
    response = client.post(
        reverse("referrals:referral_create"),
        {
            "kind": "suspected_trafficking",
            "urgency": "critical",
            "district": world.bhopal.pk,
            "place": "Bhopal railway station",
            "summary": "Three girls travelling with an unknown man.",
        },
    )
    referral = Referral.objects.get()
    assert response["Location"] == reverse("referrals:referral_detail", args=[referral.code])
    client.post(reverse("referrals:referral_acknowledge", args=[referral.code]))
    client.post(reverse("referrals:referral_start", args=[referral.code]))
    page = client.post(
        reverse("referrals:referral_close", args=[referral.code]), {"outcome": "rescued"}
    )
    assert page.status_code == 200  # the count is missing
    assert 'class="error"' in page.content.decode()
    client.post(
        reverse("referrals:referral_close", args=[referral.code]),
        {"outcome": "rescued", "rescued_count": "3"},
    )
    referral.refresh_from_db()
    assert (referral.status, referral.rescued_count) == ("closed", 3)
    detail = client.get(reverse("referrals:referral_detail", args=[referral.code])).content.decode()
    assert "मुक्त कराए गए व्यक्ति" in detail


def test_sharing_is_refused_on_the_page_until_consent_is_recorded(world, login_as, raise_one):
    from samanvay.directory.models import NGO

    ngo_c = NGO.objects.create(name_en="Third NGO", name_hi="तीसरा संगठन")
    ngo_c.districts.set([world.bhopal])
    referral = raise_one()
    client = login_as(world.coord_a)
    url = reverse("referrals:referral_share", args=[referral.code])
    refused = client.post(url, {"step": "share", "ngo": ngo_c.pk})
    assert refused.status_code == 200
    assert "कोई दर्ज सहमति नहीं" in refused.content.decode()
    client.post(
        url,
        {
            "step": "consent",
            "ngo": ngo_c.pk,
            "given_by": "Rafiq Qureshiyani",
            "relation": "parent",
            "given_on": "2026-11-01",
            "method": "thumb",
        },
    )
    assert client.post(url, {"step": "share", "ngo": ngo_c.pk}).status_code == 302
    assert referral.shares.filter(ngo=ngo_c).exists()
    assert "Rafiq" not in client.get(url).content.decode()


def test_the_branch_opens_the_protected_record_only_with_a_reason(world, login_as, raise_one):
    referral = raise_one()
    client = login_as(world.branch)
    url = reverse("referrals:protected_view", args=[referral.code])
    asked = client.get(url).content.decode()
    assert SECRET_NAME not in asked
    assert 'name="reason"' in asked
    assert SECRET_NAME not in client.post(url, {"reason": " "}).content.decode()
    opened = client.post(url, {"reason": "Review ordered by the Special DG"}).content.decode()
    assert SECRET_NAME in opened
    entry = AuditEntry.objects.get(action="referrals.view_protected")
    assert entry.actor == world.branch
    assert entry.changes == {"reason": [None, "Review ordered by the Special DG"]}
    assert referral.timeline.filter(event="protected_viewed", actor=world.branch).exists()


def test_the_photo_is_encrypted_and_served_only_through_the_checked_page(
    world, login_as, raise_one
):
    referral = raise_one(photo=(PNG, "image/png"))
    assert PNG not in bytes(referral.protected.photo)
    referral.assigned_officer = world.officer_bhopal
    referral.save()
    client = login_as(world.officer_bhopal)
    page = client.get(reverse("referrals:protected_view", args=[referral.code])).content.decode()
    src = re.search(r'<img src="([^"]+)"', page).group(1)
    assert src == reverse("referrals:protected_photo", args=[referral.code])
    photo = client.get(src)
    assert photo.content == PNG
    assert photo["Cache-Control"].startswith("no-store") or "no-store" in photo["Cache-Control"]
    assert AuditEntry.objects.filter(action="referrals.view_protected_photo").count() == 1


def test_the_menu_offers_referrals_to_all_but_observers(world, login_as):
    link = reverse("referrals:referral_list")
    assert link in login_as(world.member_a).get(reverse("core:home")).content.decode()
    assert link not in login_as(world.observer).get(reverse("core:home")).content.decode()


def test_a_district_officer_adds_a_service_of_their_district_only(world, login_as):
    from samanvay.referrals.models import ServiceContact

    client = login_as(world.officer_bhopal)
    data = {"kind": "one_stop_centre", "name": "Sakhi One Stop Centre", "phone": "0755 1111"}
    refused = client.post(reverse("referrals:service_create"), data | {"district": world.indore.pk})
    assert refused.status_code == 200
    assert not ServiceContact.objects.exists()
    client.post(reverse("referrals:service_create"), data | {"district": world.bhopal.pk})
    service = ServiceContact.objects.get()
    assert service.district == world.bhopal
    assert "Sakhi One Stop Centre" in client.get(reverse("referrals:service_list")).content.decode()


def test_a_step_out_of_order_is_refused_with_a_clear_message(world, login_as, raise_one):
    referral = raise_one()
    client = login_as(world.officer_bhopal)
    page = client.post(
        reverse("referrals:referral_start", args=[referral.code]), follow=True
    ).content.decode()
    assert "कार्रवाई केवल पावती दिए गए रेफ़रल पर शुरू हो सकती है" in page
    referral.refresh_from_db()
    assert referral.status == "new"


def test_a_summary_naming_the_person_is_refused_on_the_form(world, login_as):
    client = login_as(world.coord_a)
    response = client.post(
        reverse("referrals:referral_create"),
        {
            "kind": "missing_girl",
            "urgency": "high",
            "district": world.bhopal.pk,
            "place": "Kolar",
            "summary": f"{SECRET_NAME} has not come home.",
            "name": SECRET_NAME,
        },
    )
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert not Referral.objects.exists()


def test_a_consent_for_a_child_by_herself_is_refused_on_the_page(world, login_as, raise_one):
    from samanvay.directory.models import NGO

    ngo_c = NGO.objects.create(name_en="Third NGO", name_hi="तीसरा संगठन")
    ngo_c.districts.set([world.bhopal])
    referral = raise_one()  # age 15
    response = login_as(world.coord_a).post(
        reverse("referrals:referral_share", args=[referral.code]),
        {
            "step": "consent",
            "ngo": ngo_c.pk,
            "given_by": "Herself",
            "relation": "self",
            "given_on": "2026-11-01",
            "method": "written",
        },
    )
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert not referral.consents.exists()


def test_the_branch_sees_no_broken_photo_after_giving_a_reason(world, login_as, raise_one):
    referral = raise_one(photo=(PNG, "image/png"))
    client = login_as(world.branch)
    url = reverse("referrals:protected_view", args=[referral.code])
    opened = client.post(url, {"reason": "Review ordered by the Special DG"}).content.decode()
    assert SECRET_NAME in opened
    assert reverse("referrals:protected_photo", args=[referral.code]) not in opened
    assert client.get(reverse("referrals:protected_photo", args=[referral.code])).status_code == 403


def test_a_reason_naming_the_person_is_refused_and_opens_nothing(world, login_as, raise_one):
    referral = raise_one()
    url = reverse("referrals:protected_view", args=[referral.code])
    page = login_as(world.branch).post(url, {"reason": f"Asked about {SECRET_NAME}"})
    html = page.content.decode()
    assert 'class="error"' in html
    assert "House 12" not in html
    assert not AuditEntry.objects.filter(action="referrals.view_protected").exists()


def test_a_search_by_place_pages_on_by_post_and_keeps_its_filters(
    world, login_as, raise_one, settings
):
    """The words searched for travel in the form, page after page; never in an address."""
    settings.REGISTRY_PAGE_SIZE = 2
    codes = {raise_one(place=f"Kolar ward {n}").code for n in range(3)}
    other = raise_one(place="Berasia").code
    client = login_as(world.officer_bhopal)
    url = reverse("referrals:referral_list")

    first = client.post(url, {"q": "Kolar", "status": "new"}).content.decode()
    second = client.post(url, {"q": "Kolar", "status": "new", "page": "2"}).content.decode()

    found = {code for code in codes | {other} if code in first + second}
    assert found == codes
    assert '<input type="hidden" name="q" value="Kolar">' in first
    assert '<button type="submit" name="page" value="2"' in first
    assert "?q=" not in first + second
