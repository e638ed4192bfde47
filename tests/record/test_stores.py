"""One suite for every session store: in-memory, SQLite and Redis."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest

from bot.record import Session, SessionStore
from bot.record.memory import MemoryStore
from bot.record.redis import RedisStore
from bot.record.sqlite import SQLiteStore


@pytest.fixture(params=["memory", "sqlite", "redis"])
async def store(request: pytest.FixtureRequest, tmp_path) -> AsyncIterator[SessionStore]:
    kind = request.param
    if kind == "memory":
        made: SessionStore = MemoryStore(ttl_seconds=60)
    elif kind == "sqlite":
        made = SQLiteStore(tmp_path / "s.sqlite3", ttl_seconds=60)
    else:
        url = request.getfixturevalue("redis_url")
        made = RedisStore.from_url(url, ttl_seconds=60, prefix=f"test-{uuid.uuid4().hex}:")
    yield made
    await made.close()


def session(key: str = "k") -> Session:
    return Session(key=key, policy_version="v1", tree="refund", facts={"contract_type": "fixed", "days": 3},
                   unknown=["milestone_released"])


async def test_round_trip(store: SessionStore) -> None:
    await store.save(session())
    loaded = await store.load("k")
    assert loaded == session().model_copy(update={"created_at": loaded.created_at, "updated_at": loaded.updated_at})
    assert await store.load("other") is None


async def test_save_replaces_and_delete_removes(store: SessionStore) -> None:
    await store.save(session())
    changed = session().model_copy(update={"tree": "waiting"})
    await store.save(changed)
    assert (await store.load("k")).tree == "waiting"
    await store.delete("k")
    assert await store.load("k") is None


async def test_first_time_deduplicates_deliveries(store: SessionStore) -> None:
    assert await store.first_time("event-1")
    assert not await store.first_time("event-1")
    assert await store.first_time("event-2")


async def test_the_lock_serialises_turns(store: SessionStore) -> None:
    order: list[str] = []

    async def turn(name: str) -> None:
        async with store.lock("k"):
            order.append(f"{name} in")
            await asyncio.sleep(0.02)
            order.append(f"{name} out")

    await asyncio.gather(turn("a"), turn("b"))
    assert order in (["a in", "a out", "b in", "b out"], ["b in", "b out", "a in", "a out"])


async def test_sqlite_sessions_expire_when_idle(tmp_path) -> None:
    now = [1000.0]
    store = SQLiteStore(tmp_path / "s.sqlite3", ttl_seconds=60, clock=lambda: now[0])
    await store.save(session().model_copy(update={"updated_at": now[0]}))
    now[0] += 59
    assert await store.load("k") is not None
    now[0] += 2
    assert await store.load("k") is None


async def test_memory_sessions_expire_when_idle() -> None:
    now = [1000.0]
    store = MemoryStore(ttl_seconds=60, clock=lambda: now[0])
    await store.save(session().model_copy(update={"updated_at": now[0]}))
    now[0] += 61
    assert await store.load("k") is None


async def test_redis_expires_sessions_itself(redis_url: str) -> None:
    store = RedisStore.from_url(redis_url, ttl_seconds=0.2, prefix=f"test-{uuid.uuid4().hex}:")
    try:
        await store.save(session())
        ttl_ms = await store.client.pttl(f"{store.prefix}session:k")
        assert 0 < ttl_ms <= 200, "the expiry is Redis's own"
        await asyncio.sleep(0.3)
        assert await store.load("k") is None
    finally:
        await store.close()
