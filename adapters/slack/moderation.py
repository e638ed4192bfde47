"""Moderators: who they are, declared once as Bolt listener middleware, and their message shortcuts (a message's ⋮
menu): "This advice is wrong", with the verdict they would give (it joins the review queue), and "Save as draft
answer" (written for a maintainer, never posted).

`Moderators.only` goes on a listener (`middleware=[...]`): anyone else's request is acknowledged, told privately
why, and never reaches the listener.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import FEEDBACK_ACTION, clip, escape
from adapters.slack.boundary import SOMETHING_WENT_WRONG, tell, where
from bot.conversation.engine import Engine

log = logging.getLogger(__name__)
ONLY_MODERATORS = "Only moderators can do this."
Middleware = Callable[..., Awaitable[BoltResponse | None]]


class Moderators:
    """The configured users and user groups (U…, W…, S…), and the workspace's admins and owners."""

    def __init__(self, client: AsyncWebClient, listed: list[str]):
        self.client, self.listed = client, set(listed)

    async def include(self, user_id: str) -> bool:
        if user_id in self.listed:
            return True
        for group in (g for g in self.listed if g.startswith("S")):
            members = await self.client.usergroups_users_list(usergroup=group)
            if user_id in members.get("users", []):
                return True
        info = await self.client.users_info(user=user_id)
        user: dict[str, Any] = info.get("user") or {}
        return bool(user.get("is_admin") or user.get("is_owner"))

    def only(self, refusal: str = ONLY_MODERATORS) -> Middleware:
        """Listener middleware letting moderators through; anyone else is told `refusal`, privately."""

        async def moderators_only(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond,
                                  next: Callable[[], Awaitable[None]]) -> BoltResponse | None:
            user = body.get("user_id") or (body.get("user") or {}).get("id", "")
            try:
                if await self.include(user):
                    await next()
                    return None
                said = refusal
            except Exception:  # Bolt would answer 500 and the member would see nothing
                log.exception("could not tell whether %s is a moderator", where(body))
                said = SOMETHING_WENT_WRONG
            refused = await ack()
            await tell(self.client, body, respond, said)
            return refused

        return moderators_only


class SlackBot(Protocol):
    """What these shortcuts need of the app's router (`adapters.slack.app.SlackBot`)."""

    engine: Engine
    client: AsyncWebClient

WRONG_ADVICE_SHORTCUT = "refund_wrong_advice"
SAVE_DRAFT_SHORTCUT = "refund_save_draft"
WRONG_VERDICT_ACTION = "refund_wrong_verdict"
OPTIONS_MAX = 100  # a static select's options


def guidance_id_of(message: dict[str, Any]) -> str | None:
    """The audit record id a guidance card carries as its feedback buttons' value."""
    for block in message.get("blocks", []):
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if str(element.get("action_id", "")).startswith(f"{FEEDBACK_ACTION}:"):
                return str(element.get("value") or "") or None
    return None


class Moderation:
    def __init__(self, bot: SlackBot):
        self.bot = bot

    async def _tell(self, body: dict[str, Any], text: str, blocks: list[dict[str, Any]] | None = None) -> None:
        await self.bot.client.chat_postEphemeral(channel=body["channel"]["id"], user=body["user"]["id"],
                                                 text=text, blocks=blocks)

    async def on_wrong_advice(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        guidance_id = guidance_id_of(body.get("message", {}))
        if guidance_id is None:
            await self._tell(body, "That message is not the bot's advice.")
            return
        options = [{"text": {"type": "plain_text", "text": clip(label, 75)}, "value": verdict}
                   for verdict, label in list(self.bot.engine.verdicts().items())[:OPTIONS_MAX]]
        prompt = "Which verdict should this advice have given?"
        await self._tell(body, prompt, [{
            "type": "section", "block_id": f"wrong:{guidance_id}", "text": {"type": "mrkdwn", "text": prompt},
            "accessory": {"type": "static_select", "action_id": WRONG_VERDICT_ACTION, "options": options,
                          "placeholder": {"type": "plain_text", "text": "The verdict it should give"}}}])

    async def on_verdict(self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        guidance_id = str(action.get("block_id", "")).removeprefix("wrong:")
        said = await self.bot.engine.report_wrong(guidance_id, action.get("selected_option", {}).get("value", ""))
        await self._tell(body, escape(said.markdown))

    async def on_save_draft(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        said = self.bot.engine.save_draft(body.get("message", {}).get("text", ""), "slack")
        await self._tell(body, escape(said.markdown))


def listeners(app: AsyncApp, bot: SlackBot, moderators: Moderators,
              ) -> list[tuple[Callable[..., Any], Callable[..., Any]]]:
    """The moderators' shortcuts and the verdict menu, as (registration, handler) pairs for build_app to guard."""
    moderation = Moderation(bot)
    only = [moderators.only()]
    return [
        (app.shortcut(WRONG_ADVICE_SHORTCUT, middleware=only), moderation.on_wrong_advice),
        (app.shortcut(SAVE_DRAFT_SHORTCUT, middleware=only), moderation.on_save_draft),
        (app.action(WRONG_VERDICT_ACTION, middleware=only), moderation.on_verdict),
    ]
