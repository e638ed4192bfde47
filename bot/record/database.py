"""One SQLite file, checked when opened and used from one worker thread.

Every call runs on the database's own thread, so waiting for another process's write lock (the busy
timeout) never blocks the event loop. Problems with the file itself (a missing or unwritable
directory, a read-only file, a full disk, a damaged or empty file) become `DatabaseFileError`: one
line naming the path and what to do. A file that is not a usable database is never written to;
`move_aside` sets it aside only when asked (`refundbot --move-aside-corrupt`).
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import logging
import os
import queue
import shutil
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future
from functools import partial
from pathlib import Path
from typing import Any, NoReturn, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")
BUSY_TIMEOUT_SECONDS = 10  # how long a statement waits for another process's write lock
MOVE_ASIDE_FLAG = "--move-aside-corrupt"


class DatabaseFileError(Exception):
    """A database file the bot cannot use; the message is one line for the person running it."""


_Deliver = Callable[[Any, BaseException | None], None]  # a call's result or error, told from the worker thread


class _Worker:
    """One thread running calls in the order they come. A call from the event loop comes back through one
    `call_soon_threadsafe`, without the futures a ThreadPoolExecutor chains for it (a turn makes several)."""

    def __init__(self, name: str):
        self._calls: queue.SimpleQueue[tuple[Callable[[], Any], _Deliver] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._serve, args=(self._calls,), name=name, daemon=True)
        self._thread.start()
        self._at_exit = partial(_stop, self._calls, self._thread)  # queued writes are done before the process ends
        atexit.register(self._at_exit)

    def submit(self, call: Callable[[], Any], deliver: _Deliver) -> None:
        self._calls.put((call, deliver))

    def stop(self) -> None:
        atexit.unregister(self._at_exit)
        self._at_exit()

    @staticmethod
    def _serve(calls: queue.SimpleQueue[tuple[Callable[[], Any], _Deliver] | None]) -> None:
        while (item := calls.get()) is not None:
            call, deliver = item
            try:
                result = call()
            except BaseException as exc:
                deliver(None, exc)
            else:
                deliver(result, None)


def _stop(calls: queue.SimpleQueue[Any], thread: threading.Thread) -> None:
    if thread.is_alive():
        calls.put(None)
        thread.join()


class Database:
    """A connection owned by one worker thread: `run` from coroutines, `run_now` from plain code."""

    def __init__(self, path: Path | str, *, create_directory: bool = False):
        self.path = str(path)
        self._worker = _Worker("sqlite")
        self._closed = False
        self._holders = 0  # stores sharing this connection (`shared`); the last one to close closes it
        try:
            self._conn = self._now(partial(_open, self.path, create_directory))
        except BaseException:
            self._worker.stop()
            raise

    @classmethod
    def shared(cls, database: Database | Path | str) -> Database:
        """`database` itself, or a new one for a path; each holder closes it once, and the last close closes it."""
        held = database if isinstance(database, Database) else cls(database)
        held._holders += 1
        return held

    async def run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()

        def call() -> T | None:
            return None if future.cancelled() else self._call(work)  # a cancelled wait's call is not made

        def deliver(result: Any, error: BaseException | None) -> None:
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: nobody waits any more
                loop.call_soon_threadsafe(_settle, future, result, error)

        self._worker.submit(call, deliver)
        return await future

    def run_now(self, work: Callable[[sqlite3.Connection], T]) -> T:
        return self._now(partial(self._call, work))

    def _now(self, call: Callable[[], T]) -> T:
        done: Future[T] = Future()
        self._worker.submit(call, lambda result, error: done.set_exception(error) if error is not None
                            else done.set_result(result))
        return done.result()

    def later(self, work: Callable[[sqlite3.Connection], object]) -> None:
        """Queue a write without waiting for it (calls run in order, so later reads see it)."""
        self._worker.submit(partial(self._call, work), _log_failure)

    def _call(self, work: Callable[[sqlite3.Connection], T]) -> T:
        try:
            return work(self._conn)
        except sqlite3.Error as exc:
            raise_explained(self.path, exc)

    def close(self) -> None:
        self._holders -= 1
        if self._holders <= 0 and not self._closed:
            self._closed = True
            self._now(self._conn.close)
            self._worker.stop()


def _settle(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.cancelled():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


def _log_failure(_: object, error: BaseException | None) -> None:
    if error is not None:
        log.error("a queued database write failed: %s", error)


def _open(path: str, create_directory: bool) -> sqlite3.Connection:
    if path != ":memory:":
        _check_file(Path(path), create_directory)
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_SECONDS)
    try:
        damage = _damage(conn)
        if damage:
            raise DatabaseFileError(_damaged(path, damage))
        conn.execute("PRAGMA journal_mode=WAL")  # readers never wait for a writer
        conn.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable across a process crash
        conn.execute("PRAGMA secure_delete=ON")  # what is deleted (a session rehashed, expired) is overwritten
    except sqlite3.Error as exc:
        conn.close()
        raise_explained(path, exc)
    except BaseException:
        conn.close()
        raise
    return conn


def _check_file(path: Path, create_directory: bool) -> None:
    directory = path.parent
    if not directory.is_dir():
        if directory.exists():
            raise DatabaseFileError(f"cannot open the database {path}: {directory} is not a directory")
        if not create_directory:
            raise DatabaseFileError(f"cannot open the database {path}: the directory {directory} does not exist; "
                                    "create it, or choose another file with --database")
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseFileError(f"cannot create the directory {directory} for the database {path}: "
                                    f"{exc.strerror}; choose another file with --database") from exc
    if not os.access(directory, os.W_OK | os.X_OK):
        raise DatabaseFileError(f"cannot use the database {path}: the directory {directory} is not writable "
                                "(SQLite keeps its journal beside the file); make it writable, "
                                "or choose another file with --database")
    if path.is_dir():
        raise DatabaseFileError(f"cannot use the database {path}: it is a directory; "
                                "choose a file with --database")
    if not path.exists():
        _create(path)
        return
    if not os.access(path, os.R_OK | os.W_OK):
        raise DatabaseFileError(f"cannot use the database {path}: the file is read-only; "
                                "make it writable (chmod u+rw), or choose another file with --database")
    if path.stat().st_size == 0:
        raise DatabaseFileError(
            f"the database {path} is empty (0 bytes): whatever it held is gone, so it was left untouched; "
            f"restore it from a backup, or run again with {MOVE_ASIDE_FLAG} to set it aside and start a new one")


def _create(path: Path) -> None:
    """Make a new database file whole, then link it into place: no process ever sees it empty."""
    draft = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.new")  # one per opener
    try:
        conn = sqlite3.connect(draft)
        conn.execute("PRAGMA journal_mode=WAL")  # writes the header: the file is a database from now on
        conn.close()
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another process made it first
        except OSError:  # no hard links on this filesystem
            if not path.exists():
                os.replace(draft, path)
    except sqlite3.Error as exc:
        raise_explained(str(path), exc)
    finally:
        for leftover in (draft, Path(f"{draft}-wal"), Path(f"{draft}-shm")):
            leftover.unlink(missing_ok=True)


def _damage(conn: sqlite3.Connection) -> str | None:
    """What SQLite's own check finds wrong with the file (None when it is sound)."""
    try:
        found = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
    except sqlite3.DatabaseError as exc:
        if exc.sqlite_errorname == "SQLITE_NOTADB" or exc.sqlite_errorname.startswith("SQLITE_CORRUPT"):
            return str(exc)
        raise
    if found == ["ok"]:
        return None
    problems = [line.strip() for row in found for line in row.splitlines() if line.strip() and "***" not in line]
    return "; ".join(problems)


