"""discord.py's own Interaction, Member and Guild objects, built from documented gateway payloads.

No Discord backend runs offline, so the last hop is replaced: discord.py sends interaction responses
and follow-ups through a webhook adapter, and `Gateway` puts a recorder in its place. Everything
before it (permissions, roles, payload serialisation, allowed mentions, flags) is discord.py's code.
"""

from __future__ import annotations

from itertools import count
from types import SimpleNamespace
from typing import Any

import discord
from discord.state import ConnectionState
from discord.webhook.async_ import async_context

MANAGE_MESSAGES = 1 << 13
_ids = count(1000)


def _role(role_id: int, name: str, position: int) -> dict[str, Any]:
    return {"id": str(role_id), "name": name, "permissions": "0", "position": position, "color": 0, "hoist": False,
            "managed": False, "mentionable": False}


class Gateway:
    """One guild (id 42, a 'Mods' role 100), a channel 10, and the recorded responses."""

    GUILD_ID, MODS_ROLE, CHANNEL_ID = 42, 100, 10

    def __init__(self, adapter: Any):
        http = SimpleNamespace(proxy=None, proxy_auth=None, _HTTPClient__session=None, token="test")
        self.state = ConnectionState(dispatch=lambda *args, **kwargs: None, handlers={}, hooks={}, http=http)
        self.state.user = discord.ClientUser(state=self.state, data={
            "id": "1", "username": "refundbot", "discriminator": "0", "avatar": None, "global_name": None, "bot": True})
        client = SimpleNamespace(user=self.state.user, adapter=adapter)
        self.state._get_client = lambda: client  # type: ignore[method-assign]
        self.state._add_guild(discord.Guild(state=self.state, data={
            "id": str(self.GUILD_ID), "name": "Freelancers",
            "roles": [_role(self.GUILD_ID, "@everyone", 0), _role(self.MODS_ROLE, "Mods", 1)]}))
        self.responses: list[dict[str, Any]] = []  # interaction callbacks: type 4 message, 7 update, 8 autocomplete
        self.followups: list[dict[str, Any]] = []
        async_context.set(self)  # type: ignore[arg-type]

    # --- what discord.py's webhook adapter would send to Discord ------------------------------

    async def create_interaction_response(self, interaction_id: int, token: str, *, params: Any,
                                          **_: Any) -> dict[str, Any]:
        self.responses.append(params.payload)
        return {"interaction": {"id": str(interaction_id), "type": params.payload["type"]}}

    async def execute_webhook(self, webhook_id: int, token: str, *, payload: dict[str, Any] | None = None,
                              **_: Any) -> dict[str, Any]:
        self.followups.append(payload or {})
        return self._message(str(next(_ids)), (payload or {}).get("content", ""))

    def _message(self, message_id: str, content: str) -> dict[str, Any]:
        return {"id": message_id, "channel_id": str(self.CHANNEL_ID), "content": content, "embeds": [],
                "attachments": [], "mentions": [], "mention_roles": [], "pinned": False, "mention_everyone": False,
                "tts": False, "timestamp": "2024-01-01T00:00:00+00:00", "edited_timestamp": None, "flags": 0,
                "components": [], "type": 0, "author": {"id": "1", "username": "refundbot", "discriminator": "0",
                                                       "avatar": None, "global_name": None, "bot": True}}

    # --- interactions as Discord delivers them -------------------------------------------------

    def _base(self, user_id: int, roles: list[int], permissions: int) -> dict[str, Any]:
        return {
            "id": str(next(_ids)), "application_id": "1", "token": "token", "version": 1, "locale": "en-US",
            "guild_locale": "en-US", "entitlements": [], "context": 0,
            "authorizing_integration_owners": {}, "attachment_size_limit": 10_485_760,
            "guild_id": str(self.GUILD_ID), "channel_id": str(self.CHANNEL_ID), "app_permissions": "0",
            "channel": {"id": str(self.CHANNEL_ID), "type": 0, "guild_id": str(self.GUILD_ID), "name": "help",
                        "position": 0, "permission_overwrites": [], "nsfw": False, "parent_id": None},
            "member": {"user": {"id": str(user_id), "username": f"user{user_id}", "discriminator": "0",
                                "global_name": None, "avatar": None},
                       "roles": [str(r) for r in roles], "joined_at": "2024-01-01T00:00:00+00:00",
                       "permissions": str(permissions), "deaf": False, "mute": False, "flags": 0},
        }

    def command(self, name: str, options: dict[str, Any], user_id: int = 7, roles: list[int] | None = None,
                permissions: int = 0, autocomplete: bool = False) -> discord.Interaction:
        payload = self._base(user_id, roles or [], permissions)
        payload.update(type=4 if autocomplete else 2, data={
            "id": "5", "name": name, "type": 1,
            "options": [{"name": k, "type": 3, "value": v, **({"focused": True} if autocomplete else {})}
                        for k, v in options.items()]})
        return discord.Interaction(data=payload, state=self.state)  # type: ignore[arg-type]

    def click(self, custom_id: str, user_id: int = 7) -> discord.Interaction:
        payload = self._base(user_id, [], 0)
        payload.update(type=3, data={"custom_id": custom_id, "component_type": 2},
                       message=self._message("555", "a question"))
        return discord.Interaction(data=payload, state=self.state)  # type: ignore[arg-type]
