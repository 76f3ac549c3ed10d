"""Production settings: `check --deploy` is clean, and responses carry the security headers."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

PRODUCTION_HOST = "samanvay.example.org"

HEADERS_SCRIPT = """
import json
import django
django.setup()
from django.test import Client
client = Client()
secure = client.get("/healthz", secure=True, headers={"host": "samanvay.example.org"})
plain = client.get("/", headers={"host": "samanvay.example.org"})
print(json.dumps({
    "status": secure.status_code,
    "headers": dict(secure.headers),
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location", ""),
}))
"""


def production_env(tmp_path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DEBUG", "SECURE_", "PYTEST", "DJANGO_"))
        and key not in {"SECRET_KEY", "ALLOWED_HOSTS", "SESSION_IDLE_SECONDS"}
    }
    env |= {
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": PRODUCTION_HOST,
        "CSRF_TRUSTED_ORIGINS": f"https://{PRODUCTION_HOST}",
        "SITE_URL": f"https://{PRODUCTION_HOST}",
        "SAMANVAY_TESTING": "0",
        # Production sends mail over SMTP; without it check --deploy rightly reports an error.
        "EMAIL_HOST": "smtp.example.org",
        # Protected referral records need production's own key.
        "REFERRALS_ENCRYPTION_KEYS": "q2TZxJ7r9vC0v3kKc1mZb0Xn1yq7n0yX4cJcW7yQm2s=",
        "SAMANVAY_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "samanvay.settings",
    }
    return env


def run_python(args: list[str], tmp_path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py, fixed arguments
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=production_env(tmp_path) | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_reports_no_issues_under_production_settings(tmp_path):
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], tmp_path)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_python(["-c", "import django; django.setup()"], tmp_path, SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.fixture(scope="module")
def production_response(tmp_path_factory):
    result = run_python(["-c", HEADERS_SCRIPT], tmp_path_factory.mktemp("var"))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_responses_carry_hsts(production_response):
    assert production_response["status"] == 200
    hsts = production_response["headers"]["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts
    assert "includeSubDomains" in hsts


def test_production_csp_forbids_inline_scripts_and_framing(production_response):
    policy = production_response["headers"]["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["style-src"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_production_responses_forbid_framing_and_sniffing(production_response):
    headers = production_response["headers"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_production_redirects_plain_http_to_https(production_response):
    assert production_response["plain_status"] == 301
    assert production_response["plain_location"].startswith("https://")


def test_session_and_csrf_cookies_are_secure_and_http_only(client, world):
    response = client.get(reverse("accounts:login"), secure=True)
    assert response.status_code == 200
    csrf = response.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["secure"]
    assert csrf["httponly"]
    client.force_login(world.coord_a)
    response = client.get("/", secure=True)
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"
