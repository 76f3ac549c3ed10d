from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from samanvay.accounts import rules
from samanvay.accounts.models import Role
from samanvay.directory.models import District, Division
from samanvay.meetings import selectors
from samanvay.meetings.models import Invitation, InvitationRule, Meeting

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def _datetime_input() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL)


class MeetingForm(forms.Form):
    """Times are typed in IST (the site's time zone); Django makes them aware in it."""

    level = forms.ChoiceField(label=_("Level"), choices=Meeting.Level.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    starts_at = forms.DateTimeField(
        label=_("Starts at (IST)"), widget=_datetime_input(), input_formats=[DATETIME_LOCAL]
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at (IST)"),
        widget=_datetime_input(),
        input_formats=[DATETIME_LOCAL],
        required=False,
        help_text=_("Leave empty for two hours after the start."),
    )
    venue = forms.CharField(label=_("Venue"), max_length=300, required=False)
    online_link = forms.URLField(
        label=_("Online meeting link"), required=False, assume_scheme="https"
    )
    division = forms.ModelChoiceField(
        label=_("Division"), queryset=Division.objects.all(), required=False
    )
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.all(), required=False
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("One agenda item per line."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Meeting.Status.choices, required=False)

    def __init__(self, *args, user, meeting: Meeting | None = None, **kwargs):
        if meeting is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "level": meeting.level,
                "title": meeting.title,
                "starts_at": meeting.starts_at,
                "ends_at": meeting.ends_at,
                "venue": meeting.venue,
                "online_link": meeting.online_link,
                "division": meeting.division,
                "district": meeting.district,
                "agenda": "\n".join(meeting.agenda.values_list("title", flat=True)),
                "status": meeting.status,
            }
        super().__init__(*args, **kwargs)
        self.user = user
        if meeting is None:
            del self.fields["status"]
        if not rules.is_statewide(user):
            # District officers call their own district's meetings only.
            self.fields["level"].choices = [(Meeting.Level.DISTRICT, Meeting.Level.DISTRICT.label)]
            self.fields["district"].queryset = District.objects.filter(pk=user.district_id)
            self.fields["district"].initial = user.district_id
            self.fields["district"].empty_label = None
            del self.fields["division"]

    def clean(self):
        data = super().clean()
        level = data.get("level")
        if level == Meeting.Level.DIVISION and not data.get("division"):
            self.add_error("division", _("A division meeting needs its division."))
        if level == Meeting.Level.DISTRICT and not data.get("district"):
            self.add_error("district", _("A district meeting needs its district."))
        if not data.get("venue") and not data.get("online_link"):
            self.add_error("venue", _("Give a venue or an online meeting link."))
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and not ends:
            data["ends_at"] = starts + timedelta(hours=2)
        elif starts and ends and ends < starts:
            self.add_error("ends_at", _("The meeting cannot end before it starts."))
        return data

    def agenda_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("agenda", "").splitlines()]

    def meeting_fields(self) -> dict:
        data = self.cleaned_data
        fields = {
            name: data.get(name)
            for name in ("level", "title", "starts_at", "ends_at", "venue", "online_link")
        }
        fields["division"] = data.get("division")
        fields["district"] = data.get("district")
        if data.get("status"):
            fields["status"] = data["status"]
        return fields


class InvitationRuleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Invite"), choices=InvitationRule.Kind.choices)
    person = forms.ModelChoiceField(label=_("Person"), queryset=None, required=False)
    police_unit = forms.ModelChoiceField(label=_("Police unit"), queryset=None, required=False)
    ngo = forms.ModelChoiceField(label=_("NGO"), queryset=None, required=False)
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=None, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *Role.choices], required=False)

    NEEDS = {
        InvitationRule.Kind.PERSON: "person",
        InvitationRule.Kind.POLICE_UNIT: "police_unit",
        InvitationRule.Kind.NGO: "ngo",
        InvitationRule.Kind.CAMPAIGN_NGOS: "campaign",
        InvitationRule.Kind.ROLE: "role",
    }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = selectors.people_for_invitation(user)
        self.fields["police_unit"].queryset = selectors.units_for_invitation(user)
        self.fields["ngo"].queryset = selectors.ngos_for_invitation(user)
        self.fields["campaign"].queryset = selectors.campaigns_for_invitation()

    def clean(self):
        data = super().clean()
        needed = self.NEEDS.get(data.get("kind"))
        if needed and not data.get(needed):
            self.add_error(needed, _("Choose whom to invite."))
        return data


class RsvpForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (Invitation.Response.YES, Invitation.Response.YES.label),
            (Invitation.Response.NO, Invitation.Response.NO.label),
            (Invitation.Response.MAYBE, Invitation.Response.MAYBE.label),
        ],
    )


class HeadcountForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    count = forms.IntegerField(label=_("Number present"), min_value=0, required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "—"), *organisations]

    def clean(self):
        data = super().clean()
        if data.get("count") and not data.get("organisation"):
            self.add_error("organisation", _("Choose the organisation."))
        return data


HeadcountFormSet = forms.formset_factory(HeadcountForm, extra=3, max_num=200)


class AttendanceNoteForm(forms.Form):
    note = forms.CharField(label=_("Attendance note"), max_length=500, required=False)
