"""The audit log: every guidance given (with the confirmed facts it rests on, so it can be replayed), its
feedback, the conversations that ended without advice, and canonical answers posted (no user ids).

It lives in the SQLite file, or in PostgreSQL shared by every instance (`bot.record.sql`). Guidance,
feedback, way-outs and moderators' reports are awaited; a canonical answer's post is counted behind the
reply, so a platform's first response never waits on it. Reads for the commands (`stats`, `review`,
`answers list`) wait in place.

When PostgreSQL cannot be reached, members still get their advice: the writes wait in order in memory
(`pending`) and are written when it answers again; any that cannot be kept are logged with what was lost.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, case, func, select, text, update

from bot.pack.model import Scalar
from bot.record import review
from bot.record.audit_schema import answers_posted, guidance, migrate, way_outs
from bot.record.database import Database
from bot.record.review import ReviewQueue
from bot.record.sql import RecordUnavailable, SQLiteRecord, SQLRecord, open_record

log = logging.getLogger(__name__)
MAX_PENDING = 10_000  # writes kept while PostgreSQL is away; past this the oldest are dropped, and logged
RETRY_SECONDS = (0.5, 1, 2, 5)  # between attempts to write what is pending (the last repeats)


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


@dataclass(frozen=True)
class _Write:
    what: str  # for the log, if it is lost: "guidance 1a2b…", "feedback on …"
    work: Callable[[Connection], Any]


class AuditLog:
    readiness_name = "audit"  # bot.record.readiness

    def __init__(self, record: SQLRecord | Database | Path | str, clock: Callable[[], float] = time.time):
        self.record = open_record(record)
        self._clock = clock
        self.review = ReviewQueue(self.record, clock)
        self.pending: deque[_Write] = deque()
        self._retrying: asyncio.Task[None] | None = None
        self._spawned: set[asyncio.Task[Any]] = set()
        self._flushing = asyncio.Lock()
        self._migrated = False
        try:
            self._migrate_now()
        except RecordUnavailable as exc:  # a serving bot starts anyway; the first write migrates
            log.warning("the audit record cannot be migrated yet: %s", exc)

    @property
    def dialect(self) -> str:
        return self.record.dialect

    def _migrate_now(self) -> None:
        applied = self.record.run_now(migrate)
        self._migrated = True
        if applied and applied[0] > 1:  # an existing record upgraded in place (a new one is not news)
            log.info("audit record migrated to version %d", applied[-1])

    @staticmethod
    def new_id() -> str:
        """The id a guidance is given before it is recorded (feedback refers to it)."""
        return uuid.uuid4().hex[:16]

    # --- writes -----------------------------------------------------------------------------------

    async def _write(self, write: _Write) -> Any:
        """Write now, or keep it in order behind what is already pending when the server cannot be reached.
        Returns the work's result, or None when it was kept for later."""
        if not self.pending:
            try:
                if not self._migrated:
                    await self.record.run(migrate)
                    self._migrated = True
                return await self.record.run(write.work)
            except RecordUnavailable as exc:
                log.warning("audit record unavailable, keeping %s to write later: %s", write.what, exc)
        self._keep(write)
        return None

    def _keep(self, write: _Write) -> None:
        if len(self.pending) >= MAX_PENDING:
            lost = self.pending.popleft()
            log.error("audit record lost (more than %d writes waiting): %s", MAX_PENDING, lost.what)
        self.pending.append(write)
        if self._retrying is None or self._retrying.done():
            self._retrying = asyncio.get_running_loop().create_task(self._retry(), name="audit-retry")

    async def _retry(self) -> None:
        attempt = 0
        while self.pending:
            await asyncio.sleep(RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)])
            attempt += 1
            try:
                await self.flush()
            except RecordUnavailable:
                continue
        log.info("audit record reachable again: every kept write is written")

    async def flush(self) -> None:
        """Write what is pending, in order; raises RecordUnavailable (keeping the rest) if the server is away.
        A write the server refuses (not one it could not take) is logged as lost, and the rest go on."""
        async with self._flushing:  # the retry task and shutdown never write the same record twice
            if self.pending and not self._migrated:
                await self.record.run(migrate)
                self._migrated = True
            while self.pending:
                try:
                    await self.record.run(self.pending[0].work)
                except RecordUnavailable:
                    raise
                except Exception:
                    log.exception("audit record lost (refused when written late): %s", self.pending[0].what)
                self.pending.popleft()

    async def record_guidance(
        self, *, record_id: str | None = None, platform: str, conversation: str, tree: str, path: list[str],
        outcome: str, verdict: str, policy_version: str, start: str | None = None,
        facts: dict[str, Scalar | None] | None = None, steps: list[str] | None = None,
    ) -> str:
        """`facts` are the policy's own values (never member text), so a decision can be replayed. The record's
        id (`record_id`, given in advance by `new_id`, or a new one)."""
        record_id = record_id or self.new_id()
        row = dict(id=record_id, at=self._clock(), platform=platform, conversation=conversation, tree=tree,
                   path=json.dumps(path), outcome=outcome, verdict=verdict, policy_version=policy_version,
                   start=start, facts=None if facts is None else json.dumps(facts, sort_keys=True),
                   steps=json.dumps(steps or []))
        await self._write(_Write(f"guidance {record_id} ({tree}/{outcome}, {platform})",
                                 lambda conn: conn.execute(guidance.insert().values(**row))))
        return record_id

    async def record_way_out(self, *, platform: str, conversation: str, kind: str) -> None:
        """A conversation that ended without advice ("something else", "I don't know" at the situation menu)."""
        row = dict(at=self._clock(), platform=platform, conversation=conversation, kind=kind)
        await self._write(_Write(f"way out {kind} ({platform})",
                                 lambda conn: conn.execute(way_outs.insert().values(**row))))

    async def record_feedback(self, record_id: str, helpful: bool) -> bool:
        """Store the member's feedback (the last click counts); Not helpful puts the advice in the review queue.
        False when no such guidance was given. While the server is away it is kept and taken as found."""
        at = self._clock()

        def write(conn: Connection) -> bool:
            found = conn.execute(update(guidance).where(guidance.c.id == record_id).values(helpful=int(helpful)))
            if found.rowcount != 1:
                return False
            if helpful:
                review.withdraw(conn, record_id, source="member")
            else:
                review.add(conn, at, record_id, source="member")
            return True

        said = "helpful" if helpful else "not helpful"
        written = await self._write(_Write(f"feedback {said} on guidance {record_id}", write))
        return written is None or bool(written)

    async def report_wrong(self, record_id: str, verdict: str) -> int | None:
        """A moderator's report that the advice should have given `verdict`: the review item's id, or None
        when no such guidance was recorded (or the record cannot be reached: nothing is queued then)."""
        at = self._clock()

        def write(conn: Connection) -> int | None:
            if conn.execute(select(guidance.c.id).where(guidance.c.id == record_id)).first() is None:
                return None
            return review.add(conn, at, record_id, source="moderator", verdict=verdict)

        try:
            return await self.record.run(write)
        except RecordUnavailable as exc:
            log.warning("a moderator's report could not be queued: %s", exc)
            return None

    def record_answer_posted(self, *, platform: str, answer_id: str, how: str) -> None:
        """Counted behind the reply: returns at once."""
        row = dict(at=self._clock(), platform=platform, answer_id=answer_id, how=how)
        write = _Write(f"answer {answer_id} posted ({how}, {platform})",
                       lambda conn: conn.execute(answers_posted.insert().values(**row)))
        if isinstance(self.record, SQLiteRecord):
            self.record.later(write.work)  # in order on the database's thread
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # a command, not a serving bot
            self.record.run_now(write.work)
            return
        task = loop.create_task(self._write(write))
        self._spawned.add(task)
        task.add_done_callback(self._spawned.discard)

    # --- reads (commands) -------------------------------------------------------------------------

    def decisions(self, since: float = 0.0, record_id: str | None = None) -> list[Decision]:
        """Every guidance recorded since `since` (or the one `record_id`), oldest first."""
        g = guidance.c
        where = g.id == record_id if record_id is not None else g.at >= since
        query = select(g.id, g.at, g.platform, g.start, g.tree, g.outcome, g.verdict, g.policy_version, g.facts,
                       g.steps, g.helpful).where(where).order_by(g.at, g.id)
        rows = self.record.run_now(lambda conn: conn.execute(query).all())
        return [Decision(id=r[0], at=r[1], platform=r[2], start=r[3], tree=r[4], outcome=r[5], verdict=r[6],
                         policy_version=r[7], facts=None if r[8] is None else json.loads(r[8]),
                         steps=json.loads(r[9]) if r[9] else [], helpful=None if r[10] is None else bool(r[10]))
                for r in rows]

    def decision(self, record_id: str) -> Decision | None:
        return next(iter(self.decisions(record_id=record_id)), None)

    def way_outs(self, since: float = 0.0) -> dict[str, int]:
        query = select(way_outs.c.kind, func.count()).where(way_outs.c.at >= since).group_by(way_outs.c.kind)
        return {kind: int(n) for kind, n in self.record.run_now(lambda conn: conn.execute(query).all())}

    def answer_uses(self) -> dict[str, int]:
        """How often each canonical answer was posted (by moderators, from search, …)."""
        query = select(answers_posted.c.answer_id, func.count()).group_by(answers_posted.c.answer_id)
        return {answer: int(n) for answer, n in self.record.run_now(lambda conn: conn.execute(query).all())}

    def stats(self, since: float = 0.0) -> dict[str, list[tuple]]:
        """Tables for `refundbot stats`: most asked trees, verdicts, answers posted, feedback per tree."""
        g, a = guidance.c, answers_posted.c
        n = func.count().label("n")

        def counted(column: Any, table_at: Any) -> Any:
            return select(column, n).where(table_at >= since).group_by(column).order_by(n.desc(), column)

        feedback = (select(g.tree, func.sum(case((g.helpful == 1, 1), else_=0)),
                           func.sum(case((g.helpful == 0, 1), else_=0)), func.count())
                    .where(g.at >= since).group_by(g.tree).order_by(g.tree))
        queries = {"trees": counted(g.tree, g.at), "verdicts": counted(g.verdict, g.at),
                   "answers": counted(a.answer_id, a.at), "feedback": feedback}

        def read(conn: Connection) -> dict[str, list[tuple]]:
            return {name: [tuple(int(v) if isinstance(v, int) else v for v in row)
                           for row in conn.execute(query).all()] for name, query in queries.items()}

        return self.record.run_now(read)

    def rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Raw SQL, for tests and one-off checks (the driver's parameter style)."""
        return self.record.run_now(lambda conn: [tuple(r) for r in conn.exec_driver_sql(sql, params).all()])

    async def check_ready(self) -> None:
        await self.record.run(lambda conn: conn.execute(text("SELECT 1")).scalar())

    async def drain(self) -> None:
        """Wait for the writes made behind replies (answers posted) to be written, or kept."""
        if isinstance(self.record, SQLiteRecord):
            await self.record.database.run(lambda conn: None)  # its queue runs in order
        await asyncio.gather(*self._spawned, return_exceptions=True)

    async def aclose(self) -> None:
        """Write what is pending if the server is back (else log what is lost), then close."""
        await self.drain()
        if self._retrying is not None:
            self._retrying.cancel()
        try:
            await self.flush()
        except RecordUnavailable as exc:
            for write in self.pending:
                log.error("audit record lost at shutdown (%s): %s", exc, write.what)
            self.pending.clear()
        await self.record.aclose()

    def close(self) -> None:
        self.record.close()
