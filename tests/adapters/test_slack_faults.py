"""The served Slack app against the faults of a real deployment (issue 21): the bot not in the channel,
handlers that fail, Redis killed or hung, 429s, a member flooding, junk requests. Each test drives the
real HTTP server over loopback, the Web API being the recording fake."""

from __future__ import annotations

import asyncio
import json
import logging
import signal
from collections.abc import AsyncIterator

import pytest

from bot.conversation.engine import Engine
from bot.pack.loading import Knowledge
from bot.record.audit import AuditLog
from bot.record.memory import MemoryStore
from bot.record.redis import RedisStore
from bot.safety.limits import Limits
from tests.fake_slack_api import FakeSlackAPI
from tests.redis_server import redis_process
from tests.slack_wire import Slack, served


@pytest.fixture
async def slack(fixture_knowledge: Knowledge, tmp_path) -> AsyncIterator[Slack]:
    engine = Engine(fixture_knowledge, MemoryStore(), AuditLog(tmp_path / "db.sqlite3"),
                    limits=Limits(rate_limit_messages=5))
    async with served(engine, FakeSlackAPI(admins=frozenset({"UADMIN"})), database=tmp_path / "db.sqlite3") as client:
        yield client


def private(slack: Slack) -> list[str]:
    """What members were told privately: through a response_url, or by chat.postEphemeral."""
    return [c.get("text", "") for name, c in slack.api.calls if name in ("response", "chat.postEphemeral")]


async def told(slack: Slack, count: int = 1) -> list[str]:
    for _ in range(500):
        if len(private(slack)) >= count:
            return private(slack)
        await asyncio.sleep(0.01)
    raise AssertionError(f"expected {count} private messages, got {slack.api.calls}")


def mention(text: str = "<@UBOT> hello", ts: str = "50.1", user: str = "U2") -> dict:
    return {"type": "app_mention", "user": user, "text": text, "ts": ts, "channel": "C9"}


def reply(text: str, thread: str = "50.1", ts: str = "51.1", user: str = "U2") -> dict:
    return {"type": "message", "user": user, "text": text, "ts": ts, "thread_ts": thread, "channel": "C9",
            "channel_type": "channel", "parent_user_id": user}


# --- 2. the bot is not in the channel ------------------------------------------------------------


async def test_refund_where_the_bot_is_not_a_member_says_how_to_invite_it(slack: Slack) -> None:
    slack.api.fail("chat.postMessage", "not_in_channel")
    assert await slack.command("/refund", "the client wants a refund") == 200
    [message] = await told(slack)
    assert "/invite <@UBOT>" in message
    assert slack.api.posted() == []


async def test_answer_and_the_post_button_where_the_bot_is_not_a_member(slack: Slack) -> None:
    slack.api.fail("chat.postMessage", "channel_not_found")
    await slack.command("/answer", "keep", user="UADMIN")
    assert "/invite <@UBOT>" in (await told(slack))[0]
    await slack.command("/faq", "released money")
    faq = (await slack.api.wait_for("response", 2))[-1]
    post = next(b["accessory"] for b in faq["blocks"] if b.get("accessory", {}).get("text", {}).get("text") == "Post")
    slack.api.fail("chat.postMessage", "not_in_channel")
    await slack.click({"channel": "C1", "ts": "9.1", "blocks": [{"type": "actions", "elements": [post]}]}, "Post")
    assert "/invite <@UBOT>" in (await told(slack, 3))[-1]
    assert slack.api.posted() == []


# --- 5. a handler that fails -------------------------------------------------------------------


async def test_a_failing_handler_keeps_its_ack_and_tells_the_member(slack: Slack, caplog) -> None:
    await slack.command("/refund", "")
    question = (await slack.api.wait_for("chat.postMessage", 3))[2]
    slack.api.fail("chat.update", "message_not_found")
    with caplog.at_level(logging.ERROR):
        assert await slack.click({**question, "ts": "1003.000100"}, "The client wants a refund") == 200
        [message] = await told(slack)
    assert message.startswith("Something went wrong")
    logged = [r for r in caplog.records if r.name == "adapters.slack.boundary"]
    assert logged and "on_choice" in logged[0].getMessage() and "in C1" in logged[0].getMessage()


