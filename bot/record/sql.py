"""Where the audit record is kept: the SQLite file (the embedded default), or a PostgreSQL server that every
instance shares (`REFUNDBOT_DATABASE_URL=postgresql://…`).

Both run the same SQLAlchemy Core statements, handed a connection: on SQLite, on the database's own thread
(`bot.record.database`); on PostgreSQL, through psycopg's asyncio driver, so a coroutine never blocks the
event loop. The commands (`stats`, `review`, …) read synchronously (`run_now`). A PostgreSQL that cannot
be reached in time is `RecordUnavailable`; the audit log keeps such writes and retries them.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, Engine, create_engine, make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import StaticPool

from bot.record.database import Database, raise_explained

log = logging.getLogger(__name__)
T = TypeVar("T")
TIMEOUT_SECONDS = 5.0  # connecting and each unit of work on PostgreSQL: a hung server answers nothing


class RecordUnavailable(Exception):
    """The record's server cannot be reached now (down, restarting, or not answering in time)."""


class SQLRecord(ABC):
    dialect: str  # "sqlite" or "postgresql"

    @abstractmethod
    async def run(self, work: Callable[[Connection], T]) -> T:
        """`work` in one transaction, without blocking the event loop."""

    @abstractmethod
    def run_now(self, work: Callable[[Connection], T]) -> T:
        """`work` in one transaction, waiting in place (commands, start-up)."""

    @abstractmethod
    async def aclose(self) -> None: ...

    @abstractmethod
    def close(self) -> None: ...


def open_record(target: SQLRecord | Database | Path | str) -> SQLRecord:
    """A PostgreSQL URL, or an SQLite database (shared with the session store) or file."""
    if isinstance(target, SQLRecord):
        return target
    if isinstance(target, str) and target.startswith(("postgresql:", "postgresql+", "postgres:")):
        return PostgresRecord(target)
    return SQLiteRecord(target)


class SQLiteRecord(SQLRecord):
    dialect = "sqlite"

    def __init__(self, database: Database | Path | str):
        self.database = Database.shared(database)
        self._engine: Engine | None = None  # made on the database's thread, over its one connection

    def _in_transaction(self, work: Callable[[Connection], T], raw: sqlite3.Connection) -> T:
        if self._engine is None:
            self._engine = create_engine("sqlite://", creator=lambda: raw, poolclass=StaticPool)
        try:
            with self._engine.connect() as conn:
                conn.exec_driver_sql("BEGIN IMMEDIATE")  # the connection is in autocommit: one transaction here
                try:
                    result = work(conn)
                except BaseException:
                    conn.exec_driver_sql("ROLLBACK")
                    raise
                conn.exec_driver_sql("COMMIT")
                return result
        except DBAPIError as exc:
            if isinstance(exc.orig, sqlite3.Error):
                raise_explained(self.database.path, exc.orig)
            raise

    async def run(self, work: Callable[[Connection], T]) -> T:
        return await self.database.run(lambda raw: self._in_transaction(work, raw))

    def run_now(self, work: Callable[[Connection], T]) -> T:
        return self.database.run_now(lambda raw: self._in_transaction(work, raw))

    def later(self, work: Callable[[Connection], object]) -> None:
        """Queued on the database's thread without waiting (its calls run in order: later reads see it)."""
        self.database.later(lambda raw: self._in_transaction(work, raw))

    async def aclose(self) -> None:
        self.close()

    def close(self) -> None:
        self.database.close()


def _unreachable(exc: BaseException) -> bool:
    return isinstance(exc, OperationalError | InterfaceError | OSError | TimeoutError) or (
        isinstance(exc, DBAPIError) and exc.connection_invalidated)


class PostgresRecord(SQLRecord):
    dialect = "postgresql"

    def __init__(self, url: str, timeout_seconds: float = TIMEOUT_SECONDS):
        self.url = make_url(url).set(drivername="postgresql+psycopg")
        self.timeout_seconds = timeout_seconds
        self._connect_args = {"connect_timeout": max(1, round(timeout_seconds))}
        self._async: AsyncEngine | None = None
        self._sync: Engine | None = None

    def _explained(self, exc: BaseException) -> RecordUnavailable:
        first_line = (str(getattr(exc, "orig", None) or exc) or type(exc).__name__).strip().splitlines()[0]
        where = f"{self.url.host or 'localhost'}:{self.url.port or 5432}/{self.url.database or ''}"
        return RecordUnavailable(f"PostgreSQL at {where} cannot be reached: {first_line}")

    async def run(self, work: Callable[[Connection], T]) -> T:
        if self._async is None:
            self._async = create_async_engine(self.url, pool_pre_ping=True, pool_size=5, max_overflow=5,
                                              connect_args=self._connect_args)
        try:
            async with asyncio.timeout(self.timeout_seconds), self._async.begin() as conn:
                return await conn.run_sync(work)
        except Exception as exc:
            if _unreachable(exc):
                raise self._explained(exc) from exc
            raise

    def run_now(self, work: Callable[[Connection], T]) -> T:
        if self._sync is None:
            self._sync = create_engine(self.url, pool_pre_ping=True, pool_size=1, max_overflow=2,
                                       connect_args=self._connect_args)
        try:
            with self._sync.begin() as conn:
                return work(conn)
        except Exception as exc:
            if _unreachable(exc):
                raise self._explained(exc) from exc
            raise

    async def aclose(self) -> None:
        if self._async is not None:
            await self._async.dispose()
            self._async = None
        self.close()

    def close(self) -> None:
        if self._sync is not None:
            self._sync.dispose()
            self._sync = None
