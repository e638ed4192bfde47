"""The audit record, the same suite over SQLite and a real PostgreSQL: guidance, feedback, the review queue,
way-outs, answers posted, stats, migrations in place, and a conversation through the engine."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from bot.conversation.engine import Engine
from bot.pack.loading import Knowledge
from bot.record.audit import AuditLog
from bot.record.memory import MemoryStore
from tests.conftest import Member, guidance
from tests.postgres_server import postgres_schema

DAY = 86400.0


class Clock:
    def __init__(self, now: float = 1_800_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where an audit record is kept: an SQLite file, or a schema of its own on a PostgreSQL server."""
    if request.param == "sqlite":
        yield str(tmp_path / "audit.sqlite3")
        return
    with postgres_schema() as url:
        yield url


def execute(target: str, *statements: str) -> None:
    """Plain SQL straight to the database, as an older release (or another tool) would have left it."""
    if target.startswith("postgresql"):
        with psycopg.connect(target, autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)  # type: ignore[arg-type]
        return
    with sqlite3.connect(target) as conn:
        for statement in statements:
            conn.execute(statement)


async def record(audit: AuditLog, tree: str = "refund", outcome: str = "keep", verdict: str = "keep_released_funds",
                 **extra: object) -> str:
    return await audit.record_guidance(platform="slack", conversation="c1", tree=tree, path=["contract", outcome],
                                       outcome=outcome, verdict=verdict, policy_version="v1", **extra)  # type: ignore


async def test_guidance_is_kept_with_what_it_rests_on(target: str) -> None:
    audit = AuditLog(target, clock=Clock())
    given = audit.new_id()
    assert await record(audit, record_id=given, start="refund", facts={"contract_type": "fixed", "late": None},
                        steps=["refund/contract: fixed"]) == given
    [decision] = audit.decisions()
    assert (decision.id, decision.start, decision.tree, decision.outcome, decision.verdict) == (
        given, "refund", "refund", "keep", "keep_released_funds")
    assert decision.facts == {"contract_type": "fixed", "late": None}
    assert decision.steps == ["refund/contract: fixed"] and decision.helpful is None and decision.replayable
    assert audit.decision(given) == decision and audit.decision("nope") is None
    await audit.aclose()


async def test_feedback_counts_the_last_click_and_fills_the_review_queue(target: str) -> None:
    audit = AuditLog(target, clock=Clock())
    first, second = await record(audit), await record(audit)
    assert await audit.record_feedback(first, helpful=False)
    assert await audit.record_feedback(second, helpful=False)
    assert [(i.guidance_id, i.source) for i in audit.review.items()] == [(first, "member"), (second, "member")]
    assert audit.review.item(1).guidance_id == first
    assert await audit.record_feedback(first, helpful=True)  # the member changed their mind
    assert [i.guidance_id for i in audit.review.items()] == [second]
    assert {d.id: d.helpful for d in audit.decisions()} == {first: True, second: False}
    assert not await audit.record_feedback("no-such-advice", helpful=True)
    await audit.aclose()


async def test_a_moderators_report_is_queued_once_with_the_latest_verdict(target: str) -> None:
    audit = AuditLog(target, clock=Clock())
    given = await record(audit)
    item = await audit.report_wrong(given, "contact_support")
    assert item is not None and await audit.report_wrong(given, "file_dispute") == item
    assert [(i.id, i.source, i.verdict) for i in audit.review.items()] == [(item, "moderator", "file_dispute")]
    assert await audit.report_wrong("no-such-advice", "file_dispute") is None
    audit.review.mark_exported(item, "knowledge/tests/review.yaml")
    assert audit.review.items() == [] and audit.review.item(item).exported_to == "knowledge/tests/review.yaml"
    await audit.aclose()


