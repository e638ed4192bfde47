"""Moderators' message shortcuts (a message's ⋮ menu): "This advice is wrong", with the verdict they would give
(it joins the review queue), and "Save as draft answer" (written for a maintainer, never posted)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import FEEDBACK_ACTION, clip, escape
from bot.conversation.engine import Engine


class SlackBot(Protocol):
    """What these shortcuts need of the app's router (`adapters.slack.app.SlackBot`)."""

    engine: Engine
    client: AsyncWebClient

    async def is_moderator(self, user_id: str) -> bool: ...

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

    async def _allowed(self, body: dict[str, Any]) -> bool:
        if await self.bot.is_moderator(body["user"]["id"]):
            return True
        await self._tell(body, "Only moderators can do this.")
        return False

    async def on_wrong_advice(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        if not await self._allowed(body):
            return
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
        if not await self._allowed(body):
            return
        guidance_id = str(action.get("block_id", "")).removeprefix("wrong:")
        said = await self.bot.engine.report_wrong(guidance_id, action.get("selected_option", {}).get("value", ""))
        await self._tell(body, escape(said.markdown))

    async def on_save_draft(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        if not await self._allowed(body):
            return
        said = self.bot.engine.save_draft(body.get("message", {}).get("text", ""), "slack")
        await self._tell(body, escape(said.markdown))


def listeners(app: AsyncApp, bot: SlackBot) -> list[tuple[Callable[..., Any], Callable[..., Any]]]:
    """The moderators' shortcuts and the verdict menu, as (registration, handler) pairs for build_app to guard."""
    moderation = Moderation(bot)
    return [
        (app.shortcut(WRONG_ADVICE_SHORTCUT), moderation.on_wrong_advice),
        (app.shortcut(SAVE_DRAFT_SHORTCUT), moderation.on_save_draft),
        (app.action(WRONG_VERDICT_ACTION), moderation.on_verdict),
    ]
