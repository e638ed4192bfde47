"""The shared stores failing under a serving bot (issue 14, item 7).

Redis restarted mid-conversation: the member is told to try again in a moment, nothing stored is lost, and
the conversation goes on once Redis is back. PostgreSQL down: members still get their advice; the records
wait in order and are written when it returns, or are logged as lost at shutdown; nothing crashes.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile

import pytest

from bot.conversation.engine import Engine
from bot.messages import Guidance
from bot.pack.loading import Knowledge
from bot.record.audit import AuditLog
from bot.record.memory import MemoryStore
from bot.record.redis import RedisStore
from bot.record.sql import RecordUnavailable
from tests.conftest import Member, guidance
from tests.fake_slack_api import FakeSlackAPI
from tests.postgres_server import postgres_cluster
from tests.redis_server import redis_process
from tests.slack_wire import Slack, served


def private(slack: Slack) -> list[str]:
    return [c.get("text", "") for name, c in slack.api.calls if name in ("response", "chat.postEphemeral")]


def buttons(message: dict) -> dict[str, dict]:
    """A posted message's buttons, by their label."""
    return {e["text"]["text"]: e for b in message.get("blocks", []) if b["type"] == "actions" for e in b["elements"]}


async def test_redis_restarted_mid_conversation(fixture_knowledge: Knowledge, tmp_path) -> None:
    with tempfile.TemporaryDirectory() as kept, redis_process(directory=kept, persist=True) as first:
        port = int(first.url.rsplit(":", 1)[1].split("/")[0])
        store = RedisStore.from_url(first.url, timeout_seconds=0.5, prefix="restart:")
        engine = Engine(fixture_knowledge, store, AuditLog(tmp_path / "db.sqlite3"))
        async with served(engine, FakeSlackAPI(), database=tmp_path / "db.sqlite3") as slack:
            await slack.command("/refund", "")
            situation = (await slack.api.wait_for("chat.postMessage", 3))[2]
            await slack.click({**situation, "ts": "1003.000100"}, "The client wants a refund")
            contract = (await slack.api.wait_for("chat.postMessage", 4))[3]
            assert "contract" in contract["text"].lower()

            first.process.terminate()  # Redis restarts: down for a while
            first.process.wait(timeout=10)
            await slack.click({**contract, "ts": "1004.000100"}, buttons(contract).popitem()[0])
            for _ in range(500):
                if private(slack):
                    break
                await asyncio.sleep(0.01)
            [told] = private(slack)
            assert "temporarily unavailable" in told and "try again in a moment" in told
            assert len(slack.api.posted()) == 4, "nothing posted for a turn that could not be kept"

            with redis_process(directory=kept, port=port, persist=True):  # back, with what it kept
                label = next(iter(buttons(contract)))
                await slack.click({**contract, "ts": "1004.000100"}, label)
                after = await slack.api.wait_for("chat.postMessage", 5)
                assert after[4]["text"] != contract["text"], "the conversation went on from where it was"
                session = await store.load(conversation_key(slack))
                assert session is not None and session.turns == 3
        await store.close()


def conversation_key(slack: Slack) -> str:
    """The one conversation's key, as the Slack adapter made it (from the starter message's thread)."""
    starter = slack.api.posted()[0]
    return f"slack:T1:{starter['channel']}:1001.000100:U1"


async def test_postgresql_down_members_still_get_advice_and_the_records_follow(
    fixture_knowledge: Knowledge, caplog: pytest.LogCaptureFixture,
) -> None:
    with postgres_cluster() as server:
        audit = AuditLog(server.url)
        engine = Engine(fixture_knowledge, MemoryStore(), audit)
        before = await a_conversation(engine, "U1")
        server.stop()

        with caplog.at_level(logging.WARNING):
            during = await a_conversation(engine, "U2")  # the advice is given all the same
            thanks = await engine.feedback(during.id, helpful=False)
        assert thanks.markdown.startswith("Thanks for saying so")
        assert [w.what.split()[0] for w in audit.pending] == ["guidance", "feedback"]
        assert any("keeping guidance" in r.getMessage() for r in caplog.records)
        with pytest.raises(RecordUnavailable):
            await audit.check_ready()  # /readyz names the audit record
        with pytest.raises(RecordUnavailable):
            audit.stats()  # a command says so in one line (bot.app.cli prints it)

        server.start()
        await audit.flush()  # what the retry task does on its own, without waiting for its next attempt
        assert not audit.pending
        recorded = {d.id: d.helpful for d in audit.decisions()}
        assert recorded == {before.id: None, during.id: False}
        assert [i.guidance_id for i in audit.review.items()] == [during.id]
        await audit.aclose()


async def test_postgresql_still_down_at_shutdown_logs_what_is_lost(
    fixture_knowledge: Knowledge, caplog: pytest.LogCaptureFixture,
) -> None:
    with postgres_cluster() as server:
        server.stop()
        with caplog.at_level(logging.WARNING):
            audit = AuditLog(server.url)  # a bot starting while PostgreSQL is away starts all the same
            engine = Engine(fixture_knowledge, MemoryStore(), audit)
            advice = await a_conversation(engine, "U1")
            await audit.aclose()
        lost = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
        assert len(lost) == 1 and f"guidance {advice.id}" in lost[0] and "lost" in lost[0]
        server.start()
        again = AuditLog(server.url)
        assert again.decisions() == []
        again.close()


async def a_conversation(engine: Engine, user: str) -> Guidance:
    member = Member(engine, user=user, platform="slack")
    await member.say("hi")
    await member.click("refund")
    await member.click("fixed")
    return guidance(await member.click("yes"))
