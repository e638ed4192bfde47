"""The default store: one SQLite file, so conversations survive a restart and several processes share it.

A turn holds its conversation's lock from before the session is read until after it is written. In
this process that is an asyncio lock; across processes (`serve` beside `chat`, or two servers during
a restart) it is a row in `locks`, taken by one atomic statement and leased like Redis's lock, so a
crashed holder's lock frees itself. The save checks the row is still ours, so a turn whose lease ran
out is refused, never written over another's.

Each trip to the database's thread costs the event loop a hand-off both ways, so a turn makes three:
taking the lock reads the session too (the turn's load then needs no trip), the save, and giving the
lock back, which is queued without waiting (the thread runs calls in order, so whatever this process
does next with the conversation comes after it).
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import os
import socket
import sqlite3
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from bot.record.database import Database
from bot.record.locks import KeyedLocks
from bot.record.session import ConversationBusy, LockLost, Session, SessionStore, dump, restore, stored_key

__all__ = ["LockLost", "SQLiteStore"]

LOCK_LEASE_SECONDS = 60  # a crashed holder's lock frees itself after this
LOCK_WAIT_SECONDS = 20  # how long a turn waits for another process's turn of the same conversation

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (key TEXT PRIMARY KEY, data TEXT NOT NULL, expires_at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS sessions_expiry ON sessions (expires_at);
CREATE TABLE IF NOT EXISTS deliveries (token TEXT PRIMARY KEY, expires_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS locks (key TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at REAL NOT NULL);
"""


def _hash_clear_keys(conn: sqlite3.Connection) -> None:
    """Sessions saved by an earlier release under their key in clear are kept, under its hash."""
    rows = conn.execute("SELECT key, data, expires_at FROM sessions WHERE instr(key, ':') > 0").fetchall()
    if not rows:
        return
    conn.execute("BEGIN IMMEDIATE")
    for key, data, expires_at in rows:
        conn.execute("INSERT OR IGNORE INTO sessions (key, data, expires_at) VALUES (?, ?, ?)",
                     (stored_key(key), dump(restore(data, key)), expires_at))
        conn.execute("DELETE FROM sessions WHERE key = ?", (key,))
    conn.execute("DELETE FROM locks WHERE instr(key, ':') > 0")
    conn.execute("COMMIT")


def _machine() -> str:
    """This machine and process namespace: a process id means the same process only where all three match."""
    parts = [socket.gethostname()]
    for path in ("/proc/sys/kernel/random/boot_id", "/proc/self/ns/pid"):
        try:
            parts.append(os.readlink(path) if path.endswith("/pid") else Path(path).read_text().strip())
        except OSError:
            parts.append("")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


_MACHINE = _machine()


def _holder_gone(owner: str) -> bool:
    """A lock's owner was a process of this machine (and namespace, since this boot) that has ended: it crashed
    mid-turn, or was killed before its lock was given back. Anything else may still be running."""
    machine, _, rest = owner.partition(".")
    pid = rest.partition(".")[0]
    if machine != _MACHINE or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # it exists, under another user
        return False
    return False


