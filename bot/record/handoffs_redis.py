"""Pending handoffs in Redis, shared by every instance: one key per handoff and a sorted set of when each
is due. Steps are Lua scripts, so a compare-and-set on the stage is atomic across instances."""

from __future__ import annotations

from redis.asyncio import Redis

from bot.record.handoffs import Handoff, HandoffStore
from bot.record.redis import _reachable

# KEYS: the handoff's key, the due set. ARGV: the place, the stage expected, the new JSON ('' removes), its due time.
_ADVANCE = """
local raw = redis.call('GET', KEYS[1])
if not raw or cjson.decode(raw)['stage'] ~= ARGV[2] then return 0 end
if ARGV[3] == '' then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[2], ARGV[1])
else
  redis.call('SET', KEYS[1], ARGV[3])
  redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
end
return 1
"""
# KEYS: the handoff's key, the due set. ARGV: the place, the JSON, its due time.
_ADD = """
if redis.call('SET', KEYS[1], ARGV[2], 'NX') then
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
  return 1
end
return 0
"""
_REMOVE = """
local gone = redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return gone
"""


class RedisHandoffs(HandoffStore):
    def __init__(self, client: Redis, prefix: str = "refundbot:"):
        self.client, self.prefix = client, prefix
        self._due_set = f"{prefix}handoffs:due"

    def _key(self, place: str) -> str:
        return f"{self.prefix}handoff:{place}"

    async def add(self, handoff: Handoff) -> bool:
        with _reachable():
            return bool(await self.client.eval(_ADD, 2, self._key(handoff.place), self._due_set, handoff.place,
                                               handoff.model_dump_json(), handoff.due_at))

    async def get(self, place: str) -> Handoff | None:
        with _reachable():
            raw = await self.client.get(self._key(place))
        return Handoff.model_validate_json(raw) if raw else None

    async def remove(self, place: str) -> bool:
        with _reachable():
            return bool(await self.client.eval(_REMOVE, 2, self._key(place), self._due_set, place))

    async def due(self, platform: str, now: float) -> list[Handoff]:
        with _reachable():
            places = await self.client.zrangebyscore(self._due_set, "-inf", now)
            raws = await self.client.mget([self._key(p.decode() if isinstance(p, bytes) else str(p))
                                           for p in places]) if places else []
        found = [Handoff.model_validate_json(raw) for raw in raws if raw]
        return [h for h in found if h.platform == platform]

    async def advance(self, handoff: Handoff, then: Handoff | None) -> bool:
        with _reachable():
            return bool(await self.client.eval(
                _ADVANCE, 2, self._key(handoff.place), self._due_set, handoff.place, handoff.stage,
                then.model_dump_json() if then else "", then.due_at if then else 0))

    async def count(self) -> int:
        with _reachable():
            return int(await self.client.zcard(self._due_set))
