"""Group pages: the list of one's groups, a group's messages with the form to post, replies,
photos, pinning and hiding, members, search, and the fragment a browser fetches to catch up.

Every page works without JavaScript (post the form, get redirected back); with it, `channel.js`
keeps a WebSocket open and adds new messages as they come."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samanvay.accounts import rules
from samanvay.channel import selectors, services
from samanvay.channel.forms import AddMemberForm, HideForm, MessageForm, SearchForm
from samanvay.channel.models import GroupMember
from samanvay.core.pagination import paginate

GET_POST = ["GET", "POST"]


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None


def message_context(user, group) -> dict:
    """What the message fragment needs to know about the viewer."""
    return {
        "group": group,
        "can_hide": rules.supervises_groups(user),
        "can_pin": rules.supervises_groups(user),
    }


@login_required
@require_GET
def group_list(request):
    groups = list(selectors.groups_for(request.user))
    if not groups:
        raise PermissionDenied
    return render(
        request,
        "channel/group_list.html",
        {
            "member_of": [g for g in groups if g.is_member],
            "supervised": [g for g in groups if not g.is_member],
            "search_form": SearchForm(),
        },
    )


def _group_page(request, group, form, *, status=200, refusal: str = ""):
    member = selectors.membership(request.user, group)
    before = _int(request.GET.get("before"))
    history = selectors.recent_messages(group, before=before)
    reply_id = _int(form.data.get("reply_to")) if form.is_bound else _int(request.GET.get("reply"))
    reply_to = group.messages.filter(pk=reply_id).select_related("author").first()
    if reply_to is not None and not form.is_bound:
        form.initial["reply_to"] = reply_to.pk  # before any field is rendered
    last_id = history[-1].pk if history else 0
    if member is not None and last_id and not before:
        services.mark_read(user=request.user, group=group, up_to=last_id)
    return render(
        request,
        "channel/group_detail.html",
        {
            **message_context(request.user, group),
            "history": history,
            "older": history[0].pk if len(history) >= selectors.PAGE else None,
            "pinned": selectors.pinned_messages(group),
            "form": form,
            "reply_to": reply_to,
            "refusal": refusal,
            "can_post": rules.can_post_in_group(request.user, group, is_member=member is not None),
            "can_manage": rules.can_manage_group_members(request.user, group),
            "last_id": last_id,
            # Live updates only on the latest page, not while reading older messages.
            "live": not before,
        },
        status=status,
    )


@login_required
@require_http_methods(GET_POST)
def group_detail(request, pk: int):
    group = selectors.get_group_for_user(request.user, pk)
    if request.method == "GET":
        return _group_page(request, group, MessageForm())

    member = selectors.membership(request.user, group)
    if not rules.can_post_in_group(request.user, group, is_member=member is not None):
        raise PermissionDenied
    form = MessageForm(request.POST, request.FILES)
    if form.is_valid():
        reply_to = None
        if form.cleaned_data["reply_to"]:
            reply_to = group.messages.filter(pk=form.cleaned_data["reply_to"]).first()
        try:
            message = services.post_message(
                actor=request.user,
                group=group,
                text=form.cleaned_data["text"],
                reply_to=reply_to,
                photo=form.cleaned_data["photo"],
            )
        except services.MessageRefused as refused:
            return _group_page(request, group, form, refusal=refused.explanation)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(message.get_absolute_url())
    return _group_page(request, group, form)


@login_required
@require_GET
def messages_after(request, pk: int):
    """The messages after `?after=<id>` as HTML, for a browser catching up without a socket."""
    group = selectors.get_group_for_user(request.user, pk)
    after = _int(request.GET.get("after"))
    if after is None:
        raise Http404
    missed = selectors.messages_after(group, after)
    if missed and selectors.membership(request.user, group) is not None:
        services.mark_read(user=request.user, group=group, up_to=missed[-1].pk)
    response = render(
        request,
        "channel/fragment_messages.html",
        {**message_context(request.user, group), "history": missed},
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_POST
def mark_read(request, pk: int):
    group = selectors.get_group_for_user(request.user, pk)
    up_to = _int(request.POST.get("up_to"))
    if up_to:
        services.mark_read(user=request.user, group=group, up_to=up_to)
    return HttpResponse(status=204)


@login_required
@require_http_methods(GET_POST)
def message_hide(request, pk: int, message_pk: int):
    group = selectors.get_group_for_user(request.user, pk)
    message = selectors.get_message(group, message_pk)
    if not rules.can_hide_message(request.user, message):
        raise PermissionDenied
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.hide_message(
                actor=request.user, message=message, reason=form.cleaned_data["reason"]
            )
        except services.MessageRefused as refused:
            form.add_error("reason", refused.explanation)
        else:
            messages.success(request, _("The message has been hidden. It stays in the record."))
            return redirect(message.get_absolute_url())
    return render(
        request,
        "channel/message_hide.html",
        {"group": group, "message": message, "form": form},
    )


@login_required
@require_POST
def message_pin(request, pk: int, message_pk: int):
    group = selectors.get_group_for_user(request.user, pk)
    message = selectors.get_message(group, message_pk)
    if not rules.can_pin_message(request.user, message):
        raise PermissionDenied
    pinned = request.POST.get("pinned") != "0"
    services.set_pinned(actor=request.user, message=message, pinned=pinned)
    return redirect(message.get_absolute_url())


def _photo(request, pk: int, message_pk: int, *, thumbnail: bool):
    group = selectors.get_group_for_user(request.user, pk)
    message = selectors.get_message(group, message_pk)
    if not message.photo or (message.is_hidden and not rules.supervises_groups(request.user)):
        raise Http404
    field = message.thumbnail if thumbnail else message.photo
    try:
        handle = field.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type="image/jpeg")
    patch_cache_control(response, private=True, max_age=3600)
    return response


@login_required
@require_GET
def message_photo(request, pk: int, message_pk: int):
    return _photo(request, pk, message_pk, thumbnail=False)


@login_required
@require_GET
def message_thumbnail(request, pk: int, message_pk: int):
    return _photo(request, pk, message_pk, thumbnail=True)


@login_required
@require_http_methods(GET_POST)
def group_members(request, pk: int):
    group = selectors.get_group_for_user(request.user, pk)
    can_manage = rules.can_manage_group_members(request.user, group)
    form = AddMemberForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.add_member(
                    actor=request.user, group=group, user=form.cleaned_data["username"]
                )
            except ValidationError as error:
                form.add_error("username", error)
            else:
                messages.success(request, _("The person has been added to the group."))
                return redirect("channel:group_members", group.pk)
    return render(
        request,
        "channel/group_members.html",
        {
            "group": group,
            "members": selectors.group_members(group),
            "form": form,
            "can_manage": can_manage,
        },
    )


@login_required
@require_POST
def member_remove(request, pk: int, member_pk: int):
    group = selectors.get_group_for_user(request.user, pk)
    member = get_object_or_404(GroupMember, group=group, pk=member_pk, left_at__isnull=True)
    if not rules.can_manage_group_members(request.user, group):
        raise PermissionDenied
    try:
        services.remove_member(actor=request.user, member=member)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The person has been removed from the group."))
    return redirect("channel:group_members", group.pk)


@login_required
@require_http_methods(GET_POST)
def search(request):
    """Search by POST: the words searched for never go into a URL (nor into access logs)."""
    if not selectors.groups_for(request.user).exists():
        raise PermissionDenied
    form = SearchForm(request.POST or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = paginate(request, selectors.search_messages(request.user, query), data=request.POST)
    return render(
        request,
        "channel/search.html",
        {"form": form, "query": query, "page": page, "kept": [("q", query)]},
    )
