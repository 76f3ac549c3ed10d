"""Two open browsers of a group see each other's messages live over WebSockets, and one that
reconnects catches up on what it missed (Channels' test communicator, the in-memory layer)."""

import asyncio

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from samanvay.asgi import application
from samanvay.channel import services
from samanvay.channel.membership import sync_all_groups
from samanvay.channel.models import Group, Message

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cookies(world, login_as, settings):
    """A session cookie per persona, as a signed-in browser sends it."""
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]

    def cookie(user) -> bytes:
        client = Client()
        client.force_login(user)
        if user.needs_two_factor:
            from django_otp import DEVICE_ID_SESSION_KEY
            from django_otp.plugins.otp_totp.models import TOTPDevice

            device, _ = TOTPDevice.objects.get_or_create(
                user=user, name="phone", defaults={"confirmed": True}
            )
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return f"sessionid={client.cookies['sessionid'].value}".encode()

    return cookie


def browser(group_id: int, cookie: bytes | None, query: str = "") -> WebsocketCommunicator:
    headers = [(b"origin", b"http://localhost")]
    if cookie:
        headers.append((b"cookie", cookie))
    path = f"/ws/group/{group_id}/" + (f"?{query}" if query else "")
    return WebsocketCommunicator(application, path, headers=headers)


post = sync_to_async(services.post_message)


@pytest.fixture
def bhopal(world):
    sync_all_groups()
    return Group.objects.get(level="district", district=world.bhopal)


def test_two_browsers_see_each_others_messages_live(world, bhopal, cookies):
    officer, member = cookies(world.officer_bhopal), cookies(world.member_a)

    async def scenario():
        first, second = browser(bhopal.pk, officer), browser(bhopal.pk, member)
        assert (await first.connect())[0] and (await second.connect())[0]

        await post(actor=world.member_a, group=bhopal, text="Rally at 4 pm")
        got_first = await first.receive_json_from(timeout=1)
        got_second = await second.receive_json_from(timeout=1)
        assert got_first["id"] == got_second["id"]
        assert "Rally at 4 pm" in got_first["html"]

        await post(actor=world.officer_bhopal, group=bhopal, text="Noted, thana team will come")
        assert "thana team" in (await second.receive_json_from(timeout=1))["html"]
        assert "thana team" in (await first.receive_json_from(timeout=1))["html"]
        await first.disconnect()
        await second.disconnect()

    async_to_sync(scenario)()


def test_each_browser_gets_its_own_language(world, bhopal, cookies):
    english = cookies(world.member_b)  # member_b reads in English; add them to Bhopal by hand
    services.add_member(actor=world.branch, group=bhopal, user=world.member_b)
    hindi = cookies(world.member_a)

    async def scenario():
        en, hi = browser(bhopal.pk, english), browser(bhopal.pk, hindi)
        await en.connect()
        await hi.connect()
        await post(actor=world.officer_bhopal, group=bhopal, text="hello")
        assert "Reply" in (await en.receive_json_from(timeout=1))["html"]
        assert "Reply" not in (await hi.receive_json_from(timeout=1))["html"]
        await en.disconnect()
        await hi.disconnect()

    async_to_sync(scenario)()


def test_a_reconnecting_browser_catches_up(world, bhopal, cookies):
    member = cookies(world.member_a)

    async def scenario():
        first = await post(actor=world.officer_bhopal, group=bhopal, text="before")
        # The browser was away while two more came.
        await post(actor=world.officer_bhopal, group=bhopal, text="missed one")
        await post(actor=world.coord_a, group=bhopal, text="missed two")

        again = browser(bhopal.pk, member, query=f"after={first.pk}")
        assert (await again.connect())[0]
        texts = [(await again.receive_json_from(timeout=1))["html"] for _ in range(2)]
        assert "missed one" in texts[0] and "missed two" in texts[1]
        assert await again.receive_nothing(timeout=0.1)

        await again.send_json_to({"type": "catch_up", "after": first.pk})
        assert "missed one" in (await again.receive_json_from(timeout=1))["html"]
        await again.disconnect()

    async_to_sync(scenario)()


