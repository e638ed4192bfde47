"""The review queue: advice a member marked Not helpful, or a moderator called wrong (with the verdict they would
give), waiting for a maintainer to look at it and turn it into a policy test."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from sqlalchemy import Connection, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.record.audit_schema import review

if TYPE_CHECKING:
    from bot.record.sql import SQLRecord

Source = Literal["member", "moderator"]


@dataclass(frozen=True)
class ReviewItem:
    id: int
    at: float
    guidance_id: str
    source: Source
    verdict: str | None  # the verdict a moderator would give; None for a member's Not helpful
    exported_to: str | None  # the test file it was exported to, once it was


def add(conn: Connection, at: float, guidance_id: str, source: Source, verdict: str | None = None) -> int:
    """Queue the advice (again: a second report replaces the first's verdict); the item's id."""
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    statement = insert(review).values(at=at, guidance_id=guidance_id, source=source, verdict=verdict)
    conn.execute(statement.on_conflict_do_update(
        index_elements=[review.c.guidance_id, review.c.source],
        set_={"at": statement.excluded.at, "verdict": statement.excluded.verdict, "exported_to": None}))
    return int(conn.execute(select(review.c.id).where(review.c.guidance_id == guidance_id,
                                                      review.c.source == source)).scalar_one())


def withdraw(conn: Connection, guidance_id: str, source: Source) -> None:
    """The member changed their mind (Helpful after Not helpful): an item not yet exported goes."""
    conn.execute(delete(review).where(review.c.guidance_id == guidance_id, review.c.source == source,
                                      review.c.exported_to.is_(None)))


class ReviewQueue:
    """Kept in the audit record, beside the guidance it refers to; one item per guidance and source. The
    engine adds and withdraws items through the audit log's writes; this is the maintainers' side."""

    def __init__(self, record: SQLRecord, clock: Callable[[], float]):
        self.record, self._clock = record, clock

    def add(self, guidance_id: str, source: Source, verdict: str | None = None) -> int:
        at = self._clock()
        return self.record.run_now(lambda conn: add(conn, at, guidance_id, source, verdict))

    def items(self, include_exported: bool = False) -> list[ReviewItem]:
        query = select(review.c.id, review.c.at, review.c.guidance_id, review.c.source, review.c.verdict,
                       review.c.exported_to).order_by(review.c.id)
        if not include_exported:
            query = query.where(review.c.exported_to.is_(None))
        return [ReviewItem(*row) for row in self.record.run_now(lambda conn: conn.execute(query).all())]

    def item(self, item_id: int) -> ReviewItem | None:
        return next((i for i in self.items(include_exported=True) if i.id == item_id), None)

    def mark_exported(self, item_id: int, to: str) -> None:
        self.record.run_now(lambda conn: conn.execute(update(review).where(review.c.id == item_id)
                                                      .values(exported_to=to)))
