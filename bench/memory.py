"""Memory: a serving process with the shipped pack beside a bare Bolt app, and the bytes each stored
conversation takes beside its session blob.

    python bench/memory.py [--conversations N] [--quick]

Resident memory (VmRSS) of `refundbot serve slack` (engine, shipped pack, SQLite) after it has answered N
mentions, beside a bare Bolt app that only acknowledges, after the same N. Then N conversations
from the cases (as in bench/engine.py) are stored, and the growth of the SQLite file (sessions and audit
records, after a checkpoint) and of Redis's used_memory per conversation is set beside the mean length of
their session blobs.
"""

from __future__ import annotations

import asyncio
import sqlite3
import tempfile
from pathlib import Path

import aiohttp
from _common import Row, mean, parser, redis_url, report
from _slack import Server, TimedAPI, mention
from engine import cases
from redis.asyncio import Redis

from bot.conversation.engine import Engine
from bot.maintain.eval import run_case
from bot.messages import ConversationKey
from bot.pack.loading import Knowledge, load_knowledge
from bot.record import SessionStore
from bot.record.audit import AuditLog
from bot.record.redis import RedisStore
from bot.record.sqlite import SQLiteStore
from bot.safety.limits import Limits

MIB = 1024 * 1024


async def serving(requests: int) -> tuple[int, int]:
    """RSS of the real and of the bare serving process, each after `requests` mentions."""
    api = TimedAPI()
    api_url = await api.start()
    sizes = []
    with tempfile.TemporaryDirectory() as directory:
        for kind in ("real", "bare"):
            server = Server(kind, api_url, Path(directory) / f"{kind}.sqlite3")
            try:
                async with aiohttp.ClientSession() as http:
                    for number in range(requests):
                        assert await mention(http, server.url, f"C{kind}{number}", number) == 200
                await asyncio.sleep(0.5)  # the real app replies after acknowledging
                sizes.append(server.rss_bytes())
            finally:
                server.stop()
    await api.stop()
    return sizes[0], sizes[1]


async def store(knowledge: Knowledge, sessions: SessionStore, conversations: int, audit: AuditLog | None) -> float:
    """Talks `conversations` cases through; the mean length of their stored session blobs."""
    engine = Engine(knowledge, sessions, audit, limits=Limits(rate_limit_messages=10**9, max_turns=100))
    corpus, blobs = cases(), []
    for number in range(conversations):
        key = ConversationKey(platform="bench", channel="c", user=f"u{number}")
        await run_case(knowledge, corpus[number % len(corpus)], engine, key)
        session = await sessions.load(key.as_string())
        assert session is not None
        blobs.append(len(session.model_dump_json().encode()))
    return mean(blobs)


def sqlite_bytes(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages, size = conn.execute("PRAGMA page_count").fetchone()[0], conn.execute("PRAGMA page_size").fetchone()[0]
    return pages * size


async def redis_used(url: str) -> int:
    client = Redis.from_url(url)
    used = int((await client.info("memory"))["used_memory"])
    await client.aclose()
    return used


async def stored(conversations: int) -> list[Row]:
    knowledge = load_knowledge()
    rows = []
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "bench.sqlite3"
        sessions, audit = SQLiteStore(path), AuditLog(path)
        empty = sqlite_bytes(path)
        blob = await store(knowledge, sessions, conversations, audit)
        await sessions.close()
        rows.append(Row("SQLite bytes per conversation", (sqlite_bytes(path) - empty) / conversations, blob,
                        "bytes"))
    with redis_url() as url:
        if url is not None:
            empty = await redis_used(url)
            blob = await store(knowledge, RedisStore.from_url(url), conversations, None)
            rows.append(Row("Redis bytes per conversation", (await redis_used(url) - empty) / conversations, blob,
                            "bytes"))
    return rows


def main() -> None:
    options = parser(__doc__)
    options.add_argument("--conversations", type=int, default=2000)
    args = options.parse_args()
    conversations = 20 if args.quick else args.conversations
    real, bare = asyncio.run(serving(min(conversations, 500)))
    rows = [Row("serving process RSS", real / MIB, bare / MIB, "MiB"), *asyncio.run(stored(conversations))]
    report(f"memory: {min(conversations, 500):,} mentions served, {conversations:,} conversations stored", rows,
           ["floors: a bare Bolt app's RSS after the same mentions; the mean session blob's length"])


if __name__ == "__main__":
    main()