def test_a_refused_message_reaches_no_browser(world, bhopal, cookies):
    member = cookies(world.member_a)

    async def scenario():
        socket = browser(bhopal.pk, member)
        await socket.connect()
        with pytest.raises(services.MessageRefused):
            await post(actor=world.officer_bhopal, group=bhopal, text="call 9876543210")
        assert await socket.receive_nothing(timeout=0.3)
        await socket.disconnect()

    async_to_sync(scenario)()


def test_a_hidden_message_changes_in_open_browsers(world, bhopal, cookies):
    member = cookies(world.member_a)

    async def scenario():
        socket = browser(bhopal.pk, member)
        await socket.connect()
        message = await post(actor=world.coord_a, group=bhopal, text="rude words")
        await socket.receive_json_from(timeout=1)
        await sync_to_async(services.hide_message)(
            actor=world.branch, message=message, reason="off topic"
        )
        changed = await socket.receive_json_from(timeout=1)
        assert changed["id"] == message.pk
        assert "rude words" not in changed["html"] and "off topic" in changed["html"]
        await socket.disconnect()

    async_to_sync(scenario)()


@pytest.mark.parametrize("who", ["anonymous", "member_b", "observer", "officer_no_second_factor"])
def test_outsiders_cannot_connect(world, bhopal, cookies, who):
    if who == "anonymous":
        cookie = None
    elif who == "officer_no_second_factor":
        from django.test import Client

        client = Client()
        client.force_login(world.officer_bhopal)
        cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    else:
        cookie = cookies(getattr(world, who))

    async def scenario():
        socket = browser(bhopal.pk, cookie)
        connected, code = await socket.connect()
        assert not connected
        await socket.disconnect()

    async_to_sync(scenario)()


def test_another_sites_page_cannot_connect(world, bhopal, cookies):
    member = cookies(world.member_a)

    async def scenario():
        socket = WebsocketCommunicator(
            application,
            f"/ws/group/{bhopal.pk}/",
            headers=[(b"origin", b"https://evil.example"), (b"cookie", member)],
        )
        connected, _ = await socket.connect()
        assert not connected

    async_to_sync(scenario)()


def test_messages_arrive_within_a_second(world, bhopal, cookies):
    member = cookies(world.member_a)

    async def scenario():
        socket = browser(bhopal.pk, member)
        await socket.connect()
        loop = asyncio.get_running_loop()
        started = loop.time()
        await post(actor=world.officer_bhopal, group=bhopal, text="quick")
        await socket.receive_json_from(timeout=1)  # fails after one second
        assert loop.time() - started < 1
        await socket.disconnect()

    async_to_sync(scenario)()


def test_a_message_another_process_wrote_appears_within_a_second(world, bhopal, cookies, settings):
    """A WhatsApp reply is posted by the background worker, whose in-memory layer reaches no
    browser: the open socket finds it in the database, once."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    member = cookies(world.member_a)
    write_elsewhere = sync_to_async(Message.objects.create)  # no event on this process's layer

    async def scenario():
        socket = browser(bhopal.pk, member)
        assert (await socket.connect())[0]
        loop = asyncio.get_running_loop()
        started = loop.time()
        written = await write_elsewhere(
            group=bhopal, author=world.coord_a, text="Got them (WhatsApp)", via="whatsapp"
        )
        got = await socket.receive_json_from(timeout=1)
        assert loop.time() - started < 1
        assert got["id"] == written.pk and "Got them (WhatsApp)" in got["html"]
        # A message of this process comes once, whether the layer or the look finds it first.
        await post(actor=world.officer_bhopal, group=bhopal, text="Thank you")
        assert "Thank you" in (await socket.receive_json_from(timeout=1))["html"]
        assert await socket.receive_nothing(timeout=1.2)
        await socket.disconnect()

    async_to_sync(scenario)()
