"""Signed requests over loopback to the real Bolt app, whose Web API calls go to a local fake.

End to end: from sending a mention event to the fake receiving the bot's first chat.postMessage.
    python bench/slack_http.py [--requests N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
from _common import percentile, print_table
from aiohttp import web
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.app import build_app
from bot.app.settings import Settings
from bot.conversation.engine import Engine
from bot.pack.loading import load_knowledge
from bot.record.audit import AuditLog
from bot.record.sqlite import SQLiteStore
from bot.safety.limits import Limits
from tests.fake_slack_api import FakeSlackAPI

SECRET = "bench-secret"
MESSAGE = "<@UBOT> I submitted the milestone 10 days ago and the client hasn't released it, fixed price, funded"


class TimedAPI(FakeSlackAPI):
    """Records when the first post to each channel arrives."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived: dict[str, asyncio.Future[float]] = {}

    def expect(self, channel: str) -> asyncio.Future[float]:
        self.arrived[channel] = asyncio.get_running_loop().create_future()
        return self.arrived[channel]

    def _answer(self, method: str, payload: dict[str, Any]) -> dict[str, Any]:
        waiting = self.arrived.get(payload.get("channel", ""))
        if method == "chat.postMessage" and waiting is not None and not waiting.done():
            waiting.set_result(time.perf_counter())
        return super()._answer(method, payload)


async def run(concurrency: int, requests: int, database: Path) -> tuple[list[float], int]:
    api = TimedAPI()
    api_url = await api.start()
    settings = Settings(slack_bot_token="xoxb-bench", slack_signing_secret=SECRET, slack_api_url=api_url,
                        database=database)
    engine = Engine(load_knowledge(), SQLiteStore(database), AuditLog(database),
                    limits=Limits(rate_limit_messages=10**6))
    app = build_app(engine, settings.slack_options(), client=AsyncWebClient(token="xoxb-bench", base_url=api_url))
    runner = web.AppRunner(app.web_app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/slack/events"  # type: ignore[union-attr]
    verifier = SignatureVerifier(SECRET)
    latencies: list[float] = []
    errors = 0
    counter = iter(range(requests))

    async def worker(http: aiohttp.ClientSession) -> None:
        nonlocal errors
        for number in counter:
            channel = f"C{concurrency}x{number}"
            body = json.dumps({"type": "event_callback", "team_id": "T1", "event_id": f"Ev{concurrency}x{number}",
                               "event": {"type": "app_mention", "user": f"U{number}", "text": MESSAGE,
                                         "ts": f"{number}.1", "channel": channel}})
            stamp = str(int(time.time()))
            arrived = api.expect(channel)
            started = time.perf_counter()
            async with http.post(url, data=body.encode(), headers={
                "Content-Type": "application/json", "X-Slack-Request-Timestamp": stamp,
                "X-Slack-Signature": verifier.generate_signature(timestamp=stamp, body=body)}) as response:
                if response.status != 200:
                    errors += 1
                    continue
            try:
                latencies.append(await asyncio.wait_for(arrived, 5) - started)
            except TimeoutError:
                errors += 1

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as http:
        await asyncio.gather(*(worker(http) for _ in range(concurrency)))
    await runner.cleanup()
    await api.stop()
    return latencies, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    args = parser.parse_args()
    rows = []
    for concurrency in (1, 10, 50):
        with tempfile.TemporaryDirectory() as directory:
            started = time.perf_counter()
            latencies, errors = asyncio.run(run(concurrency, args.requests, Path(directory) / "bench.sqlite3"))
            elapsed = time.perf_counter() - started
        rows.append((concurrency, args.requests, f"{len(latencies) / elapsed:,.0f}",
                     f"{percentile(latencies, 0.5) * 1000:.1f}", f"{percentile(latencies, 0.99) * 1000:.1f}", errors))
    print_table(("concurrency", "requests", "req/s", "p50 ms", "p99 ms", "errors"), rows)


if __name__ == "__main__":
    main()
