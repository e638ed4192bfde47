"""Signed Slack requests over loopback to the real Bolt app, beside a bare Bolt app that only acknowledges.

    python bench/slack_http.py [--requests N] [--quick]

The real app is `refundbot serve slack` itself (SQLite, logs at INFO, metrics); the bare app is a Bolt app on
the same aiohttp server, one process too. Slack's side (the signed requests, and a fake Web API) runs in
this process. The real app's figure is end to end: from sending a mention to the fake receiving the bot's
first chat.postMessage. The floor is the bare app's acknowledgement of the same request: signature checks,
parsing and Bolt's dispatch. Beside them, for what no turn can save: the same bare app posting one fixed reply
per mention through slack_sdk (its end to end figure, as the real app's), with no turn, store or log behind it.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

import aiohttp
from _common import Row, parser, percentile, report
from _slack import Server, TimedAPI, mention


async def drive(server: Server, api: TimedAPI, concurrency: int, requests: int, end_to_end: bool,
                run: str) -> tuple[list[float], int]:
    """Latencies in seconds, and errors; `server.cpu_per_request` is set to its CPU milliseconds per request."""
    latencies: list[float] = []
    used = server.cpu_seconds()
    errors = 0
    numbers = iter(range(requests))

    async def worker(http: aiohttp.ClientSession) -> None:
        nonlocal errors
        for number in numbers:
            channel = f"C{run}x{concurrency}x{number}"
            arrived = api.expect(channel) if end_to_end else None
            started = time.perf_counter()
            if await mention(http, server.url, channel, number) != 200:
                errors += 1
                continue
            if arrived is None:
                latencies.append(time.perf_counter() - started)
                continue
            try:
                latencies.append(await asyncio.wait_for(arrived, 10) - started)
            except TimeoutError:
                errors += 1

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as http:
        await asyncio.gather(*(worker(http) for _ in range(concurrency)))
    if end_to_end:
        await asyncio.sleep(0.05)  # what the last replies' posts leave to finish (their responses)
    server.cpu_per_request = (server.cpu_seconds() - used) / requests * 1000
    return latencies, errors


async def measure(requests: int) -> tuple[list[Row], list[str]]:
    api = TimedAPI()
    api_url = await api.start()
    rows, notes = [], []
    with tempfile.TemporaryDirectory() as directory:
        real = Server("real", api_url, Path(directory) / "real.sqlite3")
        bare = Server("bare", api_url, Path(directory) / "bare.sqlite3")
        posting = Server("bare-post", api_url, Path(directory) / "post.sqlite3")
        try:
            for server, end_to_end in ((real, True), (bare, False), (posting, True)):  # warm: imports, connections
                await drive(server, api, 1, 3, end_to_end, "warm")
            for concurrency in (1, 10, 50):
                ours, errors = await drive(real, api, concurrency, requests, True, "real")
                floor, bare_errors = await drive(bare, api, concurrency, requests, False, "bare")
                posted, _ = await drive(posting, api, concurrency, requests, True, "post")
                rows.append(Row(f"concurrency {concurrency}: p50", percentile(ours, 0.5) * 1000,
                                percentile(floor, 0.5) * 1000, "ms"))
                rows.append(Row(f"concurrency {concurrency}: p99", percentile(ours, 0.99) * 1000,
                                percentile(floor, 0.99) * 1000, "ms", at_most=2 if concurrency == 50 else None))
                rows.append(Row(f"concurrency {concurrency}: p99, ack + one post, no turn",
                                percentile(posted, 0.99) * 1000, percentile(floor, 0.99) * 1000, "ms"))
                notes.append(f"concurrency {concurrency}: {requests:,} requests each, errors {errors} (real), "
                             f"{bare_errors} (bare); serving process CPU per request: real "
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
    report("Slack end to end: the real app's first reply, beside a bare Bolt app's acknowledgement", rows,
           [*notes, "floor: a Bolt app on the same server stack whose only listener acknowledges"])


if __name__ == "__main__":
    main()
