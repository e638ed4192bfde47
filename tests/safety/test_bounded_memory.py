"""Memory that stays bounded however many members and conversations a bot has seen."""

from __future__ import annotations

import asyncio
import tracemalloc

from bot.record.locks import KeyedLocks
from bot.safety.limits import RateLimiter

MEMBERS = 200_000


def test_the_rate_limiter_forgets_idle_members_so_memory_stays_bounded() -> None:
    now = [0.0]
    limiter = RateLimiter(max_events=5, per_seconds=60, clock=lambda: now[0])
    tracemalloc.start()
    try:
        for n in range(MEMBERS):
            now[0] += 0.01  # a new member every 10 ms: 6,000 in any one window
            assert limiter.allow(f"member-{n}")
            if n == 20_000:  # the window is full: what it holds from now on is the steady state
                settled = tracemalloc.get_traced_memory()[0]
        grown = tracemalloc.get_traced_memory()[0] - settled
    finally:
        tracemalloc.stop()
    assert len(limiter) <= 6_001, "members idle for a whole window are forgotten"
    assert grown < 1_000_000, f"memory grew by {grown:,} bytes over 180,000 more members"


def test_a_flood_of_members_in_one_window_is_capped() -> None:
    limiter = RateLimiter(max_events=5, per_seconds=60, clock=lambda: 0.0, max_members=10_000)
    for n in range(MEMBERS):
        limiter.allow(f"member-{n}")
    assert len(limiter) == 10_000, "past the cap the least recently active are forgotten first"
    assert limiter.allow("member-199999"), "the newest members are kept"


def test_an_active_member_is_still_limited_among_many_idle_ones() -> None:
    now = [0.0]
    limiter = RateLimiter(max_events=2, per_seconds=10, clock=lambda: now[0])
    assert limiter.allow("busy") and limiter.allow("busy")
    for n in range(1_000):
        now[0] += 0.001
        limiter.allow(f"other-{n}")
    assert not limiter.allow("busy"), "forgetting idle members never forgets a limited one"


async def test_the_lock_table_keeps_only_conversations_in_a_turn() -> None:
    locks = KeyedLocks()
    for n in range(MEMBERS):
        async with locks.hold(f"conversation-{n}"):
            assert len(locks) == 1
    assert len(locks) == 0

    order: list[str] = []

    async def turn(name: str) -> None:
        async with locks.hold("shared"):
            order.append(name)
            await asyncio.sleep(0)
            order.append(name)

    await asyncio.gather(turn("a"), turn("b"), turn("c"))
    assert order == ["a", "a", "b", "b", "c", "c"] and len(locks) == 0
