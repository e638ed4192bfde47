"""The audit log as the engine fills it, and the commands that read it: `stats` and `answers`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.app.cli import main
from bot.conversation.engine import Engine
from bot.messages import key_digest
from bot.record.audit import AuditLog
from tests.conftest import FIXTURE_PACK, Member, guidance

JAN_15_2027 = 1_800_000_000.0


def run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def section(out: str, title: str) -> list[str]:
    """The rows of one table of `refundbot stats` (after its title, header and rule)."""
    block = next(b for b in out.split("\n\n") if b.startswith(title))
    return block.splitlines()[3:]


async def test_guidance_feedback_and_posts_are_audited_without_user_ids(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture,
) -> None:
    member = Member(engine, user="U0SECRET42", platform="slack")
    await member.say("hi")
    await member.click("refund")
    await member.click("fixed")
    advice = guidance(await member.click("yes"))
    await engine.feedback(advice.id, helpful=False)
    engine.answer_card(engine.find_answer("keep"), platform="slack", how="answer")

    database = tmp_path / "audit.sqlite3"  # the `engine` fixture's audit log
    rows = AuditLog(database).rows("SELECT platform, conversation, tree, path, outcome, verdict, policy_version, "
                                   "helpful FROM guidance")
    path = json.dumps(["contract", "released", "keep"])
    version = engine.library.current.version
    assert rows == [("slack", key_digest(member.key.as_string()), "refund", path, "keep", "keep_released_funds",
                     version, 0)]
    assert "U0SECRET42" not in repr(AuditLog(database).rows("SELECT * FROM guidance"))

    code, out = run(capsys, "--database", str(database), "stats")
    assert code == 0
    assert section(out, "Most asked situations") == ["refund  1"]
    assert section(out, "Verdicts") == ["keep_released_funds  1"]
    assert section(out, "Canonical answers posted") == ["released-money  1"]
    assert section(out, "Feedback")[0].split() == ["refund", "0", "1", "0%"]

    code, out = run(capsys, "--knowledge", str(FIXTURE_PACK), "--database", str(database), "answers", "list")
    assert code == 0
    assert [line.split()[-1] for line in out.splitlines()[2:]] == ["1", "0"]  # released-money, auto-release


async def test_stats_tables_ratios_and_since(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    database = tmp_path / "db.sqlite3"
    audit = AuditLog(database, clock=lambda: JAN_15_2027)
    record = {"path": ["tracked"], "verdict": "hourly_dispute_window", "policy_version": "v1"}
    ids = [AuditLog.new_id() for _ in range(3)]
    for n, record_id in enumerate(ids):
        await audit.record_guidance(record_id=record_id, platform="slack", conversation=f"c{n}", tree="hourly",
                                    outcome="hourly_protected", **record)
    await audit.record_guidance(record_id=AuditLog.new_id(), platform="discord", conversation="d", tree="jss",
                                path=["scope"], outcome="jss_note", verdict="contact_support", policy_version="v1")
    assert await audit.record_feedback(ids[0], helpful=True)
    assert await audit.record_feedback(ids[1], helpful=True)
    assert await audit.record_feedback(ids[2], helpful=False)
    assert not await audit.record_feedback("no-such-record", helpful=True)
    audit.record_answer_posted(platform="slack", answer_id="arbitration-costs", how="answer")
    audit.record_answer_posted(platform="discord", answer_id="arbitration-costs", how="search")
    audit.record_answer_posted(platform="discord", answer_id="hourly-protection", how="answer")
    audit.close()  # the posts are counted behind; closing waits for them

    code, out = run(capsys, "--database", str(database), "stats")
    assert code == 0
    assert section(out, "Most asked situations") == ["hourly  3", "jss     1"]
    assert section(out, "Verdicts") == ["hourly_dispute_window  3", "contact_support        1"]
    assert section(out, "Canonical answers posted") == ["arbitration-costs  2", "hourly-protection  1"]
    feedback = section(out, "Feedback")
    assert feedback[0].split() == ["hourly", "2", "1", "67%"]
    assert feedback[1].split() == ["jss", "0", "0", "-"]

    code, out = run(capsys, "--database", str(database), "stats", "--since", "2027-01-15")
    assert section(out, "Most asked situations") == ["hourly  3", "jss     1"]
    code, out = run(capsys, "--database", str(database), "stats", "--since", "2027-02-01")
    assert code == 0
    assert all(section(out, title) == [] for title in ("Most asked", "Verdicts", "Canonical", "Feedback"))


def test_stats_refuses_a_date_it_cannot_read(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--database", str(tmp_path / "db.sqlite3"), "stats", "--since", "last tuesday"])
    assert exit_.value.code == 2
    assert "not a date: 'last tuesday' (use YYYY-MM-DD)" in capsys.readouterr().err


def test_answers_list_show_search_and_usage(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    database = tmp_path / "db.sqlite3"
    audit = AuditLog(database)
    audit.record_answer_posted(platform="slack", answer_id="hourly-protection", how="answer")
    audit.close()
    code, out = run(capsys, "--database", str(database), "answers", "list")
    assert code == 0
    assert out.splitlines()[0].split() == ["id", "title", "aliases", "posts"]
    row = next(line for line in out.splitlines() if line.startswith("hourly-protection "))
    assert row.split()[-1] == "1"
    code, out = run(capsys, "answers", "show", "hpp")
    assert code == 0 and out.startswith("== What Hourly Payment Protection requires ==")
    assert "\nSources:\n  - " in out
    code, out = run(capsys, "answers", "search", "arbitraton", "fee")
    assert code == 0 and out.splitlines()[2].startswith("arbitration-costs")
    code, out = run(capsys, "answers", "show", "nothing-like-this")
    assert code == 1 and "no canonical answer is called 'nothing-like-this'" in out
    code, out = run(capsys, "--knowledge", str(FIXTURE_PACK), "answers", "search", "zebra", "quantum")
    assert code == 1 and out.strip() == "No canonical answer matches."


async def test_stats_paths_shows_where_conversations_go_and_where_they_never_do(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture,
) -> None:
    for user, clicks in (("a", ["refund", "fixed", "yes"]), ("b", ["refund", "fixed", "yes"]),
                         ("c", ["refund", "hourly"]), ("d", ["something_else"])):
        member = Member(engine, user=user)
        await member.say("hi")
        for choice in clicks:
            await member.click(choice)
    database = str(tmp_path / "audit.sqlite3")

    code, out = run(capsys, "--knowledge", str(FIXTURE_PACK), "--database", database, "stats", "--paths")
    assert code == 0
    assert section(out, "Where conversations ended") == [
        "refund  keep           Keep the released money  2", "refund  hourly_window  Hourly review period     1"]
    walked = section(out, "The pack, as real conversations walk it")
    assert walked[0].split() == ["refund", "3", "2/4", "3/6"] and walked[1].split() == ["waiting", "0", "0/3", "0/6"]
    assert "  never reached in refund: outcome return_escrow" in out
    assert "  never reached in refund: branch released: = false" in out
    assert "  never reached in waiting: branch days: default" in out
    assert 'Ended at "something else" (no situation fitted): 1 of 4 conversations (25%)' in out

    code, out = run(capsys, "--knowledge", str(FIXTURE_PACK), "--database", database, "stats", "--paths",
                    "--format", "json")
    report = json.loads(out)
    refund = next(t for t in report["trees"] if t["tree"] == "refund")
    assert refund["outcomes"] == {"keep": 2, "return_escrow": 0, "hourly_window": 1, "ask_support": 0}
    assert refund["branches"]["contract: one of fixed, catalog"] == 2 and report["way_outs"] == {"something_else": 1}

    code, out = run(capsys, "--database", database, "stats", "--format", "json")
    assert json.loads(out)["trees"] == [{"tree": "refund", "guidance": 3}]
