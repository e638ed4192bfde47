"""The serving bot's background task for Ask a moderator: another instance (or the same one restarted) over
the same store takes the steps due, and refundbot_handoffs_pending reports the store's real count."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from bot.app.handoffs import start_handoff_watch
from bot.app.serving import Ops
from bot.conversation.engine import Engine
from bot.conversation.handoff import Desk, HandoffTimes
from bot.messages import ConversationKey, HandoffNote, Inbound, Question
from bot.pack.loading import Knowledge
from bot.record.handoffs_sqlite import SQLiteHandoffs
from bot.record.sqlite import SQLiteStore
from tests.conversation.test_handoff import Clock

TIMES = HandoffTimes(remind_after_seconds=600, escalate_after_seconds=600, check_every_seconds=0.01)
KEY = ConversationKey(platform="discord", workspace="42", channel="1234", user="7")


def instance(knowledge: Knowledge, database: Path, clock: Clock) -> Engine:
    """One serving process, as `make_engine` builds it: sessions and handoffs in the same SQLite file."""
    return Engine(knowledge, SQLiteStore(database, clock=clock), clock=clock,
                  handoffs=Desk(SQLiteHandoffs(database), TIMES, clock))


async def until(condition: Callable[[], bool]) -> None:
    async def polled() -> None:
        while not condition():
            await asyncio.sleep(0.01)

    await asyncio.wait_for(polled(), timeout=10)


def pending(ops: Ops) -> float:
    body, _ = ops.metrics.exposition()
    return next(sample.value for family in text_string_to_metric_families(body.decode())
                for sample in family.samples if sample.name == "refundbot_handoffs_pending")


async def test_another_instance_reminds_and_escalates_and_the_gauge_counts(
        fixture_knowledge: Knowledge, tmp_path: Path) -> None:
    clock = Clock()
    first = instance(fixture_knowledge, tmp_path / "bot.sqlite3", clock)
    replies = await first.handle(Inbound(key=KEY, text="hello"))
    question = next(r for r in replies if isinstance(r, Question))
    await first.handle(Inbound(key=KEY, choice="something_else", question=question.token))
    first_ops = Ops(first)
    assert isinstance(await first.ask_moderator(KEY, "1234", "", "100"), HandoffNote)
    assert pending(first_ops) == 1

    second = instance(fixture_knowledge, tmp_path / "bot.sqlite3", clock)  # the timer lives in the store
    second_ops = Ops(second)
    posted: list[HandoffNote] = []

    async def post(note: HandoffNote) -> None:
        posted.append(note)

    watch = start_handoff_watch(second, "discord", post, TIMES.check_every_seconds)
    try:
        await until(lambda: pending(second_ops) == 1)
        assert posted == []
        clock.now += 600
        await until(lambda: len(posted) == 1)
        assert posted[0].stage == "reminder" and posted[0].channel == "1234"
        clock.now += 600
        await until(lambda: len(posted) == 2 and pending(second_ops) == 0)
        assert [n.stage for n in posted] == ["reminder", "escalation"]
    finally:
        watch.cancel()
