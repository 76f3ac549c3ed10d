from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from samanvay.accounts import rules
from samanvay.accounts.services import set_user_language
from samanvay.core.pagination import paginate
from samanvay.core.selectors import audit_entries_visible_to, home_summary


@require_GET
def home(request):
    if not request.user.is_authenticated:
        return render(request, "core/public_home.html")
    return render(request, "core/home.html", {"summary": home_summary(request.user)})


@require_POST
def set_language(request):
    """Switch between Hindi and English; remembered on the account and in a cookie."""
    language = request.POST.get("language", "")
    codes = {code for code, _name in settings.LANGUAGES}
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in codes:
        if request.user.is_authenticated:
            set_user_language(user=request.user, language=language)
            request.session["user_language"] = language
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


@require_GET
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


@login_required
@require_GET
def audit_log(request):
    if not rules.can_view_audit(request.user):
        raise PermissionDenied
    entries = audit_entries_visible_to(
        request.user,
        object_type=request.GET.get("type", ""),
        object_id=request.GET.get("id", ""),
    )
    return render(request, "core/audit_log.html", {"page": paginate(request, entries)})
