from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "samanvay.dashboard"
    label = "dashboard"
    verbose_name = _("Supervision")

    def ready(self):
        if apps.is_installed("samanvay.referrals"):
            from samanvay.dashboard import signals  # noqa: PLC0415

            signals.connect()