async def test_a_failing_event_handler_tells_the_member_privately(slack: Slack) -> None:
    slack.api.fail("chat.postMessage", "internal_error")
    assert await slack.event(mention(), "Ev1") == 200
    [message] = await told(slack)
    assert message.startswith("Something went wrong")
    ephemeral = slack.api.posted("chat.postEphemeral")[0]
    assert (ephemeral["channel"], ephemeral["user"]) == ("C9", "U2")


# --- 6. Redis down or hung ---------------------------------------------------------------------


@pytest.fixture
async def on_redis(fixture_knowledge: Knowledge, tmp_path) -> AsyncIterator[tuple[Slack, object]]:
    with redis_process() as redis:
        store = RedisStore.from_url(redis.url, timeout_seconds=0.5, prefix=f"t{id(tmp_path)}:")
        engine = Engine(fixture_knowledge, store, AuditLog(tmp_path / "db.sqlite3"))
        async with served(engine, FakeSlackAPI(), database=tmp_path / "db.sqlite3") as client:
            yield client, redis.process
        await store.close()


async def test_redis_killed_tells_the_member_and_leaves_no_orphan_thread(on_redis) -> None:
    slack, process = on_redis
    await slack.event(mention(), "Ev1")
    await slack.api.wait_for("chat.postMessage", 2)
    process.kill()
    process.wait()
    assert await slack.command("/refund", "the client wants a refund") == 200
    assert "temporarily unavailable" in (await told(slack))[0]
    assert len(slack.api.posted()) == 2, "no starter message for a conversation that cannot be kept"
    assert await slack.event(reply("2"), "Ev2") == 200
    assert await slack.event(mention(ts="60.1"), "Ev3") == 200
    for message in (await told(slack, 3))[1:]:
        assert "temporarily unavailable" in message
    assert len(slack.api.posted()) == 2


async def test_a_hung_redis_is_unavailable_too(on_redis) -> None:
    slack, process = on_redis
    process.send_signal(signal.SIGSTOP)
    try:
        assert await slack.command("/refund", "") == 200
        assert "temporarily unavailable" in (await told(slack))[0]
        assert slack.api.posted() == []
    finally:
        process.send_signal(signal.SIGCONT)


# --- 10. Slack's rate limits -------------------------------------------------------------------


async def test_a_rate_limited_post_is_retried(slack: Slack) -> None:
    await slack.command("/refund", "")
    question = (await slack.api.wait_for("chat.postMessage", 3))[2]
    slack.api.fail("chat.postMessage", "ratelimited")
    await slack.click({**question, "ts": "1003.000100"}, "The client wants a refund")
    posts = await slack.api.wait_for("chat.postMessage", 4)
    assert posts[3]["text"] == "What kind of contract is it?"
    assert len(slack.api.failed) == 1 and private(slack) == []


async def test_when_slack_keeps_refusing_the_member_is_told(slack: Slack) -> None:
    await slack.command("/refund", "")
    question = (await slack.api.wait_for("chat.postMessage", 3))[2]
    slack.api.fail("chat.postMessage", "ratelimited", times=3)
    await slack.click({**question, "ts": "1003.000100"}, "The client wants a refund")
    [message] = await told(slack)
    assert "limiting how fast I can post" in message and "*help*" in message
    assert len(slack.api.failed) == 3, "two retries after the first refusal"


# --- 11. the rate limit limits output ----------------------------------------------------------


