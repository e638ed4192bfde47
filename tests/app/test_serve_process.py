"""`refundbot serve slack` as operators run it: a real process, JSON logs, and SIGTERM in the middle of a turn."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sqlite3
import sys
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.pack.loading import load_knowledge
from tests.adapters.test_slack import SECRET, Slack
from tests.conftest import FIXTURE_PACK
from tests.fake_slack_api import FakeSlackAPI

ROOT = Path(__file__).parents[2]
MEMBER = "UJANE42"
PERSONAL = ("Hi, I'm Jane Doe (jane.doe@example.com, +1 415 555 0100), card 4111 1111 1111 1111, IBAN "
            "DE89 3704 0044 0532 0130 00, contract 21405998. My client Bob Whitaker from Springfield wants "
            "a refund for the logo and never released my milestone")
NEVER_LOGGED = ("Jane", "Doe", "jane.doe", "example.com", "415", "0100", "4111", "DE89", "21405998", "Bob",
                "Whitaker", "Springfield", "logo", "milestone", MEMBER)


class HeldSlackAPI(FakeSlackAPI):
    """Holds every chat.postMessage while `holding`, until `release`: a turn stays in flight meanwhile."""

    def __init__(self) -> None:
        super().__init__()
        self.holding = False
        self.held, self.release = asyncio.Event(), asyncio.Event()

    async def _handle(self, request: web.Request) -> web.Response:
        if self.holding and request.match_info["method"] == "chat.postMessage":
            self.held.set()
            await self.release.wait()
        return await super()._handle(request)


class ServedProcess:
    """The bot in a subprocess; its stderr read line by line, each line kept for the assertions."""

    def __init__(self, process: asyncio.subprocess.Process):
        self.process = process
        self.lines: list[str] = []
        self._reader = asyncio.create_task(self._read())
        self._new_line = asyncio.Event()

    async def _read(self) -> None:
        assert self.process.stderr is not None
        async for raw in self.process.stderr:
            self.lines.append(raw.decode())
            self._new_line.set()

    async def log_entry(self, **wanted: Any) -> dict[str, Any]:
        """The first JSON log entry with these fields (waits for it)."""
        async with asyncio.timeout(20):
            while True:
                for line in self.lines:
                    entry = json.loads(line)
                    if all(entry.get(k) == v for k, v in wanted.items()):
                        return entry
                assert self.process.returncode is None, f"the bot exited; it logged:\n{''.join(self.lines)}"
                self._new_line.clear()
                await self._new_line.wait()

    async def exit_status(self) -> int:
        async with asyncio.timeout(30):
            status = await self.process.wait()
            await self._reader
        return status


async def serve_slack(database: Path, api_url: str) -> ServedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REFUNDBOT_", "SLACK_", "DISCORD_"))}
    env.update(SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET=SECRET, REFUNDBOT_SLACK_API_URL=api_url,
               REFUNDBOT_LOG_FORMAT="json", REFUNDBOT_LOG_LEVEL="DEBUG", REFUNDBOT_SHUTDOWN_GRACE_SECONDS="30")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "--knowledge", str(FIXTURE_PACK), "--database", str(database),
        "serve", "slack", "--port", "0", cwd=ROOT, env=env, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE)
    return ServedProcess(process)


async def test_sigterm_during_a_turn_finishes_it_logs_nothing_personal_and_exits_0(tmp_path: Path) -> None:
    api = HeldSlackAPI()
    api_url = await api.start()
    database = tmp_path / "bot.sqlite3"
    bot = await serve_slack(database, api_url)
    try:
        port = (await bot.log_entry(event="listening"))["port"]
        slack = Slack(f"http://127.0.0.1:{port}/slack/events", api, None)  # type: ignore[arg-type]
        try:
            # A direct message full of personal data, answered in full.
            dm = {"type": "message", "user": MEMBER, "text": PERSONAL, "ts": "60.1", "channel": "D1",
                  "channel_type": "im"}
            assert await slack.event(dm, "EvDM") == 200
            await api.wait_for("chat.postMessage", 2)
            answered = len(api.posted())

            # Then /refund, whose replies Slack is slow to take: SIGTERM arrives while they are in flight.
            api.holding = True
            assert await slack.command("/refund", PERSONAL, user=MEMBER, channel="C7") == 200
            await asyncio.wait_for(api.held.wait(), 20)
            bot.process.send_signal(signal.SIGTERM)
            await bot.log_entry(event="draining")
            with pytest.raises(aiohttp.ClientConnectionError):  # no longer accepting
                await slack.command("/refund", "another", user="ULATE")
            api.release.set()
            assert await bot.exit_status() == 0
        finally:
            await slack.http.close()
    finally:
        if bot.process.returncode is None:
            bot.process.kill()
            await bot.process.wait()
        await api.stop()

    # The member's turn completed: the starter, then replies ending with a question and its buttons.
    refund_posts = [p for p in api.posted()[answered:] if p["channel"] == "C7"]
    assert refund_posts[0]["text"].startswith("Refund and dispute advice for <@UJANE42>")
    assert any(block["type"] == "actions" for block in refund_posts[-1].get("blocks", [])), refund_posts[-1]
    assert not any(p.get("user") == "ULATE" for _, p in api.calls)

    # Nothing was lost: both conversations are stored, each with its one turn.
    with sqlite3.connect(database) as db:
        stored = db.execute("SELECT key, data FROM sessions").fetchall()
    turns = {key.split(":")[2]: json.loads(data)["turns"] for key, data in stored}
    assert turns == {"D1": 1, "C7": 1}

    # Every log line is one JSON object; none holds member text or personal data.
    entries = [json.loads(line) for line in bot.lines]
    logged = "".join(bot.lines).lower()
    leaked = [word for word in NEVER_LOGGED if word.lower() in logged]
    assert not leaked, f"logged member data {leaked}:\n{''.join(bot.lines)}"
    turns_logged = [e for e in entries if e.get("event") == "turn"]
    assert len(turns_logged) == 2
    version = load_knowledge(FIXTURE_PACK).version
    assert all(e["policy_version"] == version and re.fullmatch(r"[0-9a-f]{16}", e["conversation"])
               for e in turns_logged)
    assert entries[-1]["message"] == "stopped cleanly"
