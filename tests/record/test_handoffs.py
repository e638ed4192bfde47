"""One suite for every store of pending handoffs: in memory, in the SQLite file, in Redis. Each step is a
compare-and-set, so two instances over one store take it once; the SQLite and Redis ones outlive a restart."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable

import pytest

from bot.record.handoffs import Handoff, HandoffStore, MemoryHandoffs
from bot.record.handoffs_redis import RedisHandoffs
from bot.record.handoffs_sqlite import SQLiteHandoffs
from bot.record.redis import RedisStore

Open = Callable[[], HandoffStore]  # another instance (or a restarted one) over the same store


@pytest.fixture(params=["memory", "sqlite", "redis"])
async def opener(request: pytest.FixtureRequest, tmp_path) -> AsyncIterator[Open]:
    opened: list[HandoffStore] = []
    prefix = f"test-{uuid.uuid4().hex}:"
    memory = MemoryHandoffs()

    def open_store() -> HandoffStore:
        if request.param == "memory":
            store: HandoffStore = memory
        elif request.param == "sqlite":
            store = SQLiteHandoffs(tmp_path / "bot.sqlite3")
        else:
            store = RedisHandoffs(RedisStore.from_url(request.getfixturevalue("redis_url")).client, prefix=prefix)
        opened.append(store)
        return store

    yield open_store
    for store in opened:
        await store.close()


def handoff(channel: str = "C1", platform: str = "slack", due_at: float = 100.0) -> Handoff:
    return Handoff(platform=platform, channel=channel, thread="1001.0001", conversation="abc", mention="S1",
                   summary="- **Facts as confirmed:** fixed-price", asked_at=0.0, due_at=due_at)


async def test_one_handoff_per_place_and_a_moderator_answer_removes_it(opener: Open) -> None:
    store = opener()
    assert await store.add(handoff())
    assert not await store.add(handoff()), "a double click asks once"
    assert await store.count() == 1
    assert (await store.get(handoff().place)) == handoff()
    assert await store.remove(handoff().place)
    assert not await store.remove(handoff().place)
    assert await store.count() == 0 and await store.get(handoff().place) is None


async def test_due_on_time_and_by_platform(opener: Open) -> None:
    store = opener()
    await store.add(handoff("C1", due_at=100))
    await store.add(handoff("C2", due_at=200))
    await store.add(handoff("42", platform="discord", due_at=50))
    assert await store.due("slack", 99.9) == []
    assert [h.channel for h in await store.due("slack", 100)] == ["C1"]
    assert [h.channel for h in await store.due("slack", 500)] == ["C1", "C2"]
    assert [h.channel for h in await store.due("discord", 500)] == ["42"]


async def test_each_step_is_taken_once_across_instances(opener: Open) -> None:
    first, second = opener(), opener()
    asked = handoff()
    await first.add(asked)
    reminded = asked.model_copy(update={"stage": "reminded", "due_at": 300.0})
    assert await first.advance(asked, reminded)
    assert not await second.advance(asked, reminded), "the other instance saw the same due handoff: too late"
    assert await second.due("slack", 200) == [] and await second.due("slack", 300) == [reminded]
    assert await second.advance(reminded, None)  # escalated: gone
    assert not await first.advance(reminded, None)
    assert await first.count() == 0


async def test_a_moderator_answer_beats_a_step_in_flight(opener: Open) -> None:
    store = opener()
    await store.add(handoff())
    await store.remove(handoff().place)
    assert not await store.advance(handoff(), handoff().model_copy(update={"stage": "reminded"}))
    assert await store.count() == 0


async def test_a_restart_keeps_the_timer(opener: Open) -> None:
    await opener().add(handoff(due_at=123.0))
    again = opener()
    assert [h.due_at for h in await again.due("slack", 200)] == [123.0]
    assert await again.count() == 1
