"""Whole conversations through the engine on SQLite and on Redis, beside loading and saving the same session.

    python bench/engine.py [--conversations N] [--quick]

Each conversation is a case with facts (tests/cases/*.yaml and ../shared/eval/*_cases.yaml) talked through as
`refundbot eval` does: the bot's opening is the case's message, and whatever it asks is answered from the
case's facts, so the bench follows the pack as it changes. The floor is the least a turn must do: load the
conversation's session from the same store and save it back (the same key, the same blob). Both run as in a
serving process (`refundbot serve`): the pack's readers built before the first turn, the garbage collector set
as bot.app.collector sets it.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from _common import CASE_FILES, Row, mean, parser, percentile, redis_url, report

from bot.app.collector import collector_for_serving
from bot.app.serving import readers_built
from bot.conversation.engine import Engine
from bot.maintain.eval import Case, load_cases, run_case
from bot.messages import ConversationKey, Inbound, Reply
from bot.pack.loading import Knowledge, load_knowledge
from bot.pack.versions import KnowledgeLibrary
from bot.reading.phrases import build_reader
from bot.record import SessionStore
from bot.record.redis import RedisStore
from bot.record.sqlite import SQLiteStore
from bot.safety.limits import Limits


class TimedEngine(Engine):
    """The real engine, timing each turn from the adapter's side, and keeping what each turn said."""

    turns: list[float]
    said: list[str | None]  # a turn's typed text; None for a click

    async def handle(self, message: Inbound) -> list[Reply]:
        started = time.perf_counter()
        replies = await super().handle(message)
        self.turns.append(time.perf_counter() - started)
        self.said.append(message.text)
        return replies


def reading_times(knowledge: Knowledge, said: list[str | None]) -> list[float]:
    """What reading each turn's words costs on its own (the opening reader; a click reads nothing): the part of a
    turn that no store and no engine work can remove. A reader of its own, given the words in the turns' order,
    remembers what the engine's did at each turn (the serving reader has seen them all by now)."""
    reader = build_reader(knowledge)
    assert reader is not None
    times = []
    for text in said:
        started = time.perf_counter()
        if text is not None:
            reader.read(text)
        times.append(time.perf_counter() - started)
    return times


def cases() -> list[Case]:
    return [case for path in CASE_FILES for case in load_cases(path) if case.facts]


async def run(knowledge: Knowledge, store: SessionStore, corpus: list[Case],
              conversations: int) -> tuple[list[float], list[float], list[float], int]:
    """Per-turn times, per load+save times (as many as turns, interleaved), the reading of each turn's words
    alone, and how many reached guidance."""
    library = KnowledgeLibrary(knowledge)
    with readers_built(library), collector_for_serving(library):
        return await _run(library, knowledge, store, corpus, conversations)


async def _run(library: KnowledgeLibrary, knowledge: Knowledge, store: SessionStore, corpus: list[Case],
               conversations: int) -> tuple[list[float], list[float], list[float], int]:
    engine = TimedEngine(library, store, limits=Limits(rate_limit_messages=10**9, max_turns=100))
    engine.turns, engine.said = [], []
    floor: list[float] = []
    guided = 0
    for number in range(conversations):
        key = ConversationKey(platform="bench", channel="c", user=f"u{number}")
        before = len(engine.turns)
        result = await run_case(knowledge, corpus[number % len(corpus)], engine, key)
        guided += result.verdict is not None
        for _ in range(len(engine.turns) - before):  # the floor, right after, on the same session
            started = time.perf_counter()
            session = await store.load(key.as_string())
            assert session is not None
            await store.save(session)
            floor.append(time.perf_counter() - started)
    await store.close()
    return engine.turns, floor, reading_times(knowledge, engine.said), guided


def rows(store: str, turns: list[float], floor: list[float], reading: list[float]) -> list[Row]:
    return [
        Row(f"{store}: turns/s", 1 / mean(turns), 1 / mean(floor), "turns/s", at_most=3, higher_is_better=True),
        Row(f"{store}: turn p50", percentile(turns, 0.5) * 1000, percentile(floor, 0.5) * 1000, "ms"),
        Row(f"{store}: turn p99", percentile(turns, 0.99) * 1000, percentile(floor, 0.99) * 1000, "ms", at_most=3),
        Row(f"{store}: reading alone, mean", mean(reading) * 1000, mean(floor) * 1000, "ms"),
    ]


def main() -> None:
    options = parser(__doc__)
    options.add_argument("--conversations", type=int, default=2000)
    args = options.parse_args()
    conversations = 12 if args.quick else args.conversations
    knowledge, corpus = load_knowledge(), cases()
    table: list[Row] = []
    notes = ["floor: the store's load + save of the conversation's session, as many times as it had turns",
             "reading alone: the member's words of each turn read again, in order, by a new opening reader, outside "
             "the turn (a click reads nothing): with the floor, what a turn costs before the engine does anything"]
    with tempfile.TemporaryDirectory() as directory:
        turns, floor, reading, guided = asyncio.run(run(knowledge, SQLiteStore(Path(directory) / "bench.sqlite3"),
                                                        corpus, conversations))
        table += rows("SQLite", turns, floor, reading)
    with redis_url() as url:
        if url is None:
            notes.append("Redis: redis-server is not installed, not measured")
        else:
            turns, floor, reading, _ = asyncio.run(run(knowledge, RedisStore.from_url(url), corpus, conversations))
            table += rows("Redis", turns, floor, reading)
    report(f"engine: {conversations:,} conversations from {len(corpus)} cases, {len(turns):,} turns per store, "
           f"{guided / conversations:.0%} reached guidance", table, notes)


if __name__ == "__main__":
    main()
