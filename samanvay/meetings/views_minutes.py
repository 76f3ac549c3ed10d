"""Pages for minutes, decisions and action items. Views parse, ask `rules`, call one function of
`action_items`, and render. A meeting or item outside a user's reach answers 404; an action the
user may not take answers 403."""

from __future__ import annotations

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samanvay.accounts import rules
from samanvay.core.pagination import paginate
from samanvay.meetings import action_items
from samanvay.meetings.forms_minutes import (
    ActionItemForm,
    ActionItemUpdateForm,
    DecisionForm,
    MinutesForm,
)

GET_POST = ["GET", "POST"]


def _managed_meeting(request, pk: int):
    meeting = action_items.get_meeting_for_user(request.user, pk)
    if not rules.can_manage_meeting(request.user, meeting):
        raise PermissionDenied
    return meeting


def _posted(request):
    return request.POST if request.method == "POST" else None


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@require_http_methods(GET_POST)
def minutes_edit(request, pk: int):
    meeting = _managed_meeting(request, pk)
    form = MinutesForm(_posted(request), initial={"minutes": meeting.minutes})
    if request.method == "POST" and form.is_valid():
        try:
            action_items.save_minutes(
                actor=request.user, meeting=meeting, text=form.cleaned_data["minutes"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The minutes have been saved."))
            return redirect(meeting)
    return render(request, "meetings/minutes_form.html", {"meeting": meeting, "form": form})


@login_required
@require_http_methods(GET_POST)
def decision_add(request, pk: int):
    meeting = _managed_meeting(request, pk)
    form = DecisionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            action_items.add_decision(
                actor=request.user,
                meeting=meeting,
                text=form.cleaned_data["text"],
                position=form.cleaned_data.get("position"),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The decision has been added."))
            return redirect(meeting)
    return render(request, "meetings/decision_form.html", {"meeting": meeting, "form": form})


@login_required
@require_http_methods(GET_POST)
def action_item_add(request, pk: int):
    meeting = _managed_meeting(request, pk)
    initial = {"decision": request.GET.get("decision")} if request.GET.get("decision") else {}
    form = ActionItemForm(_posted(request), initial=initial, meeting=meeting, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            item = action_items.add_action_item(
                actor=request.user, meeting=meeting, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The action item has been added; its owner is told."))
            return redirect(item)
    return render(request, "meetings/action_item_form.html", {"meeting": meeting, "form": form})


@login_required
@require_GET
def my_action_items(request):
    items = action_items.open_action_items_for(request.user)
    page = paginate(request, items)
    page.object_list = action_items.mark_overdue(page.object_list)
    return render(request, "meetings/my_action_items.html", {"page": page})


def _render_detail(request, item, *, form=None, status=200):
    user = request.user
    can_update = rules.can_update_action_item(user, item)
    is_open = item.status == item.Status.OPEN
    can_reopen = not is_open and rules.can_manage_meeting(user, item.meeting)
    item.is_overdue = is_open and item.due_on < timezone.localdate()
    return render(
        request,
        "meetings/action_item_detail.html",
        {
            "item": item,
            "meeting": item.meeting,
            "owner": action_items.owner_name(item),
            "can_update": can_update and is_open,
            "can_reopen": can_reopen,
            "form": form or (ActionItemUpdateForm(user=user) if can_update else None),
            "evidence_file_name": os.path.basename(item.evidence_file.name)
            if item.evidence_file
            else "",
            "evidence_report_visible": item.evidence_report_id is not None
            and _report_visible(user, item.evidence_report_id),
        },
        status=status,
    )


def _report_visible(user, pk: int) -> bool:
    from samanvay.activities.models import ActivityReport

    return ActivityReport.objects.filter(rules.visible_reports(user), pk=pk).exists()


@login_required
@require_GET
def action_item_detail(request, pk: int):
    item = action_items.get_action_item_for_user(request.user, pk)
    return _render_detail(request, item)


@login_required
@require_POST
def action_item_update(request, pk: int):
    user = request.user
    item = action_items.get_action_item_for_user(user, pk)
    if not rules.can_update_action_item(user, item):
        raise PermissionDenied
    form = ActionItemUpdateForm(request.POST, request.FILES, user=user)
    if not form.is_valid():
        return _render_detail(request, item, form=form)
    data = form.cleaned_data
    action = data["action"]
    if action == "reopen" and not rules.can_manage_meeting(user, item.meeting):
        raise PermissionDenied
    try:
        if action == "done":
            action_items.mark_action_item_done(
                actor=user,
                item=item,
                note=data["note"],
                file=data["file"],
                report=data["report"],
            )
            messages.success(request, _("The action item is marked done."))
        elif action == "drop":
            action_items.drop_action_item(actor=user, item=item, reason=data["reason"])
            messages.success(request, _("The action item has been dropped."))
        else:
            action_items.reopen_action_item(actor=user, item=item)
            messages.success(request, _("The action item is open again."))
    except ValidationError as error:
        _add_errors(form, error)
        return _render_detail(request, item, form=form)
    return redirect(item)


@login_required
@require_GET
def action_item_evidence(request, pk: int):
    item = action_items.get_action_item_for_user(request.user, pk)
    if not item.evidence_file:
        raise Http404
    try:
        handle = item.evidence_file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    # Any document type: never shown inline (it could be HTML), always saved as a file.
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=os.path.basename(item.evidence_file.name),
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response
