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
from tests.conftest import FIXTURE_PACK
from tests.fake_slack_api import FakeSlackAPI
from tests.slack_wire import SECRET, Slack

ROOT = Path(__file__).parents[2]
MEMBER = "UJANE42"
PERSONAL = ("Hi, I'm Jane Doe (jane.doe@example.com, +1 415 555 0100), card 4111 1111 1111 1111, IBAN "
            "DE89 3704 0044 0532 0130 00, contract 21405998. My client Bob Whitaker from Springfield wants "
            "a refund for the logo and never released my milestone")
# Number fragments long enough not to turn up by chance in a port, a timestamp or a duration ("415" did).
NEVER_LOGGED = ("Jane", "Doe", "jane.doe", "example.com", "415 555", "555 0100", "4111 1111", "DE89 3704",
                "21405998", "Bob", "Whitaker", "Springfield", "logo", "milestone", MEMBER)


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


async def serve_slack(database: Path, api_url: str, *options: str) -> ServedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REFUNDBOT_", "SLACK_", "DISCORD_"))}
    env.update(SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET=SECRET, SLACK_APP_TOKEN="xapp-test",
               REFUNDBOT_SLACK_API_URL=api_url, REFUNDBOT_LOG_FORMAT="json", REFUNDBOT_LOG_LEVEL="DEBUG",
               REFUNDBOT_SHUTDOWN_GRACE_SECONDS="30")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "--knowledge", str(FIXTURE_PACK), "--database", str(database),
        "serve", "slack", *(options or ("--port", "0")), cwd=ROOT, env=env, stdout=asyncio.subprocess.DEVNULL,
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
    assert sorted(json.loads(data)["turns"] for _, data in stored) == [1, 1]  # the DM's and C7's
    assert all(re.fullmatch(r"h[0-9a-f]{64}", key) for key, _ in stored), "kept by their hash, no user id"

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


class SocketModeSlack(FakeSlackAPI):
    """Slack for Socket Mode: `apps.connections.open` hands out a local WebSocket that delivers envelopes."""

    def __init__(self) -> None:
        super().__init__()
        self.connected, self.acks = asyncio.Event(), asyncio.Queue[dict[str, Any]]()
        self.socket: web.WebSocketResponse | None = None
        self._socket_runner: web.AppRunner | None = None
        self.socket_url = ""

    async def start(self) -> str:
        app = web.Application()
        app.router.add_get("/link", self._link)
        self._socket_runner = web.AppRunner(app)
        await self._socket_runner.setup()
        site = web.TCPSite(self._socket_runner, "127.0.0.1", 0)
        await site.start()
        self.socket_url = f"ws://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/link"  # type: ignore[union-attr]
        return await super().start()

    async def stop(self) -> None:
        await super().stop()
        if self._socket_runner:
            await self._socket_runner.cleanup()

    def _answer(self, method: str, payload: dict[str, Any]) -> dict[str, Any]:
        if method == "apps.connections.open":
            return {"ok": True, "url": self.socket_url}
        return super()._answer(method, payload)

    async def _link(self, request: web.Request) -> web.WebSocketResponse:
        socket = self.socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_json({"type": "hello", "num_connections": 1})
        self.connected.set()
        async for message in socket:
            if message.type == aiohttp.WSMsgType.TEXT:
                await self.acks.put(json.loads(message.data))
        return socket

    async def slash_command(self, envelope_id: str, text: str) -> dict[str, Any]:
        """Deliver `/refund text`; the bot's acknowledgement of the envelope."""
        assert self.socket is not None
        await self.socket.send_json({"envelope_id": envelope_id, "type": "slash_commands",
                                     "accepts_response_payload": True, "payload": {
                                         "command": "/refund", "text": text, "user_id": MEMBER, "channel_id": "C8",
                                         "team_id": "T1", "response_url": f"{self.url}response",
                                         "trigger_id": "1.2.3", "token": "x"}})
        return await asyncio.wait_for(self.acks.get(), 20)


async def test_socket_mode_serves_health_readiness_and_metrics_on_the_health_port(tmp_path: Path) -> None:
    api = SocketModeSlack()
    api_url = await api.start()
    bot = await serve_slack(tmp_path / "bot.sqlite3", api_url, "--socket", "--health-port", "0")
    try:
        port = (await bot.log_entry(event="health"))["health_port"]
        await bot.log_entry(event="listening")
        await asyncio.wait_for(api.connected.wait(), 20)
        ack = await api.slash_command("env-1", PERSONAL)
        assert ack["envelope_id"] == "env-1"
        await api.wait_for("chat.postMessage", 3)  # the starter, then the bot's replies
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                assert response.status == 200
            async with http.get(f"http://127.0.0.1:{port}/readyz") as response:
                ready = await response.json()
                assert response.status == 200 and set(ready["checks"]) == {"pack", "sqlite", "audit"}
            async with http.get(f"http://127.0.0.1:{port}/metrics") as response:
                metrics = await response.text()
        assert 'refundbot_turns_total{platform="slack"} 1.0' in metrics
        assert 'call="POST apps.connections.open"' in metrics and MEMBER not in metrics
        bot.process.send_signal(signal.SIGTERM)
        assert await bot.exit_status() == 0
    finally:
        if bot.process.returncode is None:
            bot.process.kill()
            await bot.process.wait()
        await api.stop()
    assert not [word for word in NEVER_LOGGED if word.lower() in "".join(bot.lines).lower()]
