"""Sessions in Redis, shared by several bot processes; Redis expires idle sessions itself.

Redis down or hung is `StoreUnavailable` within a couple of seconds (socket timeouts, few retries), so
that the member is told at once instead of waiting on a socket forever.

A turn holds its conversation's lock (a key set only if absent, with a token and a lease, as redis-py's
Lock) from before the session is read until after it is written, and makes two trips to Redis, as many as
loading and saving alone: one script takes the lock and reads the session, and one writes the session saved
under the lock and gives the lock back, only while the lock is still the turn's own (a turn whose lease ran
out is refused, never written over another's).
"""

from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, contextmanager
from dataclasses import dataclass

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError, TimeoutError

from bot.record.session import (
    ConversationBusy,
    LockLost,
    Session,
    SessionStore,
    StoreUnavailable,
    dump,
    restore,
    stored_key,
)

LOCK_TIMEOUT_SECONDS = 30  # a crashed holder's lock frees itself after this
LOCK_WAIT_SECONDS = 10  # how long a turn waits for the conversation's other turn to finish
TIMEOUT_SECONDS = 2.0  # connecting, and each command: a hung Redis answers nothing at all

# KEYS: the lock, the session, the session under its key in clear (an earlier release's); ARGV: token, lease ms.
# {0} while another turn holds the lock; else {1, the session or '', 1 when only the clear key holds one}.
_TAKE = """
if not redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {0} end
local kept = redis.call('get', KEYS[2])
if kept then return {1, kept} end
return {1, '', redis.call('exists', KEYS[3])}
"""
# KEYS: the lock, the session; ARGV: token, the session saved under the lock or '', its time to live in ms.
_GIVE_BACK = """
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] ~= '' then redis.call('set', KEYS[2], ARGV[2], 'PX', ARGV[3]) end
redis.call('del', KEYS[1])
return 1
"""


@dataclass
class _Held:
    """A lock this process holds: its token, the session read as it was taken (until the first load), and
    the session saved under it (written as the lock is given back)."""

    token: str
    read: bytes | None  # None: no session
    fresh: bool  # `read` is still the session as stored (no load, save or delete since)
    clear: bool  # only the key in clear holds the session: load moves it
    saved: str = ""


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
        self._held: dict[str, _Held] = {}  # conversation key → the lock this process holds on it
        self._owner_prefix, self._owners = uuid.uuid4().hex[:16], itertools.count()  # lock tokens, as SQLiteStore's
        self._take = client.register_script(_TAKE)
        self._give_back = client.register_script(_GIVE_BACK)

    @classmethod
    def from_url(cls, url: str, ttl_seconds: float = 86400, prefix: str = "refundbot:",
                 timeout_seconds: float = TIMEOUT_SECONDS) -> RedisStore:
        client = Redis.from_url(url, socket_timeout=timeout_seconds, socket_connect_timeout=timeout_seconds,
                                retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), retries=2))
        return cls(client, ttl_seconds=ttl_seconds, prefix=prefix)

    def _key(self, kind: str, key: str) -> str:
        return f"{self.prefix}{kind}:{key}"

    async def load(self, key: str) -> Session | None:
        held = self._held.get(key)
        if held is not None and held.saved:
            return restore(held.saved, key)
        if held is not None and held.fresh and not held.clear:
            held.fresh = False
            return restore(held.read, key) if held.read else None
        with _reachable():
            raw = await self.client.get(self._key("session", stored_key(key)))
            if raw is None:  # an earlier release kept it under the key in clear: keep it under the hash now
                clear = self._key("session", key)
                raw = await self.client.get(clear)
                if raw is not None:
                    left = await self.client.pttl(clear)
                    await self.client.set(self._key("session", stored_key(key)), dump(restore(raw, key)),
                                          px=left if left > 0 else self._ttl_ms)
                    await self.client.delete(clear)
        if held is not None:
            held.fresh = held.clear = False
        return restore(raw, key) if raw else None

    async def save(self, session: Session) -> None:
        held = self._held.get(session.key)
        if held is not None:  # written with the lock's release, in the same trip
            held.saved, held.fresh = dump(session), False
            return
        with _reachable():
            await self.client.set(self._key("session", stored_key(session.key)), dump(session),
                                  px=self._ttl_ms)

    @property
    def _ttl_ms(self) -> int:
        return max(1, int(self.ttl_seconds * 1000))

    async def delete(self, key: str) -> None:
        held = self._held.get(key)
        if held is not None:
            held.saved, held.fresh, held.clear = "", False, False
        with _reachable():
            await self.client.delete(self._key("session", stored_key(key)), self._key("session", key))

    def lock(self, key: str) -> AbstractAsyncContextManager[None]:
        return self._locked(key)

    @asynccontextmanager
    async def _locked(self, key: str) -> AsyncIterator[None]:
        lock, session = self._key("lock", stored_key(key)), self._key("session", stored_key(key))
        token = f"{self._owner_prefix}{next(self._owners)}"
        deadline, pause = time.monotonic() + LOCK_WAIT_SECONDS, 0.002
        with _reachable():
            while True:
                taken = await self._take(keys=[lock, session, self._key("session", key)],
                                         args=[token, LOCK_TIMEOUT_SECONDS * 1000])
                if taken[0]:
                    break
                if time.monotonic() > deadline:
                    raise ConversationBusy(f"conversation {stored_key(key)[:13]} stayed locked by another "
                                           f"turn for {LOCK_WAIT_SECONDS} s")
                await asyncio.sleep(pause)
                pause = min(pause * 2, 0.05)
        held = self._held[key] = _Held(token, taken[1] or None, True, len(taken) > 2 and bool(taken[2]))
        try:
            yield
        finally:
            del self._held[key]
            with _reachable():
                given_back = await self._give_back(keys=[lock, session], args=[token, held.saved, self._ttl_ms])
            if held.saved and not given_back:
                raise LockLost(f"the lock on conversation {stored_key(key)[:13]} expired before its turn was saved")

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
