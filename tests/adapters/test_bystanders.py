"""Clicks only from their owner, accepted before the buttons change (issue 14): another member pressing any button
of someone's conversation is told privately that it is someone else's conversation, and nothing changes (no
message edited, nothing posted, nothing recorded); the member's own click changes the question's buttons only
once the engine took the answer. Slack over the real Bolt app served on loopback (tests/slack_wire.py), Discord
through discord.py's own dispatch (tests/discord_gateway.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from adapters.discord.bot import DiscordAdapter, DiscordOptions
from adapters.discord.views import NOT_YOURS as NOT_YOURS_DISCORD
from adapters.slack.blocks import NOT_YOURS
from bot.conversation.engine import Engine
from bot.conversation.events import Event, FeedbackGiven, HandoffChanged
from bot.conversation.handoff import Desk, HandoffTimes
from bot.messages import ConversationKey
from bot.pack.loading import Knowledge
from bot.record.audit import AuditLog
from bot.record.handoffs import MemoryHandoffs
from bot.record.memory import MemoryStore
from tests.adapters.test_discord_limits import EPHEMERAL, component_ids, mention, pressable, walk
from tests.discord_gateway import Gateway
from tests.fake_slack_api import FakeSlackAPI
from tests.slack_wire import served

PRIVATELY = {"text": NOT_YOURS, "response_type": "ephemeral", "replace_original": False}


@pytest.fixture
def events() -> list[Event]:
    return []


@pytest.fixture
def engine(fixture_knowledge: Knowledge, tmp_path: Path, events: list[Event]) -> Engine:
    engine = Engine(fixture_knowledge, MemoryStore(), AuditLog(tmp_path / "db.sqlite3"),
                    handoffs=Desk(MemoryHandoffs(), HandoffTimes()))
    engine.listeners.append(events.append)
    return engine


def buttons(message: dict[str, Any]) -> list[str]:
    return [e["text"]["text"] for b in message.get("blocks", []) if b["type"] == "actions" for e in b["elements"]]


def without_owners(message: dict[str, Any]) -> dict[str, Any]:
    """The message as posted before rows carried their member."""
    return {**message, "blocks": [{**b, "block_id": b["block_id"].partition("@")[0]} if "block_id" in b else b
                                  for b in message["blocks"]]}


# --- Slack ----------------------------------------------------------------------------------------------------

async def test_slack_a_bystander_changes_nothing_on_any_button(engine: Engine, events: list[Event]) -> None:
    api = FakeSlackAPI()
    async with served(engine, api, slack_moderator_group="SMODS") as slack:
        await slack.command("/refund", "")
        question = {**(await api.wait_for("chat.postMessage", 3))[2], "ts": "1003.000100"}
        assert all(b["block_id"].endswith("@U1") for b in question["blocks"] if b["type"] == "actions")

        await slack.click(question, "The client wants a refund", user="U2")
        assert await api.wait_for("response", 1) == [PRIVATELY]
        assert api.posted("chat.update") == [] and len(api.posted()) == 3, "nothing edited, nothing posted"
        assert not await engine.has_conversation(ConversationKey(platform="slack", workspace="T1", channel="C1",
                                                                 thread="1001.000100", user="U2"))

        await slack.click(question, "The client wants a refund")  # the member's own click goes through
        contract = {**(await api.wait_for("chat.postMessage", 4))[3], "ts": "1004.000100"}
        assert "chose: *The client wants a refund*" in json.dumps(api.posted("chat.update")[0]["blocks"])
        await slack.click(contract, "Hourly")
        card = {**(await api.wait_for("chat.postMessage", 5))[4], "ts": "1005.000100", "thread_ts": "1001.000100"}
        assert {"Helpful", "Not helpful", "Ask a moderator"} <= set(buttons(card))

        updates, posts = len(api.posted("chat.update")), len(api.posted())
        for label in ("Helpful", "Not helpful", "Ask a moderator"):
            await slack.click(card, label, user="U2")
        assert await api.wait_for("response", 4) == [PRIVATELY] * 4
        assert (len(api.posted("chat.update")), len(api.posted())) == (updates, posts)
        assert api.posted("chat.postEphemeral") == []
        assert not [e for e in events if isinstance(e, FeedbackGiven | HandoffChanged)], "nothing recorded"
        assert not await engine.handoff_waiting("slack", "C1", "1001.000100")

        await slack.click(card, "Helpful")
        assert (await api.wait_for("chat.postEphemeral", 1))[0]["user"] == "U1"
        assert [e.helpful for e in events if isinstance(e, FeedbackGiven)] == [True]


async def test_slack_buttons_change_only_once_the_engine_took_the_answer(engine: Engine) -> None:
    api = FakeSlackAPI()
    async with served(engine, api) as slack:
        await slack.command("/refund", "")
        question = {**(await api.wait_for("chat.postMessage", 3))[2], "ts": "1003.000100"}
        await slack.click(question, "The client wants a refund")
        await api.wait_for("chat.postMessage", 4)
        assert len(api.posted("chat.update")) == 1

        await slack.click(question, "The client has not released my milestone")  # a stale copy of the buttons
        stale = (await api.wait_for("chat.postMessage", 6))[4:]
        assert stale[0]["text"].startswith("That question was already answered")
        assert stale[1]["text"] == "What kind of contract is it?"
        assert len(api.posted("chat.update")) == 1, "a refused answer edits nothing"

        # Buttons posted before rows carried their member: not checked, but a bystander's click is still no
        # answer to the member's question, so the engine refuses it and the buttons stay.
        await slack.click(without_owners(question), "The client wants a refund", user="U2")
        ended = (await api.wait_for("chat.postMessage", 7))[6]
        assert ended["text"].startswith("That conversation has ended")
        assert len(api.posted("chat.update")) == 1


# --- Discord --------------------------------------------------------------------------------------------------

def discord_gateway(engine: Engine) -> Gateway:
    return Gateway(DiscordAdapter(engine, DiscordOptions(moderator_role="Mods")))


async def test_discord_a_bystander_changes_nothing_on_any_component(engine: Engine, events: list[Event]) -> None:
    gateway = discord_gateway(engine)
    adapter = gateway.client.adapter
    await mention(gateway, adapter, "the client has not released my milestone")
    thread_id = gateway.http.threads[-1]
    situation = gateway.http.sent[-1][1]
    submitted = await walk(gateway, situation, ":waiting", channel_id=thread_id)
    days = await walk(gateway, submitted, ":yes", channel_id=thread_id)
    assert "rb:t:7:" in " ".join(component_ids(days)), "the Type my answer button carries its member"

    def nothing_changed(responses: int, followups: int, edits: int) -> None:
        assert [r["data"] for r in gateway.responses[responses:]] == [
            {"content": NOT_YOURS_DISCORD, "flags": EPHEMERAL, "tts": False}] * (len(gateway.responses) - responses)
        assert (len(gateway.followups), len(gateway.edits)) == (followups, edits)

    before = len(gateway.responses), len(gateway.followups), len(gateway.edits)
    for message, custom_id in [(situation, pressable(situation, ":refund")), (submitted, pressable(submitted, ":no")),
                               (days, pressable(days, ":unknown")), (days, next(i for i in component_ids(days)
                                                                                 if i.startswith("rb:t:")))]:
        await gateway.deliver(gateway.press(message, custom_id, user_id=8, channel_id=thread_id))
    assert len(gateway.responses) == before[0] + 4
    nothing_changed(*before)

    await gateway.deliver(gateway.press(days, pressable(days, ":unknown"), channel_id=thread_id))
    card = gateway.followups[-1]
    assert card["embeds"], "guidance reached"
    ids = component_ids(card)
    assert [i.split(":")[:3] for i in ids] == [["rb", "f", "7"], ["rb", "f", "7"], ["rb", "h", "7"]]
    before = len(gateway.responses), len(gateway.followups), len(gateway.edits)
    for custom_id in ids:
        await gateway.deliver(gateway.press(card, custom_id, user_id=8, channel_id=thread_id))
    nothing_changed(*before)
    assert not [e for e in events if isinstance(e, FeedbackGiven | HandoffChanged)], "nothing recorded"


async def test_discord_components_change_only_once_the_engine_took_the_answer(engine: Engine) -> None:
    gateway = discord_gateway(engine)
    await mention(gateway, gateway.client.adapter, "the client wants a refund")
    thread_id = gateway.http.threads[-1]
    question = gateway.http.sent[-1][1]
    contract = await walk(gateway, question, ":refund", channel_id=thread_id)
    assert gateway.responses[-1]["type"] == 6 and len(gateway.edits) == 1  # acknowledged, then edited once taken
    assert contract["content"].startswith("What kind of contract is it?")

    await gateway.deliver(gateway.press(question, pressable(question, ":waiting"), channel_id=thread_id))
    assert gateway.responses[-1]["type"] == 6 and len(gateway.edits) == 1, "a stale click edits nothing"
    assert "That question was already answered" in gateway.followups[-2]["content"]

    legacy = {**contract, "components": [{**row, "components": [
        {**c, "custom_id": c["custom_id"].replace("rb:c:7:", "rb:c:")} for c in row["components"]]}
        for row in contract["components"]]}  # sent before components carried their member: not checked
    await gateway.deliver(gateway.press(legacy, pressable(legacy, ":hourly"), user_id=8, channel_id=thread_id))
    assert gateway.followups[-1]["content"].startswith("That conversation has ended")
    assert len(gateway.edits) == 1, "the member's buttons stay"
    await gateway.deliver(gateway.press(contract, pressable(contract, ":hourly"), channel_id=thread_id))
    assert len(gateway.edits) == 2 and gateway.followups[-1]["embeds"]
