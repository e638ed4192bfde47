"""A conversation survives a restart: a new engine on the same SQLite file finishes it."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.conversation.engine import Engine
from bot.messages import Question
from bot.pack.loading import Knowledge, load_knowledge
from bot.record import sqlite as store_module
from bot.record.audit import AuditLog
from bot.record.session import ConversationBusy, stored_key
from bot.record.sqlite import SQLiteStore
from tests.conftest import Member, guidance, last


def sqlite_engine(knowledge: Knowledge, database: Path, **store_options: object) -> Engine:
    return Engine(knowledge, SQLiteStore(database, **store_options), AuditLog(database))


async def test_a_new_engine_on_the_same_file_finishes_the_conversation(fixture_knowledge, tmp_path) -> None:
    database = tmp_path / "sessions.sqlite3"
    first = Member(sqlite_engine(fixture_knowledge, database))
    await first.say("hello")
    await first.click("refund")
    await first.click("fixed")
    token = first.question.token if first.question else None
    await first.engine.store.close()
    del first

    engine = sqlite_engine(fixture_knowledge, database)
    member = Member(engine)
    resumed = await engine.resume(member.key)
    question = last(resumed)
    assert isinstance(question, Question) and question.prompt == "Has the client released the milestone?"
    assert question.token == token, "buttons shown before the restart still work"
    advice = guidance(await member.click("yes", token=token))
    assert advice.outcome == "keep" and advice.basis == ["fixed-price", "payment released"]
    assert [step.node for step in advice.path] == ["contract", "released"]
    assert advice.path[0].condition == "one of fixed, catalog" and advice.path[0].answer == "fixed-price"


async def test_a_conversation_left_at_which_to_change_resumes_at_that_menu(tmp_path) -> None:
    database = tmp_path / "sessions.sqlite3"
    shipped = load_knowledge()
    first = Member(sqlite_engine(shipped, database))
    await first.say("client released my milestone yesterday, i delivered everything, now he wants a refund")
    await first.say("no")
    assert first.question and first.question.prompt == "Which one should I change?"
    token = first.question.token
    await first.engine.store.close()

    engine = sqlite_engine(shipped, database)
    resumed = last(await engine.resume(Member(engine).key))
    assert isinstance(resumed, Question) and resumed.prompt == "Which one should I change?"
    assert resumed.token == token, "the menu's buttons shown before the restart still work"


async def test_idle_sessions_expire(fixture_knowledge, tmp_path) -> None:
    now = [1000.0]
    database = tmp_path / "sessions.sqlite3"
    engine = Engine(fixture_knowledge, SQLiteStore(database, ttl_seconds=60, clock=lambda: now[0]),
                    clock=lambda: now[0])
    member = Member(engine)
    await member.say("hello")
    await member.click("refund")
    now[0] += 61
    assert await engine.resume(member.key) == []
    replies = await member.click("fixed")
    assert "That conversation has ended" in replies[0].markdown


def _left_lock(database: Path, key: str, pid: int) -> None:
    """A lock row as a process with this id on this machine leaves it when it dies mid-turn."""
    with sqlite3.connect(database) as conn:
        conn.execute("INSERT INTO locks (key, owner, expires_at) VALUES (?, ?, ?)",
                     (stored_key(key), f"{store_module._MACHINE}.{pid}.deadbeef.0", time.time() + 60))


async def test_a_lock_left_by_a_process_that_died_is_taken_at_once(tmp_path, monkeypatch) -> None:
    database = tmp_path / "sessions.sqlite3"
    store = SQLiteStore(database)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    _left_lock(database, "console:member", gone.pid)
    monkeypatch.setattr(store_module, "LOCK_WAIT_SECONDS", 0.3)
    async with store.lock("console:member"):  # no 60 s lease to wait out
        pass
    await store.close()


async def test_a_lock_held_by_a_live_process_is_waited_for(tmp_path, monkeypatch) -> None:
    database = tmp_path / "sessions.sqlite3"
    store = SQLiteStore(database)
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        _left_lock(database, "console:member", alive.pid)
        monkeypatch.setattr(store_module, "LOCK_WAIT_SECONDS", 0.3)
        with pytest.raises(ConversationBusy):
            async with store.lock("console:member"):
                pass
    finally:
        alive.kill()
        alive.wait()
        await store.close()


async def test_a_message_while_another_process_holds_the_conversation_is_answered_busy(fixture_knowledge, tmp_path,
                                                                                      monkeypatch) -> None:
    """A second window on the same conversation: the member is told to send it again, and what was stored stays."""
    database = tmp_path / "sessions.sqlite3"
    member = Member(sqlite_engine(fixture_knowledge, database))
    await member.say("hello")
    await member.click("refund")
    before = await member.engine.store.load(member.key.as_string())
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        _left_lock(database, member.key.as_string(), alive.pid)
        monkeypatch.setattr(store_module, "LOCK_WAIT_SECONDS", 0.3)
        replies = await member.say("actually it was hourly")
    finally:
        alive.kill()
        alive.wait()
    assert "busy with another message" in last(replies).markdown and "send it again" in last(replies).markdown
    with sqlite3.connect(database) as conn:
        conn.execute("DELETE FROM locks")
    assert await member.engine.store.load(member.key.as_string()) == before
    await member.engine.store.close()
