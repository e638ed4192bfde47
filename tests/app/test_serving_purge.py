"""A serving bot purges expired sessions as it goes, not only when it next starts."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from bot.record import Session
from bot.record.sqlite import SQLiteStore
from tests.conftest import FIXTURE_PACK

ROOT = Path(__file__).parents[2]
LEFT_SECONDS = 5  # the session outlives the server's start (which purges too) by this much


def sessions(database: Path) -> int:
    with sqlite3.connect(database) as conn:
        return conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]


def test_serve_purges_expired_sessions_periodically(tmp_path: Path) -> None:
    database = tmp_path / "bot.sqlite3"
    store = SQLiteStore(database, ttl_seconds=86400)
    almost_idle = Session(key="slack:T:C:1.2:U", policy_version="v", updated_at=time.time() - 86400 + LEFT_SECONDS)
    asyncio.run(store.save(almost_idle))
    asyncio.run(store.close())

    env = {**{k: v for k, v in os.environ.items() if not k.startswith("REFUNDBOT_")},
           "REFUNDBOT_PURGE_INTERVAL_SECONDS": "0.2", "SLACK_BOT_TOKEN": "xoxb-test",
           "SLACK_SIGNING_SECRET": "secret", "SLACK_API_URL": "http://127.0.0.1:9/"}
    server = subprocess.Popen(
        [sys.executable, "-m", "bot", "--knowledge", str(FIXTURE_PACK), "--database", str(database),
         "serve", "slack", "--port", "0"], stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    try:
        assert server.stderr is not None
        for line in server.stderr:  # its warnings, then the line saying it serves
            if "listening" in line:
                break
        assert sessions(database) == 1, "still live when the server started"
        deadline = time.monotonic() + LEFT_SECONDS + 20
        while sessions(database) and time.monotonic() < deadline and server.poll() is None:
            time.sleep(0.1)
        assert sessions(database) == 0, "the expired session is purged while serving"
    finally:
        server.terminate()
        server.wait(timeout=10)
