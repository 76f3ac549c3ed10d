"""The outside services of the outbox, as real HTTP servers on loopback (see emulators.py)."""

import pytest

from samanvay.directory.models import Person
from samanvay.notify.tests import emulators


@pytest.fixture
def whatsapp(settings):
    emulator = emulators.WhatsAppEmulator().start()
    settings.WHATSAPP_API_BASE_URL = f"{emulator.url}/v21.0"
    settings.WHATSAPP_PHONE_NUMBER_ID = emulators.PHONE_NUMBER_ID
    settings.WHATSAPP_TOKEN = emulators.TOKEN
    settings.WHATSAPP_APP_SECRET = emulators.APP_SECRET
    settings.WHATSAPP_VERIFY_TOKEN = emulators.VERIFY_TOKEN
    settings.NOTIFY_HTTP_TIMEOUT_SECONDS = 0.2
    emulator.timeout_seconds = 0.4
    yield emulator
    emulator.release.set()
    emulator.stop()


@pytest.fixture
def sms(settings):
    emulator = emulators.SMSEmulator().start()
    settings.SMS_API_URL = f"{emulator.url}/send"
    settings.SMS_API_KEY = emulators.SMS_KEY
    settings.SMS_SENDER_ID = "MPWSB"
    settings.DLT_TEMPLATE_ID_DEFAULT = "1107000000000000001"
    settings.DLT_TEMPLATE_IDS = {"message": "1107000000000000002"}
    settings.NOTIFY_HTTP_TIMEOUT_SECONDS = 0.2
    emulator.timeout_seconds = 0.4
    yield emulator
    emulator.stop()


@pytest.fixture
def on_whatsapp(world):
    """Everyone of the cast with an account agreed to WhatsApp messages."""
    Person.objects.filter(user__isnull=False).update(whatsapp_opt_in=True)
    return world
