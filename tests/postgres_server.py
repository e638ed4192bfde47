"""PostgreSQL for the tests: the machine's server (127.0.0.1:5432, trust auth, database `test`), each test in
a schema of its own; or a throwaway cluster of our own, for the tests that stop and restart the server.

Where no server answers, the machine's cluster is started if it is installed (pg_ctlcluster). Where
PostgreSQL cannot run at all the tests skip and say why, unless REFUNDBOT_REQUIRE_POSTGRES=1 (CI), where
that is a failure: those tests must run there.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

SERVER_URL = os.environ.get("REFUNDBOT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def _cannot(reason: str) -> None:
    if os.environ.get("REFUNDBOT_REQUIRE_POSTGRES") == "1":
        pytest.fail(reason + " (REFUNDBOT_REQUIRE_POSTGRES=1)")
    pytest.skip(reason)


def _answers(url: str) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def _start_machine_cluster() -> None:
    if shutil.which("pg_ctlcluster") is None:
        return
    for conf in glob.glob("/etc/postgresql/*/main"):
        version = Path(conf).parent.name
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
                       capture_output=True, timeout=60, check=False)


_checked: list[bool] = []


def server_url() -> str:
    """The machine's server, started if it is installed but not running."""
    if not _checked:
        if not _answers(SERVER_URL):
            _start_machine_cluster()
        _checked.append(_answers(SERVER_URL))
    if not _checked[0]:
        _cannot(f"no PostgreSQL answers at {SERVER_URL} and none could be started: the PostgreSQL tests cannot run")
    return SERVER_URL


def with_schema(url: str, schema: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A URL whose tables land in a new, empty schema of the machine's server, dropped afterwards."""
    url = server_url()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield with_schema(url, schema)
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _binaries() -> Path | None:
    for found in sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True):
        return Path(found).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class Cluster:
    """A PostgreSQL cluster of our own on a free port, that a test can stop and start again."""

    def __init__(self, directory: Path, binaries: Path):
        self.directory, self.binaries = directory, binaries
        self.port = _free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        self._as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *command: str) -> None:
        subprocess.run([*self._as_owner, *command], check=True, capture_output=True, timeout=120)

    def init(self) -> None:
        self._run(str(self.binaries / "initdb"), "-D", str(self.directory / "data"), "-U", "postgres",
                  "--auth=trust", "--no-sync")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(str(self.binaries / "pg_ctl"), "-D", str(self.directory / "data"), "-w", "-l",
                  str(self.directory / "log"), "-o", options, "start")

    def stop(self) -> None:
        self._run(str(self.binaries / "pg_ctl"), "-D", str(self.directory / "data"), "-m", "immediate", "-w",
                  "stop")


@contextmanager
def postgres_cluster() -> Iterator[Cluster]:
    binaries = _binaries()
    if binaries is None:
        _cannot("PostgreSQL's initdb is not installed: the tests that restart PostgreSQL cannot run")
        raise AssertionError  # unreachable: _cannot raises
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        _cannot("running as root without runuser: PostgreSQL refuses to run as root")
    with tempfile.TemporaryDirectory(prefix="refundbot-pg-") as directory:
        if os.geteuid() == 0:
            shutil.chown(directory, "postgres")
        cluster = Cluster(Path(directory), binaries)
        cluster.init()
        cluster.start()
        try:
            deadline = time.monotonic() + 30
            while not _answers(cluster.url) and time.monotonic() < deadline:
                time.sleep(0.1)
            yield cluster
        finally:
            with contextlib.suppress(subprocess.CalledProcessError):  # already stopped by the test
                cluster.stop()
