"""Every main page, first load on a phone: no serious or critical accessibility problem found by
axe-core (bundled with axe-playwright-python, injected into the page, nothing from the internet),
a label on every form field, and at most 150 KB over the network, fonts and images included."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from samanvay.e2e.conftest import transferred_bytes
from samanvay.e2e.pages import MAIN_PAGES

PAGE_BUDGET = 150 * 1024

UNLABELLED_FIELDS = """() => [...document.querySelectorAll("input, select, textarea")]
    .filter((el) => !["hidden", "submit", "button", "reset", "image"].includes(el.type))
    .filter((el) => el.labels.length === 0 && !el.getAttribute("aria-label")
                    && !el.getAttribute("aria-labelledby"))
    .map((el) => el.name || el.id || el.outerHTML)"""


@pytest.mark.parametrize(("path", "persona"), MAIN_PAGES, ids=[f"{p}|{u}" for p, u in MAIN_PAGES])
def test_a_main_page_is_accessible_labelled_and_light(
    page, world, plans, sign_in, path, persona, shot
):
    if persona:
        sign_in(page, getattr(world, persona))
    url = path.format(plan=plans.published.pk, district=world.bhopal.code)

    response = page.goto(url, wait_until="load")

    assert response.status == 200
    assert response.headers.get("content-encoding") == "gzip"
    shot(page, "page")
    violations = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert violations == []
    assert page.evaluate(UNLABELLED_FIELDS) == []
    assert transferred_bytes(page) <= PAGE_BUDGET
