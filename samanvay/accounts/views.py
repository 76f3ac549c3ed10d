import math
from base64 import b32encode

import segno
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from samanvay.accounts import rules, services
from samanvay.accounts.forms import (
    AccountCreateForm,
    LocalisedPasswordResetForm,
    SignInForm,
    TwoFactorSetupForm,
    TwoFactorVerifyForm,
)
from samanvay.accounts.middleware import (
    TWO_FACTOR_SESSION_KEY,
    owes_second_factor,
    two_factor_url,
)

CODES_TO_SHOW_SESSION_KEY = "recovery_codes_to_show"


def _next_url(request) -> str:
    """The safe `next` of this request, or the home page."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login(request):
    next_url = _next_url(request)
    if request.user.is_authenticated:
        if owes_second_factor(request):
            return redirect(two_factor_url(request.user, next_url))
        return redirect(next_url)

    form = SignInForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        auth_login(request, user)
        request.session["user_language"] = user.language
        enrolled = services.has_confirmed_totp(user)
        request.session[TWO_FACTOR_SESSION_KEY] = enrolled
        services.record_sign_in(user=user)
        if user.needs_two_factor or enrolled:
            return redirect(two_factor_url(user, next_url))
        return redirect(next_url)
    return render(
        request,
        "accounts/login.html",
        {
            "form": form,
            "next": request.POST.get("next") or request.GET.get("next", ""),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
        },
    )


@require_POST
def logout(request):
    if request.user.is_authenticated:
        services.record_sign_out(user=request.user)
    auth_logout(request)
    messages.info(request, _("You have signed out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


@login_required
@require_http_methods(["GET"])
def profile(request):
    user = request.user
    return render(
        request,
        "accounts/profile.html",
        {
            "account": user,
            "person": user.person if hasattr(user, "person") else None,
            "has_two_factor": services.has_confirmed_totp(user),
            "recovery_codes_left": services.remaining_recovery_codes(user),
            "languages": settings.LANGUAGES,
        },
    )


def _qr_svg(data: str) -> str:
    # Plain SVG markup without style attributes: the CSP forbids inline styles.
    return segno.make(data, error="m").svg_inline(
        omitsize=True, border=2, svgclass=None, lineclass=None, title=_("QR code to scan")
    )


def _grouped(key: str, size: int = 4) -> str:
    return " ".join(key[i : i + size] for i in range(0, len(key), size))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    user = request.user
    next_url = _next_url(request)
    if services.has_confirmed_totp(user) and not user.is_verified():
        # A new phone can only replace the old one after signing in with the old one (or a
        # recovery code): a password alone must not be enough.
        return redirect(_with_next(reverse("accounts:two_factor_verify"), next_url))

    device = services.start_totp_enrolment(user=user)
    form = TwoFactorSetupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.confirm_totp_enrolment(
                user=user, device=device, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            otp_login(request, device)
            request.session[TWO_FACTOR_SESSION_KEY] = True
            request.session[CODES_TO_SHOW_SESSION_KEY] = codes
            messages.success(request, _("Two-step sign-in is on."))
            return redirect(_with_next(reverse("accounts:recovery_codes"), next_url))

    key = b32encode(device.bin_key).decode("ascii")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "key": _grouped(key),
            "next": request.GET.get("next", "") or request.POST.get("next", ""),
            "replacing": services.has_confirmed_totp(user),
        },
    )


@login_required
@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    user = request.user
    next_url = _next_url(request)
    if user.is_verified():
        return redirect(next_url)
    if not services.has_confirmed_totp(user):
        return redirect(_with_next(reverse("accounts:two_factor_setup"), next_url))

    form = TwoFactorVerifyForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        result = services.check_second_factor(user=user, code=form.cleaned_data["code"])
        if result.device is not None:
            otp_login(request, result.device)
            request.session[TWO_FACTOR_SESSION_KEY] = True
            if isinstance(result.device, StaticDevice):
                left = services.remaining_recovery_codes(user)
                messages.warning(
                    request,
                    ngettext(
                        "You used a recovery code. %(count)d recovery code is left.",
                        "You used a recovery code. %(count)d recovery codes are left.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(next_url)
        if result.locked_until is not None:
            seconds = max(1, math.ceil((result.locked_until - timezone.now()).total_seconds()))
            form.add_error(
                "code",
                ngettext(
                    "Too many wrong codes. Wait %(seconds)d second and try again.",
                    "Too many wrong codes. Wait %(seconds)d seconds and try again.",
                    seconds,
                )
                % {"seconds": seconds},
            )
            status = 429
        else:
            form.add_error(
                "code",
                _(
                    "That code is not right. Use the newest code from the app, "
                    "or a recovery code you have not used."
                ),
            )
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
        status=status,
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    user = request.user
    next_url = _next_url(request)
    if not user.is_verified():
        return redirect(two_factor_url(user, request.get_full_path()))
    if request.method == "POST":
        request.session[CODES_TO_SHOW_SESSION_KEY] = services.regenerate_recovery_codes(user=user)
        return redirect(_with_next(reverse("accounts:recovery_codes"), next_url))
    codes = request.session.pop(CODES_TO_SHOW_SESSION_KEY, None)
    # never_cache keeps the codes out of the browser's and any proxy's cache.
    return render(
        request,
        "accounts/recovery_codes.html",
        {
            "codes": codes,
            "codes_left": services.remaining_recovery_codes(user),
            "next_url": next_url,
        },
    )


# Password change and reset: Django's views with our templates and wording.


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.record_password_change(user=form.user, event="password_changed")
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    form_class = LocalisedPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def get_extra_email_context(self):
        return {"site_url": settings.SITE_URL}

    def form_valid(self, form):
        self.extra_email_context = self.get_extra_email_context()
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # Proof of the mailbox ends a lockout from earlier failed attempts.
        axes_reset(username=form.user.get_username())
        services.record_password_change(user=form.user, event="password_reset")
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def _person_for_account(request, pk: int):
    from samanvay.directory.selectors import get_person_for_user

    person = get_person_for_user(request.user, pk)
    if not rules.can_manage_account_of(request.user, person):
        raise PermissionDenied
    return person


@login_required
@require_http_methods(["GET", "POST"])
def account_create(request, pk: int):
    person = _person_for_account(request, pk)
    if person.user_id is not None:
        messages.info(request, _("This person already has a sign-in account."))
        return redirect(person)
    form = AccountCreateForm(request.POST or None, actor=request.user, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_account(
                actor=request.user,
                person=person,
                username=form.cleaned_data["username"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The account has been opened. %(name)s gets an email to set a password.")
                % {"name": person.name},
            )
            return redirect(person)
    return render(request, "accounts/account_create.html", {"form": form, "person": person})


@login_required
@require_POST
def account_set_active(request, pk: int):
    person = _person_for_account(request, pk)
    if person.user is None:
        raise Http404
    active = request.POST.get("active") == "1"
    services.set_account_active(actor=request.user, user=person.user, active=active)
    messages.success(
        request,
        _("The account has been reopened.") if active else _("The account has been closed."),
    )
    return redirect(person)
