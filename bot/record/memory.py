"""An in-process store: for tests and single-process use without persistence."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

from bot.record.locks import KeyedLocks
from bot.record.session import Session, SessionStore


class MemoryStore(SessionStore):
    def __init__(self, ttl_seconds: float = 86400, clock: Callable[[], float] = time.time):
        super().__init__(ttl_seconds)
        self._clock = clock
        self._sessions: dict[str, tuple[str, float]] = {}  # key → (JSON, expires at)
        self._seen: dict[str, float] = {}
        self.locks = KeyedLocks()

    async def load(self, key: str) -> Session | None:
        kept = self._sessions.get(key)
        if kept is None:
            return None
        if kept[1] < self._clock():
            del self._sessions[key]
            return None
        return Session.model_validate_json(kept[0])

    async def save(self, session: Session) -> None:
        # Stored as JSON, like the other stores, so nothing depends on shared mutable objects.
        self._sessions[session.key] = (session.model_dump_json(), session.updated_at + self.ttl_seconds)

    async def delete(self, key: str) -> None:
        self._sessions.pop(key, None)

    def lock(self, key: str) -> AbstractAsyncContextManager[None]:
        return self.locks.hold(key)

    async def first_time(self, token: str, ttl_seconds: float = 3600) -> bool:
        now = self._clock()
        if self._seen.get(token, 0) > now:
            return False
        self._seen[token] = now + ttl_seconds
        return True

    async def purge(self) -> int:
        now = self._clock()
        expired = [key for key, (_, until) in self._sessions.items() if until < now]
        seen = [token for token, until in self._seen.items() if until <= now]
        for key in expired:
            del self._sessions[key]
        for token in seen:
            del self._seen[token]
        return len(expired) + len(seen)