class SQLiteStore(SessionStore):
    readiness_name = "sqlite"  # bot.record.readiness

    def __init__(self, database: Database | Path | str, ttl_seconds: float = 86400,
                 clock: Callable[[], float] = time.time):
        super().__init__(ttl_seconds)
        self.database = Database.shared(database)
        self._clock = clock
        self.locks = KeyedLocks()
        self._held: dict[str, str] = {}  # conversation key → owner token of the lock this process holds
        # Owner tokens: unique across processes (a random prefix) and turns (a count), without asking the system
        # for randomness on every turn
        # The prefix also names this machine and process, so that a lock left by a crashed process on this machine
        # is taken at once rather than after its lease (see `_holder_gone`).
        self._owner_prefix = f"{_MACHINE}.{os.getpid()}.{uuid.uuid4().hex[:8]}."
        self._owners = itertools.count()
        # conversation key → its session's row as read when the lock was taken, until the first load under it
        self._read_with_lock: dict[str, tuple[str] | None] = {}
        self.database.run_now(lambda conn: conn.executescript(_SCHEMA))
        self.database.run_now(_hash_clear_keys)
        self.database.run_now(self._purge)

    async def load(self, key: str) -> Session | None:
        if key in self._read_with_lock:
            row = self._read_with_lock.pop(key)
        else:
            now = self._clock()
            row = await self.database.run(lambda conn: self._row(conn, stored_key(key), now))
        return restore(row[0], key) if row else None

    @staticmethod
    def _row(conn: sqlite3.Connection, kept: str, now: float) -> tuple[str] | None:
        return conn.execute("SELECT data FROM sessions WHERE key = ? AND expires_at >= ?", (kept, now)).fetchone()

    async def save(self, session: Session) -> None:
        self._read_with_lock.pop(session.key, None)
        kept = stored_key(session.key)
        values = (kept, dump(session), session.updated_at + self.ttl_seconds)
        owner = self._held.get(session.key)
        if owner is None:
            await self.database.run(lambda conn: conn.execute(
                "INSERT INTO sessions (key, data, expires_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE "
                "SET data = excluded.data, expires_at = excluded.expires_at", values))
            return
        saved = await self.database.run(lambda conn: conn.execute(
            "INSERT INTO sessions (key, data, expires_at) SELECT ?, ?, ? "
            "WHERE EXISTS (SELECT 1 FROM locks WHERE key = ? AND owner = ?) ON CONFLICT(key) DO UPDATE "
            "SET data = excluded.data, expires_at = excluded.expires_at", (*values, kept, owner)).rowcount)
        if saved != 1:
            raise LockLost(f"the lock on conversation {kept[:13]} expired before its turn was saved")

    async def delete(self, key: str) -> None:
        self._read_with_lock.pop(key, None)
        await self.database.run(lambda conn: conn.execute("DELETE FROM sessions WHERE key = ?", (stored_key(key),)))

    @asynccontextmanager
    async def lock(self, key: str) -> AsyncIterator[None]:
        async with self.locks.hold(key):  # this process's turns queue here without touching the file
            owner, kept = f"{self._owner_prefix}{next(self._owners)}", stored_key(key)
            try:
                self._read_with_lock[key] = await self._take(kept, owner)
            except BaseException:  # cancelled while the row may have been taken: give it back
                self.database.later(lambda conn: self._give_back(conn, kept, owner))
                raise
            self._held[key] = owner
            try:
                yield
            finally:
                del self._held[key]
                self._read_with_lock.pop(key, None)
                self.database.later(lambda conn: self._give_back(conn, kept, owner))

    async def _take(self, key: str, owner: str) -> tuple[str] | None:
        """Takes the lock row (waiting out another process's turn); the session's row as it then is."""
        def attempt(conn: sqlite3.Connection) -> tuple[bool, tuple[str] | None]:
            now = self._clock()
            taken = conn.execute(
                "INSERT INTO locks (key, owner, expires_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE "
                "SET owner = excluded.owner, expires_at = excluded.expires_at WHERE locks.expires_at < ?",
                (key, owner, now + LOCK_LEASE_SECONDS, now)).rowcount == 1
            if not taken:  # held: by a process of this machine that no longer exists, it is taken over now
                holder = conn.execute("SELECT owner FROM locks WHERE key = ?", (key,)).fetchone()
                taken = holder is not None and _holder_gone(holder[0]) and conn.execute(
                    "UPDATE locks SET owner = ?, expires_at = ? WHERE key = ? AND owner = ?",
                    (owner, now + LOCK_LEASE_SECONDS, key, holder[0])).rowcount == 1
            return taken, self._row(conn, key, now) if taken else None

        deadline, pause = time.monotonic() + LOCK_WAIT_SECONDS, 0.002
        while True:
            taken, row = await self.database.run(attempt)
            if taken:
                return row
            if time.monotonic() > deadline:
                raise ConversationBusy(f"conversation {key[:13]} stayed locked by another process "
                                       f"for {LOCK_WAIT_SECONDS} s")
            await asyncio.sleep(pause)
            pause = min(pause * 2, 0.05)

    @staticmethod
    def _give_back(conn: sqlite3.Connection, key: str, owner: str) -> None:
        conn.execute("DELETE FROM locks WHERE key = ? AND owner = ?", (key, owner))

    async def first_time(self, token: str, ttl_seconds: float = 3600) -> bool:
        now = self._clock()
        return await self.database.run(lambda conn: conn.execute(
            "INSERT INTO deliveries (token, expires_at) VALUES (?, ?) ON CONFLICT(token) DO UPDATE "
            "SET expires_at = excluded.expires_at WHERE deliveries.expires_at < ?",
            (token, now + ttl_seconds, now)).rowcount == 1)

    async def purge(self) -> int:
        return await self.database.run(self._purge)

    def _purge(self, conn: sqlite3.Connection) -> int:
        now = self._clock()  # expired sessions and delivery tokens, and locks left by crashed processes
        return sum(conn.execute(f"DELETE FROM {table} WHERE expires_at < ?", (now,)).rowcount
                   for table in ("sessions", "deliveries", "locks"))

    async def close(self) -> None:
        self.database.close()

    async def check_ready(self) -> None:
        await self.database.run(lambda conn: conn.execute("SELECT count(*) FROM sessions WHERE 0").fetchone())
