"""The serving bot's background task for Ask a moderator: every `check_every_seconds`, remind and escalate
the handoffs due on this platform (bot.conversation.handoff), which also keeps the pending gauge current."""

from __future__ import annotations

import asyncio
import logging

from bot.conversation.engine import Engine
from bot.conversation.handoff import Post

log = logging.getLogger(__name__)


async def watch_handoffs(engine: Engine, platform: str, post: Post, every: float) -> None:
    while True:
        try:
            await engine.chase_handoffs(platform, post)
        except Exception:  # the store down for a while: try again next time, never stop watching
            log.exception("checking the handoffs due failed")
        await asyncio.sleep(every)


def start_handoff_watch(engine: Engine, platform: str, post: Post, every: float) -> asyncio.Task[None]:
    return asyncio.get_running_loop().create_task(watch_handoffs(engine, platform, post, every),
                                                  name="handoff-watch")
