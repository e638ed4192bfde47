"""Two processes on one SQLite file, one conversation: every turn is applied exactly once."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURE_PACK

TURNS_EACH = 200


def chat(database: Path, **popen: object) -> subprocess.Popen[str]:
    """`refundbot chat` on the shared conversation, as a moderator's terminal beside a serving bot."""
    env = {**os.environ, "REFUNDBOT_LIMITS__RATE_LIMIT_MESSAGES": "100000",
           "REFUNDBOT_LIMITS__MAX_TURNS": "100000"}
    return subprocess.Popen(  # type: ignore[call-overload]
        [sys.executable, "-m", "bot", "--knowledge", str(FIXTURE_PACK), "--database", str(database),
         "chat", "--conversation", "shared"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, **popen)


def turns(database: Path) -> int:
    with sqlite3.connect(database) as conn:
        (data,) = conn.execute("SELECT data FROM sessions").fetchone()
    return int(json.loads(data)["turns"])


def test_two_processes_on_one_file_apply_every_turn_once(tmp_path: Path) -> None:
    database = tmp_path / "shared.sqlite3"
    first = chat(database)
    first.communicate("hello\n", timeout=60)
    assert turns(database) == 1

    processes = [chat(database) for _ in range(2)]
    for process in processes:  # both have loaded and resumed: start them together
        assert process.stdout is not None and process.stdout.readline().startswith("Picking up")
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("help\n" * TURNS_EACH)
        process.stdin.flush()
    for process in processes:
        _, errors = process.communicate(timeout=120)
        assert process.returncode == 1 and "Traceback" not in errors, errors  # 1: input ended before advice

    assert turns(database) == 1 + 2 * TURNS_EACH, "a turn read by both processes and written by both was lost"
