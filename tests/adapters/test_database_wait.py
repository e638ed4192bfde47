"""Another process holding SQLite's write lock for seconds must not delay the platforms' deadlines: Slack's
ack and Discord's first response go out within 3 seconds while turns wait for the file off the event loop."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from adapters.discord.bot import DiscordAdapter
from bot.app.settings import Settings
from bot.conversation.engine import Engine
from bot.pack.loading import Knowledge
from bot.record.audit import AuditLog
from bot.record.database import Database
from bot.record.sqlite import SQLiteStore
from tests.adapters.test_discord import FakeInteraction, user
from tests.conftest import Member, guidance
from tests.fake_slack_api import FakeSlackAPI
from tests.slack_wire import served

HOLD_SECONDS = 3  # the platforms' deadline: an answer that waited for the writer would come after it


def sqlite_engine(knowledge: Knowledge, database: Path) -> Engine:
    shared = Database(database)
    return Engine(knowledge, SQLiteStore(shared), AuditLog(shared))


@contextmanager
def another_writer(database: Path) -> Iterator[threading.Event]:
    """Another process's long write transaction; the event is set once it lets go."""
    holding, released = threading.Event(), threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(database, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        holding.set()
        time.sleep(HOLD_SECONDS)
        released.set()
        conn.execute("ROLLBACK")
        conn.close()

    thread = threading.Thread(target=hold)
    thread.start()
    holding.wait()
    try:
        yield released
    finally:
        thread.join()


async def test_slack_acks_while_another_process_holds_the_database(fixture_knowledge: Knowledge,
                                                                   tmp_path: Path) -> None:
    database = tmp_path / "db.sqlite3"
    async with served(sqlite_engine(fixture_knowledge, database), FakeSlackAPI(), database=database) as slack:
        with another_writer(database) as released:
            mention = {"type": "app_mention", "user": "U2", "text": "<@UBOT> hello", "ts": "50.1", "channel": "C9"}
            assert await slack.event(mention, "Ev1") == 200  # its turn now waits for the file
            assert await slack.command("/refund", "") == 200
            assert not released.is_set(), "the ack waited for the other writer"
        posts = await slack.api.wait_for("chat.postMessage", 5, timeout=20)  # both turns finish after
        assert {post["text"] for post in posts} >= {"Which of these is closest to your situation?"}


async def test_discord_answers_first_while_another_process_holds_the_database(
    fixture_knowledge: Knowledge, tmp_path: Path,
) -> None:
    database = tmp_path / "db.sqlite3"
    engine = sqlite_engine(fixture_knowledge, database)
    adapter = DiscordAdapter(engine, Settings(database=database).discord_options())
    member = Member(engine)
    await member.say("hi")
    await member.click("refund")
    await member.click("fixed")
    advice = guidance(await member.click("yes"))

    helpful, answer = FakeInteraction(adapter), FakeInteraction(adapter, member=user(manage_messages=True))
    with another_writer(database) as released:
        first_responses: dict[str, bool] = {}  # for each click or command: had the writer let go by then?

        def first_response(name: str, kept: Callable[..., Awaitable[object]]) -> Callable[..., Awaitable[object]]:
            async def respond(*args: object, **kwargs: object) -> object:
                first_responses.setdefault(name, released.is_set())
                return await kept(*args, **kwargs)
            return respond

        helpful.response.defer = first_response("helpful", helpful.response.defer)  # type: ignore[method-assign]
        answer.response.defer = first_response("answer", answer.response.defer)  # type: ignore[method-assign]
        await asyncio.gather(adapter.on_feedback(helpful, advice.id, helpful=True),  # type: ignore[arg-type]
                             adapter.on_answer(answer, "keep", None))  # type: ignore[arg-type]
    assert first_responses == {"helpful": False, "answer": False}, "a first response waited for the file"
    assert helpful.followup.send.calls == [{"content": "Thanks, glad it helped.", "ephemeral": True}]
    assert answer.followup.send.calls[0]["embed"].title
    assert engine.audit is not None and engine.audit.rows("SELECT helpful FROM guidance") == [(1,)]
    assert engine.audit.answer_uses() == {"released-money": 1}, "the post is counted behind the reply"
