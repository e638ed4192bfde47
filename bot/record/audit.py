"""The audit log: every guidance given, its feedback, and canonical answers posted (no user ids).

Writes run on the database's thread: guidance and feedback are awaited; a canonical answer's post is
counted behind the reply (`record_answer_posted` returns at once), so a platform's first response never
waits on the file. Reads for the commands (`stats`, `answers list`) wait in place.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from bot.record.database import Database

_SCHEMA = """
CREATE TABLE IF NOT EXISTS guidance (
    id TEXT PRIMARY KEY, at REAL NOT NULL, platform TEXT NOT NULL, conversation TEXT NOT NULL,
    tree TEXT NOT NULL, path TEXT NOT NULL, outcome TEXT NOT NULL, verdict TEXT NOT NULL,
    policy_version TEXT NOT NULL, helpful INTEGER
);
CREATE INDEX IF NOT EXISTS guidance_at ON guidance (at);
CREATE TABLE IF NOT EXISTS answers_posted (
    at REAL NOT NULL, platform TEXT NOT NULL, answer_id TEXT NOT NULL, how TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS answers_posted_at ON answers_posted (at);
"""


class AuditLog:
    def __init__(self, database: Database | Path | str, clock: Callable[[], float] = time.time):
        self._owns_database = not isinstance(database, Database)
        self.database = database if isinstance(database, Database) else Database(database)
        self.database.run_now(lambda conn: conn.executescript(_SCHEMA))
        self._clock = clock

    @staticmethod
    def new_id() -> str:
        """The id a guidance is given before it is recorded (feedback refers to it)."""
        return uuid.uuid4().hex[:16]

    async def record_guidance(
        self, *, record_id: str, platform: str, conversation: str, tree: str, path: list[str], outcome: str,
        verdict: str, policy_version: str,
    ) -> None:
        row = (record_id, self._clock(), platform, conversation, tree, json.dumps(path), outcome, verdict,
               policy_version)
        await self.database.run(lambda conn: conn.execute(
            "INSERT INTO guidance (id, at, platform, conversation, tree, path, outcome, verdict, policy_version)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", row))

    async def record_feedback(self, record_id: str, helpful: bool) -> bool:
        """Store the member's feedback; False when no such guidance was given."""
        return await self.database.run(lambda conn: conn.execute(
            "UPDATE guidance SET helpful = ? WHERE id = ?", (int(helpful), record_id)).rowcount == 1)

    def record_answer_posted(self, *, platform: str, answer_id: str, how: str) -> None:
        row = (self._clock(), platform, answer_id, how)
        self.database.later(lambda conn: conn.execute(
            "INSERT INTO answers_posted (at, platform, answer_id, how) VALUES (?, ?, ?, ?)", row))

    def answer_uses(self) -> dict[str, int]:
        """How often each canonical answer was posted (by moderators, from search, …)."""
        return dict(self.rows("SELECT answer_id, COUNT(*) FROM answers_posted GROUP BY answer_id"))

    def stats(self, since: float = 0.0) -> dict[str, list[tuple]]:
        """Tables for `refundbot stats`: most asked trees, verdicts, answers posted, feedback per tree."""
        def query(sql: str) -> list[tuple]:
            return self.rows(sql, (since,))

        return {
            "trees": query("SELECT tree, COUNT(*) AS n FROM guidance WHERE at >= ? "
                           "GROUP BY tree ORDER BY n DESC, tree"),
            "verdicts": query("SELECT verdict, COUNT(*) AS n FROM guidance WHERE at >= ? "
                              "GROUP BY verdict ORDER BY n DESC, verdict"),
            "answers": query("SELECT answer_id, COUNT(*) AS n FROM answers_posted WHERE at >= ? "
                             "GROUP BY answer_id ORDER BY n DESC, answer_id"),
            "feedback": query("SELECT tree, SUM(helpful = 1), SUM(helpful = 0), COUNT(*) FROM guidance "
                              "WHERE at >= ? GROUP BY tree ORDER BY tree"),
        }

    def rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        def fetch(conn: sqlite3.Connection) -> list[tuple]:
            return conn.execute(sql, params).fetchall()

        return self.database.run_now(fetch)

    def close(self) -> None:
        if self._owns_database:
            self.database.close()
