"""No platform user id is kept in clear: not in the SQLite file, nor in Redis, nor in PostgreSQL's tables.
Conversation keys are stored hashed; sessions kept in clear by an earlier release are rehashed in place."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import psycopg
from redis import Redis

from bot.conversation.engine import Engine
from bot.pack.loading import Knowledge
from bot.record import Session
from bot.record.audit import AuditLog
from bot.record.redis import RedisStore
from bot.record.sqlite import SQLiteStore
from tests.conftest import Member, guidance
from tests.postgres_server import postgres_schema

USER = "U0SECRET42"  # a Slack user id, in the conversation key "slack:c:t:U0SECRET42"


async def a_conversation_with_feedback(engine: Engine) -> Member:
    member = Member(engine, user=USER, platform="slack")
    await member.say("hi")
    await member.click("refund")
    advice_mid_way = await member.click("fixed")  # a session in flight is saved too
    assert advice_mid_way
    advice = guidance(await member.click("yes"))
    await engine.feedback(advice.id, helpful=False)
    await member.say("thanks")  # the follow-up keeps the finished session
    return member


def every_byte(database: Path) -> bytes:
    return b"".join(p.read_bytes() for p in database.parent.iterdir() if p.name.startswith(database.name))


async def test_the_sqlite_file_holds_no_user_id(fixture_knowledge: Knowledge, tmp_path: Path) -> None:
    database = tmp_path / "bot.sqlite3"
    store = SQLiteStore(database)
    engine = Engine(fixture_knowledge, store, AuditLog(store.database))
    member = await a_conversation_with_feedback(engine)
    assert await store.load(member.key.as_string()) is not None, "the conversation is still there, by its key"
    assert USER.encode() not in every_byte(database)  # the file and its WAL, before any checkpoint
    assert engine.audit is not None
    await engine.audit.aclose()
    await store.close()
    assert USER.encode() not in every_byte(database)


async def test_redis_holds_no_user_id(fixture_knowledge: Knowledge, tmp_path: Path, redis_url: str) -> None:
    store = RedisStore.from_url(redis_url, prefix="privacy:")
    engine = Engine(fixture_knowledge, store, AuditLog(tmp_path / "audit.sqlite3"))
    member = await a_conversation_with_feedback(engine)
    assert await store.load(member.key.as_string()) is not None
    await store.close()
    with Redis.from_url(redis_url) as redis:
        keys = list(redis.scan_iter("privacy:*"))
        assert keys
        kept = b"".join(key + (redis.dump(key) or b"") for key in keys)
    assert USER.encode() not in kept


async def test_postgresql_holds_no_user_id(fixture_knowledge: Knowledge, tmp_path: Path) -> None:
    with postgres_schema() as url:
        store = SQLiteStore(tmp_path / "sessions.sqlite3")
        engine = Engine(fixture_knowledge, store, AuditLog(url))
        await a_conversation_with_feedback(engine)
        assert engine.audit is not None
        await engine.audit.aclose()
        await store.close()
        with psycopg.connect(url) as conn:
            tables = [row[0] for row in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")]
            assert {"guidance", "review", "way_outs", "answers_posted"} <= set(tables)
            dumped = repr([conn.execute(f"SELECT * FROM {table}").fetchall() for table in tables])  # type: ignore
        assert "guidance" in tables and USER not in dumped


async def test_sessions_kept_in_clear_by_an_earlier_release_are_hashed_and_go_on(tmp_path: Path) -> None:
    database = tmp_path / "bot.sqlite3"
    key = f"slack:c:t:{USER}"
    SQLiteStore(database).database.close()  # the tables, as the store makes them
    old = Session(key=key, policy_version="v1", tree="refund", updated_at=time.time())
    conn = sqlite3.connect(database)
    with conn:
        conn.execute("INSERT INTO sessions (key, data, expires_at) VALUES (?, ?, ?)",
                     (key, old.model_dump_json(), time.time() + 3600))
    conn.close()
    store = SQLiteStore(database)
    kept = await store.load(key)
    assert kept is not None and (kept.key, kept.tree) == (key, "refund")
    await store.close()
    assert USER.encode() not in every_byte(database)


async def test_redis_sessions_kept_in_clear_by_an_earlier_release_are_hashed_and_go_on(redis_url: str) -> None:
    key = f"slack:c:t:{USER}"
    old = Session(key=key, policy_version="v1", tree="refund")
    with Redis.from_url(redis_url) as redis:
        redis.set(f"legacy:session:{key}", old.model_dump_json(), px=3_600_000)
    store = RedisStore.from_url(redis_url, prefix="legacy:")
    kept = await store.load(key)
    assert kept is not None and (kept.key, kept.tree) == (key, "refund")
    assert await store.load(key) == kept
    await store.close()
    with Redis.from_url(redis_url) as redis:
        keys = list(redis.scan_iter("legacy:*"))
        assert len(keys) == 1 and USER.encode() not in keys[0] + (redis.get(keys[0]) or b"")
        assert 0 < redis.pttl(keys[0]) <= 3_600_000
