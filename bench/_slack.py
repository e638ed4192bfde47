"""The Slack side of the benches: a serving process (the real app, or a bare Bolt app that only acknowledges),
a local fake of Slack's Web API that notes when each reply arrives, and signed requests.

    python bench/_slack.py real|bare --api URL --database PATH   # serves on a free port; prints "port N"
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp
from _common import ROOT
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
    """A serving process on the same stack as `refundbot serve slack`: Bolt's aiohttp server, one process."""

    def __init__(self, kind: str, api_url: str, database: Path):
        self.process = subprocess.Popen([sys.executable, str(Path(__file__)), kind, "--api", api_url,
                                         "--database", str(database)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line.startswith("port "):
            self.process.kill()
            raise RuntimeError(f"the {kind} Slack server did not start: {line!r}")
        self.url = f"http://127.0.0.1:{int(line.split()[1])}/slack/events"

    def rss_bytes(self) -> int:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))) * 1024

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


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


def _build(kind: str, api_url: str, database: Path) -> Any:
    from slack_bolt.async_app import AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    if kind == "bare":
        app = AsyncApp(signing_secret=SECRET, client=AsyncWebClient(token=TOKEN, base_url=api_url))

        async def acknowledge(ack: Any) -> None:
            await ack()

        app.event("app_mention")(acknowledge)
        return app
    from adapters.slack.app import build_app
    from bot.app.runtime import make_engine
    from bot.app.settings import Settings
    from bot.safety.limits import Limits

    settings = Settings(slack_bot_token=TOKEN, slack_signing_secret=SECRET, slack_api_url=api_url,
                        database=database, limits=Limits(rate_limit_messages=10**9))
    return build_app(make_engine(settings), settings.slack_options())


async def _serve(kind: str, api_url: str, database: Path) -> None:
    from aiohttp import web

    runner = web.AppRunner(_build(kind, api_url, database).web_app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    print("port", site._server.sockets[0].getsockname()[1], flush=True)  # type: ignore[union-attr]
    await asyncio.Event().wait()


if __name__ == "__main__":
    options = argparse.ArgumentParser()
    options.add_argument("kind", choices=("real", "bare"))
    options.add_argument("--api", required=True)
    options.add_argument("--database", type=Path, required=True)
    args = options.parse_args()
    asyncio.run(_serve(args.kind, args.api, args.database))
