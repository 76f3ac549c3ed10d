from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from samanvay.accounts import rules
from samanvay.accounts.models import Role, User


class SignInForm(AuthenticationForm):
    """Username and password. `authenticate(request=...)` lets django-axes count failures."""

    error_messages = {
        # The same words whether the username exists or not.
        "invalid_login": _(
            "The username or password is not right. Check them and try again. "
            "Capital and small letters count."
        ),
        "inactive": _("This account is switched off. Ask the Women Safety Branch."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        )
        self.fields["password"].label = _("Password")


class TwoFactorSetupForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code from the app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
            }
        ),
    )


class TwoFactorVerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
        max_length=24,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
                "size": 10,
            }
        ),
    )


class LocalisedPasswordResetForm(PasswordResetForm):
    """Sends the reset mail in the language of the account it is for, not of the request."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        language = getattr(context.get("user"), "language", None) or translation.get_language()
        with translation.override(language):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )


class AccountCreateForm(forms.Form):
    """Open a sign-in account for a person of the registry."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, digits and . _ - only, e.g. sunita.verma"),
    )
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, actor, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor, self.person = actor, person
        grantable = set(rules.account_roles_grantable(actor))
        self.fields["role"].choices = [(v, label) for v, label in Role.choices if v in grantable]

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken. Choose another."))
        return username
