"""The live group: one WebSocket per open group page, at ws/group/<pk>/.

On connect the user must be signed in (with their second factor, for officers) and able to open
the group; otherwise the socket is closed (code 4403). A browser that reconnects passes the last
message id it saw (`?after=<id>`, or later `{"type": "catch_up", "after": <id>}`) and receives what
it missed. Each new or changed message reaches every socket of the group as
`{"type": "message", "id": ..., "html": ...}`, rendered for that viewer in their language, and
each new one once.

The in-memory channel layer (the default) reaches only the sockets of its own process, and
messages are also written elsewhere: a WhatsApp reply is posted by the background worker. With
that layer each socket therefore also looks in the database every `WATCH_SECONDS` for new
messages of its group it has not sent yet. With Redis (`REDIS_URL`) every process hears every
other, and no socket looks.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import InMemoryChannelLayer
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.models import Device

from samanvay.accounts import rules
from samanvay.channel import selectors, services
from samanvay.channel.models import Group, Message

logger = logging.getLogger(__name__)

REFUSED = 4403
CATCH_UP_LIMIT = 500
# How often a socket on the in-memory layer looks for messages other processes wrote.
WATCH_SECONDS = 0.5
# How far back it looks: a message written longer ago than this was sent by its own process.
WATCH_RECENT = timedelta(minutes=2)


def _second_factor_passed(user, session) -> bool:
    if not user.needs_two_factor:
        return True
    persistent_id = session.get(DEVICE_ID_SESSION_KEY) if session is not None else None
    device = Device.from_persistent_id(persistent_id) if persistent_id else None
    return device is not None and device.user_id == user.pk


class GroupConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        self.watcher = None
        # Ids of the new messages this socket has sent (each goes once), and a lock so that the
        # layer's events and the watcher never send the same one at the same time.
        self.sent: set[int] = set()
        self.sending = asyncio.Lock()
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
        # What the browser already has: up to `after`, or everything until now.
        self.seen_up_to = after if after is not None else await self._latest_id()
        if after is not None:
            await self._catch_up(after)
        if WATCH_SECONDS and isinstance(self.channel_layer, InMemoryChannelLayer):
            self.watcher = asyncio.ensure_future(self._watch())

    async def disconnect(self, code):
        if getattr(self, "watcher", None):
            self.watcher.cancel()
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
        async with self.sending:
            if event.get("new") and event["id"] in self.sent:
                return  # the watcher found it first
            await self._send(await self._render([event["id"]]))

    async def _catch_up(self, after: int) -> None:
        async with self.sending:
            await self._send(await self._render_after(after))

    async def _send(self, rendered: list[dict] | None) -> None:
        if rendered is None:  # the viewer no longer belongs to the group
            await self.close(code=REFUSED)
            return
        for payload in rendered:
            self.sent.add(payload["id"])
            await self.send_json(payload)

    async def _watch(self) -> None:
        """Send the new messages other processes wrote (the in-memory layer cannot tell)."""
        while True:
            await asyncio.sleep(WATCH_SECONDS)
            try:
                async with self.sending:
                    ids = await self._unsent_ids()
                    if ids:
                        await self._send(await self._render(ids))
            except asyncio.CancelledError:
                raise
            except Exception:  # the next look tries again
                logger.warning("Group %s: looking for new messages failed", self.group_id)

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
    def _latest_id(self) -> int:
        latest = Message.objects.filter(group_id=self.group_id).order_by("-pk")
        return latest.values_list("pk", flat=True).first() or 0

    @database_sync_to_async
    def _unsent_ids(self) -> list[int]:
        recent = Message.objects.filter(
            group_id=self.group_id,
            pk__gt=self.seen_up_to,
            created_at__gte=timezone.now() - WATCH_RECENT,
        )
        ids = recent.order_by("pk").values_list("pk", flat=True)[:CATCH_UP_LIMIT]
        return [pk for pk in ids if pk not in self.sent]

    @database_sync_to_async
    def _mark_read(self, up_to: int) -> None:
        services.mark_read(user=self.user, group=self.group, up_to=up_to)


def _number(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None
