"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium, installed by
`.ci/system-packages test`) headless against the app served by pytest-django's live server.

Every test here is marked `e2e` (select them with `-m e2e`, leave them out with `-m "not e2e"`).
A journey is a test file: take `page` (a phone: 360×740, touch, Hindi), sign a persona in with
`sign_in(page, user)`, and keep its key screens with `shot(page, "name")`; screenshots go to
var/e2e-screenshots/<test>/ (CI keeps that folder as an artifact).
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import sync_playwright

# Playwright's synchronous API runs an event loop in this thread; the tests' own database work
# (fixtures, assertions) is ordinary synchronous code all the same.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("SAMANVAY_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "e2e-screenshots"
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "hi-IN",
    "timezone_id": "Asia/Kolkata",
}


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Opens a fresh phone (its own cookies) at the live server; for journeys with two people."""
    contexts = []

    def _new_page(**options):
        context = browser.new_context(base_url=live_server.url, **{**PHONE, **options})
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield _new_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def shot(request):
    """shot(page, "name") keeps a full-page screenshot of a key screen of the journey."""
    folder = SCREENSHOTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    counter = iter(range(1, 100))

    def _shot(page, name):
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=folder / f"{next(counter):02d}-{name}.png", full_page=True)

    return _shot


@pytest.fixture
def sign_in(live_server):
    """Signs a persona in on a page by handing the browser a session cookie (officers already
    past two-factor sign-in); the sign-in form itself has its own journey."""

    def _sign_in(page, user):
        client = Client()
        client.force_login(user)
        if user.needs_two_factor:
            device, _ = TOTPDevice.objects.get_or_create(
                user=user, name="test phone", defaults={"confirmed": True}
            )
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )
        return page

    return _sign_in


def transferred_bytes(page) -> int:
    """Bytes the page's load moved over the network (headers and compressed bodies), as the
    browser's Resource Timing counts them."""
    return page.evaluate(
        """() => performance.getEntriesByType("navigation")
              .concat(performance.getEntriesByType("resource"))
              .reduce((sum, entry) => sum + entry.transferSize, 0)"""
    )


# The cast and campaign data of the app tests, for journeys (imported fixtures register here).
from samanvay.campaigns.tests.conftest import period, plans  # noqa: E402, F401
