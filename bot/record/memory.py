"""An in-process store: for tests and single-process use without persistence."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import Callable

from bot.record.session import Session, SessionStore


class MemoryStore(SessionStore):
    def __init__(self, ttl_seconds: float = 86400, clock: Callable[[], float] = time.time):
        super().__init__(ttl_seconds)
        self._clock = clock
        self._sessions: dict[str, str] = {}
        self._seen: dict[str, float] = {}
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def load(self, key: str) -> Session | None:
        raw = self._sessions.get(key)
        if raw is None:
            return None
        session = Session.model_validate_json(raw)
        if session.updated_at + self.ttl_seconds < self._clock():
            del self._sessions[key]
            return None
        return session

    async def save(self, session: Session) -> None:
        # Stored as JSON, like the other stores, so nothing depends on shared mutable objects.
        self._sessions[session.key] = session.model_dump_json()

    async def delete(self, key: str) -> None:
        self._sessions.pop(key, None)

    def lock(self, key: str) -> asyncio.Lock:
        return self._locks[key]

    async def first_time(self, token: str, ttl_seconds: float = 3600) -> bool:
        now = self._clock()
        if self._seen.get(token, 0) > now:
            return False
        self._seen[token] = now + ttl_seconds
        return True
