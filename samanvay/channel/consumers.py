"""The live group: one WebSocket per open group page, at ws/group/<pk>/.

On connect the user must be signed in (with their second factor, for officers) and able to open
the group; otherwise the socket is closed (code 4403). A browser that reconnects passes the last
message id it saw (`?after=<id>`, or later `{"type": "catch_up", "after": <id>}`) and receives what
it missed. Each new or changed message reaches every socket of the group as
`{"type": "message", "id": ..., "html": ...}`, rendered for that viewer in their language.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.template.loader import render_to_string
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.models import Device

from samanvay.accounts import rules
from samanvay.channel import selectors, services
from samanvay.channel.models import Group, Message

REFUSED = 4403
CATCH_UP_LIMIT = 500


def _second_factor_passed(user, session) -> bool:
    if not user.needs_two_factor:
        return True
    persistent_id = session.get(DEVICE_ID_SESSION_KEY) if session is not None else None
    device = Device.from_persistent_id(persistent_id) if persistent_id else None
    return device is not None and device.user_id == user.pk


class GroupConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        self.user = self.scope.get("user")
        self.group_id = int(self.scope["url_route"]["kwargs"]["pk"])
        self.group = await self._group()
        if self.group is None:
            await self.close(code=REFUSED)
            return
        self.layer_group = services.layer_group_name(self.group_id)
        await self.channel_layer.group_add(self.layer_group, self.channel_name)
        await self.accept()
        query = parse_qs(self.scope.get("query_string", b"").decode())
        after = _number((query.get("after") or [""])[0])
        if after is not None:
            await self._catch_up(after)

    async def disconnect(self, code):
        if getattr(self, "layer_group", None):
            await self.channel_layer.group_discard(self.layer_group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict):
            return
        if content.get("type") == "catch_up":
            after = _number(content.get("after"))
            if after is not None:
                await self._catch_up(after)
        elif content.get("type") == "read":
            up_to = _number(content.get("id"))
            if up_to:
                await self._mark_read(up_to)

    async def group_message(self, event):
        """A message of the group is new or has changed (hidden, pinned)."""
        rendered = await self._render([event["id"]])
        if rendered is None:  # the viewer no longer belongs to the group
            await self.close(code=REFUSED)
            return
        for payload in rendered:
            await self.send_json(payload)

    async def _catch_up(self, after: int) -> None:
        rendered = await self._render_after(after)
        for payload in rendered or []:
            await self.send_json(payload)

    # --- database -------------------------------------------------------------------------------

    @database_sync_to_async
    def _group(self) -> Group | None:
        user = self.user
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if not _second_factor_passed(user, self.scope.get("session")):
            return None
        return Group.objects.filter(rules.visible_groups(user), pk=self.group_id).first()

    def _still_allowed(self) -> bool:
        self.user.refresh_from_db(fields=["is_active", "role"])
        return (
            self.user.is_active
            and Group.objects.filter(rules.visible_groups(self.user), pk=self.group_id).exists()
        )

    def _payloads(self, messages: list[Message]) -> list[dict]:
        from samanvay.channel.views import message_context

        context = message_context(self.user, self.group)
        with translation.override(self.user.language or "hi"):
            return [
                {
                    "type": "message",
                    "id": message.pk,
                    "html": render_to_string(
                        "channel/fragment_message.html", {**context, "message": message}
                    ).strip(),
                }
                for message in messages
            ]

    @database_sync_to_async
    def _render(self, ids: list[int]) -> list[dict] | None:
        if not self._still_allowed():
            return None
        messages = list(
            Message.objects.filter(group_id=self.group_id, pk__in=ids)
            .select_related("author", "hidden_by", "reply_to__author")
            .order_by("pk")
        )
        return self._payloads(messages)

    @database_sync_to_async
    def _render_after(self, after: int) -> list[dict] | None:
        if not self._still_allowed():
            return None
        return self._payloads(selectors.messages_after(self.group, after, limit=CATCH_UP_LIMIT))

    @database_sync_to_async
    def _mark_read(self, up_to: int) -> None:
        services.mark_read(user=self.user, group=self.group, up_to=up_to)


def _number(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None