async def test_a_flood_of_refund_commands_starts_five_conversations_and_warns_once(slack: Slack) -> None:
    for _ in range(12):
        assert await slack.command("/refund", "") == 200
    await slack.api.wait_for("chat.postMessage", 15)  # five conversations of three messages each
    await asyncio.sleep(0.3)
    starters = [p for p in slack.api.posted() if p["text"].startswith("Refund and dispute advice")]
    assert len(starters) == 5
    warnings = private(slack)
    assert len(warnings) == 1 and "Slow down" in warnings[0]


async def test_a_flood_of_mentions_and_clicks_gets_one_private_warning(slack: Slack) -> None:
    for number in range(5):
        await slack.event(mention(ts=f"5{number}.1"), f"Ev{number}")
    await slack.api.wait_for("chat.postMessage", 10)
    question = slack.api.posted()[-1]
    for number in range(5, 12):
        await slack.event(mention(ts=f"5{number}.1"), f"Ev{number}")
    await slack.click({**question, "ts": "1010.000100"}, "The client wants a refund", user="U2")
    await asyncio.sleep(0.3)
    assert len(slack.api.posted()) == 10 and slack.api.posted("chat.update") == []
    warnings = private(slack)
    assert len(warnings) == 1 and "Slow down" in warnings[0]


# --- 13. junk to /slack/events -----------------------------------------------------------------

JUNK = [
    ("not json at all {", "application/json"),
    ('[1, 2, 3]', "application/json"),
    ("payload=%7Bbroken", "application/x-www-form-urlencoded"),
    ("payload=%5B1%5D", "application/x-www-form-urlencoded"),
]


@pytest.mark.parametrize(("body", "content_type"), JUNK)
async def test_junk_is_refused_without_a_traceback(slack: Slack, caplog, body: str, content_type: str) -> None:
    with caplog.at_level(logging.DEBUG):
        assert await slack.post(body, content_type, signature="v0=" + "0" * 64) == 401
        assert await slack.post(body, content_type) == 400, "signed, but not a Slack payload"
        status = await slack.http.post(slack.url, data=body.encode(), headers={
            "Content-Type": content_type, "X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": "v0=0"})
        assert status.status == 401
    assert not [r for r in caplog.records if r.exc_info], "no traceback for junk"
    assert await slack.command("/refund", "") == 200, "and the app still serves"


# --- 14 and 15, over the wire ------------------------------------------------------------------


async def test_a_nested_link_typed_in_a_thread_is_never_a_link(slack: Slack) -> None:
    await slack.event(mention(), "Ev1")
    await slack.api.wait_for("chat.postMessage", 2)
    await slack.event(reply("2"), "Ev2")  # "Did you submit the work?", a yes/no question
    await slack.api.wait_for("chat.postMessage", 3)
    await slack.event(reply("[[Official refund form](x)](https://evil.example)", ts="52.1"), "Ev3")
    posts = await slack.api.wait_for("chat.postMessage", 5)
    shown = json.dumps(posts[3:])
    assert "evil.example" in shown and "<https://evil.example" not in shown


async def test_a_thread_reply_mentioning_someone_else_is_answered(slack: Slack) -> None:
    await slack.event(mention(), "Ev1")
    await slack.api.wait_for("chat.postMessage", 2)
    assert await slack.event(reply("2, <@U5> knows"), "Ev2") == 200
    posts = await slack.api.wait_for("chat.postMessage", 3)
    assert posts[2]["thread_ts"] == "50.1", "answered in the conversation's thread"


async def test_a_double_click_posts_the_next_question_once(slack: Slack) -> None:
    await slack.command("/refund", "")
    question = {**(await slack.api.wait_for("chat.postMessage", 3))[2], "ts": "1003.000100"}
    await asyncio.gather(slack.click(question, "The client wants a refund"),
                         slack.click(question, "The client wants a refund"))
    await slack.api.wait_for("chat.postMessage", 4)
    await asyncio.sleep(0.3)
    texts = [p["text"] for p in slack.api.posted()[3:]]
    assert texts == ["What kind of contract is it?"]

