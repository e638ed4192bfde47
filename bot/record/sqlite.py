"""The default store: one SQLite file, so conversations survive a restart."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from bot.record.session import Session, SessionStore

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (key TEXT PRIMARY KEY, data TEXT NOT NULL, expires_at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS sessions_expiry ON sessions (expires_at);
CREATE TABLE IF NOT EXISTS deliveries (token TEXT PRIMARY KEY, expires_at REAL NOT NULL);
"""


def connect(path: Path | str) -> sqlite3.Connection:
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=10)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable across a process crash
    return conn


class SQLiteStore(SessionStore):
    readiness_name = "sqlite"  # bot.record.readiness

    def __init__(self, path: Path | str, ttl_seconds: float = 86400, clock: Callable[[], float] = time.time):
        super().__init__(ttl_seconds)
        self.path = path
        self._clock = clock
        self._conn = connect(path)
        self._conn.executescript(_SCHEMA)
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._purge()

    def _purge(self) -> None:
        now = self._clock()
        self._conn.execute("DELETE FROM sessions WHERE expires_at < ?", (now,))
        self._conn.execute("DELETE FROM deliveries WHERE expires_at < ?", (now,))

    async def load(self, key: str) -> Session | None:
        row = self._conn.execute(
            "SELECT data FROM sessions WHERE key = ? AND expires_at >= ?", (key, self._clock())
        ).fetchone()
        return Session.model_validate_json(row[0]) if row else None

    async def save(self, session: Session) -> None:
        self._conn.execute(
            "INSERT INTO sessions (key, data, expires_at) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at",
            (session.key, session.model_dump_json(), session.updated_at + self.ttl_seconds),
        )

    async def delete(self, key: str) -> None:
        self._conn.execute("DELETE FROM sessions WHERE key = ?", (key,))

    def lock(self, key: str) -> asyncio.Lock:
        return self._locks[key]

    async def first_time(self, token: str, ttl_seconds: float = 3600) -> bool:
        now = self._clock()
        self._conn.execute("DELETE FROM deliveries WHERE token = ? AND expires_at < ?", (token, now))
        cursor = self._conn.execute(
            "INSERT OR IGNORE INTO deliveries (token, expires_at) VALUES (?, ?)", (token, now + ttl_seconds)
        )
        return cursor.rowcount == 1

    async def close(self) -> None:
        self._conn.close()

    async def check_ready(self) -> None:
        self._conn.execute("SELECT count(*) FROM sessions WHERE 0").fetchone()
