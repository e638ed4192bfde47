"""The audit log: every guidance given (with the confirmed facts it rests on, so it can be replayed), its
feedback, the conversations that ended without advice, and canonical answers posted (no user ids)."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.pack.model import Scalar
from bot.record.review import ReviewQueue
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
CREATE TABLE IF NOT EXISTS way_outs (
    at REAL NOT NULL, platform TEXT NOT NULL, conversation TEXT NOT NULL, kind TEXT NOT NULL
);
"""
# Columns added after the first release: databases made before get them on open (NULL for old records).
_ADDED = {"start": "TEXT", "facts": "TEXT", "steps": "TEXT"}


@dataclass(frozen=True)
class Decision:
    """One guidance given, as recorded: enough to walk it again through any pack."""

    id: str
    at: float
    platform: str
    start: str | None  # the tree the walk began in; None for records made before it was kept
    tree: str  # where the walk ended
    outcome: str
    verdict: str
    policy_version: str
    facts: dict[str, Scalar | None] | None  # confirmed values, None for "I don't know"; None if not kept
    steps: list[str]  # "tree/node: condition" for each branch taken
    helpful: bool | None

    @property
    def replayable(self) -> bool:
        return self.start is not None and self.facts is not None


class AuditLog:
    readiness_name = "audit"  # bot.record.readiness

    def __init__(self, path: Path | str, clock: Callable[[], float] = time.time):
        self._conn = connect(path)
        self._conn.executescript(_SCHEMA)
        have = {row[1] for row in self._conn.execute("PRAGMA table_info(guidance)")}
        for column, kind in _ADDED.items():
            if column not in have:
                self._conn.execute(f"ALTER TABLE guidance ADD COLUMN {column} {kind}")
        self._clock = clock
        self.review = ReviewQueue(self._conn, clock)

    def record_guidance(
        self, *, platform: str, conversation: str, tree: str, path: list[str], outcome: str,
        verdict: str, policy_version: str, start: str | None = None, facts: dict[str, Scalar | None] | None = None,
        steps: list[str] | None = None,
    ) -> str:
        """`facts` are the policy's own values (never member text), so a decision can be replayed."""
        record_id = uuid.uuid4().hex[:16]
        self._conn.execute(
            "INSERT INTO guidance (id, at, platform, conversation, tree, path, outcome, verdict, policy_version,"
            " start, facts, steps) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (record_id, self._clock(), platform, conversation, tree, json.dumps(path), outcome, verdict,
             policy_version, start, None if facts is None else json.dumps(facts, sort_keys=True),
             json.dumps(steps or [])),
        )
        return record_id

    def decisions(self, since: float = 0.0) -> list[Decision]:
        """Every guidance recorded since `since`, oldest first."""
        rows = self._conn.execute(
            "SELECT id, at, platform, start, tree, outcome, verdict, policy_version, facts, steps, helpful "
            "FROM guidance WHERE at >= ? ORDER BY at, id", (since,)).fetchall()
        return [Decision(id=r[0], at=r[1], platform=r[2], start=r[3], tree=r[4], outcome=r[5], verdict=r[6],
                         policy_version=r[7], facts=None if r[8] is None else json.loads(r[8]),
                         steps=json.loads(r[9]) if r[9] else [], helpful=None if r[10] is None else bool(r[10]))
                for r in rows]

    def decision(self, record_id: str) -> Decision | None:
        return next((d for d in self.decisions() if d.id == record_id), None)

    def record_way_out(self, *, platform: str, conversation: str, kind: str) -> None:
        """A conversation that ended without advice ("something else", "I don't know" at the situation menu)."""
        self._conn.execute("INSERT INTO way_outs (at, platform, conversation, kind) VALUES (?, ?, ?, ?)",
                           (self._clock(), platform, conversation, kind))

    def way_outs(self, since: float = 0.0) -> dict[str, int]:
        return dict(self._conn.execute("SELECT kind, COUNT(*) FROM way_outs WHERE at >= ? GROUP BY kind", (since,)))

    def record_feedback(self, record_id: str, helpful: bool) -> bool:
        """Store the member's feedback (the last click counts); Not helpful puts the advice in the review queue.
        False when no such guidance was given."""
        cursor = self._conn.execute("UPDATE guidance SET helpful = ? WHERE id = ?", (int(helpful), record_id))
        if cursor.rowcount != 1:
            return False
        if helpful:
            self.review.withdraw(record_id, source="member")
        else:
            self.review.add(record_id, source="member")
        return True

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
