"""The audit log: every guidance given (with the confirmed facts it rests on, so it can be replayed), its
feedback, the conversations that ended without advice, and canonical answers posted (no user ids).

Writes run on the database's thread: guidance, feedback, way-outs and moderators' reports are awaited; a
canonical answer's post is counted behind the reply (`record_answer_posted` returns at once), so a
platform's first response never waits on the file. Reads for the commands (`stats`, `review`, `answers
list`) wait in place.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.pack.model import Scalar
from bot.record import review
from bot.record.database import Database
from bot.record.review import ReviewQueue

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


def _migrate(conn: sqlite3.Connection) -> None:
    conn.executescript(_SCHEMA)
    have = {row[1] for row in conn.execute("PRAGMA table_info(guidance)")}
    for column, kind in _ADDED.items():
        if column not in have:
            conn.execute(f"ALTER TABLE guidance ADD COLUMN {column} {kind}")


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

    def __init__(self, database: Database | Path | str, clock: Callable[[], float] = time.time):
        self.database = Database.shared(database)
        self.database.run_now(_migrate)
        self._clock = clock
        self.review = ReviewQueue(self.database, clock)

    @staticmethod
    def new_id() -> str:
        """The id a guidance is given before it is recorded (feedback refers to it)."""
        return uuid.uuid4().hex[:16]

    async def record_guidance(
        self, *, record_id: str | None = None, platform: str, conversation: str, tree: str, path: list[str],
        outcome: str, verdict: str, policy_version: str, start: str | None = None,
        facts: dict[str, Scalar | None] | None = None, steps: list[str] | None = None,
    ) -> str:
        """`facts` are the policy's own values (never member text), so a decision can be replayed. The record's
        id (`record_id`, given in advance by `new_id`, or a new one)."""
        record_id = record_id or self.new_id()
        row = (record_id, self._clock(), platform, conversation, tree, json.dumps(path), outcome, verdict,
               policy_version, start, None if facts is None else json.dumps(facts, sort_keys=True),
               json.dumps(steps or []))
        await self.database.run(lambda conn: conn.execute(
            "INSERT INTO guidance (id, at, platform, conversation, tree, path, outcome, verdict, policy_version,"
            " start, facts, steps) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row))
        return record_id

    def decisions(self, since: float = 0.0, record_id: str | None = None) -> list[Decision]:
        """Every guidance recorded since `since` (or the one `record_id`), oldest first."""
        where, params = ("id = ?", (record_id,)) if record_id is not None else ("at >= ?", (since,))
        rows = self.rows(
            "SELECT id, at, platform, start, tree, outcome, verdict, policy_version, facts, steps, helpful "
            f"FROM guidance WHERE {where} ORDER BY at, id", params)
        return [Decision(id=r[0], at=r[1], platform=r[2], start=r[3], tree=r[4], outcome=r[5], verdict=r[6],
                         policy_version=r[7], facts=None if r[8] is None else json.loads(r[8]),
                         steps=json.loads(r[9]) if r[9] else [], helpful=None if r[10] is None else bool(r[10]))
                for r in rows]

    def decision(self, record_id: str) -> Decision | None:
        return next(iter(self.decisions(record_id=record_id)), None)

    async def record_way_out(self, *, platform: str, conversation: str, kind: str) -> None:
        """A conversation that ended without advice ("something else", "I don't know" at the situation menu)."""
        row = (self._clock(), platform, conversation, kind)
        await self.database.run(lambda conn: conn.execute(
            "INSERT INTO way_outs (at, platform, conversation, kind) VALUES (?, ?, ?, ?)", row))

    def way_outs(self, since: float = 0.0) -> dict[str, int]:
        return dict(self.rows("SELECT kind, COUNT(*) FROM way_outs WHERE at >= ? GROUP BY kind", (since,)))

    async def record_feedback(self, record_id: str, helpful: bool) -> bool:
        """Store the member's feedback (the last click counts); Not helpful puts the advice in the review queue.
        False when no such guidance was given."""
        at = self._clock()

        def write(conn: sqlite3.Connection) -> bool:
            if conn.execute("UPDATE guidance SET helpful = ? WHERE id = ?", (int(helpful), record_id)).rowcount != 1:
                return False
            if helpful:
                review.withdraw(conn, record_id, source="member")
            else:
                review.add(conn, at, record_id, source="member")
            return True

        return await self.database.run(write)

    async def report_wrong(self, record_id: str, verdict: str) -> int | None:
        """A moderator's report that the advice should have given `verdict`: the review item's id, or None
        when no such guidance was recorded."""
        at = self._clock()

        def write(conn: sqlite3.Connection) -> int | None:
            if conn.execute("SELECT 1 FROM guidance WHERE id = ?", (record_id,)).fetchone() is None:
                return None
            return review.add(conn, at, record_id, source="moderator", verdict=verdict)

        return await self.database.run(write)

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

    async def check_ready(self) -> None:
        await self.database.run(lambda conn: conn.execute("SELECT count(*) FROM guidance WHERE 0").fetchone())

    def close(self) -> None:
        self.database.close()
