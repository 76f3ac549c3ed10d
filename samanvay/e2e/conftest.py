"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium, installed by
`.ci/system-packages test`) headless against the app served by pytest-django's live server.

Every test here is marked `e2e` (select them with `-m e2e`, leave them out with `-m "not e2e"`).
A journey is a test file: take `page` (a phone: 360×740, touch, Hindi), sign a persona in with
`sign_in(page, user)`, and keep its key screens with `shot(page, "name")`; screenshots go to
var/e2e-screenshots/<test>/ (CI keeps that folder as an artifact).

The browsers open `site`: pytest-django's live server (WSGI: no WebSockets, so the group page
falls back to asking every 15 seconds). A journey that needs the live group overrides it with
`asgi_live_server` (the ASGI application, WebSockets included, served by Daphne):

    @pytest.fixture
    def site(asgi_live_server):
        return asgi_live_server.url

A click that sends a form is awaited with `with page.expect_navigation(): page.click(...)`, never
with `wait_for_load_state()` after it: that returns at once for the page already loaded, and the
test would read the database while the server is still writing (on in-memory SQLite, on the same
connection).
"""

import asyncio
import os
import re
import shutil
import threading
import uuid
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
        # A phone set to Hindi: the browser's own controls (file chooser, date and month
        # pickers) in Hindi too, where Debian's chromium-l10n is installed (else in English).
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, env={**os.environ, "LANGUAGE": "hi"}
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    """Each test keeps its cache entries (unread counts by user id, the tip form's per-address
    counts) apart from every other test's, in memory or in a Redis shared by test processes and
    runs within the hour; the live servers' threads see the same settings."""
    settings.CACHES = {
        name: config | {"KEY_PREFIX": f"e2e-{uuid.uuid4().hex}"}
        for name, config in settings.CACHES.items()
    }


@pytest.fixture(autouse=True)
def _own_media(settings, tmp_path):
    """Uploaded photos go to the test's own folder, not var/media of the local site."""
    settings.MEDIA_ROOT = tmp_path / "media"


class _OneWsgiRequestAtATime:
    """The WSGI twin of _OneRequestAtATime below, for in-memory SQLite, where every thread of
    Django's live server (one per browser connection: a page and its thumbnails at once) and the
    test itself share one connection. A request holds the lock until its response is read and
    closed (request_finished); a query of the test waits for the request in flight, so the test
    never reads or flushes the database half-way through a request (the browser may still be
    asking for a favicon or a thumbnail when a page counts as loaded, or when a test ends)."""

    def __init__(self, application):
        self.application = application
        self.lock = threading.RLock()

    def __call__(self, environ, start_response):
        with self.lock:
            response = self.application(environ, start_response)
            try:
                body = b"".join(response)
            finally:
                if hasattr(response, "close"):
                    response.close()
        return [body]

    def query(self, execute, sql, params, many, context):
        """An execute wrapper of the shared connection (the server's own queries hold the lock
        already)."""
        with self.lock:
            return execute(sql, params, many, context)


@pytest.fixture(scope="session")
def _wsgi_server(request, django_db_setup):
    """pytest-django's live server, its requests one at a time where its threads share the
    in-memory SQLite connection (on PostgreSQL each thread has its own).

    Started after the test database is made: pytest-django's live server looks for in-memory
    SQLite connections to share when it starts; started first, it finds the local site's file
    settings instead, and each of its threads then opens a connection of its own to the
    in-memory test database, where SQLite answers "database table is locked" at once when two
    of them meet."""
    from django.db import connections

    live_server = request.getfixturevalue("live_server")
    shared = [c for c in connections.all() if c.vendor == "sqlite" and c.is_in_memory_db()]
    if shared:
        httpd = live_server.thread.httpd
        serial = _OneWsgiRequestAtATime(httpd.get_app())
        httpd.set_app(serial)
        for conn in shared:
            conn.execute_wrappers.append(serial.query)
    yield live_server
    for conn in shared:
        conn.execute_wrappers.remove(serial.query)


