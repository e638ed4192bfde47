"""With Redis, the per-member rate limit is kept there: it holds across instances, expires by itself, and the
"try again in N seconds" is the real time left."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from redis.asyncio import Redis

from bot.app.runtime import make_engine
from bot.app.settings import Settings
from bot.conversation.engine import Engine
from bot.messages import ConversationKey, Text
from bot.pack.loading import Knowledge
from bot.record.memory import MemoryStore
from bot.record.redis_limits import RedisRateLimiter
from bot.safety.limits import Limits
from tests.conftest import FIXTURE_PACK

USER = "U0SECRET42"


def instance(knowledge: Knowledge, redis_url: str, prefix: str, limit: int = 3, seconds: float = 60) -> Engine:
    """One bot process's engine: its own Redis connection, the shared limit."""
    limiter = RedisRateLimiter(Redis.from_url(redis_url), limit, seconds, prefix=prefix)
    return Engine(knowledge, MemoryStore(), limits=Limits(rate_limit_messages=limit, rate_limit_seconds=seconds),
                  rate_limiter=limiter)


def key(user: str = USER, channel: str = "C1") -> ConversationKey:
    return ConversationKey(platform="slack", channel=channel, thread="t", user=user)


async def test_the_limit_holds_across_instances_with_the_real_time_left(
    fixture_knowledge: Knowledge, redis_url: str,
) -> None:
    prefix = f"limits-{uuid.uuid4().hex}:"
    first, second = (instance(fixture_knowledge, redis_url, prefix) for _ in range(2))
    assert await first.admit(key()) is None
    assert await second.admit(key(channel="C2")) is None  # the member, elsewhere, on the other instance
    assert await first.admit(key()) is None
    [warning] = await second.admit(key()) or []  # the fourth within the minute, wherever it lands
    assert isinstance(warning, Text) and warning.tone == "error"
    seconds = int(re.search(r"again in (\d+) seconds", warning.markdown)[1])  # type: ignore[index]
    assert 50 <= seconds <= 60, "the time left until the oldest action leaves the window"
    assert await first.admit(key()) == [], "warned once; then silent while over the limit"
    assert await second.admit(key(user="UOTHER")) is None, "another member is not affected"

    redis = Redis.from_url(redis_url)
    kept = [k async for k in redis.scan_iter(f"{prefix}*")]
    assert kept and all(USER.encode() not in k for k in kept), "members are kept by a hash"
    left = [await redis.pttl(k) for k in kept]
    assert all(0 < ms <= 60_000 for ms in left), "the counts expire by themselves"
    await redis.aclose()


async def test_a_member_refused_through_handle_gets_the_same_answer(
    fixture_knowledge: Knowledge, redis_url: str,
) -> None:
    from bot.messages import Inbound

    prefix = f"limits-{uuid.uuid4().hex}:"
    first, second = (instance(fixture_knowledge, redis_url, prefix, limit=1) for _ in range(2))
    assert await first.handle(Inbound(key=key(), text="hi"))
    [refused] = await second.handle(Inbound(key=key(), text="hi again"))
    assert isinstance(refused, Text) and "Slow down" in refused.markdown


async def test_with_redis_away_the_instance_limits_on_its_own(fixture_knowledge: Knowledge) -> None:
    away = Redis.from_url("redis://127.0.0.1:9/0", socket_connect_timeout=0.5, socket_timeout=0.5)
    engine = Engine(fixture_knowledge, MemoryStore(), limits=Limits(rate_limit_messages=1, rate_limit_seconds=60),
                    rate_limiter=RedisRateLimiter(away, 1, 60))
    assert await engine.admit(key()) is None, "never refused because Redis is away"
    refused = await engine.admit(key())
    assert refused and "Slow down" in refused[0].markdown, "nor let through unlimited"  # type: ignore[union-attr]


def test_serving_with_redis_configured_shares_the_limit(redis_url: str, tmp_path: Path) -> None:
    settings = Settings(knowledge_dir=FIXTURE_PACK, database=tmp_path / "bot.sqlite3", redis_url=redis_url)
    assert isinstance(make_engine(settings).rate_limiter, RedisRateLimiter)
    settings = Settings(knowledge_dir=FIXTURE_PACK, database=tmp_path / "bot.sqlite3")
    assert not isinstance(make_engine(settings).rate_limiter, RedisRateLimiter)
