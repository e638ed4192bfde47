"""The listener boundary: every Slack handler runs inside `guarded`, and telling a member something
privately (`tell`) is done one way for all of them.

Bolt's own error path, for a listener that fails after `ack()`, sets the acknowledgement back to none:
the request then waits out the 3 seconds and is answered 404, and the member is told nothing. Bolt's
middleware runs before the listener, not around it, so the guard wraps each listener where it is
registered: it logs the failure with its context, acknowledges if the handler had not, and tells the
member privately what went wrong and what to do.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.kwargs_injection.async_args import AsyncArgs
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.conversation.engine import StoreUnavailable
from bot.messages import key_digest

log = logging.getLogger(__name__)
Handler = Callable[..., Awaitable[None]]

SOMETHING_WENT_WRONG = "Something went wrong on my side and I couldn't finish that. Please try again."
UNAVAILABLE = ("I'm temporarily unavailable: I can't reach where I keep conversations. Nothing was posted "
               "and your conversation is kept; please try again in a moment.")
RATE_LIMITED = ("Slack is limiting how fast I can post right now, so my reply didn't get through. Wait a "
                "minute, then say *help* in the conversation to see where we are.")
NOT_IN_CHANNEL = ("I can't post in this channel: I'm not a member of it. Invite me with `/invite {bot}`, "
                  "then try again, or send me a direct message.")


def what_went_wrong(error: Exception, bot_user_id: str | None) -> str:
    if isinstance(error, StoreUnavailable):
        return UNAVAILABLE
    if isinstance(error, SlackApiError):
        code = error.response.get("error") if error.response is not None else None
        if code in ("not_in_channel", "channel_not_found"):
            return NOT_IN_CHANNEL.format(bot=f"<@{bot_user_id}>" if bot_user_id else "@refundbot")
        if code == "ratelimited" or (error.response is not None and error.response.status_code == 429):
            return RATE_LIMITED
    return SOMETHING_WENT_WRONG


async def tell(client: AsyncWebClient, body: dict[str, Any], respond: AsyncRespond | None, text: str) -> None:
    """A message only the member who acted sees: through the request's response_url where it has one
    (commands, clicks; it works where the bot is not a channel member), else chat.postEphemeral."""
    if respond is not None and body.get("response_url"):
        await respond(text=text, response_type="ephemeral", replace_original=False)
        return
    event = body.get("event") or {}
    if event.get("channel") and event.get("user"):
        await client.chat_postEphemeral(channel=event["channel"], user=event["user"], text=text,
                                        thread_ts=event.get("thread_ts"))


def where(body: dict[str, Any]) -> str:
    """What the request was, for the log: its kind, command, event or action, channel, and the member hashed."""
    event = body.get("event") or {}
    name = (body.get("command") or event.get("type")
            or ",".join(str(a.get("action_id")) for a in body.get("actions", [])) or "?")
    channel = body.get("channel_id") or (body.get("channel") or {}).get("id") or event.get("channel")
    user = body.get("user_id") or (body.get("user") or {}).get("id") or event.get("user") or ""
    return f"{body.get('type') or 'command'} {name} in {channel}, member {key_digest(user)}"


def guarded(handler: Handler, client: AsyncWebClient) -> Handler:
    """`handler` as a Bolt listener that never lets an exception reach Bolt."""
    wanted = list(inspect.signature(handler).parameters)

    async def listener(args: AsyncArgs) -> None:
        try:
            await handler(**{name: getattr(args, name) for name in wanted})
        except Exception as error:
            log.exception("Slack handler %s failed on %s", handler.__name__, where(args.body))
            if args.ack.response is None:
                await args.ack()
            try:
                await tell(client, args.body, args.respond, what_went_wrong(error, args.context.bot_user_id))
            except Exception:
                log.exception("could not tell the member either (%s)", where(args.body))

    listener.__name__ = listener.__qualname__ = handler.__name__
    return listener
