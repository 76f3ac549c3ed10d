"""The report form. It serves both buttons: "Save draft" (nothing required; what is valid is kept)
and "Submit" (everything required and valid). Outcome fields follow the chosen activity type."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samanvay.accounts import rules
from samanvay.activities import photos as photo_checks
from samanvay.activities import selectors, validation
from samanvay.activities.models import (
    MAX_OUTCOME,
    MAX_PARTICIPANTS_PER_GROUP,
    MAX_PHOTOS,
    ActivityReport,
    Outcome,
)
from samanvay.campaigns.models import ActivityType
from samanvay.directory.models import NGO

PARTICIPANT_FIELDS = ["girls", "boys", "women", "men"]
OUTCOME_FIELDS = list(Outcome.values)

NOT_WHOLE = _("Enter a whole number, like 25.")
NEGATIVE = _("The number cannot be less than 0.")
TOO_BIG = _("Please check this number: it cannot be more than %(limit_value)s.")
CONFIRM_REQUIRED = _("Please confirm that no child or victim can be identified in the photos.")
PHOTO_PROBLEM = _("%(name)s: %(problem)s")
TOO_MANY_PHOTOS = _("A report can have at most %(limit)s photos.")


class NamedChoiceField(forms.ModelChoiceField):
    """Shows an object's name in the active language (districts, NGOs, types, campaigns)."""

    def label_from_instance(self, obj):
        return obj.name


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.district.name})" if obj.district_id else obj.name


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos at once; each is checked and cleaned by its content."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        cleaned, errors = [], []
        for uploaded in files:
            try:
                cleaned.append(photo_checks.clean_photo(uploaded))
            except ValidationError as error:
                for problem in error.messages:
                    errors.append(
                        ValidationError(
                            PHOTO_PROBLEM,
                            code="photo",
                            params={"name": uploaded.name, "problem": problem},
                        )
                    )
        if errors:
            raise ValidationError(errors)
        return cleaned


def count_field(label, maximum: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=maximum,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": maximum}),
        error_messages={"invalid": NOT_WHOLE, "min_value": NEGATIVE, "max_value": TOO_BIG},
    )


class ReportForm(forms.ModelForm):
    campaign = NamedChoiceField(
        label=_("campaign"),
        queryset=selectors.campaigns_for_choice(),
        required=False,
        empty_label=_("No campaign"),
    )
    activity_type = NamedChoiceField(
        label=_("activity type"), queryset=selectors.activity_types(), required=False
    )
    held_on = forms.DateField(
        label=_("date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date, like 2026-01-31.")},
    )
    district = NamedChoiceField(label=_("district"), queryset=NGO.objects.none(), required=False)
    ngo = NamedChoiceField(
        label=_("NGO"), queryset=NGO.objects.none(), required=False, empty_label=_("No NGO")
    )
    police_unit = UnitChoiceField(
        label=_("police unit"),
        queryset=NGO.objects.none(),
        required=False,
        empty_label=_("No police unit"),
    )
    photos = PhotosField(
        label=_("photos"),
        required=False,
        help_text=_("Up to 5 photos: JPEG, PNG or WebP. Location and camera details are removed."),
    )
    confirm_no_identity = forms.BooleanField(
        label=_(
            "I confirm that no child or victim can be identified in these photos: no faces of "
            "children, no names, no school uniforms, no homes."
        ),
        required=False,
    )

    class Meta:
        model = ActivityReport
        fields = [
            "campaign",
            "activity_type",
            "held_on",
            "district",
            "block",
            "place",
            "ngo",
            "police_unit",
            *PARTICIPANT_FIELDS,
            *OUTCOME_FIELDS,
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, user, submitting: bool = False, **kwargs):
        self.user = user
        self.submitting = submitting
        super().__init__(*args, **kwargs)
        report = self.instance
        for name in PARTICIPANT_FIELDS:
            self.fields[name] = count_field(
                ActivityReport._meta.get_field(name).verbose_name, MAX_PARTICIPANTS_PER_GROUP
            )
        for name in OUTCOME_FIELDS:
            self.fields[name] = count_field(Outcome(name).label, MAX_OUTCOME)
        self.fields["held_on"].widget.attrs["max"] = timezone.localdate().isoformat()

        districts = selectors.report_districts(user)
        self.fields["district"].queryset = districts
        if report.pk is None and len(districts) == 1:
            self.initial.setdefault("district", districts[0].pk)
        units = selectors.units_for_filter(user).filter(district__in=districts)
        self.fields["police_unit"].queryset = units
        if rules.role_of(user) in rules.NGO_ROLES:
            # Field workers report for their own NGO: shown, never changed.
            self.fields["ngo"].queryset = NGO.objects.filter(pk=report.ngo_id or user.ngo_id)
            self.fields["ngo"].disabled = True
            self.initial["ngo"] = report.ngo_id or user.ngo_id
        else:
            self.fields["ngo"].queryset = NGO.objects.filter(districts__in=districts).distinct()

        self.activity_type = self._chosen_type()
        shown = set(self.activity_type.outcomes) if self.activity_type else set()
        for name in OUTCOME_FIELDS:
            if name not in shown:
                del self.fields[name]

    def _chosen_type(self) -> ActivityType | None:
        if not self.is_bound:
            return self.instance.activity_type
        raw = self.data.get(self.add_prefix("activity_type"))
        try:
            return ActivityType.objects.filter(pk=int(raw)).first()
        except (TypeError, ValueError):
            return None

    @property
    def outcome_fields(self):
        return [self[name] for name in OUTCOME_FIELDS if name in self.fields]

    @property
    def participant_fields(self):
        return [self[name] for name in PARTICIPANT_FIELDS]

    def existing_photo_count(self) -> int:
        return self.instance.photos.count() if self.instance.pk else 0

    def clean(self):
        cleaned = super().clean()
        # A returned report was complete once; saving it must keep it complete.
        complete = self.submitting or self.instance.status == ActivityReport.Status.RETURNED
        values = {
            name: cleaned.get(name)
            for name in [
                "campaign",
                "activity_type",
                "held_on",
                "district",
                "ngo",
                "police_unit",
                *validation.OPEN_FIELDS,
            ]
        }
        problems = validation.report_problems(user=self.user, values=values, complete=complete)
        for name, message in problems.items():
            if name == "__all__":
                self.add_error(None, message)
                # Keep the stored organisers rather than none at all.
                cleaned.pop("ngo", None)
                cleaned.pop("police_unit", None)
            elif name not in self.errors:
                self.add_error(name, message)

        new_photos = cleaned.get("photos") or []
        if new_photos and self.existing_photo_count() + len(new_photos) > MAX_PHOTOS:
            self.add_error("photos", ValidationError(TOO_MANY_PHOTOS, params={"limit": MAX_PHOTOS}))
        elif new_photos and not cleaned.get("confirm_no_identity"):
            self.add_error("confirm_no_identity", CONFIRM_REQUIRED)
            cleaned.pop("photos", None)
        return cleaned


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("What must be corrected"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Please write what must be corrected.")},
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the report reopened?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Please write why the report is reopened.")},
    )
