"""One suite for every session store: in-memory, SQLite and Redis."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest

from bot.record import Session, SessionStore
from bot.record.memory import MemoryStore
from bot.record.redis import RedisStore
from bot.record.session import purge_every, stored_key
from bot.record.sqlite import LOCK_LEASE_SECONDS, LockLost, SQLiteStore


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
        ttl_ms = await store.client.pttl(f"{store.prefix}session:{stored_key('k')}")
        assert 0 < ttl_ms <= 200, "the expiry is Redis's own"
        await asyncio.sleep(0.3)
        assert await store.load("k") is None
    finally:
        await store.close()


async def test_purge_forgets_expired_sessions_and_deliveries(tmp_path) -> None:
    now = [1000.0]
    for store in (SQLiteStore(tmp_path / "s.sqlite3", ttl_seconds=60, clock=lambda: now[0]),
                  MemoryStore(ttl_seconds=60, clock=lambda: now[0])):
        await store.save(session("old").model_copy(update={"updated_at": now[0]}))
        await store.first_time("event-old", ttl_seconds=60)
        now[0] += 30
        await store.save(session("new").model_copy(update={"updated_at": now[0]}))
        now[0] += 31
        assert await store.purge() == 2, "the old session and the old delivery token"
        assert await store.load("old") is None and await store.load("new") is not None
        assert await store.purge() == 0
        assert await store.first_time("event-old"), "an expired token is new again"
        await store.close()


async def test_sqlite_purges_rows_while_serving_not_only_at_start(tmp_path) -> None:
    now = [1000.0]
    store = SQLiteStore(tmp_path / "s.sqlite3", ttl_seconds=60, clock=lambda: now[0])
    await store.save(session().model_copy(update={"updated_at": now[0]}))
    now[0] += 61
    task = asyncio.create_task(purge_every(store, 0.01))
    try:
        for _ in range(500):  # until the purge has run (the row is gone from the file, not only hidden)
            rows = await store.database.run(lambda conn: conn.execute("SELECT COUNT(*) FROM sessions").fetchone())
            if rows == (0,):
                break
            await asyncio.sleep(0.01)
        assert rows == (0,)
    finally:
        task.cancel()
        await store.close()


async def test_a_lock_left_by_a_crashed_process_frees_itself(tmp_path) -> None:
    now = [1000.0]
    crashed = SQLiteStore(tmp_path / "s.sqlite3", clock=lambda: now[0])
    survivor = SQLiteStore(tmp_path / "s.sqlite3", clock=lambda: now[0])
    holding = crashed.lock("k")
    await holding.__aenter__()  # and never leaves: the process died mid-turn
    waiting = asyncio.create_task(_take(survivor, "k"))
    await asyncio.sleep(0.05)
    assert not waiting.done(), "a live lock is respected"
    now[0] += LOCK_LEASE_SECONDS + 1
    assert await asyncio.wait_for(waiting, 5) == "turn applied"


async def _take(store: SQLiteStore, key: str) -> str:
    async with store.lock(key):
        await store.save(session(key))
        return "turn applied"


async def test_a_turn_whose_lease_ran_out_is_refused_not_written_over_another(tmp_path) -> None:
    now = [1000.0]
    slow = SQLiteStore(tmp_path / "s.sqlite3", clock=lambda: now[0])
    other = SQLiteStore(tmp_path / "s.sqlite3", clock=lambda: now[0])
    with pytest.raises(LockLost):
        async with slow.lock("k"):
            now[0] += LOCK_LEASE_SECONDS + 1  # paused past its lease; another process took the conversation
            assert await _take(other, "k") == "turn applied"
            await store_tree(other, "k", "theirs")
            await slow.save(session("k").model_copy(update={"tree": "mine"}))
    assert (await other.load("k")).tree == "theirs"


async def store_tree(store: SQLiteStore, key: str, tree: str) -> None:
    async with store.lock(key):
        await store.save(session(key).model_copy(update={"tree": tree}))


async def test_lock_tables_forget_conversations_after_their_turn(tmp_path) -> None:
    for store in (SQLiteStore(tmp_path / "s.sqlite3"), MemoryStore()):
        for n in range(50):
            async with store.lock(f"conversation-{n}"):
                pass
        assert len(store.locks) == 0
        if isinstance(store, SQLiteStore):
            assert await store.database.run(lambda conn: conn.execute("SELECT COUNT(*) FROM locks").fetchone()) == (0,)
        await store.close()
