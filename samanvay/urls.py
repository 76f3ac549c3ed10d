from django.contrib import admin
from django.urls import include, path

from samanvay.notify.views import whatsapp_webhook

urlpatterns = [
    path("", include("samanvay.core.urls")),
    path("accounts/", include("samanvay.accounts.urls")),
    path("registry/", include("samanvay.directory.urls")),
    path("inbox/", include("samanvay.notify.urls")),
    path("campaigns/", include("samanvay.campaigns.urls")),
    path("reports/", include("samanvay.activities.urls")),
    path("meetings/", include("samanvay.meetings.urls")),
    path("referrals/", include("samanvay.referrals.urls")),
    path("whatsapp/webhook/", whatsapp_webhook, name="whatsapp_webhook"),
    path("group/", include("samanvay.channel.urls")),
    path("dashboard/", include("samanvay.dashboard.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "samanvay.core.errors.forbidden"
handler404 = "samanvay.core.errors.not_found"
