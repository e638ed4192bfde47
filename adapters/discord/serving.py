"""Serving the Discord bot with a graceful stop (bot.app.serving drives it).

Stopping to accept means no longer reading the gateway; interactions already received are answered
over HTTP, which stays open until `close`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from adapters.discord.bot import RefundClient

log = logging.getLogger(__name__)


class DiscordGateway:
    name = "discord"

    def __init__(self, client: RefundClient, token: str):
        self.client, self.token = client, token
        self.reading: asyncio.Task[None] | None = None

    async def start(self) -> asyncio.Future[None]:
        await self.client.login(self.token)  # a bad token fails here, before anything is served
        self.reading = asyncio.create_task(self.client.connect(), name="discord-gateway")
        log.info("Discord client logged in; reading the gateway", extra={"event": "listening"})
        return self.reading

    async def stop_accepting(self) -> None:
        if self.reading is not None and not self.reading.done():
            self.reading.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.reading

    async def close(self) -> None:
        await self.stop_accepting()
        await self.client.close()
