"""The review queue: advice a member marked Not helpful, or a moderator called wrong (with the verdict they would
give), waiting for a maintainer to look at it and turn it into a policy test."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from bot.record.database import Database

Source = Literal["member", "moderator"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS review (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, guidance_id TEXT NOT NULL, source TEXT NOT NULL,
    verdict TEXT, exported_to TEXT, UNIQUE (guidance_id, source)
);
"""


@dataclass(frozen=True)
class ReviewItem:
    id: int
    at: float
    guidance_id: str
    source: Source
    verdict: str | None  # the verdict a moderator would give; None for a member's Not helpful
    exported_to: str | None  # the test file it was exported to, once it was


def add(conn: sqlite3.Connection, at: float, guidance_id: str, source: Source, verdict: str | None = None) -> int:
    """Queue the advice (again: a second report replaces the first's verdict); the item's id."""
    conn.execute(
        "INSERT INTO review (at, guidance_id, source, verdict) VALUES (?, ?, ?, ?) ON CONFLICT (guidance_id, "
        "source) DO UPDATE SET at = excluded.at, verdict = excluded.verdict, exported_to = NULL",
        (at, guidance_id, source, verdict))
    row = conn.execute("SELECT id FROM review WHERE guidance_id = ? AND source = ?", (guidance_id, source)).fetchone()
    return int(row[0])


def withdraw(conn: sqlite3.Connection, guidance_id: str, source: Source) -> None:
    """The member changed their mind (Helpful after Not helpful): an item not yet exported goes."""
    conn.execute("DELETE FROM review WHERE guidance_id = ? AND source = ? AND exported_to IS NULL",
                 (guidance_id, source))


class ReviewQueue:
    """Kept in the audit database, beside the guidance it refers to; one item per guidance and source. The
    engine adds and withdraws items through the audit log's writes; this is the maintainers' side."""

    def __init__(self, database: Database, clock: Callable[[], float]):
        self.database, self._clock = database, clock
        database.run_now(lambda conn: conn.executescript(_SCHEMA))

    def add(self, guidance_id: str, source: Source, verdict: str | None = None) -> int:
        at = self._clock()
        return self.database.run_now(lambda conn: add(conn, at, guidance_id, source, verdict))

    def items(self, include_exported: bool = False) -> list[ReviewItem]:
        where = "" if include_exported else " WHERE exported_to IS NULL"
        rows = self.database.run_now(lambda conn: conn.execute(
            f"SELECT id, at, guidance_id, source, verdict, exported_to FROM review{where} ORDER BY id").fetchall())
        return [ReviewItem(*row) for row in rows]

    def item(self, item_id: int) -> ReviewItem | None:
        return next((i for i in self.items(include_exported=True) if i.id == item_id), None)

    def mark_exported(self, item_id: int, to: str) -> None:
        self.database.run_now(lambda conn: conn.execute("UPDATE review SET exported_to = ? WHERE id = ?",
                                                        (to, item_id)))
