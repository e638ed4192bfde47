"""Ask a moderator on Discord, dispatched by discord.py itself (tests/discord_gateway.py), with a fake clock:
the summary in the conversation's thread with only the moderator role allowed to be mentioned, the owner
check, the reminder in the thread, the escalation to the configured channel, a moderator's reply stopping it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import discord
import pytest

from adapters.discord.bot import DiscordAdapter, DiscordOptions
from adapters.discord.views import NOT_YOURS
from bot.conversation.engine import Engine
from bot.conversation.handoff import REMINDER, Desk, HandoffTimes
from bot.pack.loading import Knowledge
from bot.record.audit import AuditLog
from bot.record.handoffs import MemoryHandoffs
from bot.record.memory import MemoryStore
from tests.adapters.test_discord_limits import EPHEMERAL, mention, pressable, walk
from tests.conversation.test_handoff import Clock
from tests.discord_gateway import Gateway

REMIND, ESCALATE = 600.0, 1800.0
ESCALATION_CHANNEL = 99
ONLY_THE_ROLE = {"parse": [], "roles": [Gateway.MODS_ROLE]}  # as discord.py sends it: nobody else


@pytest.fixture
def clock() -> Clock:
    return Clock()


def make(knowledge: Knowledge, tmp_path: Path, clock: Clock) -> tuple[Gateway, DiscordAdapter, Engine]:
    times = HandoffTimes(remind_after_seconds=REMIND, escalate_after_seconds=ESCALATE)
    engine = Engine(knowledge, MemoryStore(clock=clock), AuditLog(tmp_path / "db.sqlite3"), clock=clock,
                    handoffs=Desk(MemoryHandoffs(), times, clock))
    adapter = DiscordAdapter(engine, DiscordOptions(moderator_role="Mods", escalation_channel=ESCALATION_CHANNEL))
    return Gateway(adapter), adapter, engine


async def to_guidance(gateway: Gateway, adapter: DiscordAdapter) -> tuple[int, dict[str, Any]]:
    await mention(gateway, adapter, "")
    thread_id = gateway.http.threads[-1]
    return thread_id, await walk(gateway, gateway.http.sent[-1][1], ":refund", ":hourly", channel_id=thread_id)


async def test_asked_in_the_thread_reminded_and_escalated_with_only_the_role_mentioned(
        fixture_knowledge: Knowledge, tmp_path: Path, clock: Clock) -> None:
    gateway, adapter, engine = make(fixture_knowledge, tmp_path, clock)
    thread_id, card = await to_guidance(gateway, adapter)
    ask = pressable(card, "rb:h:7")

    await gateway.deliver(gateway.press(card, ask, user_id=8, channel_id=thread_id))
    assert gateway.responses[-1]["data"]["content"] == NOT_YOURS, "only the member asks for their conversation"
    sent = len(gateway.http.sent)

    await gateway.deliver(gateway.press(card, ask, channel_id=thread_id))
    where, asked = gateway.http.sent[-1]
    assert len(gateway.http.sent) == sent + 1 and where == thread_id
    assert asked["content"].startswith(f"<@&{Gateway.MODS_ROLE}> A member would like a moderator's help")
    assert asked["allowed_mentions"] == ONLY_THE_ROLE
    assert "**Facts as confirmed:** hourly" in asked["content"] and "Review period" in asked["content"]
    told = gateway.followups[-1]
    assert told["flags"] == EPHEMERAL and "asked the moderators" in told["content"]

    await gateway.deliver(gateway.press(card, ask, channel_id=thread_id))
    assert "already been asked" in gateway.followups[-1]["content"] and len(gateway.http.sent) == sent + 1

    handoffs = adapter.handoffs(lambda channel_id: discord.PartialMessageable(state=gateway.state, id=channel_id))
    clock.now += REMIND - 1
    await engine.chase_handoffs("discord", handoffs.post)
    assert len(gateway.http.sent) == sent + 1
    clock.now += 1
    await engine.chase_handoffs("discord", handoffs.post)
    where, reminder = gateway.http.sent[-1]
    assert where == thread_id and reminder["allowed_mentions"] == ONLY_THE_ROLE
    assert reminder["content"].startswith(f"<@&{Gateway.MODS_ROLE}> {REMINDER}")
    clock.now += ESCALATE
    await engine.chase_handoffs("discord", handoffs.post)
    where, escalation = gateway.http.sent[-1]
    assert where == ESCALATION_CHANNEL and escalation["allowed_mentions"] == ONLY_THE_ROLE
    assert f"https://discord.com/channels/{Gateway.GUILD_ID}/{thread_id}" in escalation["content"]
    clock.now += 10 * ESCALATE
    await engine.chase_handoffs("discord", handoffs.post)
    assert len(gateway.http.sent) == sent + 3, "asked, reminded once, escalated once"


async def test_a_moderators_message_in_the_thread_answers_it(fixture_knowledge: Knowledge, tmp_path: Path,
                                                             clock: Clock) -> None:
    gateway, adapter, engine = make(fixture_knowledge, tmp_path, clock)
    thread_id, card = await to_guidance(gateway, adapter)
    await gateway.deliver(gateway.press(card, pressable(card, "rb:h:7"), channel_id=thread_id))
    thread = gateway.thread(thread_id)
    # without the message-content intent the messages arrive empty: who wrote them is enough
    await adapter.on_message(gateway.message("", user_id=7, channel=thread), gateway.state.user)
    await adapter.on_message(gateway.message("", user_id=30, channel=thread), gateway.state.user)
    assert await engine.handoff_waiting("discord", str(thread_id))
    await adapter.on_message(gateway.message("", user_id=31, channel=thread, roles=[Gateway.MODS_ROLE]),
                             gateway.state.user)
    assert not await engine.handoff_waiting("discord", str(thread_id))
    sent = len(gateway.http.sent)
    clock.now += REMIND + ESCALATE
    handoffs = adapter.handoffs(lambda channel_id: discord.PartialMessageable(state=gateway.state, id=channel_id))
    assert await engine.chase_handoffs("discord", handoffs.post) == 0
    assert len(gateway.http.sent) == sent


async def test_where_no_situation_fits_the_member_can_ask_too(fixture_knowledge: Knowledge, tmp_path: Path,
                                                              clock: Clock) -> None:
    gateway, adapter, _ = make(fixture_knowledge, tmp_path, clock)
    await mention(gateway, adapter, "")
    thread_id = gateway.http.threads[-1]
    way_out = await walk(gateway, gateway.http.sent[-1][1], ":something_else", channel_id=thread_id)
    await gateway.deliver(gateway.press(way_out, pressable(way_out, "rb:h:7"), channel_id=thread_id))
    where, asked = gateway.http.sent[-1]
    assert where == thread_id and asked["allowed_mentions"] == ONLY_THE_ROLE
    assert "the situation menu → Something else" in asked["content"]


async def test_not_offered_without_a_moderator_role(fixture_knowledge: Knowledge, tmp_path: Path) -> None:
    engine = Engine(fixture_knowledge, MemoryStore(), handoffs=Desk(MemoryHandoffs()))
    adapter = DiscordAdapter(engine, DiscordOptions())
    gateway = Gateway(adapter)
    await mention(gateway, adapter, "")
    thread_id = gateway.http.threads[-1]
    card = await walk(gateway, gateway.http.sent[-1][1], ":refund", ":hourly", channel_id=thread_id)
    ids = [c["custom_id"] for row in card.get("components", []) for c in row["components"]]
    assert not any(i.startswith("rb:h") for i in ids)
