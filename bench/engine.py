"""10,000 complete conversations through the engine, on SQLite and on Redis: turns/s and p50/p99 per turn.

    python bench/engine.py [--conversations N]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from _common import percentile, print_table, redis_url

from bot.conversation.engine import Engine
from bot.messages import ConversationKey, Guidance, Inbound
from bot.pack.loading import load_knowledge
from bot.record import SessionStore
from bot.record.redis import RedisStore
from bot.record.sqlite import SQLiteStore
from bot.safety.limits import Limits

OPENING = "I submitted the milestone 10 days ago and the client hasn't released it, fixed price, it was funded"


async def run(store: SessionStore, conversations: int) -> tuple[list[float], float]:
    engine = Engine(load_knowledge(), store, limits=Limits(rate_limit_messages=1_000_000))
    turns: list[float] = []
    started = time.perf_counter()
    for number in range(conversations):
        key = ConversationKey(platform="bench", channel="c", user=f"u{number}")
        steps = [Inbound(key=key, text=OPENING), Inbound(key=key, text="still open"), Inbound(key=key, text="yes")]
        for step in steps:
            before = time.perf_counter()
            replies = await engine.handle(step)
            turns.append(time.perf_counter() - before)
        assert isinstance(replies[-1], Guidance), replies
    elapsed = time.perf_counter() - started
    await store.close()
    return turns, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=10_000)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as directory:
        sqlite = SQLiteStore(Path(directory) / "bench.sqlite3")
        turns, elapsed = asyncio.run(run(sqlite, args.conversations))
        rows.append(("SQLite", args.conversations, len(turns), f"{len(turns) / elapsed:,.0f}",
                     f"{percentile(turns, 0.5) * 1000:.3f}", f"{percentile(turns, 0.99) * 1000:.3f}"))
    with redis_url() as url:
        if url is None:
            rows.append(("Redis", "-", "-", "redis-server not installed", "-", "-"))
        else:
            turns, elapsed = asyncio.run(run(RedisStore.from_url(url), args.conversations))
            rows.append(("Redis", args.conversations, len(turns), f"{len(turns) / elapsed:,.0f}",
                         f"{percentile(turns, 0.5) * 1000:.3f}", f"{percentile(turns, 0.99) * 1000:.3f}"))
    print_table(("store", "conversations", "turns", "turns/s", "p50 ms", "p99 ms"), rows)


if __name__ == "__main__":
    main()
