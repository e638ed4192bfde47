"""Ask a moderator on Slack, on the real Bolt app served over loopback against the fake Web API, with a fake
clock: the summary in the thread under the moderators' user group alone, the reminder, the escalation; a
moderator's reply in the thread stops the timer; the pending gauge counts the store's handoffs."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest

from adapters.slack.handoff import SlackHandoffs
from bot.app.metrics import Metrics
from bot.conversation.engine import Engine
from bot.conversation.handoff import REMINDER, Desk, HandoffTimes
from bot.pack.loading import Knowledge
from bot.record.audit import AuditLog
from bot.record.handoffs_sqlite import SQLiteHandoffs
from bot.record.memory import MemoryStore
from tests.conversation.test_handoff import Clock
from tests.fake_slack_api import FakeSlackAPI
from tests.slack_wire import Slack, served

REMIND, ESCALATE = 600.0, 1800.0
THREAD = "1001.000100"
_NOTIFYING = re.compile(r"<[!@][^>]*>")  # <!here>, <!channel>, <@U1>, <!subteam^S1>: anything that notifies


def notifying(payload: dict[str, Any]) -> set[str]:
    texts = [payload.get("text", "")] + [str(block) for block in payload.get("blocks", [])]
    return {m for text in texts for m in _NOTIFYING.findall(text)}


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def engine(fixture_knowledge: Knowledge, tmp_path: Path, clock: Clock) -> Engine:
    times = HandoffTimes(remind_after_seconds=REMIND, escalate_after_seconds=ESCALATE)
    return Engine(fixture_knowledge, MemoryStore(clock=clock), AuditLog(tmp_path / "db.sqlite3"), clock=clock,
                  handoffs=Desk(SQLiteHandoffs(tmp_path / "db.sqlite3"), times, clock))


async def to_guidance(slack: Slack, api: FakeSlackAPI, situation: str = "<!channel> @here my client wants "
                                                                        "money back") -> dict[str, Any]:
    await slack.command("/refund", situation)
    question = (await api.wait_for("chat.postMessage", 3))[2]
    await slack.click({**question, "ts": "1003.000100"}, "The client wants a refund")
    contract = (await api.wait_for("chat.postMessage", 4))[3]
    await slack.click({**contract, "ts": "1004.000100"}, "Hourly")
    return {**(await api.wait_for("chat.postMessage", 5))[4], "ts": "1005.000100"}


async def until(condition: Any, timeout: float = 5.0) -> None:
    for _ in range(int(timeout / 0.01)):
        if await condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the condition never held")


async def test_asked_reminded_and_escalated_on_time_with_only_the_group_mentioned(
        engine: Engine, clock: Clock) -> None:
    api = FakeSlackAPI(groups={"S1": ["UMOD"]})
    metrics = Metrics()
    engine.listeners.append(metrics.observe)
    async with served(engine, api, slack_moderator_group="S1", slack_escalation_channel="C9") as slack:
        card = await to_guidance(slack, api)
        assert card["thread_ts"] == THREAD
        await slack.click(card, "Ask a moderator")
        asked = (await api.wait_for("chat.postMessage", 6))[5]
        assert asked["channel"] == "C1" and asked["thread_ts"] == THREAD
        assert notifying(asked) == {"<!subteam^S1>"}, "the moderators' group and nothing else"
        assert asked["text"].startswith("<!subteam^S1> A member would like a moderator's help")
        summary = " ".join(b["text"]["text"] for b in asked["blocks"] if b["type"] == "section")
        assert "*Facts as confirmed:* hourly" in summary and "*Advice given:* Review period" in summary
        assert "money back" not in str(asked)
        told = (await api.wait_for("response", 1))[0]
        assert told["response_type"] == "ephemeral" and "asked the moderators" in told["text"]
        assert metrics.handoffs._value.get() == 1

        await slack.click(card, "Ask a moderator")  # again: asked once
        assert "already been asked" in (await api.wait_for("response", 2))[1]["text"]
        assert len(api.posted()) == 6

        handoffs = SlackHandoffs(api_client(slack), "C9")  # as `serve slack` makes it for its background task
        clock.now += REMIND - 1
        await engine.chase_handoffs("slack", handoffs.post)
        assert len(api.posted()) == 6
        clock.now += 1
        await engine.chase_handoffs("slack", handoffs.post)
        reminder = api.posted()[6]
        assert reminder["channel"] == "C1" and reminder["thread_ts"] == THREAD
        assert notifying(reminder) == {"<!subteam^S1>"} and REMINDER[:40] in reminder["text"]
        clock.now += ESCALATE
        await engine.chase_handoffs("slack", handoffs.post)
        escalation = api.posted()[7]
        assert escalation["channel"] == "C9" and "thread_ts" not in escalation
        assert notifying(escalation) == {"<!subteam^S1>"}
        assert f"<https://example.slack.com/archives/C1/p{THREAD.replace('.', '')}|Go to the conversation>" in \
            str(escalation["blocks"])
        assert metrics.handoffs._value.get() == 0
        clock.now += 10 * ESCALATE
        await engine.chase_handoffs("slack", handoffs.post)
        assert len(api.posted()) == 8, "reminded once, escalated once"


async def test_a_moderators_reply_in_the_thread_answers_it_and_a_members_does_not(
        engine: Engine, clock: Clock) -> None:
    api = FakeSlackAPI(groups={"S1": ["UMOD"]})
    async with served(engine, api, slack_moderator_group="S1", slack_escalation_channel="C9") as slack:
        card = await to_guidance(slack, api)
        await slack.click(card, "Ask a moderator")
        await api.wait_for("chat.postMessage", 6)

        def reply(user: str, ts: str) -> dict[str, Any]:
            return {"type": "message", "channel": "C1", "channel_type": "channel", "user": user, "text": "hi",
                    "ts": ts, "thread_ts": THREAD, "parent_user_id": "UBOT"}

        await slack.event(reply("U1", "1010.0001"), "Ev1")  # the member's own reply
        await slack.event(reply("U3", "1011.0001"), "Ev2")  # someone else, not a moderator
        await api.wait_for("users.info", 2)
        assert await engine.handoff_waiting("slack", "C1", THREAD)
        await slack.event(reply("UMOD", "1012.0001"), "Ev3")
        await until(lambda: _not(engine.handoff_waiting("slack", "C1", THREAD)))
        clock.now += REMIND + ESCALATE
        posted = len(api.posted())
        await engine.chase_handoffs("slack", SlackHandoffs(api_client(slack), "C9").post)
        assert len(api.posted()) == posted, "no reminder, no escalation"


async def test_where_no_situation_fits_a_moderator_can_be_asked_but_not_in_a_dm(engine: Engine) -> None:
    api = FakeSlackAPI()
    async with served(engine, api, slack_moderators=["U9", "S7"]) as slack:  # the first group is mentioned
        await slack.command("/refund", "")
        question = (await api.wait_for("chat.postMessage", 3))[2]
        await slack.click({**question, "ts": "1003.000100"}, "Something else")
        way_out = {**(await api.wait_for("chat.postMessage", 4))[3], "ts": "1004.000100"}
        await slack.click(way_out, "Ask a moderator")
        asked = (await api.wait_for("chat.postMessage", 5))[4]
        assert notifying(asked) == {"<!subteam^S7>"}
        assert "Something else" in str(asked["blocks"])

    dm_api = FakeSlackAPI()
    async with served(engine, dm_api, slack_moderator_group="S1") as slack:
        await slack.event({"type": "message", "channel": "D1", "channel_type": "im", "user": "U2",
                           "text": "hello", "ts": "1.1"}, "Ev9")
        question = (await dm_api.wait_for("chat.postMessage", 2))[1]
        await slack.click({**question, "ts": "1002.000100"}, "Something else")
        way_out = (await dm_api.wait_for("chat.postMessage", 3))[2]
        assert "Ask a moderator" not in str(way_out["blocks"]), "moderators are asked in a channel's thread"


async def _not(waiting: Any) -> bool:
    return not await waiting


def api_client(slack: Slack) -> Any:
    from slack_sdk.web.async_client import AsyncWebClient

    return AsyncWebClient(token="xoxb-test", base_url=slack.api.url)
