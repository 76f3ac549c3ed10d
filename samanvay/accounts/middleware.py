"""Officers must pass two-factor sign-in before they can reach anything else."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from samanvay.accounts.services import has_confirmed_totp

# Set at sign-in when the account has an authenticator app: people who chose two-step sign-in
# (it is optional for NGO roles) are held to it like officers.
TWO_FACTOR_SESSION_KEY = "two_factor_enrolled"

# Pages a user may open between password and second factor.
OPEN_URL_NAMES = (
    "accounts:two_factor_setup",
    "accounts:two_factor_verify",
    "accounts:recovery_codes",
    "accounts:logout",
    "core:set_language",
    "core:healthz",
)


def two_factor_url(user, next_url: str = "") -> str:
    """Where a signed-in user who still owes a second factor goes: verify, or enrol if no device."""
    name = "accounts:two_factor_verify" if has_confirmed_totp(user) else "accounts:two_factor_setup"
    url = reverse(name)
    if next_url:
        url += "?" + urlencode({"next": next_url})
    return url


def owes_second_factor(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    required = user.needs_two_factor or request.session.get(TWO_FACTOR_SESSION_KEY, False)
    return bool(required) and not user.is_verified()


class TwoFactorRequiredMiddleware:
    """After OTPMiddleware: send a user who owes a second factor to verify or set-up."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths: frozenset[str] | None = None

    def open_paths(self) -> frozenset[str]:
        if self._open_paths is None:
            self._open_paths = frozenset(reverse(name) for name in OPEN_URL_NAMES)
        return self._open_paths

    def __call__(self, request):
        # Read by the page frame: no menu of the app until the second factor is passed.
        request.owes_second_factor = owes_second_factor(request)
        if request.owes_second_factor and not self.is_open(request.path_info):
            return redirect(two_factor_url(request.user, request.get_full_path()))
        return self.get_response(request)

    def is_open(self, path: str) -> bool:
        if path in self.open_paths():
            return True
        static_url = settings.STATIC_URL or ""
        return static_url.startswith("/") and path.startswith(static_url)
