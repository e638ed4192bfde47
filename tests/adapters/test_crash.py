"""Crash safety: kill the console with SIGKILL mid-conversation, restart it, finish with nothing lost."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.conftest import FIXTURE_PACK

ROOT = Path(__file__).parents[2]


class Console:
    """`refundbot chat` in a subprocess, its output read line by line on a thread."""

    def __init__(self, database: Path):
        env = {k: v for k, v in os.environ.items() if not k.startswith("REFUNDBOT_")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "--knowledge", str(FIXTURE_PACK), "--database", str(database), "chat"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1, cwd=ROOT, env=env,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        self.seen = ""

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def read_until(self, text: str, timeout: float = 20) -> str:
        start = len(self.seen)
        deadline = time.monotonic() + timeout
        while text not in self.seen[start:]:
            try:
                line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"never saw {text!r}; got:\n{self.seen[start:]}") from None
            assert line is not None, f"the console exited before {text!r}; got:\n{self.seen[start:]}"
            self.seen += line
        return self.seen[start:]

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()


def test_sigkill_mid_conversation_loses_nothing(tmp_path: Path) -> None:
    database = tmp_path / "sessions.sqlite3"
    first = Console(database)
    try:
        first.send("hello")
        first.read_until("Which of these is closest to your situation?")
        first.send("2")  # the milestone was not released
        first.read_until("Did you submit the work?")
        first.send("yes")
        first.read_until("How many days ago did you submit?")
    finally:
        first.process.send_signal(signal.SIGKILL)
        first.process.wait(timeout=10)
    assert first.process.returncode == -signal.SIGKILL

    second = Console(database)
    try:
        assert "Picking up where you left off." in second.read_until("How many days ago did you submit?")
        second.send("3")
        advice = second.read_until("Based on:")
        assert "== Wait ==" in advice
        assert "Based on: work submitted; submitted 3 days ago" in second.seen
        second.close()
        assert second.process.wait(timeout=20) == 0, "a scripted console exits 0 at the end of input, advised"
    finally:
        if second.process.poll() is None:
            second.process.kill()
