"""Referral pages. URLs carry the referral's code, never anything about the person; the protected
record has its own pages, reachable only by its assignees (and by the branch, with a reason)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samanvay.accounts import rules
from samanvay.core.pagination import paginate
from samanvay.lib import privacy_guard
from samanvay.referrals import selectors, services
from samanvay.referrals.forms import (
    AssignForm,
    CloseForm,
    ConsentForm,
    HandOverForm,
    ProtectedForm,
    ReasonForm,
    ReferralForm,
    ServiceContactForm,
    ShareForm,
    TipForm,
    TipStatusForm,
)
from samanvay.referrals.models import Kind, Source, Status
from samanvay.referrals.service_levels import tip_urgency

GET_POST = ["GET", "POST"]


def _require_section(user) -> None:
    if not rules.can_see_referrals(user):
        raise PermissionDenied


def _managed(request, code: str):
    referral = selectors.get_referral_for_user(request.user, code)
    if not rules.can_manage_referral(request.user, referral):
        raise PermissionDenied
    return referral


@login_required
@require_http_methods(GET_POST)
def referral_list(request):
    """The referrals in the user's view, filtered by status and kind (in the address). A search
    by code or place is sent by POST: the words typed never go into an address, a browser's
    history or a proxy's log, even when they are a name typed by mistake."""
    _require_section(request.user)
    source = request.POST if request.method == "POST" else request.GET
    query = request.POST.get("q", "").strip() if request.method == "POST" else ""
    if query and privacy_guard.check(query):
        # Names (and phones, Aadhaar, email) are never searched, nor echoed back in the page.
        messages.error(request, _("Referrals are searched by code or place, never by a name."))
        query = ""
    status, kind = source.get("status", ""), source.get("kind", "")
    rows = selectors.search_referrals(request.user, query=query, status=status, kind=kind)
    page = paginate(request, rows, data=source)
    return render(
        request,
        "referrals/referral_list.html",
        {
            "page": page,
            "query": query,
            "status": status,
            "kind": kind,
            "kept": [("q", query), ("status", status), ("kind", kind)],
            "statuses": Status.choices,
            "kinds": Kind.choices,
            "can_raise": rules.can_raise_referrals(request.user),
        },
    )


