from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from samanvay.accounts import rules
from samanvay.directory.models import (
    NGO,
    District,
    FocusArea,
    Membership,
    Person,
    PoliceUnit,
    ShaktiSamiti,
)
from samanvay.directory.selectors import organisations_for_membership, people_visible_to
from samanvay.lib.darpan import normalise_darpan_id

PHONE_ERROR = _("Enter a valid mobile number, e.g. 98765 43210 or +91 98765 43210.")


def phone_field(label, *, required=False) -> PhoneNumberField:
    return PhoneNumberField(
        label=label,
        required=required,
        region="IN",
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        error_messages={"invalid": PHONE_ERROR},
    )


class DistrictChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class DistrictMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class BilingualMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ScopedForm(forms.ModelForm):
    """A model form that knows who fills it in, to offer only the choices within their reach."""

    # Fields whose uniqueness the form checks itself (after normalising, with a clearer message).
    unique_checked_in_clean: tuple[str, ...] = ()

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def validate_unique(self):
        exclude = self._get_validation_exclusions() | set(self.unique_checked_in_clean)
        try:
            self.instance.validate_unique(exclude=exclude)
        except forms.ValidationError as error:
            self._update_errors(error)


class PoliceUnitForm(ScopedForm):
    phone = phone_field(_("phone"))
    district = DistrictChoiceField(
        label=_("district"), queryset=District.objects.order_by("name_en"), required=False
    )

    class Meta:
        model = PoliceUnit
        fields = [
            "kind",
            "name_hi",
            "name_en",
            "district",
            "phone",
            "email",
            "address",
            "is_active",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not rules.is_statewide(self.user):
            # A district officer keeps units of their own district, and cannot create an HQ unit.
            self.fields["district"].queryset = District.objects.filter(pk=self.user.district_id)
            self.fields["district"].required = True
            self.fields["district"].empty_label = None
            self.fields["kind"].choices = [
                c for c in PoliceUnit.Kind.choices if c[0] != PoliceUnit.Kind.HQ_BRANCH
            ]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind and kind != PoliceUnit.Kind.HQ_BRANCH and not cleaned.get("district"):
            self.add_error("district", _("Choose the district of this police unit."))
        return cleaned


class NGOForm(ScopedForm):
    unique_checked_in_clean = ("darpan_id",)
    phone = phone_field(_("phone"))
    districts = DistrictMultipleField(
        label=_("districts of work"),
        queryset=District.objects.order_by("name_en"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one district where the NGO works.")},
    )
    focus_areas = BilingualMultipleField(
        label=_("focus areas"),
        queryset=FocusArea.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = NGO
        fields = [
            "name_hi",
            "name_en",
            "darpan_id",
            "districts",
            "focus_areas",
            "phone",
            "email",
            "website",
            "address",
            "is_active",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["darpan_id"].widget.attrs["placeholder"] = "MP/2017/0123456"

    def clean_darpan_id(self):
        value = normalise_darpan_id(self.cleaned_data.get("darpan_id") or "")
        if value and NGO.objects.filter(darpan_id=value).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another NGO is already registered with this Darpan ID."))
        return value or None

    def clean_districts(self):
        districts = self.cleaned_data["districts"]
        registering = rules.role_of(self.user) == "district_officer" and self.instance.pk is None
        if registering and not any(d.pk == self.user.district_id for d in districts):
            raise forms.ValidationError(
                _("An NGO you register must work in your district, %(district)s.")
                % {"district": self.user.district}
            )
        return districts


class NGOVerificationForm(forms.ModelForm):
    class Meta:
        model = NGO
        fields = ["verification", "verification_note"]
        widgets = {"verification": forms.RadioSelect}


class PersonForm(ScopedForm):
    unique_checked_in_clean = ("phone",)
    phone = phone_field(_("mobile number"))

    class Meta:
        model = Person
        fields = ["name", "designation", "phone", "email", "language", "whatsapp_opt_in"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("whatsapp_opt_in") and not cleaned.get("phone"):
            self.add_error("phone", _("A mobile number is needed for WhatsApp messages."))
        return cleaned

    def clean_phone(self):
        phone = self.cleaned_data.get("phone")
        if phone and Person.objects.filter(phone=phone).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("Someone in the registry already has this mobile number.")
            )
        return phone


class OrganisationChoiceField(forms.ChoiceField):
    """One choice among police units and NGOs: values "unit-<pk>" and "ngo-<pk>"."""


def organisation_choices(user) -> list:
    units, ngos = organisations_for_membership(user)
    choices: list = [("", "—")]
    if units.exists():
        choices.append((_("Police units"), [(f"unit-{u.pk}", str(u)) for u in units]))
    if ngos.exists():
        choices.append((_("NGOs"), [(f"ngo-{n.pk}", str(n)) for n in ngos]))
    return choices


def resolve_organisation(form: ScopedForm, cleaned: dict) -> tuple:
    """The (police unit, NGO) chosen in the form's "organisation" field, within the user's reach."""
    value = cleaned.get("organisation") or ""
    kind, _sep, pk = value.partition("-")
    units, ngos = organisations_for_membership(form.user)
    unit = units.filter(pk=pk).first() if kind == "unit" and pk.isdigit() else None
    ngo = ngos.filter(pk=pk).first() if kind == "ngo" and pk.isdigit() else None
    if value and unit is None and ngo is None:
        form.add_error("organisation", _("Choose a police unit or NGO from the list."))
    return unit, ngo


class MembershipForm(ScopedForm):
    organisation = OrganisationChoiceField(label=_("police unit or NGO"))

    class Meta:
        model = Membership
        fields = ["organisation", "role", "started_on", "ended_on"]
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ended_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = organisation_choices(self.user)

    def clean(self):
        cleaned = super().clean()
        self.instance.police_unit, self.instance.ngo = resolve_organisation(self, cleaned)
        return cleaned


class PersonCreateForm(PersonForm):
    """A new person comes with their first membership, so that they are within someone's reach."""

    organisation = OrganisationChoiceField(label=_("police unit or NGO"))
    role = forms.ChoiceField(label=_("role"), choices=Membership.Role.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = organisation_choices(self.user)

    def clean(self):
        cleaned = super().clean()
        self.membership_unit, self.membership_ngo = resolve_organisation(self, cleaned)
        return cleaned


class ShaktiSamitiForm(ScopedForm):
    district = DistrictChoiceField(label=_("district"), queryset=District.objects.none())

    class Meta:
        model = ShaktiSamiti
        fields = [
            "name",
            "kind",
            "district",
            "block",
            "place",
            "police_unit",
            "convenor",
            "member_count",
            "formed_on",
            "is_active",
        ]
        widgets = {"formed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if rules.is_statewide(self.user):
            self.fields["district"].queryset = District.objects.order_by("name_en")
            units = PoliceUnit.objects.exclude(kind=PoliceUnit.Kind.HQ_BRANCH)
        else:
            self.fields["district"].queryset = District.objects.filter(pk=self.user.district_id)
            self.fields["district"].empty_label = None
            units = PoliceUnit.objects.filter(district_id=self.user.district_id)
        self.fields["police_unit"].queryset = units.select_related("district").order_by("name_en")
        self.fields["convenor"].queryset = people_visible_to(self.user)
        self.fields["member_count"].widget.attrs.update({"min": 0, "max": 500})

    def clean_member_count(self):
        count = self.cleaned_data["member_count"]
        if count > 500:
            raise forms.ValidationError(_("A Shakti Samiti has at most 500 members."))
        return count

    def clean(self):
        cleaned = super().clean()
        unit, district = cleaned.get("police_unit"), cleaned.get("district")
        if unit and district and unit.district_id != district.pk:
            self.add_error(
                "police_unit",
                _("Choose a police unit in the Samiti's district, %(d)s.") % {"d": district},
            )
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (XLSX or CSV)"),
        help_text=_("Use the columns of the export. Nothing is saved until every row is correct."),
    )
