from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "samanvay.referrals"
    verbose_name = _("Referrals")

    def ready(self):
        from samanvay.referrals import checks  # noqa: F401 -- registers the deploy check