def _damaged(path: str, detail: str) -> str:
    return (f"the database {path} is damaged ({detail}), so it was left untouched; restore it from a backup, "
            f"or run again with {MOVE_ASIDE_FLAG} to set it aside and start a new one")


def raise_explained(path: str, exc: sqlite3.Error) -> NoReturn:
    problem = explain(path, exc)
    if problem is None:
        raise exc
    raise problem from exc


def explain(path: str, exc: sqlite3.Error) -> DatabaseFileError | None:
    """The one line for an error about the file itself; None for any other error (a bug: let it show)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name == "SQLITE_FULL" or (name.startswith("SQLITE_IOERR") and _disk_full(path)):
        message = (f"cannot write the database {path}: the disk is full; free some space and run again "
                   "(what was saved before is kept)")
    elif name.startswith("SQLITE_READONLY"):
        message = (f"cannot write the database {path}: it is read-only ({exc}); make the file and its directory "
                   "writable, or choose another file with --database")
    elif name.startswith("SQLITE_CANTOPEN") or name in ("SQLITE_PERM", "SQLITE_AUTH"):
        message = f"cannot open the database {path} ({exc}); check that it and its directory exist and are writable"
    elif name == "SQLITE_NOTADB" or name.startswith("SQLITE_CORRUPT"):
        message = _damaged(path, str(exc))
    elif name.startswith("SQLITE_IOERR"):
        message = (f"cannot read or write the database {path}: disk I/O error ({name}); "
                   "check the disk (full, removed or failing?)")
    elif name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        message = (f"the database {path} stayed locked by another process for over {BUSY_TIMEOUT_SECONDS} s; "
                   "try again")
    else:
        return None
    return DatabaseFileError(message)


def _disk_full(path: str) -> bool:
    try:
        return shutil.disk_usage(Path(path).parent).free < 1 << 20
    except OSError:
        return False


def move_aside(path: Path, clock: Callable[[], float] = time.time) -> Path | None:
    """Rename a damaged or empty database (with its journal files) so a new one can start.

    Returns where it went; None when the file is absent or sound, which is then left alone.
    """
    if not path.is_file() or not _unusable(path):
        return None
    stamp = time.strftime("%Y%m%dT%H%M%S", time.localtime(clock()))
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 1
    while any(Path(f"{target}{suffix}").exists() for suffix in ("", "-wal", "-shm")):  # never over an earlier one
        number += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            source.rename(f"{target}{suffix}")
    return target


def _unusable(path: Path) -> bool:
    if path.stat().st_size == 0:
        return True
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return False  # not a question of damage: opening it says what is wrong
    try:
        return _damage(conn) is not None
    except sqlite3.Error:
        return False
    finally:
        conn.close()
