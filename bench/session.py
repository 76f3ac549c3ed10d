"""Signs benchmark personas in (a session past two-factor sign-in, as after a real login) and
prints `role session-key district-code` lines. Run with DJANGO_SETTINGS_MODULE=bench.settings."""

import django

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from samanvay.accounts.models import User  # noqa: E402


def sign_in(user: User) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if user.needs_two_factor:
        device, _created = TOTPDevice.objects.get_or_create(
            user=user, name="bench", defaults={"confirmed": True}
        )
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return session.session_key


branch = User.objects.filter(role="branch", username__startswith="scale.").order_by("pk").first()
# The busiest district's officer: the district dashboard's worst case.
officer = (
    User.objects.filter(role="district_officer", username__startswith="scale.")
    .select_related("district")
    .order_by("pk")
    .first()
)
print("SESSION branch", sign_in(branch), "-")
print("SESSION officer", sign_in(officer), officer.district.code)
