"""Sessions in Redis, shared by several bot processes; Redis expires idle sessions itself."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager

from redis.asyncio import Redis

from bot.record.session import Session, SessionStore

LOCK_TIMEOUT_SECONDS = 30  # a crashed holder's lock frees itself after this
LOCK_WAIT_SECONDS = 10  # how long a turn waits for the conversation's other turn to finish


class RedisStore(SessionStore):
    readiness_name = "redis"  # bot.record.readiness

    def __init__(self, client: Redis, ttl_seconds: float = 86400, prefix: str = "refundbot:"):
        super().__init__(ttl_seconds)
        self.client = client
        self.prefix = prefix

    @classmethod
    def from_url(cls, url: str, ttl_seconds: float = 86400, prefix: str = "refundbot:") -> RedisStore:
        return cls(Redis.from_url(url), ttl_seconds=ttl_seconds, prefix=prefix)

    def _key(self, kind: str, key: str) -> str:
        return f"{self.prefix}{kind}:{key}"

    async def load(self, key: str) -> Session | None:
        raw = await self.client.get(self._key("session", key))
        return Session.model_validate_json(raw) if raw else None

    async def save(self, session: Session) -> None:
        await self.client.set(self._key("session", session.key), session.model_dump_json(),
                              px=max(1, int(self.ttl_seconds * 1000)))

    async def delete(self, key: str) -> None:
        await self.client.delete(self._key("session", key))

    def lock(self, key: str) -> AbstractAsyncContextManager[None]:
        # redis-py's Lock: SET NX PX with a token, released by a Lua script only by its holder.
        return self.client.lock(self._key("lock", key), timeout=LOCK_TIMEOUT_SECONDS,
                                blocking_timeout=LOCK_WAIT_SECONDS)  # type: ignore[return-value]

    async def first_time(self, token: str, ttl_seconds: float = 3600) -> bool:
        return bool(await self.client.set(self._key("delivery", token), 1, nx=True,
                                          px=max(1, int(ttl_seconds * 1000))))

    async def close(self) -> None:
        await self.client.aclose()

    async def check_ready(self) -> None:
        await self.client.ping()
