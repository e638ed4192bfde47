"""discord.py's own Interaction, Member and Guild objects, built from documented gateway payloads.

No Discord backend runs offline, so the last hop is replaced: discord.py sends interaction responses
and follow-ups through a webhook adapter, and `Gateway` puts a recorder in its place. Everything
before it (permissions, roles, payload serialisation, allowed mentions, flags) is discord.py's code.
"""

from __future__ import annotations

import asyncio
from itertools import count
from types import SimpleNamespace
from typing import Any

import discord
from discord.state import ConnectionState
from discord.webhook.async_ import async_context

from adapters.discord.bot import RefundClient, command_tree
from adapters.discord.moderation import MODERATION_ITEMS
from adapters.discord.views import DYNAMIC_ITEMS

MANAGE_MESSAGES = 1 << 13
THREADS = discord.Permissions(view_channel=True, send_messages=True, read_message_history=True,
                              create_public_threads=True, send_messages_in_threads=True)
NO_THREADS = discord.Permissions(view_channel=True, send_messages=True, read_message_history=True)
_ids = count(1000)


def _role(role_id: int, name: str, position: int, permissions: int = 0) -> dict[str, Any]:
    return {"id": str(role_id), "name": name, "permissions": str(permissions), "position": position, "color": 0,
            "hoist": False, "managed": False, "mentionable": False}


def _user(user_id: int, bot: bool = False) -> dict[str, Any]:
    return {"id": str(user_id), "username": "refundbot" if bot else f"user{user_id}", "discriminator": "0",
            "avatar": None, "global_name": None, "bot": bot}


def refused(code: int = 50013, text: str = "Missing Permissions") -> discord.Forbidden:
    return discord.Forbidden(SimpleNamespace(status=403, reason="Forbidden"), {"code": code, "message": text})


class Http:
    """discord.py's HTTP client for the channel calls the adapter makes: recorded, or refused with 403."""

    def __init__(self, gateway: Gateway):
        self.gateway, self.proxy, self.proxy_auth, self.token = gateway, None, None, "test"
        self._HTTPClient__session = None
        self.refuse: set[str] = set()  # "thread" (creating one), "thread-send", "channel-send"
        self.sent: list[tuple[int, dict[str, Any]]] = []  # (channel id, payload)
        self.threads: list[int] = []
        self.deleted: list[int] = []

    async def start_thread_with_message(self, channel_id: int, message_id: int, **options: Any) -> dict[str, Any]:
        if "thread" in self.refuse:
            raise refused()
        thread_id = next(_ids)
        self.threads.append(thread_id)
        return {"id": str(thread_id), "guild_id": str(Gateway.GUILD_ID), "parent_id": str(channel_id),
                "owner_id": "1", "name": options["name"], "type": 11, "message_count": 0, "member_count": 1,
                "rate_limit_per_user": 0, "thread_metadata": {
                    "archived": False, "auto_archive_duration": options["auto_archive_duration"],
                    "archive_timestamp": "2024-01-01T00:00:00+00:00", "locked": False}}

    async def send_message(self, channel_id: int, *, params: Any) -> dict[str, Any]:
        where = "thread-send" if channel_id in self.threads else "channel-send"
        if where in self.refuse:
            raise refused(50001, "Missing Access")
        self.sent.append((channel_id, params.payload))
        return self.gateway._message(str(next(_ids)), params.payload.get("content") or "", channel_id)

    async def delete_channel(self, channel_id: int, **_: Any) -> None:
        self.deleted.append(channel_id)


