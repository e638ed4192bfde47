"""The Slack app: Bolt's async app over the engine. Handlers are thin; the engine decides everything.

`refundbot serve slack` (bot.app) builds the engine and calls `run`: HTTP mode, or Socket Mode.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from typing import Any

from pydantic import BaseModel, SecretStr
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import (
    CHOICE_ACTION,
    DRAFTS_ACTION,
    FEEDBACK_ACTION,
    POST_ANSWER_ACTION,
    answer_blocks,
    button,
    clip,
    escape,
    quote_member,
    render,
)
from bot.conversation.engine import Engine
from bot.messages import ConversationKey, Drafts, Inbound, Reply

log = logging.getLogger(__name__)
PLATFORM = "slack"
_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
_USER_ARGUMENT = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


class SlackOptions(BaseModel):
    """What the Slack adapter needs from the bot's settings."""

    bot_token: SecretStr | None = None
    signing_secret: SecretStr | None = None
    app_token: SecretStr | None = None  # Socket Mode only
    api_url: str = "https://slack.com/api/"
    moderators: list[str] = []  # user ids (U…/W…) and user-group ids (S…)


class SlackBot:
    """Routes Slack events to the engine and posts its replies in the conversation's thread."""

    def __init__(self, engine: Engine, options: SlackOptions, client: AsyncWebClient):
        self.engine, self.options, self.client = engine, options, client

    # --- conversations -----------------------------------------------------------------------

    async def converse(self, message: Inbound, channel: str, thread_ts: str | None) -> None:
        replies = await self.engine.handle(message)
        for drafts in (r for r in replies if isinstance(r, Drafts)):  # private: only the member sees them
            text, blocks = render(drafts)
            await self.client.chat_postEphemeral(channel=channel, user=message.key.user, thread_ts=thread_ts,
                                                 text=text, blocks=blocks)
        await self.post([r for r in replies if not isinstance(r, Drafts)], channel, thread_ts)

    async def post(self, replies: list[Reply], channel: str, thread_ts: str | None) -> None:
        for reply in replies:
            text, blocks = render(reply)
            await self.client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=text, blocks=blocks,
                                               unfurl_links=False, unfurl_media=False)

    async def first_delivery(self, body: dict[str, Any]) -> bool:
        """Slack retries deliveries it thinks failed; the event id makes the second one a no-op."""
        event_id = body.get("event_id")
        return not event_id or await self.engine.store.first_time(f"slack-event:{event_id}")

    async def on_refund_command(self, ack: AsyncAck, command: dict[str, Any]) -> None:
        await ack()
        text = command.get("text", "").strip()
        starter = f"Refund and dispute advice for <@{command['user_id']}>"
        if text:
            starter += "\n" + quote_member(text)
        posted = await self.client.chat_postMessage(channel=command["channel_id"], text=clip(starter, 3000),
                                                    unfurl_links=False)
        thread_ts = posted["ts"]
        key = ConversationKey(platform=PLATFORM, workspace=command.get("team_id", ""),
                              channel=command["channel_id"], thread=thread_ts, user=command["user_id"])
        await self.converse(Inbound(key=key, text=text or None), command["channel_id"], thread_ts)

    async def on_mention(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        if not await self.first_delivery(body):
            return
        thread_ts = event.get("thread_ts") or event["ts"]
        key = ConversationKey(platform=PLATFORM, workspace=body.get("team_id", ""), channel=event["channel"],
                              thread=thread_ts, user=event["user"])
        text = _MENTION.sub("", event.get("text", "")).strip()
        await self.converse(Inbound(key=key, text=text or None), event["channel"], thread_ts)

    async def on_message(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        if event.get("bot_id") or event.get("subtype") or "user" not in event:
            return  # bots (ourselves included) and edits, joins, deletions
        if not await self.first_delivery(body):
            return
        team, channel = body.get("team_id", ""), event["channel"]
        if event.get("channel_type") == "im":
            key = ConversationKey(platform=PLATFORM, workspace=team, channel=channel, user=event["user"])
            await self.converse(Inbound(key=key, text=event.get("text", "")), channel, None)
            return
        thread_ts = event.get("thread_ts")
        if not thread_ts or _MENTION.search(event.get("text", "")):
            return  # not in a thread, or a mention (app_mention handles it)
        key = ConversationKey(platform=PLATFORM, workspace=team, channel=channel, thread=thread_ts,
                              user=event["user"])
        if await self.engine.store.load(key.as_string()) is None:
            return  # someone else's thread, not a conversation with the bot
        await self.converse(Inbound(key=key, text=event.get("text", "")), channel, thread_ts)

    async def on_choice(self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        picked = json.loads(action["value"])
        message, channel = body["message"], body["channel"]["id"]
        thread_ts = message.get("thread_ts") or message["ts"]
        dm = channel.startswith("D")
        key = ConversationKey(platform=PLATFORM, workspace=body.get("team", {}).get("id", ""), channel=channel,
                              thread="" if dm else thread_ts, user=body["user"]["id"])
        replies = await self.engine.handle(Inbound(key=key, choice=picked["c"], question=picked["t"]))
        label = action.get("text", {}).get("text", picked["c"])
        answered = [b for b in message.get("blocks", []) if b.get("type") != "actions"]
        answered.append({"type": "context", "elements": [
            {"type": "mrkdwn", "text": f"<@{body['user']['id']}> chose: *{escape(label)}*"}]})
        await self.client.chat_update(channel=channel, ts=message["ts"], blocks=answered,
                                      text=message.get("text", ""))
        await self.post(replies, channel, None if dm else thread_ts)

    async def on_feedback(self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        thanks = await self.engine.feedback(action["value"], helpful=action["action_id"].endswith(":yes"))
        await self.client.chat_postEphemeral(channel=body["channel"]["id"], user=body["user"]["id"],
                                             text=thanks.markdown)

    async def on_drafts(self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        """The drafts of the clicker's own conversation, shown to them only (another member gets none)."""
        await ack()
        message, channel = body["message"], body["channel"]["id"]
        thread_ts = message.get("thread_ts") or message["ts"]
        dm = channel.startswith("D")
        key = ConversationKey(platform=PLATFORM, workspace=body.get("team", {}).get("id", ""), channel=channel,
                              thread="" if dm else thread_ts, user=body["user"]["id"])
        drafts = await self.engine.drafts(key)
        text, blocks = render(drafts) if drafts else ("These drafts belong to another member's conversation.", None)
        await self.client.chat_postEphemeral(channel=channel, user=body["user"]["id"], text=text, blocks=blocks,
                                             thread_ts=None if dm else thread_ts)

    # --- moderators ------------------------------------------------------------------------

    async def is_moderator(self, user_id: str) -> bool:
        allowed = set(self.options.moderators)
        if user_id in allowed:
            return True
        for group in (g for g in allowed if g.startswith("S")):
            members = await self.client.usergroups_users_list(usergroup=group)
            if user_id in members.get("users", []):
                return True
        info = await self.client.users_info(user=user_id)
        user = info.get("user", {})
        return bool(user.get("is_admin") or user.get("is_owner"))

    async def on_answer_command(self, ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        if not await self.is_moderator(command["user_id"]):
            await respond("Only moderators can post canonical answers. Try `/faq` to search them.",
                          response_type="ephemeral")
            return
        text = command.get("text", "").strip()
        member = _USER_ARGUMENT.search(text)
        name = _USER_ARGUMENT.sub("", text).strip()
        answer = self.engine.find_answer(name) if name else None
        if answer is None:
            await respond(f"No canonical answer is called “{escape(clip(name, 80))}”. Try `/faq {escape(name)}`.",
                          response_type="ephemeral")
            return
        card = self.engine.answer_card(answer, PLATFORM, how="answer")
        await self.client.chat_postMessage(channel=command["channel_id"], text=card.title,
                                           blocks=answer_blocks(card, member[1] if member else None))

    async def on_faq_command(self, ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        words = command.get("text", "").strip()
        hits = self.engine.library.current.answers.search(words) if words else []
        if not hits:
            await respond("No canonical answer matches. Try other words.", response_type="ephemeral")
            return
        blocks = []
        for hit in hits:
            blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": f"*{escape(hit.answer.title)}*"
                                                                                f"  `{hit.answer.id}`"},
                           "accessory": button("Post", POST_ANSWER_ACTION, hit.answer.id)})
        await respond(blocks=blocks, text=f"{len(hits)} canonical answers match", response_type="ephemeral")

    async def on_post_answer(self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        answer = self.engine.find_answer(action["value"])
        if answer is not None:
            card = self.engine.answer_card(answer, PLATFORM, how="faq")
            await self.client.chat_postMessage(channel=body["channel"]["id"], text=card.title,
                                               blocks=answer_blocks(card))

    async def on_reload_command(self, ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        if not await self.is_moderator(command["user_id"]):
            await respond("Only moderators can reload the policy.", response_type="ephemeral")
            return
        await respond(escape(self.engine.library.reload().summary()), response_type="ephemeral")


def build_app(engine: Engine, options: SlackOptions, *, client: AsyncWebClient | None = None) -> AsyncApp:
    token = options.bot_token.get_secret_value() if options.bot_token else None
    secret = options.signing_secret.get_secret_value() if options.signing_secret else None
    if not token or not secret:
        raise ValueError("Slack needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (see config/example.yaml)")
    client = client or AsyncWebClient(token=token, base_url=options.api_url)
    app = AsyncApp(signing_secret=secret, client=client)  # the client carries the token; signatures are verified
    bot = SlackBot(engine, options, client)
    app.command("/refund")(bot.on_refund_command)
    app.command("/answer")(bot.on_answer_command)
    app.command("/faq")(bot.on_faq_command)
    app.command("/refund-reload")(bot.on_reload_command)
    app.event("app_mention")(bot.on_mention)
    app.event("message")(bot.on_message)
    app.action(re.compile(rf"^{CHOICE_ACTION}:\d+$"))(bot.on_choice)
    app.action(re.compile(rf"^{FEEDBACK_ACTION}:(yes|no)$"))(bot.on_feedback)
    app.action(POST_ANSWER_ACTION)(bot.on_post_answer)
    app.action(DRAFTS_ACTION)(bot.on_drafts)
    return app


async def run(app: AsyncApp, options: SlackOptions, port: int = 3000, socket: bool = False) -> None:
    """Serve until cancelled: HTTP on `port` (requests at /slack/events), or Socket Mode."""
    if socket:
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        if not options.app_token:
            raise ValueError("Socket Mode needs SLACK_APP_TOKEN (an xapp-… app-level token)")
        await AsyncSocketModeHandler(app, options.app_token.get_secret_value()).start_async()
        return
    from aiohttp import web

    runner = web.AppRunner(app.web_app(port=port))
    await runner.setup()
    await web.TCPSite(runner, "0.0.0.0", port).start()
    log.warning("Slack app listening on port %d at /slack/events", port)
    await asyncio.Event().wait()
