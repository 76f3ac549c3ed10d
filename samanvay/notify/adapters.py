"""Outside senders of the outbox: the WhatsApp Cloud API and a generic HTTP SMS provider.

Each `send_*` makes one HTTP request and answers a `SendResult`: what was asked, what came back,
and how the outbox should take it (sent, retry later, failed for this recipient, or failed for
the whole account). The access token and API key are never part of the recorded request.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

import httpx
from django.conf import settings

from samanvay.notify.models import DeliveryAttempt

Outcome = DeliveryAttempt.Outcome
RECORD_MAX_LENGTH = 4000


@dataclass
class SendResult:
    outcome: str
    request: str = ""
    response: str = ""
    status_code: int | None = None
    error: str = ""
    external_id: str = ""
    duration_ms: int = 0
    # WhatsApp said the 24-hour window is closed (131047): send again at once as a template.
    window_closed: bool = False


# Cloud API error codes and what they mean for the outbox. From Meta's public documentation
# ("Error codes", WhatsApp Cloud API), unverified against the live service:
#
# - account (pause WhatsApp for everyone): 0, 3, 10, 190 and 200-299 (authentication, capability,
#   permission, expired or bad token); 368 and 131031 (account restricted or locked); 131042
#   (payment problem); 131045 (certificate problem); 133010 (number not registered); HTTP 401.
# - retry with backoff: 1, 2 (service unavailable); 4, 80007, 130429, 131048, 131056 (rate and
#   spam limits); 131000 (something went wrong); 131016, 133004 (temporarily unavailable);
#   HTTP 429 and 5xx; time-outs and broken connections.
# - 131047 (more than 24 hours since the person last wrote): send again, as a template.
# - permanent for this recipient (fall back to SMS, then email): everything else, e.g. 131026
#   (undeliverable: not on WhatsApp), 131021, 131050-131053, 100, 131008, 131009, 132000-132016
#   (bad parameter; template missing, paused or mismatched).
WHATSAPP_ACCOUNT_CODES = {0, 3, 10, 190, 368, 131031, 131042, 131045, 133010, *range(200, 300)}
WHATSAPP_RETRYABLE_CODES = {1, 2, 4, 80007, 130429, 131000, 131016, 131048, 131056, 133004}
WHATSAPP_WINDOW_CLOSED = 131047


def whatsapp_configured() -> bool:
    return bool(settings.WHATSAPP_TOKEN and settings.WHATSAPP_PHONE_NUMBER_ID)


def sms_configured() -> bool:
    return bool(settings.SMS_API_URL)


def dlt_template_id(kind: str) -> str:
    return settings.DLT_TEMPLATE_IDS.get(kind, settings.DLT_TEMPLATE_ID_DEFAULT)


def classify_whatsapp_error(status_code: int, code: int | None) -> str:
    if code in WHATSAPP_ACCOUNT_CODES or status_code == 401:
        return Outcome.ACCOUNT
    if code in WHATSAPP_RETRYABLE_CODES or status_code == 429 or status_code >= 500:
        return Outcome.RETRY
    return Outcome.PERMANENT


def whatsapp_payload(*, phone: str, text: str, kind: str, language: str, in_window: bool) -> dict:
    """A text message inside the 24-hour window; an approved utility template outside it,
    with the line as its one body parameter (parameters may not hold new lines)."""
    to = phone.removeprefix("+")
    if in_window:
        return {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to,
            "type": "text",
            "text": {"preview_url": False, "body": text},
        }
    template = settings.WHATSAPP_TEMPLATES.get(kind, settings.WHATSAPP_TEMPLATE_DEFAULT)
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "template",
        "template": {
            "name": template,
            "language": {"code": language},
            "components": [
                {"type": "body", "parameters": [{"type": "text", "text": " ".join(text.split())}]}
            ],
        },
    }


_client: httpx.Client | None = None


def client() -> httpx.Client:
    """One client per process: its connection pool and TLS context are reused between sends."""
    global _client
    if _client is None:
        _client = httpx.Client(follow_redirects=False)
    return _client


def _post(url: str, payload: dict, headers: dict) -> tuple[httpx.Response | None, str, int]:
    started = time.perf_counter()
    try:
        response = client().post(
            url, json=payload, headers=headers, timeout=settings.NOTIFY_HTTP_TIMEOUT_SECONDS
        )
    except httpx.HTTPError as error:
        return None, f"{type(error).__name__}: {error}", _ms(started)
    return response, "", _ms(started)


def _ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)


def send_whatsapp(*, phone: str, text: str, kind: str, language: str, in_window: bool):
    payload = whatsapp_payload(
        phone=phone, text=text, kind=kind, language=language, in_window=in_window
    )
    base = settings.WHATSAPP_API_BASE_URL.rstrip("/")
    url = f"{base}/{settings.WHATSAPP_PHONE_NUMBER_ID}/messages"
    request = f"POST {url}\n{json.dumps(payload, ensure_ascii=False)}"
    response, error, duration = _post(
        url, payload, {"Authorization": f"Bearer {settings.WHATSAPP_TOKEN}"}
    )
    if response is None:
        return SendResult(Outcome.RETRY, request=request, error=error, duration_ms=duration)
    result = SendResult(
        Outcome.SENT,
        request=request,
        response=response.text[:RECORD_MAX_LENGTH],
        status_code=response.status_code,
        duration_ms=duration,
    )
    body = _json(response)
    if response.is_success:
        messages = body.get("messages") or [{}]
        result.external_id = str(messages[0].get("id", ""))
        return result
    error_body = body.get("error") or {}
    code = error_body.get("code")
    result.error = f"{code}: {error_body.get('message', response.reason_phrase)}"
    if code == WHATSAPP_WINDOW_CLOSED:
        result.outcome, result.window_closed = Outcome.RETRY, True
    else:
        result.outcome = classify_whatsapp_error(response.status_code, code)
    return result


def send_sms(*, phone: str, text: str, kind: str):
    """A generic provider: POST JSON {to, sender, text, dlt_template_id} with a bearer key;
    2xx with {"id": ...} is sent; 429 and 5xx are retried; 401 and 403 stop SMS for everyone."""
    payload = {
        "to": phone,
        "sender": settings.SMS_SENDER_ID,
        "text": text,
        "dlt_template_id": dlt_template_id(kind),
    }
    request = f"POST {settings.SMS_API_URL}\n{json.dumps(payload, ensure_ascii=False)}"
    response, error, duration = _post(
        settings.SMS_API_URL, payload, {"Authorization": f"Bearer {settings.SMS_API_KEY}"}
    )
    if response is None:
        return SendResult(Outcome.RETRY, request=request, error=error, duration_ms=duration)
    result = SendResult(
        Outcome.SENT,
        request=request,
        response=response.text[:RECORD_MAX_LENGTH],
        status_code=response.status_code,
        duration_ms=duration,
    )
    if response.is_success:
        result.external_id = str(_json(response).get("id", ""))
    else:
        result.error = f"HTTP {response.status_code}: {response.text[:200]}"
        if response.status_code in (401, 403):
            result.outcome = Outcome.ACCOUNT
        elif response.status_code == 429 or response.status_code >= 500:
            result.outcome = Outcome.RETRY
        else:
            result.outcome = Outcome.PERMANENT
    return result


def _json(response: httpx.Response) -> dict:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
