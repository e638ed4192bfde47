"""Signed Slack requests over loopback to the real Bolt app, beside a bare Bolt app that only acknowledges.

    python bench/slack_http.py [--requests N] [--quick]

The real app is `refundbot serve slack` itself (SQLite, logs at INFO, metrics); the bare app is a Bolt app on
the same aiohttp server, one process too. Slack's side (the signed requests, and a fake Web API) runs in
this process. Two figures for the real app:
- its acknowledgement of each mention, driven as the bare app is (the next mention goes once the last is
  acknowledged), while the turns run behind: beside the bare app's acknowledgement (signature checks, parsing,
  Bolt's dispatch), the floor the target (≤ 2× at concurrency 50) is set on;
- its first reply, end to end (from sending a mention to the fake Web API receiving the bot's first
  chat.postMessage): beside the same bare app posting one fixed reply per mention through slack_sdk, with no
  turn, store or log behind it. A reply costs a turn (reading, the tree, the session saved), which no ack has:
  that figure is beside the floor a reply has.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

import aiohttp
from _common import Row, parser, percentile, report
from _slack import Server, TimedAPI, mention


async def drive(server: Server, api: TimedAPI, concurrency: int, requests: int, replies: str,
                run: str) -> tuple[list[float], list[float], int]:
    """Acknowledgement and first-reply latencies in seconds, and errors. `replies`: "none" (the bare app posts
    none), "awaited" (each worker sends its next mention once the reply to the last arrived: end to end), or
    "after" (the next mention goes once the last is acknowledged, as to the bare app, and the replies are
    awaited at the end, so that no turn left running slows the next drive). Sets `server.cpu_per_request`
    to the serving process's CPU milliseconds per request."""
    acknowledged: list[float] = []
    replied: list[float] = []
    pending: list[tuple[float, asyncio.Future[float]]] = []
    used = server.cpu_seconds()
    errors = 0
    numbers = iter(range(requests))

    async def worker(http: aiohttp.ClientSession) -> None:
        nonlocal errors
        for number in numbers:
            channel = f"C{run}x{concurrency}x{number}"
            arrived = api.expect(channel) if replies != "none" else None
            started = time.perf_counter()
            if await mention(http, server.url, channel, number) != 200:
                errors += 1
                continue
            acknowledged.append(time.perf_counter() - started)
            if arrived is not None:
                pending.append((started, arrived))
            if replies == "awaited":
                errors += not await _reply(replied, *pending.pop())

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as http:
        await asyncio.gather(*(worker(http) for _ in range(concurrency)))
    for started, arrived in pending:
        errors += not await _reply(replied, started, arrived)
    if replies != "none":
        await asyncio.sleep(0.05)  # what the last replies' posts leave to finish (their responses)
    server.cpu_per_request = (server.cpu_seconds() - used) / requests * 1000
    return acknowledged, replied, errors


async def _reply(replied: list[float], started: float, arrived: asyncio.Future[float]) -> bool:
    try:
        replied.append(await asyncio.wait_for(arrived, 10) - started)
        return True
    except TimeoutError:
        return False


async def measure(requests: int) -> tuple[list[Row], list[str]]:
    api = TimedAPI()
    api_url = await api.start()
    rows, notes = [], []
    with tempfile.TemporaryDirectory() as directory:
        real = Server("real", api_url, Path(directory) / "real.sqlite3")
        bare = Server("bare", api_url, Path(directory) / "bare.sqlite3")
        posting = Server("bare-post", api_url, Path(directory) / "post.sqlite3")
        try:
            for server, replies in ((real, "awaited"), (bare, "none"), (posting, "awaited")):  # warm: imports
                await drive(server, api, 1, 3, replies, "warm")
            for concurrency in (1, 10, 50):
                acks, _, ack_errors = await drive(real, api, concurrency, requests, "after", "acks")
                floor, _, bare_errors = await drive(bare, api, concurrency, requests, "none", "bare")
                _, replies, errors = await drive(real, api, concurrency, requests, "awaited", "real")
                _, posted, _ = await drive(posting, api, concurrency, requests, "awaited", "post")
                rows += [
                    Row(f"concurrency {concurrency}: acknowledgement p99", percentile(acks, 0.99) * 1000,
                        percentile(floor, 0.99) * 1000, "ms", at_most=2 if concurrency == 50 else None),
                    Row(f"concurrency {concurrency}: first reply p50", percentile(replies, 0.5) * 1000,
                        percentile(posted, 0.5) * 1000, "ms"),
                    Row(f"concurrency {concurrency}: first reply p99", percentile(replies, 0.99) * 1000,
                        percentile(posted, 0.99) * 1000, "ms")]
                notes.append(f"concurrency {concurrency}: {requests:,} requests each, errors {ack_errors + errors} "
                             f"(real), {bare_errors} (bare); serving process CPU per request: real "
                             f"{real.cpu_per_request:.2f} ms, bare {bare.cpu_per_request:.2f} ms, ack + post "
                             f"{posting.cpu_per_request:.2f} ms")
        finally:
            for server in (real, bare, posting):
                server.stop()
    await api.stop()
    return rows, notes


def main() -> None:
    options = parser(__doc__)
    options.add_argument("--requests", type=int, default=1000)
    args = options.parse_args()
    requests = 20 if args.quick else args.requests
    rows, notes = asyncio.run(measure(requests))
    report("Slack: the real app's acknowledgements and first replies, beside a bare Bolt app's", rows,
           [*notes, "floor of an acknowledgement: a Bolt app on the same server stack whose only listener "
                    "acknowledges; of a first reply: the same app, posting one fixed reply per mention"])


if __name__ == "__main__":
    main()
