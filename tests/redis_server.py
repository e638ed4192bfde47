"""A throwaway redis-server on a free loopback port, for the tests that need Redis.

Where the binary is missing the tests skip and say why, unless REFUNDBOT_REQUIRE_REDIS=1 (CI), where
a missing Redis is a failure: those tests must run there.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class RedisProcess:
    url: str
    process: subprocess.Popen[bytes]  # to kill it, or stop it (SIGSTOP) to play a hung server


@contextmanager
def redis_server() -> Iterator[str]:
    with redis_process() as redis:
        yield redis.url


@contextmanager
def redis_process(directory: str | None = None, port: int | None = None,
                  persist: bool = False) -> Iterator[RedisProcess]:
    """A redis-server; with `persist` it keeps every write in an append-only file in `directory`, so that one
    started again there (on the same `port`) has everything the first had."""
    binary = shutil.which("redis-server")
    if binary is None:
        reason = "redis-server is not installed: the Redis store tests cannot run here"
        if os.environ.get("REFUNDBOT_REQUIRE_REDIS") == "1":
            pytest.fail(reason + " (REFUNDBOT_REQUIRE_REDIS=1)")
        pytest.skip(reason)
    port = port or _free_port()
    with tempfile.TemporaryDirectory() as scratch:
        kept = ["--appendonly", "yes", "--appendfsync", "always"] if persist else ["--appendonly", "no"]
        process = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", *kept, "--dir", directory or scratch],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                        break
                except OSError:
                    time.sleep(0.02)
            else:
                pytest.fail(f"redis-server did not start on port {port}")
            yield RedisProcess(f"redis://127.0.0.1:{port}/0", process)
        finally:
            if process.poll() is None:
                process.kill()  # SIGKILL also ends a stopped process
            process.wait(timeout=10)
