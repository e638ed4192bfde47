"""Sessions in Redis, shared by several bot processes; Redis expires idle sessions itself.

Redis down or hung is `StoreUnavailable` within a couple of seconds (socket timeouts, few retries), so
that the member is told at once instead of waiting on a socket forever.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, contextmanager

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError, LockError, TimeoutError

from bot.record.session import Session, SessionStore, StoreUnavailable, dump, restore, stored_key

LOCK_TIMEOUT_SECONDS = 30  # a crashed holder's lock frees itself after this
LOCK_WAIT_SECONDS = 10  # how long a turn waits for the conversation's other turn to finish
TIMEOUT_SECONDS = 2.0  # connecting, and each command: a hung Redis answers nothing at all


@contextmanager
def _reachable() -> Iterator[None]:
    try:
        yield
    except (ConnectionError, TimeoutError) as exc:
        raise StoreUnavailable(f"Redis cannot be reached: {exc}") from exc


class RedisStore(SessionStore):
    readiness_name = "redis"  # bot.record.readiness

    def __init__(self, client: Redis, ttl_seconds: float = 86400, prefix: str = "refundbot:"):
        super().__init__(ttl_seconds)
        self.client = client
        self.prefix = prefix

    @classmethod
    def from_url(cls, url: str, ttl_seconds: float = 86400, prefix: str = "refundbot:",
                 timeout_seconds: float = TIMEOUT_SECONDS) -> RedisStore:
        client = Redis.from_url(url, socket_timeout=timeout_seconds, socket_connect_timeout=timeout_seconds,
                                retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), retries=2))
        return cls(client, ttl_seconds=ttl_seconds, prefix=prefix)

    def _key(self, kind: str, key: str) -> str:
        return f"{self.prefix}{kind}:{key}"

    async def load(self, key: str) -> Session | None:
        with _reachable():
            raw = await self.client.get(self._key("session", stored_key(key)))
            if raw is None:  # an earlier release kept it under the key in clear: keep it under the hash now
                clear = self._key("session", key)
                raw = await self.client.get(clear)
                if raw is not None:
                    left = await self.client.pttl(clear)
                    await self.client.set(self._key("session", stored_key(key)), dump(restore(raw, key)),
                                          px=left if left > 0 else max(1, int(self.ttl_seconds * 1000)))
                    await self.client.delete(clear)
        return restore(raw, key) if raw else None

    async def save(self, session: Session) -> None:
        with _reachable():
            await self.client.set(self._key("session", stored_key(session.key)), dump(session),
                                  px=max(1, int(self.ttl_seconds * 1000)))

    async def delete(self, key: str) -> None:
        with _reachable():
            await self.client.delete(self._key("session", stored_key(key)), self._key("session", key))

    def lock(self, key: str) -> AbstractAsyncContextManager[None]:
        return self._locked(key)

    @asynccontextmanager
    async def _locked(self, key: str) -> AsyncIterator[None]:
        # redis-py's Lock: SET NX PX with a token, released by a Lua script only by its holder.
        held = self.client.lock(self._key("lock", stored_key(key)), timeout=LOCK_TIMEOUT_SECONDS,
                                blocking_timeout=LOCK_WAIT_SECONDS)
        with _reachable():
            if not await held.acquire():
                raise LockError("Unable to acquire lock within the time specified")
        try:
            yield
        finally:
            with _reachable():
                await held.release()

    async def first_time(self, token: str, ttl_seconds: float = 3600) -> bool:
        with _reachable():
            return bool(await self.client.set(self._key("delivery", token), 1, nx=True,
                                              px=max(1, int(ttl_seconds * 1000))))

    async def ping(self) -> None:
        with _reachable():
            await self.client.ping()

    async def close(self) -> None:
        await self.client.aclose()

    async def check_ready(self) -> None:
        await self.client.ping()
