"""Discord under a flood and with hostile text (issue 21, items 11 and 14): the rate limit is checked
before anything is posted, warns once and is silent after; member text quoted in an error is escaped.
Small recording fakes of discord.py's Interaction and Message, over the real engine."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import discord

from adapters.discord.bot import DiscordAdapter
from bot.app.settings import Settings
from bot.conversation.engine import Engine
from bot.pack.loading import Knowledge
from bot.record.audit import AuditLog
from bot.record.memory import MemoryStore
from bot.safety.limits import Limits


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def __getattr__(self, name: str) -> Any:
        async def record(*args: Any, **kwargs: Any) -> Any:
            self.calls.append((name, {"args": args, **kwargs}))
            return SimpleNamespace(id=len(self.calls), create_thread=self.create_thread)
        return record

    async def create_thread(self, **kwargs: Any) -> SimpleNamespace:
        self.calls.append(("create_thread", kwargs))
        return SimpleNamespace(id=900 + len(self.calls), send=self.thread_send)

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]


def interaction(wire: Recorder, kind: discord.InteractionType) -> SimpleNamespace:
    user = SimpleNamespace(id=7, mention="<@7>", roles=[], guild_permissions=SimpleNamespace(manage_messages=True))
    made = SimpleNamespace(type=kind, user=user, guild=SimpleNamespace(id=42), channel_id=10,
                           channel=SimpleNamespace(id=10), response=wire, followup=SimpleNamespace(send=wire.followup),
                           permissions=user.guild_permissions, app_permissions=discord.Permissions.all(), message=None,
                           delete_original_response=wire.delete_original_response)

    async def original_response() -> Any:
        return await wire.original_response()
    made.original_response = original_response
    return made


def adapter(knowledge: Knowledge, tmp_path, limit: int = 3) -> DiscordAdapter:
    engine = Engine(knowledge, MemoryStore(), AuditLog(tmp_path / "db.sqlite3"),
                    limits=Limits(rate_limit_messages=limit))
    return DiscordAdapter(engine, Settings(database=tmp_path / "db.sqlite3").discord_options())


async def test_a_flood_of_refund_commands_opens_three_threads_and_warns_once(fixture_knowledge, tmp_path) -> None:
    bot, wire = adapter(fixture_knowledge, tmp_path), Recorder()
    for _ in range(8):
        await bot.on_refund(interaction(wire, discord.InteractionType.application_command), None)  # type: ignore[arg-type]
    assert wire.names().count("create_thread") == 3
    private = [c for name, c in wire.calls if name == "send_message" and c.get("ephemeral")]
    assert len(private) == 1 and "Slow down" in private[0]["content"]
    assert wire.names().count("defer") == 4 and wire.names().count("delete_original_response") == 4, \
        "after the warning, commands are acknowledged without a word"


async def test_a_flood_of_clicks_leaves_the_buttons_and_warns_once(fixture_knowledge, tmp_path) -> None:
    bot, wire = adapter(fixture_knowledge, tmp_path, limit=1), Recorder()
    await bot.on_refund(interaction(wire, discord.InteractionType.application_command), None)  # type: ignore[arg-type]
    for _ in range(3):
        await bot.on_choice(interaction(wire, discord.InteractionType.component), "t", "refund", "Refund")  # type: ignore[arg-type]
    assert "edit_message" not in wire.names(), "refused clicks keep their buttons"
    assert [c.get("ephemeral") for name, c in wire.calls if name == "send_message"] == [None, True]
    assert wire.names().count("defer") == 2, "after the warning, clicks are acknowledged without a word"


async def test_a_flood_of_mentions_makes_no_threads_past_the_limit(fixture_knowledge, tmp_path) -> None:
    bot, wire = adapter(fixture_knowledge, tmp_path, limit=2), Recorder()
    me = SimpleNamespace(id=1, mention="<@1>")
    for number in range(6):
        message = SimpleNamespace(author=SimpleNamespace(id=7, bot=False), content="<@1> help", mentions=[me],
                                  guild=SimpleNamespace(id=42, me=me),
                                  channel=SimpleNamespace(id=10, send=wire.send,
                                                          permissions_for=lambda _: discord.Permissions.all()),
                                  id=number, create_thread=wire.create_thread)
        await bot.on_message(message, me)  # type: ignore[arg-type]
    assert wire.names().count("create_thread") == 2
    warnings = [c for name, c in wire.calls if name == "send"]
    assert len(warnings) == 1 and "Slow down" in warnings[0]["content"]


async def test_an_unknown_answer_name_is_quoted_escaped(fixture_knowledge, tmp_path) -> None:
    bot, wire = adapter(fixture_knowledge, tmp_path), Recorder()
    asked = interaction(wire, discord.InteractionType.application_command)
    await bot.on_answer(asked, "[[Official refund form](x)](https://evil.example) @everyone", None)  # type: ignore[arg-type]
    [(_, sent)] = wire.calls
    shown = sent["args"][0]
    assert "](" not in shown and "@everyone" not in shown and "evil.example" in shown
