from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from samanvay.campaigns import selectors
from samanvay.campaigns.models import ActivityType, CampaignPlan, PlanPhase
from samanvay.campaigns.services import MAX_TARGET, validate_partner
from samanvay.directory.models import NGO, District, PoliceUnit

PHASE_OUTSIDE_PLAN = _("A phase must lie inside the plan's period (%(start)s to %(end)s).")
ENDS_BEFORE_START = _("The end cannot be before the start.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class NamedChoiceField(forms.ModelChoiceField):
    """Shows an object's name in the active language (districts, NGOs, police units)."""

    def label_from_instance(self, obj):
        return obj.name


class NamedMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class PlanForm(forms.ModelForm):
    activity_types = NamedMultipleField(
        label=_("Activity types counted"),
        queryset=ActivityType.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Reports of these types count towards the targets."),
        error_messages={"required": _("Choose at least one activity type.")},
    )

    class Meta:
        model = CampaignPlan
        fields = ["title", "starts_on", "ends_on", "objectives", "activity_types"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "objectives": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", ENDS_BEFORE_START)
        return cleaned

    def validate_constraints(self):
        # clean() already says it on the field, more clearly than the constraint would.
        pass

    @property
    def period(self):
        if not hasattr(self, "cleaned_data"):
            return None
        starts, ends = self.cleaned_data.get("starts_on"), self.cleaned_data.get("ends_on")
        return (starts, ends) if starts and ends and starts <= ends else None


class PhaseForm(forms.ModelForm):
    class Meta:
        model = PlanPhase
        fields = ["name", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", ENDS_BEFORE_START)
        return cleaned


class BasePhaseFormSet(BaseInlineFormSet):
    """Phases of a plan; `period` (set by the view from the valid plan form) bounds them."""

    period = None

    def clean(self):
        super().clean()
        if self.period is None:
            return
        start, end = self.period
        for form in self.forms:
            if not form.has_changed() or self._should_delete_form(form):
                continue
            data = getattr(form, "cleaned_data", {})
            for name in ("starts_on", "ends_on"):
                value = data.get(name)
                if value and not (start <= value <= end):
                    form.add_error(
                        name,
                        ValidationError(
                            PHASE_OUTSIDE_PLAN,
                            code="outside_plan",
                            params={"start": start.isoformat(), "end": end.isoformat()},
                        ),
                    )


PhaseFormSet = inlineformset_factory(
    CampaignPlan,
    PlanPhase,
    form=PhaseForm,
    formset=BasePhaseFormSet,
    extra=2,
    can_delete=True,
    max_num=20,
    validate_max=True,
)


def target_number(label) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_TARGET,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": MAX_TARGET}),
    )


class TargetForm(forms.Form):
    """One district's target. Empty fields count as 0; all zeros remove the target."""

    def __init__(self, *args, district: District, **kwargs):
        self.district = district
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # In the compact table the district's row names what each input is for.
            field.widget.attrs["aria-label"] = f"{district.name}: {field.label}"

    sessions = target_number(_("sessions"))
    girls = target_number(_("girls"))
    boys = target_number(_("boys"))
    women = target_number(_("women"))
    men = target_number(_("men"))

    def values(self) -> dict[str, int]:
        return {name: self.cleaned_data.get(name) or 0 for name in self.fields}


def target_initial(target) -> dict[str, int]:
    if target is None:
        return {}
    return {m: getattr(target, m) for m in ("sessions", "girls", "boys", "women", "men")}


class PartnerForm(forms.Form):
    district = NamedChoiceField(
        label=_("District"), queryset=District.objects.order_by("name_en"), to_field_name="code"
    )
    ngo = NamedChoiceField(label=_("NGO"), queryset=NGO.objects.filter(is_active=True))
    police_unit = NamedChoiceField(
        label=_("Police unit"),
        queryset=PoliceUnit.objects.filter(is_active=True, district__isnull=False),
    )

    def narrow_to(self, district: District | None) -> None:
        """Offer only the NGOs and police units of the chosen district (what a phone shows)."""
        if district is not None:
            self.fields["ngo"].queryset = selectors.ngos_working_in(district)
            self.fields["police_unit"].queryset = selectors.police_units_of(district)

    def clean(self):
        cleaned = super().clean()
        district, ngo, unit = (cleaned.get(k) for k in ("district", "ngo", "police_unit"))
        if district and ngo and unit:
            try:
                validate_partner(district=district, ngo=ngo, police_unit=unit)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class PublishForm(forms.Form):
    note = forms.CharField(
        label=_("What changed"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Partners read this with the new version."),
    )
