"""Pending handoffs in the SQLite file the sessions use, in a table of their own, on the database's thread."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.record.database import Database
from bot.record.handoffs import Handoff, HandoffStore

_SCHEMA = """
CREATE TABLE IF NOT EXISTS handoffs (place TEXT PRIMARY KEY, platform TEXT NOT NULL, stage TEXT NOT NULL,
                                     due_at REAL NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS handoffs_due ON handoffs (platform, due_at);
"""


class SQLiteHandoffs(HandoffStore):
    def __init__(self, database: Database | Path | str):
        self.database = Database.shared(database)
        self.database.run_now(lambda conn: conn.executescript(_SCHEMA))

    async def add(self, handoff: Handoff) -> bool:
        row = (handoff.place, handoff.platform, handoff.stage, handoff.due_at, handoff.model_dump_json())
        return await self.database.run(lambda conn: conn.execute(
            "INSERT OR IGNORE INTO handoffs (place, platform, stage, due_at, data) VALUES (?, ?, ?, ?, ?)",
            row).rowcount == 1)

    async def get(self, place: str) -> Handoff | None:
        row = await self.database.run(lambda conn: conn.execute(
            "SELECT data FROM handoffs WHERE place = ?", (place,)).fetchone())
        return Handoff.model_validate_json(row[0]) if row else None

    async def remove(self, place: str) -> bool:
        return await self.database.run(lambda conn: conn.execute(
            "DELETE FROM handoffs WHERE place = ?", (place,)).rowcount == 1)

    async def due(self, platform: str, now: float) -> list[Handoff]:
        rows = await self.database.run(lambda conn: conn.execute(
            "SELECT data FROM handoffs WHERE platform = ? AND due_at <= ? ORDER BY due_at",
            (platform, now)).fetchall())
        return [Handoff.model_validate_json(row[0]) for row in rows]

    async def advance(self, handoff: Handoff, then: Handoff | None) -> bool:
        def step(conn: sqlite3.Connection) -> bool:
            if then is None:
                cursor = conn.execute("DELETE FROM handoffs WHERE place = ? AND stage = ?",
                                      (handoff.place, handoff.stage))
            else:  # one statement: compare and set
                cursor = conn.execute(
                    "UPDATE handoffs SET stage = ?, due_at = ?, data = ? WHERE place = ? AND stage = ?",
                    (then.stage, then.due_at, then.model_dump_json(), handoff.place, handoff.stage))
            return cursor.rowcount == 1

        return await self.database.run(step)

    async def count(self) -> int:
        return int((await self.database.run(lambda conn: conn.execute("SELECT count(*) FROM handoffs").fetchone()))[0])

    async def close(self) -> None:
        self.database.close()
