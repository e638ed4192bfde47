"""Messages for one conversation arriving at once are applied one after the other, never lost."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.conversation.engine import Engine
from bot.messages import Inbound, Question
from bot.pack.loading import Knowledge
from bot.record import SessionStore
from bot.record.memory import MemoryStore
from bot.record.redis import RedisStore
from bot.record.sqlite import SQLiteStore
from tests.conftest import Member


@pytest.fixture(params=["redis", "sqlite"])
async def two_engines(request: pytest.FixtureRequest, fixture_knowledge: Knowledge,
                      tmp_path: Path) -> AsyncIterator[tuple[list[Engine], list[SessionStore]]]:
    """Two engines, as two processes would be, sharing one Redis or one SQLite file (each with its own
    connection and its own in-process locks)."""
    if request.param == "redis":
        prefix = f"test-{uuid.uuid4().hex}:"
        url = request.getfixturevalue("redis_url")
        stores: list[SessionStore] = [RedisStore.from_url(url, prefix=prefix), RedisStore.from_url(url, prefix=prefix)]
    else:
        stores = [SQLiteStore(tmp_path / "shared.sqlite3"), SQLiteStore(tmp_path / "shared.sqlite3")]
    yield [Engine(fixture_knowledge, store) for store in stores], stores
    for store in stores:
        await store.close()


async def burst(engines: list[Engine], member: Member, count: int) -> None:
    """`count` messages at once, spread over the engines (several processes behind a load balancer)."""
    await asyncio.gather(*(engines[i % len(engines)].handle(Inbound(key=member.key, text="help"))
                           for i in range(count)))


async def test_a_burst_on_one_engine_loses_no_turn(fixture_knowledge: Knowledge) -> None:
    engine = Engine(fixture_knowledge, MemoryStore())
    member = Member(engine)
    await member.say("hi")
    await burst([engine], member, 10)
    session = await engine.store.load(member.key.as_string())
    assert session is not None and session.turns == 11


async def test_two_engines_on_one_store_apply_turns_one_after_the_other(two_engines) -> None:
    engines, stores = two_engines
    member = Member(engines[0])
    await member.say("hi")
    await burst(engines, member, 12)
    session = await stores[1].load(member.key.as_string())
    assert session is not None and session.turns == 13, "every turn was applied to the latest session"


async def test_a_double_click_is_applied_once(two_engines) -> None:
    engines, stores = two_engines
    member = Member(engines[0])
    await member.say("hi")
    token = member.question.token if member.question else None
    first, second = await asyncio.gather(
        *(engine.handle(Inbound(key=member.key, choice="refund", question=token)) for engine in engines))
    applied = [r for r in (first, second) if r and isinstance(r[0], Question)]
    assert len(applied) == 1 and [] in (first, second), "the second click is seen as a repeat and says nothing"
    session = await stores[0].load(member.key.as_string())
    assert session is not None and session.tree == "refund" and len(session.history) == 1
