"""Meeting pages: list, create and edit, invitations, RSVP, attendance, calendar file."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samanvay.accounts import rules
from samanvay.core.downloads import file_download
from samanvay.core.pagination import paginate
from samanvay.meetings import ics, selectors, services
from samanvay.meetings.forms import (
    AttendanceNoteForm,
    HeadcountFormSet,
    InvitationRuleForm,
    MeetingForm,
    RsvpForm,
)
from samanvay.meetings.models import Invitation, Meeting

GET_POST = ["GET", "POST"]


def _managed_meeting(request, pk: int) -> Meeting:
    meeting = selectors.get_meeting_for_user(request.user, pk)
    if not rules.can_manage_meeting(request.user, meeting):
        raise PermissionDenied
    return meeting


@login_required
@require_GET
def meeting_list(request):
    if not rules.can_see_meetings(request.user):
        raise PermissionDenied
    now = timezone.now()
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "upcoming": selectors.upcoming_meetings(request.user, now)[:50],
            "page": paginate(request, selectors.past_meetings(request.user, now)),
            "can_convene": rules.can_convene_meetings(request.user),
        },
    )


@login_required
@require_http_methods(GET_POST)
def meeting_create(request):
    if not rules.can_convene_meetings(request.user):
        raise PermissionDenied
    form = MeetingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(
                actor=request.user, agenda=form.agenda_lines(), **form.meeting_fields()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The meeting has been created. Now invite people."))
            return redirect("meetings:meeting_invite", meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": None})


@login_required
@require_http_methods(GET_POST)
def meeting_edit(request, pk: int):
    meeting = _managed_meeting(request, pk)
    form = MeetingForm(request.POST or None, user=request.user, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(
                actor=request.user,
                meeting=meeting,
                agenda=form.agenda_lines(),
                **form.meeting_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The meeting has been saved."))
            return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting})


@login_required
@require_GET
def meeting_detail(request, pk: int):
    meeting = selectors.get_meeting_for_user(request.user, pk)
    invitation = selectors.invitation_of(request.user, meeting)
    can_manage = rules.can_manage_meeting(request.user, meeting)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": meeting.agenda.all(),
            "invitations": selectors.invitations(meeting),
            "counts": selectors.response_counts(meeting),
            "summary": selectors.attendance_summary(meeting),
            "headcounts": meeting.headcounts.select_related("ngo", "police_unit"),
            "decisions": selectors.decisions_of(meeting),
            "loose_action_items": selectors.action_items_without_decision(meeting),
            "invitation": invitation,
            "rsvp_form": RsvpForm(initial={"response": invitation.response})
            if invitation
            else None,
            "can_manage": can_manage,
            "is_cancelled": meeting.status == Meeting.Status.CANCELLED,
        },
    )


@login_required
@require_http_methods(GET_POST)
def meeting_invite(request, pk: int):
    meeting = _managed_meeting(request, pk)
    form = InvitationRuleForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _rule, created = services.add_rule(
                actor=request.user,
                meeting=meeting,
                kind=data["kind"],
                person=data.get("person"),
                police_unit=data.get("police_unit"),
                ngo=data.get("ngo"),
                campaign=data.get("campaign"),
                role=data.get("role") or "",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(count)d people invited.") % {"count": len(created)},
            )
            return redirect("meetings:meeting_invite", meeting.pk)
    return render(
        request,
        "meetings/invite.html",
        {
            "meeting": meeting,
            "form": form,
            "rules": selectors.rules_of(meeting),
            "invitations": selectors.invitations(meeting),
        },
    )


@login_required
@require_POST
def invitation_rule_remove(request, pk: int, rule_pk: int):
    meeting = _managed_meeting(request, pk)
    rule = meeting.rules.filter(pk=rule_pk).first()
    if rule is None:
        raise Http404
    services.remove_rule(actor=request.user, rule=rule)
    messages.success(request, _("The invitation has been taken back."))
    return redirect("meetings:meeting_invite", meeting.pk)


def _answer(request, invitation: Invitation) -> bool:
    form = RsvpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose yes, no or maybe."))
        return False
    try:
        services.respond(invitation=invitation, response=form.cleaned_data["response"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, _("Thank you, your answer has been recorded."))
    return True


@login_required
@require_POST
def rsvp(request, pk: int):
    meeting = selectors.get_meeting_for_user(request.user, pk)
    invitation = selectors.invitation_of(request.user, meeting)
    if invitation is None:
        raise PermissionDenied
    _answer(request, invitation)
    return redirect(meeting)


@require_http_methods(GET_POST)
def rsvp_by_link(request, token: str):
    """The link of the invitation email: answer without signing in."""
    invitation = selectors.get_invitation_by_token(token)
    meeting = invitation.meeting
    if request.method == "POST" and _answer(request, invitation):
        return redirect("meetings:rsvp_by_link", token)
    return render(
        request,
        "meetings/rsvp_by_link.html",
        {
            "meeting": meeting,
            "invitation": invitation,
            "is_cancelled": meeting.status == Meeting.Status.CANCELLED,
            "responses": RsvpForm.base_fields["response"].choices,
        },
    )


def _organisations(user) -> list[tuple[str, str]]:
    units = selectors.units_for_invitation(user)
    ngos = selectors.ngos_for_invitation(user)
    return [(f"ngo:{n.pk}", n.name) for n in ngos] + [(f"unit:{u.pk}", u.name) for u in units]


def _headcount_initial(meeting: Meeting) -> list[dict]:
    return [
        {
            "organisation": f"ngo:{row.ngo_id}" if row.ngo_id else f"unit:{row.police_unit_id}",
            "count": row.count,
        }
        for row in meeting.headcounts.all()
    ]


def _headcounts(formset, user) -> list[services.Headcount]:
    ngos = {n.pk: n for n in selectors.ngos_for_invitation(user)}
    units = {u.pk: u for u in selectors.units_for_invitation(user)}
    result = []
    for form in formset:
        value, count = form.cleaned_data.get("organisation"), form.cleaned_data.get("count")
        if not value or not count:
            continue
        kind, _sep, raw = value.partition(":")
        if kind == "ngo":
            result.append(services.Headcount(count=count, ngo=ngos[int(raw)]))
        else:
            result.append(services.Headcount(count=count, police_unit=units[int(raw)]))
    return result


@login_required
@require_http_methods(GET_POST)
def attendance(request, pk: int):
    meeting = _managed_meeting(request, pk)
    organisations = _organisations(request.user)
    data = request.POST if request.method == "POST" else None
    formset = HeadcountFormSet(
        data,
        initial=_headcount_initial(meeting),
        prefix="headcount",
        form_kwargs={"organisations": organisations},
    )
    note_form = AttendanceNoteForm(data, initial={"note": meeting.attendance_note})
    invitations = selectors.invitations(meeting)
    if request.method == "POST" and formset.is_valid() and note_form.is_valid():
        attended = [int(value) for value in request.POST.getlist("attended") if value.isdigit()]
        try:
            services.record_attendance(
                actor=request.user,
                meeting=meeting,
                attended=[i.pk for i in invitations if i.pk in set(attended)],
                headcounts=_headcounts(formset, request.user),
                note=note_form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Attendance has been saved."))
            return redirect(meeting)
    return render(
        request,
        "meetings/attendance.html",
        {
            "meeting": meeting,
            "invitations": invitations,
            "formset": formset,
            "note_form": note_form,
        },
    )


@login_required
@require_GET
def meeting_ics(request, pk: int):
    meeting = selectors.get_meeting_for_user(request.user, pk)
    return file_download(ics.meeting_calendar(meeting), ics.MIMETYPE, ics.filename(meeting))
