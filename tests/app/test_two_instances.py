"""Two `refundbot serve slack` processes behind one Slack app, sharing one Redis and one PostgreSQL (issue 14,
item 2): a conversation goes on from one to the other, feedback on the other is recorded, `stats` counts
both, one click delivered to both at once records one guidance, and the rate limit holds across both."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import psycopg
import pytest

from tests.app.test_serve_process import ROOT, ServedProcess
from tests.conftest import FIXTURE_PACK
from tests.fake_slack_api import FakeSlackAPI
from tests.postgres_server import postgres_schema
from tests.redis_server import redis_server
from tests.slack_wire import SECRET, Slack

LIMIT = 9  # actions per member per minute, across both instances


async def serve(database: Path, api_url: str, redis_url: str, database_url: str) -> ServedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REFUNDBOT_", "SLACK_", "DISCORD_"))}
    env.update(SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET=SECRET, REFUNDBOT_SLACK_API_URL=api_url,
               REFUNDBOT_LOG_FORMAT="json", REFUNDBOT_REDIS_URL=redis_url, REFUNDBOT_DATABASE_URL=database_url,
               REFUNDBOT_LIMITS__RATE_LIMIT_MESSAGES=str(LIMIT), REFUNDBOT_LIMITS__RATE_LIMIT_SECONDS="60")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "--knowledge", str(FIXTURE_PACK), "--database", str(database),
        "serve", "slack", "--port", "0", cwd=ROOT, env=env, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE)
    return ServedProcess(process)


@asynccontextmanager
async def two_instances(tmp_path: Path) -> AsyncIterator[tuple[Slack, Slack, str]]:
    """Slack's side of the wire for each instance (each with its own SQLite file, unused for state)."""
    api = FakeSlackAPI()
    api_url = await api.start()
    with redis_server() as redis_url, postgres_schema() as database_url:
        bots = [await serve(tmp_path / f"{name}.sqlite3", api_url, redis_url, database_url) for name in "ab"]
        clients = []
        try:
            for bot in bots:
                port = (await bot.log_entry(event="listening"))["port"]
                clients.append(Slack(f"http://127.0.0.1:{port}/slack/events", api, None))  # type: ignore[arg-type]
            yield clients[0], clients[1], database_url
        finally:
            for client in clients:
                await client.http.close()
            for bot in bots:
                if bot.process.returncode is None:
                    bot.process.terminate()
                    assert await bot.exit_status() == 0
            await api.stop()


def labels(message: dict) -> list[str]:
    return [e["text"]["text"] for b in message.get("blocks", []) if b["type"] == "actions" for e in b["elements"]]


async def next_post(api: FakeSlackAPI, seen: int) -> dict:
    return (await api.wait_for("chat.postMessage", seen + 1, timeout=20))[-1]


async def to_advice(first: Slack, second: Slack, user: str, channel: str, *, both_at_the_end: bool) -> dict:
    """A conversation from /refund on `first` to its guidance, each click on the other instance than the one
    before; the last click delivered to both at once when `both_at_the_end`. The guidance message."""
    api = first.api
    seen = len(api.posted())
    await first.command("/refund", "", user=user, channel=channel)
    question = (await api.wait_for("chat.postMessage", seen + 3, timeout=20))[-1]
    instances = [second, first]
    for turn, label in enumerate(["The client wants a refund", "Fixed-price"]):
        seen = len(api.posted())
        await instances[turn % 2].click({**question, "ts": f"{1100 + turn}.1"}, label, user=user)
        question = await next_post(api, seen)
    seen = len(api.posted())
    last = {**question, "ts": "1200.1"}
    yes = next(label for label in labels(question) if label.lower().startswith("yes"))
    if both_at_the_end:
        await asyncio.gather(first.click(last, yes, user=user), second.click(last, yes, user=user))
    else:
        await second.click(last, yes, user=user)
    return await next_post(api, seen)


def feedback_in(message: dict) -> bool:
    return any("helpful" in label.lower() for label in labels(message))


def feedback_label(advice: dict, helpful: bool) -> str:
    return next(label for label in labels(advice) if label.lower().startswith("not") != helpful
                and "helpful" in label.lower())


async def test_two_instances_share_conversations_records_stats_and_limits(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture) -> None:
    async with two_instances(tmp_path) as (a, b, database_url):
        # Started on a, continued on b and a; the last click reaches both instances at once.
        one = await to_advice(a, b, "U1", "C1", both_at_the_end=True)
        # Started on b; its advice given by a; the feedback lands on b.
        two = await to_advice(b, a, "U2", "C2", both_at_the_end=False)
        seen = len(a.api.calls)
        await b.click({**two, "ts": "1300.1"}, feedback_label(two, helpful=False), user="U2")
        await a.click({**one, "ts": "1301.1"}, feedback_label(one, helpful=True), user="U1")
        for _ in range(2000):  # the thanks, privately, for both clicks
            if sum(1 for name, _ in a.api.calls[seen:] if name in ("response", "chat.postEphemeral")) >= 2:
                break
            await asyncio.sleep(0.01)

        with psycopg.connect(database_url) as conn:
            recorded = conn.execute("SELECT conversation, helpful FROM guidance ORDER BY helpful").fetchall()
        assert len(recorded) == 2, "one guidance per conversation, the double delivery included"
        advice_posts = [p for p in a.api.posted() if p["channel"] == "C1" and feedback_in(p)]
        assert len(advice_posts) == 1, "the click delivered twice is answered once"
        assert not [p for p in a.api.posted() if p["channel"] == "C1" and "has ended" in p["text"]], \
            "and the second delivery says nothing"
        assert [helpful for _, helpful in recorded] == [0, 1]

        # Stats read from PostgreSQL count both instances' advice.
        from bot.app.cli import main

        os.environ["REFUNDBOT_DATABASE_URL"] = database_url
        try:
            assert main(["--knowledge", str(FIXTURE_PACK), "stats", "--format", "json"]) == 0
        finally:
            del os.environ["REFUNDBOT_DATABASE_URL"]
        stats = json.loads(capsys.readouterr().out)
        assert stats["trees"] == [{"tree": "refund", "guidance": 2}]
        assert stats["feedback"] == [{"tree": "refund", "helpful": 1, "not_helpful": 1}]

        # One member's actions count on both instances: the limit holds across them.
        seen_private = sum(1 for name, _ in a.api.calls if name in ("response", "chat.postEphemeral"))
        for n in range(LIMIT):
            assert await (a, b)[n % 2].command("/refund", "", user="UFLOOD", channel=f"C{10 + n}") == 200
        for _ in range(2000):  # each admitted: its starter, then the opening and the first question
            if sum(1 for p in a.api.posted() if p["channel"] in {f"C{10 + n}" for n in range(LIMIT)}) >= 3 * LIMIT:
                break
            await asyncio.sleep(0.01)
        assert await b.command("/refund", "", user="UFLOOD", channel="C99") == 200
        for _ in range(2000):
            told = [c.get("text", "") for name, c in a.api.calls if name in ("response", "chat.postEphemeral")]
            if len(told) > seen_private:
                break
            await asyncio.sleep(0.01)
        assert "Slow down" in told[-1]
        assert not any(p["channel"] == "C99" for p in a.api.posted())
