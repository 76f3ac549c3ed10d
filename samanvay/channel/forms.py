from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samanvay.accounts.models import User
from samanvay.activities import photos as photo_checks
from samanvay.channel.services import MAX_TEXT

CONFIRM_REQUIRED = _("Please confirm that no child or victim can be identified in the photo.")
NO_SUCH_USER = _("There is no active account with this username.")


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("message"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Never write a victim's or child's name, phone number, address or Aadhaar number: "
            "refer to a case by its referral code. Mention someone with @username."
        ),
    )
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput)
    photo = forms.FileField(
        label=_("photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPEG, PNG or WebP. Location and camera details are removed."),
    )
    confirm_no_identity = forms.BooleanField(
        label=_(
            "I confirm that no child or victim can be identified in this photo: no faces of "
            "children, no names, no school uniforms, no homes."
        ),
        required=False,
    )

    def clean_photo(self):
        uploaded = self.cleaned_data.get("photo")
        return photo_checks.clean_photo(uploaded) if uploaded else None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("photo") and not cleaned.get("confirm_no_identity"):
            self.add_error("confirm_no_identity", ValidationError(CONFIRM_REQUIRED))
        return cleaned


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        max_length=500,
        help_text=_("Members will see that the branch hid the message, and this reason."),
    )


class AddMemberForm(forms.Form):
    username = forms.CharField(label=_("username"), max_length=150)

    def clean_username(self):
        username = self.cleaned_data["username"].strip().lstrip("@")
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise ValidationError(NO_SUCH_USER)
        return user


class SearchForm(forms.Form):
    q = forms.CharField(label=_("search"), max_length=200, required=False)
