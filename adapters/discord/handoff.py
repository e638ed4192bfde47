"""Ask a moderator on Discord: the reminder in the conversation's thread and the escalation to the configured
channel, posted by the serving bot's background task, each mentioning the moderator role and nothing else
(bot.conversation.handoff decides when)."""

from __future__ import annotations

import logging
from collections.abc import Callable

import discord

from adapters.discord.render import handoff_message
from bot.messages import HandoffNote

log = logging.getLogger(__name__)


class DiscordHandoffs:
    platform = "discord"

    def __init__(self, channel_for: Callable[[int], discord.abc.Messageable], escalation_channel: int | None):
        # channel_for: the client's get_partial_messageable, which needs no cache of channels or threads
        self.channel_for, self.escalation_channel = channel_for, escalation_channel

    async def post(self, note: HandoffNote) -> None:
        if note.stage == "escalation":
            if not self.escalation_channel:
                log.warning("a handoff went unanswered, and no discord_escalation_channel is set to report it in")
                return
            channel = self.escalation_channel
        else:
            channel = int(note.channel)
        await self.channel_for(channel).send(**handoff_message(note))
