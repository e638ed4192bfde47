"""`refundbot serve slack` itself, as a process: bound where --host says, junk refused without a traceback,
a signed command answered through the Web API (the recording fake)."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
from slack_sdk.signature import SignatureVerifier

from tests.conftest import FIXTURE_PACK
from tests.fake_slack_api import FakeSlackAPI

SECRET = "serve-test-secret"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def listening(port: int, process: asyncio.subprocess.Process) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.returncode is None:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        except OSError:
            await asyncio.sleep(0.1)
    raise AssertionError("refundbot serve slack did not start listening")


def signed(body: str) -> dict[str, str]:
    stamp = str(int(time.time()))
    return {"X-Slack-Request-Timestamp": stamp, "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Signature": SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body) or ""}


async def test_serve_slack_on_a_given_host(tmp_path: Path) -> None:
    api = FakeSlackAPI()
    api_url = await api.start()
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": SECRET,
           "REFUNDBOT_SLACK_API_URL": api_url, "REFUNDBOT_DATABASE": str(tmp_path / "bot.sqlite3"),
           "REFUNDBOT_KNOWLEDGE_DIR": str(FIXTURE_PACK)}
    with log.open("wb") as output:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "serve", "slack", "--host", "127.0.0.1", "--port", str(port),
            env=env, stdout=output, stderr=output)
    url = f"http://127.0.0.1:{port}/slack/events"
    try:
        await listening(port, process)
        async with aiohttp.ClientSession() as http:
            async with http.post(url, data=b"[1, 2]", headers={"Content-Type": "application/json"}) as response:
                assert response.status == 401
            async with http.post(url, data=b"{not json", headers={**signed("{not json"),
                                                                    "Content-Type": "application/json"}) as response:
                assert response.status == 400
            command = urlencode({"command": "/refund", "text": "", "user_id": "U1", "channel_id": "C1",
                                 "team_id": "T1", "response_url": f"{api_url}response", "trigger_id": "1"})
            async with http.post(url, data=command.encode(), headers=signed(command)) as response:
                assert response.status == 200
        posts = await api.wait_for("chat.postMessage", 3, timeout=15)
        assert posts[0]["text"] == "Refund and dispute advice for <@U1>"
    finally:
        process.terminate()
        await process.wait()
        await api.stop()
    shown = log.read_text()
    assert "listening on 127.0.0.1:" in shown
    assert "Traceback" not in shown, shown