@login_required
@require_http_methods(GET_POST)
def referral_create(request):
    if not rules.can_raise_referrals(request.user):
        raise PermissionDenied
    form = ReferralForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.raise_referral(
                actor=request.user,
                kind=data["kind"],
                urgency=data["urgency"],
                district=data["district"],
                place=data["place"],
                summary=data["summary"],
                ngo=data["ngo"],
                protected=form.protected_details(),
                photo=form.protected_photo(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Referral %(code)s raised.") % {"code": referral.code})
            return redirect("referrals:referral_detail", referral.code)
    return render(request, "referrals/referral_form.html", {"form": form})


def _add_errors(form, error: ValidationError, fields: dict[str, str] | None = None) -> None:
    """A service's refusal on the form: on its field where the form has one (`fields` maps the
    service's names to the form's), else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.message_dict.items():
        name = (fields or {}).get(name, name)
        form.add_error(name if name in form.fields else None, errors)


@login_required
@require_GET
def referral_detail(request, code: str):
    referral = selectors.get_referral_for_user(request.user, code)
    user = request.user
    return render(
        request,
        "referrals/referral_detail.html",
        {
            "referral": referral,
            "timeline": selectors.timeline(referral),
            "can_manage": rules.can_manage_referral(user, referral),
            "can_assign": rules.can_manage_referral(user, referral)
            or rules.can_assign_caseworker(user, referral),
            "can_share": rules.can_share_referral(user, referral),
            "can_view_protected": rules.can_view_protected(user, referral),
            "can_view_with_reason": rules.can_view_protected_with_reason(user, referral),
            "shares": referral.shares.select_related("ngo"),
            "Status": Status,
        },
    )


def _transition(request, code: str, action):
    referral = _managed(request, code)
    try:
        action(actor=request.user, referral=referral)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("referrals:referral_detail", referral.code)


@login_required
@require_POST
def referral_acknowledge(request, code: str):
    return _transition(request, code, services.acknowledge)


@login_required
@require_POST
def referral_start(request, code: str):
    return _transition(request, code, services.start_action)


@login_required
@require_http_methods(GET_POST)
def referral_close(request, code: str):
    referral = _managed(request, code)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.close(
                actor=request.user,
                referral=referral,
                outcome=data["outcome"],
                fir_number=data["fir_number"],
                rescued_count=data["rescued_count"],
                note=data["note"],
            )
        except ValidationError as error:
            _add_errors(form, error, {"outcome_note": "note"})
        else:
            messages.success(request, _("The referral is closed."))
            return redirect("referrals:referral_detail", referral.code)
    return render(request, "referrals/referral_close.html", {"form": form, "referral": referral})


@login_required
@require_http_methods(GET_POST)
def referral_assign(request, code: str):
    referral = selectors.get_referral_for_user(request.user, code)
    can_manage = rules.can_manage_referral(request.user, referral)
    if not (can_manage or rules.can_assign_caseworker(request.user, referral)):
        raise PermissionDenied
    form = AssignForm(
        request.POST or None,
        officers=selectors.officers_for(referral),
        ngos=selectors.ngos_for(referral),
        caseworkers=selectors.caseworkers_for(referral),
        can_manage=can_manage,
        initial={
            "officer": referral.assigned_officer_id,
            "ngo": referral.ngo_id,
            "caseworker": referral.assigned_caseworker_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assign(
                actor=request.user,
                referral=referral,
                officer=form.cleaned_data.get("officer"),
                ngo=form.cleaned_data.get("ngo"),
                caseworker=form.cleaned_data.get("caseworker"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Assignment saved."))
            return redirect("referrals:referral_detail", referral.code)
    return render(request, "referrals/referral_assign.html", {"form": form, "referral": referral})


@login_required
@require_http_methods(GET_POST)
def referral_hand_over(request, code: str):
    referral = _managed(request, code)
    form = HandOverForm(request.POST or None, services=selectors.services_for(referral))
    if request.method == "POST" and form.is_valid():
        try:
            services.hand_over(
                actor=request.user, referral=referral, service=form.cleaned_data["service"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("referrals:referral_detail", referral.code)
    return render(
        request, "referrals/referral_hand_over.html", {"form": form, "referral": referral}
    )


@login_required
@require_http_methods(GET_POST)
def referral_share(request, code: str):
    """Record a consent, and share with the NGO it names; sharing without one is refused."""
    referral = selectors.get_referral_for_user(request.user, code)
    if not rules.can_share_referral(request.user, referral):
        raise PermissionDenied
    ngos = selectors.ngos_for(referral).exclude(pk=referral.ngo_id)
    share_form = ShareForm(request.POST if request.POST.get("step") == "share" else None, ngos=ngos)
    consent_form = ConsentForm(
        request.POST if request.POST.get("step") == "consent" else None, ngos=ngos
    )
    if request.method == "POST" and consent_form.is_bound and consent_form.is_valid():
        try:
            services.record_consent(
                actor=request.user, referral=referral, **consent_form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(consent_form, error)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("referrals:referral_share", referral.code)
    if request.method == "POST" and share_form.is_bound and share_form.is_valid():
        try:
            services.share_with_ngo(
                actor=request.user, referral=referral, ngo=share_form.cleaned_data["ngo"]
            )
        except ValidationError as error:
            share_form.add_error(None, error)
        else:
            messages.success(request, _("The referral is shared."))
            return redirect("referrals:referral_detail", referral.code)
    return render(
        request,
        "referrals/referral_share.html",
        {
            "referral": referral,
            "share_form": share_form,
            "consent_form": consent_form,
            "consents": referral.consents.select_related("ngo", "recorded_by"),
        },
    )


# --- the protected record ----------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(GET_POST)
def protected_view(request, code: str):
    referral = selectors.get_referral_for_user(request.user, code)
    user = request.user
    if not (
        rules.can_view_protected(user, referral)
        or rules.can_view_protected_with_reason(user, referral)
    ):
        raise PermissionDenied
    if referral.protected_purged_at:
        return render(request, "referrals/protected.html", {"referral": referral, "purged": True})
    reason_form = None
    details = None
    if rules.can_view_protected(user, referral):
        details = services.read_protected(actor=user, referral=referral)
    else:
        reason_form = ReasonForm(request.POST or None)
        if request.method == "POST" and reason_form.is_valid():
            try:
                details = services.read_protected(
                    actor=user, referral=referral, reason=reason_form.cleaned_data["reason"]
                )
            except ValidationError as error:
                _add_errors(reason_form, error)
            else:
                reason_form = None
    return render(
        request,
        "referrals/protected.html",
        {
            "referral": referral,
            "details": details,
            "reason_form": reason_form,
            "opened": reason_form is None,
            "can_change": rules.can_change_protected(user, referral),
            # The photo is served on its own address, to the assignees only (never on a reason
            # given in another request).
            "can_see_photo": rules.can_view_protected(user, referral),
        },
    )


@never_cache
@login_required
@require_http_methods(GET_POST)
def protected_edit(request, code: str):
    referral = selectors.get_referral_for_user(request.user, code)
    if not rules.can_change_protected(request.user, referral):
        raise PermissionDenied
    initial = {}
    if request.method == "GET" and rules.can_view_protected(request.user, referral):
        initial = services.read_protected(actor=request.user, referral=referral) or {}
    form = ProtectedForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.change_protected(
            actor=request.user,
            referral=referral,
            details=form.protected_details(),
            photo=form.protected_photo(),
        )
        messages.success(request, _("Protected details saved."))
        return redirect("referrals:referral_detail", referral.code)
    return render(
        request,
        "referrals/protected_form.html",
        {
            "form": form,
            "referral": referral,
            "can_view": rules.can_view_protected(request.user, referral),
        },
    )


@never_cache
@login_required
@require_GET
def protected_photo(request, code: str):
    referral = selectors.get_referral_for_user(request.user, code)
    photo = services.protected_photo(actor=request.user, referral=referral)
    if photo is None:
        raise Http404
    response = HttpResponse(photo[0], content_type=photo[1])
    response["Cache-Control"] = "no-store, private"
    response["Content-Disposition"] = "inline"
    return response


@login_required
@require_GET
def service_list(request):
    _require_section(request.user)
    district = request.user.district if request.user.district_id else None
    return render(
        request,
        "referrals/service_list.html",
        {
            "services": selectors.service_directory(request.user, district),
            "can_add": rules.can_add_services(request.user),
        },
    )


@login_required
@require_http_methods(GET_POST)
def service_create(request):
    if not rules.can_add_services(request.user):
        raise PermissionDenied
    form = ServiceContactForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.add_service(actor=request.user, service=form.save(commit=False))
        messages.success(request, _("The service has been added."))
        return redirect("referrals:service_list")
    return render(request, "referrals/service_form.html", {"form": form})


# --- the public tip form -----------------------------------------------------------------------


def client_address(request) -> str:
    """The visitor's address. Behind PROXY_COUNT trusted reverse proxies it is the one the
    outermost of them saw (counted from the right of X-Forwarded-For), so visitors behind the
    proxies are not all counted as one."""
    from django.conf import settings

    proxies = settings.AXES_IPWARE_PROXY_COUNT
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def over_limit(request, bucket: str, limit: int) -> bool:
    """A per-address counter for an hour: over the limit, this address waits; others do not."""
    key = f"referrals:{bucket}:{client_address(request)}"
    cache.add(key, 0, timeout=60 * 60)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=60 * 60)
        count = 1
    return count > limit


@never_cache
@require_http_methods(GET_POST)
def tip_form(request):
    """Only tips that would be accepted count towards the address's limit; a refused one is shown
    again as it was typed, with the reason and the helplines, so nothing written is lost."""
    from django.conf import settings

    form = TipForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "referrals/tip_form.html", {"form": form})
    if over_limit(request, "tip", settings.REFERRALS_TIPS_PER_HOUR):
        return render(
            request, "referrals/tip_form.html", {"form": form, "too_many": True}, status=429
        )
    data = form.cleaned_data
    pin = services.new_tip_pin()
    referral = services.raise_referral(
        actor=None,
        kind=data["kind"],
        urgency=tip_urgency(data["kind"]),
        district=data["district"],
        place=data["place"],
        summary="",
        # What a tipster writes may name the child: it is kept in the protected record.
        protected={"description": data["what"], "phone": data["callback"]},
        source=Source.PUBLIC_TIP,
        tip_pin=pin,
    )
    return render(request, "referrals/tip_thanks.html", {"code": referral.code, "pin": pin})


@never_cache
@require_http_methods(GET_POST)
def tip_status(request):
    from django.conf import settings

    form = TipStatusForm(request.POST or None)
    referral = None
    if request.method == "POST":
        if over_limit(request, "tip-status", settings.REFERRALS_STATUS_CHECKS_PER_HOUR):
            return render(
                request, "referrals/tip_status.html", {"form": form, "too_many": True}, status=429
            )
        if form.is_valid():
            referral = services.tip_status(form.cleaned_data["code"], form.cleaned_data["pin"])
            if referral is None:
                form.add_error(None, _("No tip matches this code and PIN."))
    return render(request, "referrals/tip_status.html", {"form": form, "referral": referral})
