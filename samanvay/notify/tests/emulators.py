"""Small real HTTP servers on loopback that behave like the outside services the outbox talks to.

`WhatsAppEmulator` plays the WhatsApp Cloud API: it checks the bearer token and the shape of each
message, keeps each phone's 24-hour window (free text outside it is refused with 131047, as Meta
does), injects faults on demand (429, 5xx, time-outs, 131026 not on WhatsApp, 190 bad token),
can hold the answer to an accepted message (to kill a worker mid-request), and posts signed
webhooks back to the app: status callbacks and messages, in any order and as often as asked.

`SMSEmulator` plays a generic HTTP SMS provider with DLT template ids.

Both count what they accepted, so tests can check that each notification arrived exactly once.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import random
import re
import threading
import time
import uuid
from collections import Counter, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

TOKEN = "test-whatsapp-token"
PHONE_NUMBER_ID = "1098765432"
APP_SECRET = "test-app-secret"
VERIFY_TOKEN = "test-verify-token"
SMS_KEY = "test-sms-key"
WINDOW_SECONDS = 24 * 60 * 60

# Transient faults the random injector picks from.
TRANSIENT = ("429", "500", "503")


class _Server:
    def __init__(self):
        self.lock = threading.Lock()
        self.faults: deque[str] = deque()
        self.fault_rate = 0.0
        self.random = random.Random(5)
        self.timeout_seconds = 0.5
        self.requests = 0
        self.accepted: list[dict] = []
        handler = type("Handler", (_Handler,), {"emulator": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def fail_next(self, *faults: str) -> None:
        """Faults for the next requests, in order: "429", "500", "503", "timeout", ..."""
        with self.lock:
            self.faults.extend(faults)

    def _next_fault(self) -> str:
        with self.lock:
            self.requests += 1
            if self.faults:
                return self.faults.popleft()
            if self.fault_rate and self.random.random() < self.fault_rate:
                return self.random.choice(TRANSIENT)
        return ""

    def handle(self, handler, body: dict) -> tuple[int, dict]:  # pragma: no cover - abstract
        raise NotImplementedError


class _Handler(BaseHTTPRequestHandler):
    emulator: _Server

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        status, answer = self.emulator.handle(self, body)
        if status == 0:  # the connection is dropped without an answer
            self.close_connection = True
            return
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        with contextlib.suppress(OSError):  # the client gave up (a time-out)
            self.wfile.write(data)


def _error(status: int, code: int, message: str) -> tuple[int, dict]:
    return status, {
        "error": {
            "message": message,
            "type": "OAuthException",
            "code": code,
            "fbtrace_id": uuid.uuid4().hex[:12],
        }
    }


class WhatsAppEmulator(_Server):
    def __init__(self, *, clock=time.time):
        super().__init__()
        self.clock = clock
        self.token = TOKEN
        self.phone_number_id = PHONE_NUMBER_ID
        self.app_secret = APP_SECRET
        self.webhook_url = ""
        self.windows: dict[str, float] = {}
        self.not_on_whatsapp: set[str] = set()
        self.bad_token = False
        # Hold the answer to the n-th accepted message until `release` is set.
        self.hold_after: int | None = None
        self.holding = threading.Event()
        self.release = threading.Event()

    # --- the Cloud API --------------------------------------------------------------------

    def handle(self, handler, body):
        if not re.fullmatch(rf"/v\d+\.\d+/{self.phone_number_id}/messages", handler.path):
            return _error(404, 100, "Unknown path")
        if self.bad_token or handler.headers.get("Authorization") != f"Bearer {self.token}":
            return _error(401, 190, "Invalid OAuth access token.")
        fault = self._next_fault()
        if fault == "timeout":
            time.sleep(self.timeout_seconds)
            return 0, {}
        if fault in ("429",):
            return _error(429, 130429, "Rate limit hit")
        if fault in ("500", "503"):
            return _error(int(fault), 131000, "Something went wrong")
        problem = self.check_shape(body)
        if problem:
            return _error(400, 100, problem)
        to = body["to"]
        if to in self.not_on_whatsapp:
            return _error(400, 131026, "Message undeliverable")
        if body["type"] == "text" and not self.window_open(to):
            return _error(400, 131047, "Re-engagement message")
        wamid = f"wamid.{uuid.uuid4().hex}"
        message = {"id": wamid, "to": to, "type": body["type"], "body": body}
        message["text"] = (
            body["text"]["body"]
            if body["type"] == "text"
            else body["template"]["components"][0]["parameters"][0]["text"]
        )
        with self.lock:
            self.accepted.append(message)
            hold = len(self.accepted) == self.hold_after
        if hold:  # accepted, but the answer waits: the sender is "mid-request"
            self.holding.set()
            self.release.wait(30)
        return 200, {
            "messaging_product": "whatsapp",
            "contacts": [{"input": to, "wa_id": to}],
            "messages": [{"id": wamid}],
        }

    def check_shape(self, body) -> str:
        if not isinstance(body, dict) or body.get("messaging_product") != "whatsapp":
            return "messaging_product must be whatsapp"
        if not re.fullmatch(r"\d{8,15}", str(body.get("to", ""))):
            return "to must be a phone number in international form, digits only"
        if body.get("type") == "text":
            text = (body.get("text") or {}).get("body")
            if not isinstance(text, str) or not text or len(text) > 4096:
                return "text.body must be 1 to 4096 characters"
            return ""
        if body.get("type") == "template":
            template = body.get("template") or {}
            if not template.get("name") or not (template.get("language") or {}).get("code"):
                return "template needs a name and a language code"
            for component in template.get("components") or []:
                for parameter in component.get("parameters") or []:
                    text = parameter.get("text", "")
                    if not text or "\n" in text or "\t" in text or "     " in text:
                        return "template parameters may not hold new lines, tabs or 5 spaces"
            return ""
        return "type must be text or template"

    def window_open(self, to: str) -> bool:
        opened = self.windows.get(to)
        return opened is not None and self.clock() - opened < WINDOW_SECONDS

    def received_by_phone(self) -> Counter:
        return Counter(message["to"] for message in self.accepted)

    # --- webhooks back to the app ---------------------------------------------------------

    def sign(self, raw: bytes, secret: str | None = None) -> str:
        return sign(raw, secret or self.app_secret)

    def post_webhook(self, payload: dict, *, secret: str | None = None) -> httpx.Response:
        raw = json.dumps(payload).encode()
        return httpx.post(
            self.webhook_url,
            content=raw,
            headers={
                "Content-Type": "application/json",
                "X-Hub-Signature-256": self.sign(raw, secret),
            },
            timeout=10,
        )

    def user_writes(self, phone: str, text: str, *, context_id: str = "", wamid: str = "") -> dict:
        """Someone writes to the business number: their window opens; the webhook payload."""
        to = phone.removeprefix("+")
        now = self.clock()
        self.windows[to] = now
        return message_payload(to, text, context_id=context_id, wamid=wamid, timestamp=now)


def sign(raw: bytes, secret: str) -> str:
    """The X-Hub-Signature-256 header Meta sends: HMAC-SHA256 of the raw body, app secret."""
    return "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()


def _envelope(value: dict) -> dict:
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": value}]}],
    }


def status_payload(wamid: str, status: str, to: str, *, error_code: int | None = None) -> dict:
    item = {
        "id": wamid,
        "status": status,
        "timestamp": str(int(time.time())),
        "recipient_id": to.removeprefix("+"),
    }
    if error_code is not None:
        item["errors"] = [{"code": error_code, "title": "Message undeliverable"}]
    return _envelope(
        {
            "messaging_product": "whatsapp",
            "metadata": {"phone_number_id": PHONE_NUMBER_ID},
            "statuses": [item],
        }
    )


def message_payload(
    phone: str, text: str, *, context_id: str = "", wamid: str = "", timestamp: float = 0
) -> dict:
    message = {
        "from": phone.removeprefix("+"),
        "id": wamid or f"wamid.{uuid.uuid4().hex}",
        "timestamp": str(int(timestamp or time.time())),
        "type": "text",
        "text": {"body": text},
    }
    if context_id:
        message["context"] = {"from": PHONE_NUMBER_ID, "id": context_id}
    return _envelope(
        {
            "messaging_product": "whatsapp",
            "metadata": {"phone_number_id": PHONE_NUMBER_ID},
            "contacts": [{"profile": {"name": "Someone"}, "wa_id": phone.removeprefix("+")}],
            "messages": [message],
        }
    )


class SMSEmulator(_Server):
    """A generic HTTP SMS provider: POST JSON {to, sender, text, dlt_template_id}."""

    def __init__(self):
        super().__init__()
        self.key = SMS_KEY
        self.rejected_numbers: set[str] = set()

    def handle(self, handler, body):
        if handler.headers.get("Authorization") != f"Bearer {self.key}":
            return 401, {"error": "bad key"}
        fault = self._next_fault()
        if fault == "timeout":
            time.sleep(self.timeout_seconds)
            return 0, {}
        if fault:
            return int(fault), {"error": "busy"}
        if not isinstance(body, dict):
            return 400, {"error": "JSON expected"}
        for field in ("to", "sender", "text", "dlt_template_id"):
            if not body.get(field):
                return 400, {"error": f"{field} is required"}
        if body["to"] in self.rejected_numbers:
            return 400, {"error": "invalid number"}
        message_id = uuid.uuid4().hex
        with self.lock:
            self.accepted.append({"id": message_id, **body})
        return 200, {"id": message_id, "status": "accepted"}

    def received_by_phone(self) -> Counter:
        return Counter(message["to"].removeprefix("+") for message in self.accepted)