async def test_stats_way_outs_and_answers_posted(target: str) -> None:
    clock = Clock()
    audit = AuditLog(target, clock=clock)
    old = await record(audit, tree="dispute", outcome="file", verdict="file_dispute")
    await audit.record_feedback(old, helpful=True)
    await audit.record_way_out(platform="slack", conversation="c2", kind="something_else")
    clock.now += DAY
    for _ in range(2):
        await audit.record_feedback(await record(audit), helpful=False)
    await audit.record_way_out(platform="discord", conversation="c3", kind="something_else")
    audit.record_answer_posted(platform="slack", answer_id="released-money", how="answer")
    audit.record_answer_posted(platform="slack", answer_id="released-money", how="follow-up")
    audit.record_answer_posted(platform="discord", answer_id="dispute-window", how="faq")
    await audit.drain()

    stats = audit.stats()
    assert stats["trees"] == [("refund", 2), ("dispute", 1)]
    assert stats["verdicts"] == [("keep_released_funds", 2), ("file_dispute", 1)]
    assert stats["answers"] == [("released-money", 2), ("dispute-window", 1)]
    assert stats["feedback"] == [("dispute", 1, 0, 1), ("refund", 0, 2, 2)]
    assert audit.stats(since=clock.now)["trees"] == [("refund", 2)]
    assert audit.way_outs() == {"something_else": 2} and audit.way_outs(since=clock.now) == {"something_else": 1}
    assert audit.answer_uses() == {"released-money": 2, "dispute-window": 1}
    await audit.check_ready()
    await audit.aclose()


async def test_a_record_made_by_an_earlier_release_is_upgraded_in_place(target: str) -> None:
    real = "DOUBLE PRECISION" if target.startswith("postgresql") else "REAL"
    execute(target,  # the first release's tables: no replay columns, no migrations table
            f"CREATE TABLE guidance (id TEXT PRIMARY KEY, at {real} NOT NULL, platform TEXT NOT NULL, "
            "conversation TEXT NOT NULL, tree TEXT NOT NULL, path TEXT NOT NULL, outcome TEXT NOT NULL, "
            "verdict TEXT NOT NULL, policy_version TEXT NOT NULL, helpful INTEGER)",
            f"CREATE TABLE answers_posted (at {real} NOT NULL, platform TEXT NOT NULL, answer_id TEXT NOT NULL, "
            "how TEXT NOT NULL)",
            "INSERT INTO guidance VALUES ('old1', 1.5, 'slack', 'c', 'refund', '[]', 'keep', 'keep_released_funds', "
            "'v0', 1)",
            "INSERT INTO answers_posted VALUES (1.5, 'slack', 'released-money', 'answer')")
    audit = AuditLog(target, clock=Clock())
    [old] = audit.decisions()
    assert (old.id, old.helpful, old.start, old.facts, old.replayable) == ("old1", True, None, None, False)
    assert audit.answer_uses() == {"released-money": 1}
    assert audit.rows("SELECT version, name FROM schema_migrations ORDER BY version") == [
        (1, "tables"), (2, "replay columns")]
    new = await record(audit, start="refund", facts={"contract_type": "fixed"})
    assert audit.decision(new).replayable
    await audit.aclose()
    again = AuditLog(target)  # opening again applies nothing and keeps everything
    assert [d.id for d in again.decisions()] == ["old1", new]
    again.close()


def test_instances_opening_a_new_record_together_migrate_it_once(target: str) -> None:
    errors: list[BaseException] = []

    def open_one() -> None:
        try:
            AuditLog(target).close()
        except BaseException as exc:  # collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    audit = AuditLog(target)
    assert audit.rows("SELECT version FROM schema_migrations ORDER BY version") == [(1,), (2,)]
    audit.close()


async def test_a_conversation_through_the_engine_is_recorded(fixture_knowledge: Knowledge, target: str) -> None:
    engine = Engine(fixture_knowledge, MemoryStore(), AuditLog(target))
    member = Member(engine, user="U0SECRET42", platform="slack")
    await member.say("hi")
    await member.click("refund")
    await member.click("fixed")
    advice = guidance(await member.click("yes"))
    assert (await engine.feedback(advice.id, helpful=False)).markdown.startswith("Thanks for saying so")
    assert engine.audit is not None
    [decision] = engine.audit.decisions()
    assert (decision.id, decision.outcome, decision.helpful, decision.start) == (advice.id, "keep", False, "refund")
    assert json.dumps(decision.facts)  # replayable facts are kept
    assert "U0SECRET42" not in repr(engine.audit.rows("SELECT * FROM guidance"))
    assert [i.guidance_id for i in engine.audit.review.items()] == [advice.id]
    await engine.audit.aclose()
