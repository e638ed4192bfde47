"""The handler boundary: every Discord handler of the adapter runs inside `guarded`.

discord.py only logs an exception raised in a command or in a component's callback: the member sees
"The application did not respond" and nothing else, and a failure after the first response leaves them
with half a conversation. The guard logs the failure with its context and tells the member privately
what went wrong and what to do (a message in a DM or thread is answered where it was written).
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

import discord

from adapters.discord.render import NO_PINGS
from bot.conversation.engine import StoreUnavailable
from bot.messages import key_digest

log = logging.getLogger(__name__)
P = ParamSpec("P")
Adapter = TypeVar("Adapter")

SOMETHING_WENT_WRONG = "Something went wrong on my side and I couldn't finish that. Please try again."
UNAVAILABLE = ("I'm temporarily unavailable: I can't reach where I keep conversations. Nothing was posted; "
               "please try again in a few minutes.")
FORBIDDEN = ("Discord refused what I tried to do here: I'm missing a permission in this channel. A server admin "
             "can check my role's permissions; meanwhile you can send me a direct message.")


def what_went_wrong(error: Exception) -> str:
    if isinstance(error, StoreUnavailable):
        return UNAVAILABLE
    if isinstance(error, discord.Forbidden):
        return FORBIDDEN
    return SOMETHING_WENT_WRONG


async def tell(target: Any, text: str) -> None:
    """Privately to the member behind an interaction; in the channel of a message (a DM, or their thread)."""
    with contextlib.suppress(discord.HTTPException):  # nothing more can reach them
        if hasattr(target, "response"):  # an Interaction
            try:
                await target.response.send_message(text, ephemeral=True)
            except discord.InteractionResponded:
                await target.followup.send(text, ephemeral=True)
        else:
            await target.channel.send(text, allowed_mentions=NO_PINGS)


def guarded(handler: Callable[Concatenate[Adapter, Any, P], Awaitable[None]],
            ) -> Callable[Concatenate[Adapter, Any, P], Awaitable[None]]:
    """An adapter handler (its first argument the Interaction or Message) that never fails silently."""

    @functools.wraps(handler)
    async def run(adapter: Adapter, target: Any, /, *args: P.args, **kwargs: P.kwargs) -> None:
        try:
            await handler(adapter, target, *args, **kwargs)
        except Exception as error:
            user = getattr(getattr(target, "user", None) or getattr(target, "author", None), "id", "")
            log.exception("Discord handler %s failed in channel %s, member %s", handler.__name__,
                          getattr(target, "channel_id", None) or getattr(getattr(target, "channel", None), "id", "?"),
                          key_digest(str(user)))
            if addressed(target, args):
                await tell(target, what_went_wrong(error))

    return run


def addressed(target: Any, args: tuple[Any, ...]) -> bool:
    """An interaction always is; a message only in a DM or when it mentions the bot (`args[0]`): a store that
    is down must not make the bot answer every message of every thread it can read."""
    if hasattr(target, "response"):
        return True
    return getattr(target, "guild", None) is None or bool(args and args[0] in getattr(target, "mentions", []))
