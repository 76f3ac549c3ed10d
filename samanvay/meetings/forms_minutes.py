"""Forms for minutes, decisions and action items. Choices are scoped to the meeting and the user;
the services check the rules again."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samanvay.accounts import rules
from samanvay.meetings import action_items
from samanvay.meetings.models import Decision


class NamedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.position}. {obj}"


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        max_length=action_items.MAX_MINUTES_CHARS,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Leave a blank line between paragraphs. Start a line with “- ” for a list, "
            "“1. ” for a numbered list, “### ” for a heading. **Bold** is allowed."
        ),
    )


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["text", "position"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        labels = {"position": _("Number")}
        help_texts = {"position": _("Leave empty to add it at the end.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False


class ActionItemForm(forms.Form):
    title = forms.CharField(
        label=_("What is to be done"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    decision = DecisionChoiceField(
        label=_("Decision"), queryset=Decision.objects.none(), required=False
    )
    owner_person = NamedChoiceField(label=_("Owner: a person"), queryset=None, required=False)
    owner_police_unit = NamedChoiceField(label=_("or a police unit"), queryset=None, required=False)
    owner_ngo = NamedChoiceField(label=_("or an NGO"), queryset=None, required=False)
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))
    campaign = NamedChoiceField(label=_("Campaign"), queryset=None, required=False)
    district = NamedChoiceField(label=_("District"), queryset=None, required=False)

    def __init__(self, *args, meeting, user, **kwargs):
        from samanvay.campaigns.models import Campaign
        from samanvay.directory.models import NGO, District, Person, PoliceUnit

        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["decision"].queryset = meeting.decisions.all()
        if rules.is_statewide(user):
            people = Person.objects.all()
            units = PoliceUnit.objects.all()
            ngos = NGO.objects.all()
            districts = District.objects.all()
        else:
            invited = meeting.invitations.all()
            people = Person.objects.filter(pk__in=invited.values("person_id"))
            units = PoliceUnit.objects.filter(
                Q(pk__in=invited.values("police_unit_id")) | Q(pk=meeting.convening_unit_id)
            )
            ngos = NGO.objects.filter(pk__in=invited.values("ngo_id"))
            districts = District.objects.filter(Q(pk=user.district_id) | Q(pk=meeting.district_id))
        self.fields["owner_person"].queryset = people.order_by("name")
        self.fields["owner_police_unit"].queryset = units.order_by("name_en")
        self.fields["owner_ngo"].queryset = ngos.order_by("name_en")
        self.fields["campaign"].queryset = Campaign.objects.order_by("pk")
        self.fields["district"].queryset = districts.order_by("name_en")
        if meeting.district_id and not self.is_bound:
            self.initial.setdefault("district", meeting.district_id)

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError(action_items.DUE_IN_PAST, code="past")
        return due_on

    def clean(self):
        data = super().clean()
        owners = [data.get(k) for k in ("owner_person", "owner_police_unit", "owner_ngo")]
        if sum(o is not None for o in owners) != 1:
            raise forms.ValidationError(action_items.ONE_OWNER, code="owner")
        return data


class ReportChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class ActionItemUpdateForm(forms.Form):
    """One form for the three ways an item changes: done (with evidence), dropped (with a
    reason), reopened (managers)."""

    ACTIONS = [
        ("done", _("Mark done")),
        ("drop", _("Drop")),
        ("reopen", _("Reopen")),
    ]

    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("What was done"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    file = forms.FileField(label=_("A file as evidence"), required=False)
    # A number, not a list: a statewide user can see thousands of reports.
    report = ReportChoiceField(
        label=_("Number of a linked activity report"),
        queryset=None,
        required=False,
        widget=forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
        error_messages={"invalid_choice": _("No activity report you can see has this number.")},
    )
    reason = forms.CharField(label=_("Why is it dropped?"), required=False, max_length=500)

    def __init__(self, *args, user, **kwargs):
        from samanvay.activities.models import ActivityReport

        super().__init__(*args, **kwargs)
        self.fields["report"].queryset = (
            ActivityReport.objects.filter(rules.visible_reports(user))
            .select_related("activity_type")
            .order_by("-pk")
        )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > action_items.MAX_EVIDENCE_BYTES:
            raise forms.ValidationError(
                action_items.FILE_TOO_LARGE,
                code="too_large",
                params={"megabytes": action_items.MAX_EVIDENCE_BYTES // 2**20},
            )
        return upload

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == "done" and not (
            (data.get("note") or "").strip() or data.get("file") or data.get("report")
        ):
            raise forms.ValidationError(action_items.NEED_EVIDENCE, code="evidence")
        if action == "drop" and not (data.get("reason") or "").strip():
            self.add_error(
                "reason", forms.ValidationError(action_items.NEED_REASON, code="required")
            )
        return data
