"""The report list's filter updates only the results with htmx, and such an update moves at most
20 KB over the network."""

from django.utils import timezone

from samanvay.activities.models import ActivityReport

UPDATE_BUDGET = 20 * 1024


def test_a_filter_update_is_small(page, world, plans, campaigns, sign_in, shot):
    for number in range(30):
        ActivityReport.objects.create(
            campaign=campaigns.srijan,
            activity_type=campaigns.types["awareness_session"],
            district=world.bhopal,
            ngo=world.ngo_a,
            created_by=world.member_a,
            held_on=timezone.localdate(),
            place=f"विद्यालय {number}",
            girls=number,
            status="verified" if number % 2 else "submitted",
        )
    sign_in(page, world.officer_bhopal)
    page.goto("/reports/")
    page.click("details.filter-box summary")
    full_page_url = page.url

    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true") as update:
        page.select_option("#f-status", "verified")
    response = update.value
    page.wait_for_function("!document.querySelector('#report-results.htmx-request')")

    shot(page, "filtered")
    assert page.url != full_page_url  # the filter is in the address, for the back button
    assert page.locator("#f-status").count() == 1  # the form stayed; only the results changed
    assert page.locator("#report-results tbody tr").count() == 15
    size = int(response.headers.get("content-length") or len(response.body()))
    assert size + len(str(response.headers)) <= UPDATE_BUDGET
