"""The Slack side of the benches: a serving process (`refundbot serve slack` itself, or a bare Bolt app that
only acknowledges), a local fake of Slack's Web API that notes when each reply arrives, and signed requests.

    python bench/_slack.py --api URL --port N [--post]  # the bare app (the real one is `python -m bot serve slack`)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp
from _common import ROOT, free_port, wait_for_port
from slack_sdk.signature import SignatureVerifier

from tests.fake_slack_api import FakeSlackAPI

SECRET = "bench-secret"
TOKEN = "xoxb-bench"
MESSAGE = "<@UBOT> I submitted the milestone 10 days ago and the client hasn't released it, fixed price, funded"


class TimedAPI(FakeSlackAPI):
    """Notes when the first post to each channel arrives."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived: dict[str, asyncio.Future[float]] = {}

    def expect(self, channel: str) -> asyncio.Future[float]:
        self.arrived[channel] = asyncio.get_running_loop().create_future()
        return self.arrived[channel]

    def _answer(self, method: str, payload: dict[str, Any]) -> dict[str, Any]:
        waiting = self.arrived.pop(payload.get("channel", ""), None)
        if method == "chat.postMessage" and waiting is not None and not waiting.done():
            waiting.set_result(time.perf_counter())
        self.calls.clear()  # a long run must not keep every call
        return super()._answer(method, payload)


class Server:
    """A serving process. `real`: `refundbot serve slack` as operators run it (its Web API client on one
    session, metrics, logs at INFO, the pack watcher); `bare`: a Bolt app on the same aiohttp server whose
    only listener acknowledges; `bare-post`: the same, whose listener also posts one fixed reply in the thread
    (through slack_sdk on one session, as the real app does), with no turn behind it."""

    def __init__(self, kind: str, api_url: str, database: Path):
        port = free_port()
        self.log = database.with_suffix(".log")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("REFUNDBOT_", "SLACK_", "DISCORD_"))}
        if kind == "real":
            env.update(SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SECRET, REFUNDBOT_SLACK_API_URL=api_url,
                       REFUNDBOT_LIMITS__RATE_LIMIT_MESSAGES=str(10**9))
            command = ["-m", "bot", "--database", str(database), "serve", "slack", "--host", "127.0.0.1",
                       "--port", str(port)]
        else:
            command = [str(Path(__file__)), "--api", api_url, "--port", str(port),
                       *(["--post"] if kind == "bare-post" else [])]
        with self.log.open("w") as log:  # its logs, written as in production (and shown if it fails to start)
            self.process = subprocess.Popen([sys.executable, *command], stdout=subprocess.DEVNULL, stderr=log,
                                            cwd=ROOT, env=env)
        deadline = time.monotonic() + 60
        while True:
            try:
                wait_for_port(port, 0.5)
                break
            except OSError:
                if self.process.poll() is None and time.monotonic() < deadline:
                    continue
                self.process.kill()
                raise RuntimeError(f"the {kind} Slack server did not start: {self.log.read_text()[-2000:]}") from None
        self.url = f"http://127.0.0.1:{port}/slack/events"
        self.cpu_per_request = 0.0  # CPU milliseconds per request of the last drive (bench/slack_http.py)

    def rss_bytes(self) -> int:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))) * 1024

    def cpu_seconds(self) -> float:
        """CPU time the process has used so far, all its threads (from /proc; 0 where there is none)."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


async def mention(http: aiohttp.ClientSession, url: str, channel: str, number: int, text: str = MESSAGE) -> int:
    """One signed app_mention event, as Slack sends it; the HTTP status of the acknowledgement."""
    body = json.dumps({"type": "event_callback", "team_id": "T1", "event_id": f"Ev{channel}x{number}",
                       "event": {"type": "app_mention", "user": f"U{number}", "text": text, "ts": f"{number}.1",
                                 "channel": channel}})
    stamp = str(int(time.time()))
    signature = SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body)
    async with http.post(url, data=body.encode(), headers={
            "Content-Type": "application/json", "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signature}) as response:
        await response.read()
        return response.status


async def _serve_bare(api_url: str, port: int, post: bool) -> None:
    from aiohttp import web
    from slack_bolt.async_app import AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    session = aiohttp.ClientSession()
    app = AsyncApp(signing_secret=SECRET, client=AsyncWebClient(token=TOKEN, base_url=api_url, session=session))
    reply = [{"type": "section", "text": {"type": "mrkdwn", "text": "I understood: you are the freelancer. Right?"}}]

    async def acknowledge(ack: Any, event: dict[str, Any]) -> None:
        await ack()
        if post:
            await app.client.chat_postMessage(channel=event["channel"], thread_ts=event["ts"], text="Right?",
                                              blocks=reply, unfurl_links=False, unfurl_media=False)

    app.event("app_mention")(acknowledge)
    runner = web.AppRunner(app.web_app(), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    await asyncio.Event().wait()


if __name__ == "__main__":
    options = argparse.ArgumentParser()
    options.add_argument("--api", required=True)
    options.add_argument("--port", type=int, required=True)
    options.add_argument("--post", action="store_true", help="also post one reply per mention")
    args = options.parse_args()
    asyncio.run(_serve_bare(args.api, args.port, args.post))
