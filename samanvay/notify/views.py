from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samanvay.core.pagination import paginate
from samanvay.notify import inbound, selectors, services
from samanvay.notify.forms import PreferenceForm
from samanvay.notify.kinds import render_short


@login_required
@require_GET
def inbox(request):
    page = paginate(request, selectors.notifications_for(request.user))
    for notification in page:
        notification.line = render_short(notification)
    return render(request, "notify/inbox.html", {"page": page})


@login_required
@require_GET
def open_notification(request, notification_id: int):
    notification = selectors.get_notification_for_user(request.user, notification_id)
    services.mark_read(notification)
    if notification.url and services.is_local_path(notification.url):
        return redirect(notification.url)
    notification.line = render_short(notification)
    return render(request, "notify/notification.html", {"notification": notification})


@login_required
@require_POST
def mark_all_read(request):
    if services.mark_all_read(user=request.user):
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notify:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    preference = selectors.preference_for(request.user)
    form = PreferenceForm(request.POST if request.method == "POST" else None, instance=preference)
    if request.method == "POST" and form.is_valid():
        services.save_preference(user=request.user, form=form)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notify:settings")
    return render(request, "notify/settings.html", {"form": form})


# WhatsApp calls this without a session or CSRF token; the signature is its proof instead.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def whatsapp_webhook(request):
    """GET: the subscription handshake. POST: an event, signed with the app secret, stored
    as received and acknowledged at once; a worker processes it."""
    if request.method == "GET":
        token = settings.WHATSAPP_VERIFY_TOKEN
        if (
            request.GET.get("hub.mode") == "subscribe"
            and token
            and constant_time_compare(request.GET.get("hub.verify_token", ""), token)
        ):
            return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
        return HttpResponseForbidden()
    body = request.body
    if not inbound.signature_valid(body, request.headers.get("X-Hub-Signature-256", "")):
        return HttpResponseForbidden()
    inbound.store_event(body)
    return HttpResponse("OK", content_type="text/plain")