class Gateway:
    """One guild (id 42, a 'Mods' role 100), a channel 10, and the recorded responses."""

    GUILD_ID, MODS_ROLE, BOT_ROLE, CHANNEL_ID = 42, 100, 200, 10

    def __init__(self, adapter: Any, bot_permissions: discord.Permissions = THREADS):
        self.http = Http(self)
        self.state = ConnectionState(dispatch=self._dispatch, handlers={}, hooks={}, http=self.http)
        self.state.user = discord.ClientUser(state=self.state, data=_user(1, bot=True))
        self.client = SimpleNamespace(user=self.state.user, adapter=adapter, http=self.http, _connection=self.state,
                                      loop=None, dispatch=lambda *args, **kwargs: None)
        self.state._get_client = lambda: self.client  # type: ignore[method-assign]
        self.tree = command_tree(self.client, adapter)  # type: ignore[arg-type]  # as RefundClient builds it
        self.bot_permissions = bot_permissions
        self.state._add_guild(discord.Guild(state=self.state, data={
            "id": str(self.GUILD_ID), "name": "Freelancers",
            "roles": [_role(self.GUILD_ID, "@everyone", 0), _role(self.MODS_ROLE, "Mods", 1),
                      _role(self.BOT_ROLE, "Refundbot", 2, bot_permissions.value)],
            "channels": [{"id": str(self.CHANNEL_ID), "type": 0, "name": "help", "position": 0,
                          "permission_overwrites": [], "nsfw": False, "parent_id": None}],
            "members": [{"user": _user(1, bot=True), "roles": [str(self.BOT_ROLE)],
                         "joined_at": "2024-01-01T00:00:00+00:00", "deaf": False, "mute": False, "flags": 0}]}))
        self.state._view_store.add_dynamic_items(*DYNAMIC_ITEMS, *MODERATION_ITEMS)  # as RefundClient.setup_hook
        self.responses: list[dict[str, Any]] = []  # interaction callbacks: 4 message, 6 deferred update, 7 update…
        self.followups: list[dict[str, Any]] = []
        self.edits: list[dict[str, Any]] = []  # the original message edited after a deferred response
        async_context.set(self)  # type: ignore[arg-type]

    def _dispatch(self, event: str, *args: Any) -> None:
        """discord.Client.dispatch for the events RefundClient handles itself: `on_interaction` (forms)."""
        if event == "interaction":
            asyncio.get_running_loop().create_task(RefundClient.on_interaction(self.client, *args),  # type: ignore[arg-type]
                                                   name="client-event")

    # --- what discord.py's webhook adapter would send to Discord ------------------------------

    async def create_interaction_response(self, interaction_id: int, token: str, *, params: Any,
                                          **_: Any) -> dict[str, Any]:
        self.responses.append(params.payload)
        return {"interaction": {"id": str(interaction_id), "type": params.payload["type"]}}

    async def execute_webhook(self, webhook_id: int, token: str, *, payload: dict[str, Any] | None = None,
                              **_: Any) -> dict[str, Any]:
        self.followups.append(payload or {})
        return self._message(str(next(_ids)), (payload or {}).get("content", ""))

    async def edit_original_interaction_response(self, application_id: int, token: str, *,
                                                 payload: dict[str, Any] | None = None, **_: Any) -> dict[str, Any]:
        self.edits.append(payload or {})
        return self._message(str(next(_ids)), (payload or {}).get("content", ""))

    async def get_original_interaction_response(self, **_: Any) -> dict[str, Any]:
        return self._message(str(next(_ids)), (self.responses[-1]["data"] or {}).get("content", ""))

    def _message(self, message_id: str, content: str, channel_id: int | None = None) -> dict[str, Any]:
        return {"id": message_id, "channel_id": str(channel_id or self.CHANNEL_ID), "content": content, "embeds": [],
                "attachments": [], "mentions": [], "mention_roles": [], "pinned": False, "mention_everyone": False,
                "tts": False, "timestamp": "2024-01-01T00:00:00+00:00", "edited_timestamp": None, "flags": 0,
                "components": [], "type": 0, "author": {"id": "1", "username": "refundbot", "discriminator": "0",
                                                       "avatar": None, "global_name": None, "bot": True}}

    # --- interactions as Discord delivers them -------------------------------------------------

    def _base(self, user_id: int, roles: list[int], permissions: int, channel_id: int | None = None) -> dict[str, Any]:
        channel_id = channel_id or self.CHANNEL_ID
        channel = ({"id": str(self.CHANNEL_ID), "type": 0, "guild_id": str(self.GUILD_ID), "name": "help",
                    "position": 0, "permission_overwrites": [], "nsfw": False, "parent_id": None}
                   if channel_id == self.CHANNEL_ID else self.http_thread(channel_id))
        return {
            "id": str(next(_ids)), "application_id": "1", "token": "token", "version": 1, "locale": "en-US",
            "guild_locale": "en-US", "entitlements": [], "context": 0,
            "authorizing_integration_owners": {}, "attachment_size_limit": 10_485_760,
            "guild_id": str(self.GUILD_ID), "channel_id": str(channel_id),
            "app_permissions": str(self.bot_permissions.value), "channel": channel,
            "member": {"user": {"id": str(user_id), "username": f"user{user_id}", "discriminator": "0",
                                "global_name": None, "avatar": None},
                       "roles": [str(r) for r in roles], "joined_at": "2024-01-01T00:00:00+00:00",
                       "permissions": str(permissions), "deaf": False, "mute": False, "flags": 0},
        }

    def command(self, name: str, options: dict[str, Any], user_id: int = 7, roles: list[int] | None = None,
                permissions: int = 0, autocomplete: bool = False) -> discord.Interaction:
        payload = self.slash(name, options, user_id, roles, permissions, autocomplete)
        return discord.Interaction(data=payload, state=self.state)  # type: ignore[arg-type]

    def slash(self, name: str, options: dict[str, Any], user_id: int = 7, roles: list[int] | None = None,
              permissions: int = 0, autocomplete: bool = False) -> dict[str, Any]:
        """A slash command (or its autocomplete) as Discord delivers it: string options only."""
        payload = self._base(user_id, roles or [], permissions)
        payload.update(type=4 if autocomplete else 2, data={
            "id": "5", "name": name, "type": 1,
            "options": [{"name": k, "type": 3, "value": v, **({"focused": True} if autocomplete else {})}
                        for k, v in options.items()]})
        return payload

    def on_message(self, name: str, target: dict[str, Any], user_id: int = 7, roles: list[int] | None = None,
                   permissions: int = 0) -> dict[str, Any]:
        """A message command (right-click a message → Apps) used on `target`, a message payload."""
        payload = self._base(user_id, roles or [], permissions)
        payload.update(type=2, data={"id": "6", "name": name, "type": 3, "target_id": target["id"],
                                     "resolved": {"messages": {target["id"]: target}}})
        return payload

    def click(self, custom_id: str, user_id: int = 7) -> discord.Interaction:
        payload = self._base(user_id, [], 0)
        payload.update(type=3, data={"custom_id": custom_id, "component_type": 2},
                       message=self._message("555", "a question"))
        return discord.Interaction(data=payload, state=self.state)  # type: ignore[arg-type]

    # --- Discord delivering an event, dispatched by discord.py itself ---------------------------

    async def deliver(self, payload: dict[str, Any]) -> None:
        """An INTERACTION_CREATE, through discord.py's dispatch: the command tree (checks, its error handler) for
        commands, the view store (dynamic items, interaction_check, modals) for components."""
        self.client.loop = asyncio.get_running_loop()
        self.state.parse_interaction_create(payload)  # type: ignore[arg-type]
        store = self.state._view_store
        while tasks := [*store._ViewStore__tasks, *(t for t in asyncio.all_tasks()  # type: ignore[attr-defined]
                                                    if t.get_name() in ("CommandTree-invoker", "client-event")
                                                    and not t.done())]:
            await asyncio.gather(*tasks)

    def press(self, message: dict[str, Any], custom_id: str, user_id: int = 7, values: list[str] | None = None,
              channel_id: int | None = None) -> dict[str, Any]:
        """A member using a component of `message` (a payload this gateway recorded being sent)."""
        payload = self._base(user_id, [], 0, channel_id)
        kind = next(c["type"] for row in message["components"] for c in row["components"]
                    if c.get("custom_id") == custom_id)
        sent = self._message(str(next(_ids)), message.get("content") or "", channel_id)
        sent["components"] = message["components"]
        payload.update(type=3, message=sent, data={"custom_id": custom_id, "component_type": kind,
                                                   **({"values": values} if values is not None else {})})
        return payload

    def submit(self, modal: dict[str, Any], message: dict[str, Any], text: str, user_id: int = 7,
               channel_id: int | None = None) -> dict[str, Any]:
        """A member filling in the one text box of a form the bot opened (`modal`: its response payload)."""
        payload = self._base(user_id, [], 0, channel_id)
        box = next(c for row in modal["data"]["components"] for c in row.get("components", [row.get("component")])
                   if c and c["type"] == 4)
        sent = self._message(str(next(_ids)), message.get("content") or "", channel_id)
        sent["components"] = message["components"]
        payload.update(type=5, message=sent, data={"custom_id": modal["data"]["custom_id"], "components": [
            {"type": 1, "components": [{"type": 4, "custom_id": box["custom_id"], "value": text}]}]})
        return payload

    def thread(self, thread_id: int) -> discord.Thread:
        guild = self.state._get_guild(self.GUILD_ID)
        thread = discord.Thread(guild=guild, state=self.state, data=self.http_thread(thread_id))  # type: ignore[arg-type]
        guild._add_thread(thread)  # type: ignore[union-attr]
        return thread

    def http_thread(self, thread_id: int) -> dict[str, Any]:
        return {"id": str(thread_id), "guild_id": str(self.GUILD_ID), "parent_id": str(self.CHANNEL_ID),
                "owner_id": "1", "name": "Refund advice", "type": 11, "message_count": 0, "member_count": 1,
                "rate_limit_per_user": 0, "thread_metadata": {"archived": False, "auto_archive_duration": 1440,
                                                              "archive_timestamp": "2024-01-01T00:00:00+00:00",
                                                              "locked": False}}

    def message(self, content: str, user_id: int = 7, mention_bot: bool = False,
                channel: Any = None, roles: list[int] | None = None) -> discord.Message:
        """A member's message as the gateway delivers it; without the message-content intent, `content` is
        empty unless it mentions the bot (the caller passes what Discord would). `roles`: the author's."""
        guild = self.state._get_guild(self.GUILD_ID)
        where = channel or guild.get_channel(self.CHANNEL_ID)  # type: ignore[union-attr]
        data = self._message(str(next(_ids)), content, where.id)
        data.update(author=_user(user_id), guild_id=str(self.GUILD_ID),
                    mentions=[_user(1, bot=True)] if mention_bot else [],
                    member={"roles": [str(r) for r in roles or []], "joined_at": "2024-01-01T00:00:00+00:00",
                            "deaf": False, "mute": False, "flags": 0})
        return discord.Message(state=self.state, channel=where, data=data)  # type: ignore[arg-type]
