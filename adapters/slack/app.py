"""The Slack app: Bolt's async app over the engine. Handlers are thin; the engine decides everything.

Every handler runs inside the listener boundary (boundary.py); requests are verified before they are
parsed (http.py). `refundbot serve slack` (bot.app) builds the engine and calls `run`: HTTP mode, or
Socket Mode.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import BaseModel, SecretStr
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_bolt.response import BoltResponse
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import moderation
from adapters.slack.blocks import (
    CHOICE_ACTION,
    DRAFTS_ACTION,
    FEEDBACK_ACTION,
    HANDOFF_ACTION,
    MORE_ACTION,
    NOT_YOURS,
    POST_ANSWER_ACTION,
    answer_blocks,
    button,
    clip,
    escape,
    mrkdwn,
    opened,
    owner_of,
    quote_member,
    render,
)
from adapters.slack.boundary import guarded, tell
from adapters.slack.handoff import SlackHandoffs
from adapters.slack.moderation import Moderators
from bot.conversation.engine import Engine
from bot.messages import ConversationKey, Drafts, Inbound, Reply, Text
from bot.safety.sanitize import quoted

log = logging.getLogger(__name__)
PLATFORM = "slack"
RATE_LIMIT_RETRIES = 2
_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
_USER_ARGUMENT = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


def _own_mention(bot_user_id: str | None) -> re.Pattern[str]:
    """The bot's own mention (any mention while its id is unknown)."""
    return re.compile(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>") if bot_user_id else _MENTION


class SlackOptions(BaseModel):
    """What the Slack adapter needs from the bot's settings."""

    bot_token: SecretStr | None = None
    signing_secret: SecretStr | None = None
    app_token: SecretStr | None = None  # Socket Mode only
    api_url: str = "https://slack.com/api/"
    moderators: list[str] = []  # user ids (U…/W…) and user-group ids (S…)
    moderator_group: str | None = None  # the user group Ask a moderator mentions; None: not offered
    escalation_channel: str | None = None  # where an unanswered call for a moderator goes after the reminder


def clicked(body: dict[str, Any]) -> tuple[ConversationKey, dict[str, Any], str | None]:
    """Where a button was clicked: the clicker's conversation key, the message, and its thread (None in a DM,
    where the conversation is the channel itself)."""
    message, channel = body["message"], body["channel"]["id"]
    thread_ts = None if channel.startswith("D") else message.get("thread_ts") or message["ts"]
    key = ConversationKey(platform=PLATFORM, workspace=body.get("team", {}).get("id", ""), channel=channel,
                          thread=thread_ts or "", user=body["user"]["id"])
    return key, message, thread_ts


class SlackBot:
    """Routes Slack events to the engine and posts its replies in the conversation's thread.

    Each action is counted against the member's rate limit before anything is posted for it (a thread's
    starter, a button's update); refusals and failures are told to the member privately."""

    def __init__(self, engine: Engine, options: SlackOptions, client: AsyncWebClient):
        self.engine, self.options, self.client = engine, options, client
        self.handoffs = SlackHandoffs(client, options.escalation_channel)
        group = [options.moderator_group] if options.moderator_group else []
        self.moderators = Moderators(client, [*options.moderators, *group])

    # --- conversations -----------------------------------------------------------------------

    async def admitted(self, key: ConversationKey, body: dict[str, Any], respond: AsyncRespond | None) -> bool:
        refused = await self.engine.admit(key)
        for reply in refused or []:
            await tell(self.client, body, respond, render(reply)[0])
        return refused is None

    async def converse(self, message: Inbound, channel: str, thread_ts: str | None, body: dict[str, Any]) -> None:
        if not await self.admitted(message.key, body, None):
            return
        replies = await self.engine.handle(message, admitted=True)
        for drafts in (r for r in replies if isinstance(r, Drafts)):  # private: only the member sees them
            text, blocks = render(drafts)
            await self.client.chat_postEphemeral(channel=channel, user=message.key.user, thread_ts=thread_ts,
                                                 text=text, blocks=blocks)
        await self.post([r for r in replies if not isinstance(r, Drafts)], channel, thread_ts, message.key.user)

    async def post(self, replies: list[Reply], channel: str, thread_ts: str | None, owner: str) -> None:
        """The replies in the conversation's thread (or DM), their buttons answering `owner` alone."""
        # moderators are called in a channel's thread, where they can answer; never in a DM
        ask_moderator = bool(self.options.moderator_group and thread_ts and self.engine.moderators_callable)
        for reply in replies:
            text, blocks = render(reply, ask_moderator, owner)
            await self.client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=text, blocks=blocks,
                                               unfurl_links=False, unfurl_media=False)

    async def first_delivery(self, body: dict[str, Any]) -> bool:
        """Slack retries deliveries it thinks failed; the event id makes the second one a no-op."""
        event_id = body.get("event_id")
        return not event_id or await self.engine.first_delivery(f"slack-event:{event_id}")

    async def on_refund_command(self, ack: AsyncAck, command: dict[str, Any], body: dict[str, Any],
                                respond: AsyncRespond) -> None:
        await ack()
        text, channel = command.get("text", "").strip(), command["channel_id"]
        key = ConversationKey(platform=PLATFORM, workspace=command.get("team_id", ""), channel=channel,
                              user=command["user_id"])
        if not await self.admitted(key, body, respond):
            return
        await self.engine.check_store()  # before the starter: a store that is down must leave no empty thread
        starter = f"Refund and dispute advice for <@{command['user_id']}>"
        if text:
            starter += "\n" + quote_member(text)
        posted = await self.client.chat_postMessage(channel=channel, text=clip(starter, 3000), unfurl_links=False)
        key = key.model_copy(update={"thread": posted["ts"]})
        replies = await self.engine.handle(Inbound(key=key, text=text or None), admitted=True)
        await self.post(replies, channel, posted["ts"], command["user_id"])

    async def on_mention(self, body: dict[str, Any], event: dict[str, Any], context: AsyncBoltContext) -> None:
        if not await self.first_delivery(body):
            return
        thread_ts = event.get("thread_ts") or event["ts"]
        key = ConversationKey(platform=PLATFORM, workspace=body.get("team_id", ""), channel=event["channel"],
                              thread=thread_ts, user=event["user"])
        text = _own_mention(context.bot_user_id).sub("", event.get("text", "")).strip()
        await self.converse(Inbound(key=key, text=text or None), event["channel"], thread_ts, body)

    async def on_message(self, body: dict[str, Any], event: dict[str, Any], context: AsyncBoltContext) -> None:
        if event.get("bot_id") or event.get("subtype") or "user" not in event:
            return  # bots (ourselves included) and edits, joins, deletions
        team, channel, user, text = body.get("team_id", ""), event["channel"], event["user"], event.get("text", "")
        if event.get("channel_type") == "im":
            if await self.first_delivery(body):
                key = ConversationKey(platform=PLATFORM, workspace=team, channel=channel, user=user)
                await self.converse(Inbound(key=key, text=text), channel, None, body)
            return
        thread_ts, parent = event.get("thread_ts"), event.get("parent_user_id")
        if thread_ts:
            await self.moderator_answered(channel, thread_ts, user)
        if not thread_ts or _own_mention(context.bot_user_id).search(text):
            return  # not in a thread, or mentioning the bot (app_mention handles it); other mentions are answers
        if parent and parent not in (context.bot_user_id, user):
            return  # a thread neither the bot nor this member started: not a conversation with the bot
        if not await self.first_delivery(body):
            return
        key = ConversationKey(platform=PLATFORM, workspace=team, channel=channel, thread=thread_ts, user=user)
        if not await self.engine.has_conversation(key):
            return  # someone else's thread, not a conversation with the bot
        await self.converse(Inbound(key=key, text=text), channel, thread_ts, body)

    async def owner_only(self, ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond,
                         next: Callable[[], Awaitable[None]]) -> BoltResponse | None:
        """Listener middleware on a conversation's buttons: they answer its member alone (the owner in the row's
        block id); anyone else is told privately, and nothing changes. Rows from before owners: not checked."""
        owner = owner_of(str((body.get("actions") or [{}])[0].get("block_id", "")))
        if owner is None or owner == body["user"]["id"]:
            await next()
            return None
        refused = await ack()
        await tell(self.client, body, respond, NOT_YOURS)
        return refused

    async def on_choice(self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any],
                        respond: AsyncRespond) -> None:
        """A choice by the conversation's member: the question's buttons give way to what was chosen only once
        the engine took the answer (a stale, repeated or refused click leaves them)."""
        await ack()
        picked = json.loads(action["value"])
        key, message, thread_ts = clicked(body)
        if not await self.admitted(key, body, respond):
            return  # the buttons stay: the member may click again once the limit allows
        turn = await self.engine.turn(Inbound(key=key, choice=picked["c"], question=picked["t"]), admitted=True)
        if turn.answered:
            label = action.get("text", {}).get("text", picked["c"])
            answered = [b for b in message.get("blocks", []) if b.get("type") != "actions"]
            answered.append({"type": "context", "elements": [
                {"type": "mrkdwn", "text": f"<@{body['user']['id']}> chose: *{escape(label)}*"}]})
            await self.client.chat_update(channel=key.channel, ts=message["ts"], blocks=answered,
                                          text=message.get("text", ""))
        await self.post(turn.replies, key.channel, thread_ts, body["user"]["id"])

    async def on_feedback(self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        thanks = await self.engine.feedback(action["value"], helpful=action["action_id"].endswith(":yes"))
        await self.client.chat_postEphemeral(channel=body["channel"]["id"], user=body["user"]["id"],
                                             text=thanks.markdown)

    async def on_drafts(self, ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        """The drafts of the clicker's own conversation, shown to them only (another member gets none)."""
        await ack()
        key, _, thread_ts = clicked(body)
        if not await self.admitted(key, body, respond):
            return
        drafts = await self.engine.drafts_of(key)
        text, blocks = render(drafts) if drafts else ("These drafts belong to another member's conversation.", None)
        await self.client.chat_postEphemeral(channel=key.channel, user=key.user, text=text, blocks=blocks,
                                             thread_ts=thread_ts)

    async def on_more(self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any],
                      respond: AsyncRespond) -> None:
        """The rest of the guidance, opened in place on the card (Slack cannot fold a section)."""
        await ack()
        key, message, _ = clicked(body)
        if not await self.admitted(key, body, respond):
            return
        more = await self.engine.more_of(key, action["value"])
        if more is None:
            await respond(text="Only the member who asked can open the rest of this advice, and only on their "
                               "latest advice.", response_type="ephemeral", replace_original=False)
            return
        await self.client.chat_update(channel=key.channel, ts=message["ts"], text=message.get("text", ""),
                                      blocks=opened(message.get("blocks", []), more.markdown))

    async def on_handoff(self, ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        """Ask a moderator: the summary in the thread, under the moderators' group mention alone."""
        await ack()
        key, _, thread_ts = clicked(body)
        if not await self.admitted(key, body, respond):
            return
        group, channel = self.options.moderator_group, key.channel
        if not group or thread_ts is None:
            await tell(self.client, body, respond, "Moderators can be asked in a channel's thread, not here.")
            return
        asked = await self.engine.ask_moderator(key, channel, thread_ts, group,
                                                await self.handoffs.link(channel, thread_ts))
        if isinstance(asked, Text):
            await tell(self.client, body, respond, render(asked)[0])
            return
        try:
            await self.handoffs.post(asked)
        except BaseException:
            await self.engine.handoff_not_posted(PLATFORM, channel, thread_ts)
            raise  # the boundary tells the member what went wrong
        await tell(self.client, body, respond, "I've asked the moderators; one will answer in this thread.")

    async def moderator_answered(self, channel: str, thread_ts: str, user: str) -> None:
        """A moderator writing in a thread where a member asked for one: the request is answered."""
        if await self.engine.handoff_waiting(PLATFORM, channel, thread_ts) and await self.moderators.include(user):
            await self.engine.moderator_replied(PLATFORM, channel, thread_ts)

    # --- canonical answers and the policy (moderators: see build_app) ------------------------------

    async def on_answer_command(self, ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        text = command.get("text", "").strip()
        member = _USER_ARGUMENT.search(text)
        name = _USER_ARGUMENT.sub("", text).strip()
        answer = self.engine.find_answer(name) if name else None
        if answer is None:
            await respond(f"No canonical answer is called “{mrkdwn(quoted(name, 80))}”. Search them with `/faq`.",
                          response_type="ephemeral")
            return
        card = self.engine.answer_card(answer, PLATFORM, how="answer")
        await self.client.chat_postMessage(channel=command["channel_id"], text=card.title,
                                           blocks=answer_blocks(card, member[1] if member else None))

    async def on_faq_command(self, ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        words = command.get("text", "").strip()
        hits = self.engine.search_answers(words)
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

    async def on_reload_command(self, ack: AsyncAck, respond: AsyncRespond) -> None:
        await ack()
        reloaded = await self.engine.reload_policy()
        await respond(escape(reloaded.markdown), response_type="ephemeral")


def build_app(engine: Engine, options: SlackOptions, *, client: AsyncWebClient | None = None) -> AsyncApp:
    token = options.bot_token.get_secret_value() if options.bot_token else None
    secret = options.signing_secret.get_secret_value() if options.signing_secret else None
    if not token or not secret:
        raise ValueError("Slack needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (see config/example.yaml)")
    client = client or AsyncWebClient(token=token, base_url=options.api_url)
    # A 429 is waited out (Retry-After) and retried, twice; after that the member is told (boundary).
    client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES))
    app = AsyncApp(signing_secret=secret, client=client)  # the client carries the token; signatures are verified
    bot = SlackBot(engine, options, client)
    moderators, owned = bot.moderators, [bot.owner_only]
    # Bolt tries listeners in this order, each match costing it a call: messages and mentions, the most
    # frequent, first (the listeners' matches never overlap, so the order changes nothing else).
    listeners: list[tuple[Callable[..., Any], Callable[..., Any]]] = [
        (app.event("app_mention"), bot.on_mention),
        (app.event("message"), bot.on_message),
        (app.command("/refund"), bot.on_refund_command),
        (app.command("/answer", middleware=[moderators.only(
            "Only moderators can post canonical answers. Try `/faq` to search them.")]), bot.on_answer_command),
        (app.command("/faq"), bot.on_faq_command),
        (app.command("/refund-reload", middleware=[moderators.only("Only moderators can reload the policy.")]),
         bot.on_reload_command),
        (app.action(re.compile(rf"^{CHOICE_ACTION}:\d+$"), middleware=owned), bot.on_choice),
        (app.action(re.compile(rf"^{FEEDBACK_ACTION}:(yes|no)$"), middleware=owned), bot.on_feedback),
        (app.action(POST_ANSWER_ACTION), bot.on_post_answer),
        (app.action(DRAFTS_ACTION, middleware=owned), bot.on_drafts),
        (app.action(HANDOFF_ACTION, middleware=owned), bot.on_handoff),
        (app.action(MORE_ACTION, middleware=owned), bot.on_more),
        *moderation.listeners(app, bot, moderators),
    ]
    for register, handler in listeners:
        register(guarded(handler, client))
    return app

