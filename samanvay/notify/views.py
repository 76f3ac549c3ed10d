from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from samanvay.core.pagination import paginate
from samanvay.notify import selectors, services
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
