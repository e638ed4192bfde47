"""The per-member rate limit kept in Redis, so it holds across every instance that shares it.

One Lua script counts and decides atomically: a sliding window of the member's recent actions (a sorted
set that expires with the window), timed by Redis's own clock so instances need not agree on theirs. The
member is kept by a hash, never their user id. If Redis cannot be reached the instance's own limiter
decides meanwhile: a member is never refused because Redis is away, nor let through unlimited.
"""

from __future__ import annotations

import logging
import uuid

from redis.asyncio import Redis
from redis.exceptions import ConnectionError, TimeoutError

from bot.record.session import stored_key
from bot.safety.limits import RateLimiter, Verdict

log = logging.getLogger(__name__)

# KEYS: the member's window, their "told to slow down" flag. ARGV: the window (ms), the limit, a unique id.
# Returns {verdict, milliseconds until an action is allowed again}: 1 allow, 2 warn (first refusal), 3 silent.
_ADMIT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  redis.call('DEL', KEYS[2])
  return {1, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local wait = math.max(1, tonumber(oldest[2]) + window - now)
if redis.call('SET', KEYS[2], 1, 'NX', 'PX', wait) then
  return {2, wait}
end
return {3, wait}
"""
_VERDICTS: dict[int, Verdict] = {1: "allow", 2: "warn", 3: "silent"}


class RedisRateLimiter:
    def __init__(self, client: Redis, max_events: int, per_seconds: float, prefix: str = "refundbot:",
                 fallback: RateLimiter | None = None):
        self.client, self.max_events, self.per_seconds, self.prefix = client, max_events, per_seconds, prefix
        self.fallback = fallback or RateLimiter(max_events, per_seconds)
        self._script = client.register_script(_ADMIT)

    async def admit(self, who: str) -> tuple[Verdict, float]:
        """The verdict on one more action by `who`, and the seconds until one is allowed again."""
        member = stored_key(who)
        try:
            verdict, wait_ms = await self._script(
                keys=[f"{self.prefix}rate:{member}", f"{self.prefix}rate-told:{member}"],
                args=[max(1, int(self.per_seconds * 1000)), self.max_events, uuid.uuid4().hex])
        except (ConnectionError, TimeoutError) as exc:
            log.warning("rate limit: Redis cannot be reached (%s); this instance's own limit applies meanwhile", exc)
            return await self.fallback.admit(who)
        return _VERDICTS[int(verdict)], int(wait_ms) / 1000