@pytest.fixture
def site(_wsgi_server, live_server) -> str:
    """The address the browsers open. Asking for `live_server` by name here is what makes
    pytest-django give the test a transactional database the server's threads can see."""
    return live_server.url


@pytest.fixture
def new_page(browser, site):
    """Opens a fresh phone (its own cookies) at the site; for journeys with two people."""
    contexts = []

    def _new_page(**options):
        context = browser.new_context(base_url=site, **{**PHONE, **options})
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
    shutil.rmtree(folder, ignore_errors=True)  # only this run's screens
    counter = iter(range(1, 100))

    def _shot(page, name):
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=folder / f"{next(counter):02d}-{name}.png", full_page=True)

    return _shot


@pytest.fixture
def sign_in(site):
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
        page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": site}])
        return page

    return _sign_in


class _OneRequestAtATime:
    """Serves HTTP requests one after another (WebSockets pass straight through): on in-memory
    SQLite every thread of the server shares the test's one connection, and two requests'
    transactions must not interleave on it."""

    def __init__(self, application):
        self.application = application
        self.lock = None  # made in the server's event loop

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.application(scope, receive, send)
        if self.lock is None:
            self.lock = asyncio.Lock()
        async with self.lock:
            return await self.application(scope, receive, send)


class AsgiLiveServer:
    """samanvay.asgi.application, HTTP and the group's WebSockets, served by Daphne (the
    production server) on 127.0.0.1 at a free port, in a thread of this process.

    A thread, not channels' DaphneProcess: the in-memory SQLite test database is visible to
    this process only. Its threads share the test's connection there, as Django's own live
    server does; on PostgreSQL each opens its own to the test database. The channel layer is
    the configured one (in memory, or channels-redis with REDIS_URL). Twisted's reactor runs
    once per process: one server for the whole session, started by the first test that asks.
    """

    def __init__(self):
        from daphne.server import Server  # installed the asyncio reactor at django.setup()
        from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
        from django.db import connections
        from twisted.internet import reactor

        from samanvay.asgi import application

        # Static files from the source folders, as the WSGI live server serves them (WhiteNoise's
        # file responses are synchronous iterators, which Django's ASGI handler warns about).
        application = ASGIStaticFilesHandler(application)
        self.reactor = reactor
        self.connections = connections
        self.shared = {
            conn.alias: conn
            for conn in connections.all()
            if conn.vendor == "sqlite" and conn.is_in_memory_db()
        }
        for conn in self.shared.values():
            conn.inc_thread_sharing()
        if self.shared:
            create = connections.create_connection
            connections.create_connection = lambda alias: self.shared.get(alias) or create(alias)
            application = _OneRequestAtATime(application)
        self.server = Server(
            application=application,
            endpoints=["tcp:port=0:interface=127.0.0.1"],
            signal_handlers=False,
            verbosity=0,
        )
        self.ready = threading.Event()
        self.error = None
        self.thread = threading.Thread(target=self._run, name="asgi-live-server", daemon=True)
        self.thread.start()
        if not self.ready.wait(timeout=20):
            raise RuntimeError(f"The ASGI live server did not start: {self.error!r}")
        host, port = self.server.listening_addresses[0]
        self.url = f"http://{host}:{port}"

    def _run(self):
        self.reactor.callLater(0, self._wait_for_port)
        try:
            self.server.run()
        except BaseException as error:  # reported by __init__
            self.error = error
            self.ready.set()

    def _wait_for_port(self):
        if self.server.listening_addresses:
            self.ready.set()
        else:
            self.reactor.callLater(0.05, self._wait_for_port)

    def stop(self):
        if self.reactor.running:
            self.reactor.callFromThread(self.reactor.stop)
        self.thread.join(timeout=20)
        if self.shared:
            del self.connections.create_connection
        for conn in self.shared.values():
            conn.dec_thread_sharing()


@pytest.fixture(scope="session")
def _asgi_server(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        server = AsgiLiveServer()
    yield server
    server.stop()


@pytest.fixture
def asgi_live_server(_asgi_server, transactional_db):
    """The ASGI live server (`.url`) for this test, on its transactional test database."""
    return _asgi_server


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
