"""The audit log: every guidance given, its feedback, and canonical answers posted (no user ids)."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from bot.record.sqlite import connect

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
    readiness_name = "audit"  # bot.record.readiness

    def __init__(self, path: Path | str, clock: Callable[[], float] = time.time):
        self._conn = connect(path)
        self._conn.executescript(_SCHEMA)
        self._clock = clock

    def record_guidance(
        self, *, platform: str, conversation: str, tree: str, path: list[str], outcome: str,
        verdict: str, policy_version: str,
    ) -> str:
        record_id = uuid.uuid4().hex[:16]
        self._conn.execute(
            "INSERT INTO guidance (id, at, platform, conversation, tree, path, outcome, verdict, policy_version)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (record_id, self._clock(), platform, conversation, tree, json.dumps(path), outcome, verdict,
             policy_version),
        )
        return record_id

    def record_feedback(self, record_id: str, helpful: bool) -> bool:
        """Store the member's feedback; False when no such guidance was given."""
        cursor = self._conn.execute("UPDATE guidance SET helpful = ? WHERE id = ?", (int(helpful), record_id))
        return cursor.rowcount == 1

    def record_answer_posted(self, *, platform: str, answer_id: str, how: str) -> None:
        self._conn.execute(
            "INSERT INTO answers_posted (at, platform, answer_id, how) VALUES (?, ?, ?, ?)",
            (self._clock(), platform, answer_id, how),
        )

    def answer_uses(self) -> dict[str, int]:
        """How often each canonical answer was posted (by moderators, from search, …)."""
        return dict(self._conn.execute("SELECT answer_id, COUNT(*) FROM answers_posted GROUP BY answer_id"))

    def stats(self, since: float = 0.0) -> dict[str, list[tuple]]:
        """Tables for `refundbot stats`: most asked trees, verdicts, answers posted, feedback per tree."""
        def query(sql: str) -> list[tuple]:
            return self._conn.execute(sql, (since,)).fetchall()

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
        return self._conn.execute(sql, params).fetchall()

    async def check_ready(self) -> None:
        self._conn.execute("SELECT count(*) FROM guidance WHERE 0").fetchone()

    def close(self) -> None:
        self._conn.close()
