"""Ask a moderator on Slack: the call in the conversation's thread, its reminder there, and the escalation to
the configured channel, each mentioning the configured user group and nothing else (bot.conversation.handoff
decides when)."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import handoff_blocks
from bot.messages import HandoffNote

log = logging.getLogger(__name__)
PLATFORM = "slack"


class SlackHandoffs:
    platform = PLATFORM

    def __init__(self, client: AsyncWebClient, escalation_channel: str | None):
        self.client, self.escalation_channel = client, escalation_channel

    async def post(self, note: HandoffNote) -> None:
        if note.stage == "escalation":
            if not self.escalation_channel:
                log.warning("a handoff went unanswered, and no slack_escalation_channel is set to report it in")
                return
            channel, thread = self.escalation_channel, None
        else:
            channel, thread = note.channel, note.thread or None
        text, blocks = handoff_blocks(note)
        await self.client.chat_postMessage(channel=channel, thread_ts=thread, text=text, blocks=blocks,
                                           unfurl_links=False, unfurl_media=False)

    async def link(self, channel: str, thread: str) -> str:
        """The thread's permalink, for the escalation; empty if Slack will not give it."""
        try:
            found = await self.client.chat_getPermalink(channel=channel, message_ts=thread)
        except SlackApiError as exc:
            log.warning("no permalink for a handoff's thread: %s", exc)
            return ""
        return str(found.get("permalink") or "")
