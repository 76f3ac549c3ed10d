from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from samanvay.accounts import rules
from samanvay.directory.models import NGO, District
from samanvay.referrals.models import Consent, Kind, Outcome, ServiceContact, Urgency

PHOTO_TYPES = {"image/jpeg", "image/png", "image/webp"}


class ProtectedFieldsMixin(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    age = forms.CharField(label=_("Age"), max_length=20, required=False)
    guardian = forms.CharField(label=_("Parent or guardian"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=500, required=False)
    school = forms.CharField(label=_("School"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    description = forms.CharField(
        label=_("Identifying description"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photo = forms.ImageField(label=_("Photo"), required=False)

    def protected_details(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in ProtectedRecordFields}

    def protected_photo(self) -> tuple[bytes, str] | None:
        photo = self.cleaned_data.get("photo")
        if not photo:
            return None
        content_type = getattr(photo, "content_type", "") or "image/jpeg"
        if content_type not in PHOTO_TYPES:
            content_type = "image/jpeg"
        photo.seek(0)
        return photo.read(), content_type

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > settings.REPORT_PHOTO_MAX_BYTES:
            raise forms.ValidationError(_("The photo is too large."))
        return photo


ProtectedRecordFields = ["name", "age", "guardian", "address", "school", "phone", "description"]


class ReferralForm(ProtectedFieldsMixin):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.HIGH)
    district = forms.ModelChoiceField(label=_("District"), queryset=District.objects.none())
    place = forms.CharField(label=_("Block, village or ward"), max_length=200)
    summary = forms.CharField(
        label=_("What is happening (no names or identifying details)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    ngo = forms.ModelChoiceField(
        label=_("NGO to work with (optional)"), queryset=NGO.objects.none(), required=False
    )

    field_order = ["kind", "urgency", "district", "place", "summary", "ngo"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(
            rules.report_districts(user)
        ).order_by("name_en")
        self.fields["ngo"].queryset = NGO.objects.filter(is_active=True).order_by("name_en")
        if user.ngo_id:
            self.fields["ngo"].initial = user.ngo_id

    def clean(self):
        data = super().clean()
        ngo, district = data.get("ngo"), data.get("district")
        if ngo and district and not ngo.districts.filter(pk=district.pk).exists():
            self.add_error("ngo", _("The NGO does not work in this district."))
        refuse_identifying_in(
            self,
            ["summary", "place"],
            protected={name: data.get(name) for name in ("name", "guardian")},
        )
        return data


def refuse_identifying_in(form: forms.Form, fields: list[str], *, protected=None) -> None:
    """Attach the privacy guard's refusal (samanvay/referrals/services.py) to the fields."""
    from samanvay.referrals.services import refuse_identifying

    try:
        refuse_identifying(
            {name: form.cleaned_data.get(name) or "" for name in fields}, protected=protected
        )
    except forms.ValidationError as error:
        for name, errors in error.message_dict.items():
            form.add_error(name, errors)


class ProtectedForm(ProtectedFieldsMixin):
    pass


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need to see the protected details?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        refuse_identifying_in(self, ["reason"])
        return data


class AssignForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("Police officer"), queryset=None, required=False)
    ngo = forms.ModelChoiceField(label=_("NGO"), queryset=None, required=False)
    caseworker = forms.ModelChoiceField(label=_("NGO caseworker"), queryset=None, required=False)

    def __init__(self, *args, officers, ngos, caseworkers, can_manage: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers
        self.fields["ngo"].queryset = ngos
        self.fields["caseworker"].queryset = caseworkers
        for field in self.fields.values():
            field.label_from_instance = _label
        if not can_manage:
            del self.fields["officer"]
            del self.fields["ngo"]


def _label(obj) -> str:
    full = getattr(obj, "get_full_name", None)
    return (full() or obj.username) if full else str(obj)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    fir_number = forms.CharField(label=_("FIR number"), max_length=64, required=False)
    rescued_count = forms.IntegerField(label=_("Persons rescued"), min_value=1, required=False)
    note = forms.CharField(
        label=_("Reason or note (no names)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        refuse_identifying_in(self, ["note"])
        return data


class HandOverForm(forms.Form):
    service = forms.ModelChoiceField(label=_("Service"), queryset=ServiceContact.objects.none())

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.fields["service"].label_from_instance = lambda s: f"{s.get_kind_display()}: {s.name}"


class ConsentForm(forms.Form):
    ngo = forms.ModelChoiceField(label=_("NGO to share with"), queryset=NGO.objects.none())
    given_by = forms.CharField(label=_("Consent given by"), max_length=200)
    relation = forms.ChoiceField(label=_("Relation"), choices=Consent.Relation.choices)
    given_on = forms.DateField(label=_("Date of consent"), widget=forms.DateInput({"type": "date"}))
    method = forms.ChoiceField(label=_("How"), choices=Consent.Method.choices)

    def __init__(self, *args, ngos, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ngo"].queryset = ngos


class ShareForm(forms.Form):
    ngo = forms.ModelChoiceField(label=_("NGO to share with"), queryset=NGO.objects.none())

    def __init__(self, *args, ngos, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ngo"].queryset = ngos


class TipForm(forms.Form):
    kind = forms.ChoiceField(label=_("What kind of matter?"), choices=Kind.choices)
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.order_by("name_hi")
    )
    place = forms.CharField(label=_("Block, village or ward"), max_length=200)
    what = forms.CharField(
        label=_("What is happening?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )
    callback = forms.CharField(
        label=_("Your phone number, if we may call you back (optional)"),
        max_length=20,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].label_from_instance = lambda d: d.name

    def clean(self):
        data = super().clean()
        # What is happening (and the phone) go to the protected record; the place is seen by all.
        refuse_identifying_in(self, ["place"])
        return data


class TipStatusForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=24)
    pin = forms.CharField(label=_("PIN"), max_length=12, widget=forms.PasswordInput)


class ServiceContactForm(forms.ModelForm):
    class Meta:
        model = ServiceContact
        fields = ["district", "kind", "name", "contact_person", "phone", "email", "address"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(
            rules.service_districts(user)
        ).order_by("name_en")
