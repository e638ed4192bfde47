"""A Discord member is never left without a reply (issue 21): a store that is down, or any failure inside a
handler, is told privately, where discord.py itself would only log it ("The application did not respond").
Through discord.py's own dispatch (tests/discord_gateway.py) over the real engine."""

from __future__ import annotations

from typing import Any

from adapters.discord.bot import DiscordAdapter, DiscordOptions, build_commands
from adapters.discord.boundary import SOMETHING_WENT_WRONG, UNAVAILABLE
from bot.conversation.engine import Engine, StoreUnavailable
from bot.pack.loading import Knowledge
from bot.record import Session
from bot.record.memory import MemoryStore
from tests.discord_gateway import Gateway

EPHEMERAL = 64


class DownStore(MemoryStore):
    """A session store that stops answering when told to, as Redis does when it goes away."""

    down = False

    async def ping(self) -> None:
        if self.down:
            raise StoreUnavailable("the store is down")

    async def load(self, key: str) -> Session | None:
        if self.down:
            raise StoreUnavailable("the store is down")
        return await super().load(key)


def make(knowledge: Knowledge) -> tuple[Gateway, DownStore]:
    store = DownStore()
    return Gateway(DiscordAdapter(Engine(knowledge, store), DiscordOptions())), store


def said_privately(gateway: Gateway) -> list[str]:
    replies = [r["data"] for r in gateway.responses if r.get("data")] + gateway.followups
    return [r.get("content") or "" for r in replies if (r.get("flags") or 0) & EPHEMERAL]


async def refund(gateway: Gateway, **options: Any) -> None:
    command = next(c for c in build_commands(gateway.state._get_client().adapter) if c.name == "refund")
    await command.callback(gateway.command("refund", options), **options)


async def test_refund_with_the_store_down_posts_no_opening_and_says_so_privately(fixture_knowledge) -> None:
    gateway, store = make(fixture_knowledge)
    store.down = True
    await refund(gateway, situation=None)
    assert said_privately(gateway) == [UNAVAILABLE]
    assert gateway.http.threads == [] and gateway.http.sent == [], "no opening and no empty thread"


async def test_a_click_that_fails_after_the_buttons_changed_is_told_in_a_follow_up(fixture_knowledge) -> None:
    gateway, store = make(fixture_knowledge)
    await refund(gateway, situation=None)
    [thread_id] = gateway.http.threads
    question = gateway.http.sent[-1][1]
    custom_id = next(c["custom_id"] for row in question["components"] for c in row["components"]
                     if c["custom_id"].endswith(":refund"))
    store.down = True
    await gateway.deliver(gateway.press(question, custom_id, channel_id=thread_id))
    assert said_privately(gateway)[-1] == UNAVAILABLE


async def test_an_unexpected_failure_is_logged_and_the_member_told(fixture_knowledge, caplog) -> None:
    gateway, _ = make(fixture_knowledge)
    adapter = gateway.state._get_client().adapter

    async def broken(*_: Any, **__: Any) -> None:
        raise RuntimeError("a bug")

    adapter.engine.feedback = broken  # type: ignore[method-assign]
    await adapter.on_feedback(gateway.click("rb:f:7:yes:abc"), "abc", True)
    assert said_privately(gateway)[-1] == SOMETHING_WENT_WRONG
    assert "Discord handler on_feedback failed" in caplog.text and "a bug" in caplog.text


async def test_a_thread_message_nobody_addressed_is_not_answered_while_the_store_is_down(fixture_knowledge) -> None:
    gateway, store = make(fixture_knowledge)
    adapter = gateway.state._get_client().adapter
    store.down = True
    await adapter.on_message(gateway.message("just chatting with a friend"), gateway.state.user)
    assert gateway.http.sent == [] and said_privately(gateway) == []
