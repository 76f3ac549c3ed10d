from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "samanvay.core"
    label = "core"

    def ready(self):
        # Django's own label for an empty choice has no Hindi translation: use ours.
        from django.db.models import fields

        fields.BLANK_CHOICE_LABEL = _("— Choose —")
