from django import forms
from django.utils.translation import gettext_lazy as _

from samanvay.notify.models import Preference


class PreferenceForm(forms.ModelForm):
    """Which media a person gets, and quiet hours in India time (IST)."""

    class Meta:
        model = Preference
        fields = ["whatsapp", "sms", "email", "quiet_from", "quiet_until"]
        widgets = {
            "quiet_from": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_until": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        help_texts = {
            "whatsapp": _("Only if you agreed to WhatsApp messages in the registry."),
            "quiet_from": _("India time. Urgent notices still reach your phone."),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("quiet_from"), data.get("quiet_until")
        if (start is None) != (end is None):
            raise forms.ValidationError(_("Give both ends of the quiet hours, or neither."))
        return data
