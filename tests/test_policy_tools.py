"""The maintainer and moderator commands, asserting what they print."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.audit import AuditLog
from bot.cli import main
from bot.schema import SCHEMAS
from tests.conftest import FIXTURE_PACK

KNOWLEDGE = Path(__file__).parent.parent / "knowledge"


def run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_validate_reports_all_problems_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code, out = run(capsys, "policy", "validate", str(FIXTURE_PACK))
    assert code == 0 and out.startswith("OK: 2 trees, 5 facts, 2 canonical answers, 8 tests")
    code, out = run(capsys, "policy", "validate", str(tmp_path))
    assert code == 1 and "not a knowledge pack: no policy/ directory" in out


def test_coverage_table_and_minimum(capsys: pytest.CaptureFixture) -> None:
    code, out = run(capsys, "policy", "coverage", "--min", "100")
    assert code == 0
    assert out.splitlines()[0].split() == ["tree", "nodes", "branches", "outcomes", "covered"]
    assert out.splitlines()[-1].split() == ["total", "100.0%"]
    code, out = run(capsys, "--knowledge", str(FIXTURE_PACK), "policy", "coverage", "--min", "100")
    assert code == 1
    assert "not reached in waiting: branch days: is unknown (I don't know)" in out
    assert "below the minimum 100%" in out


def test_explain_shows_words_path_and_outcome(capsys: pytest.CaptureFixture) -> None:
    code, out = run(capsys, "policy", "explain", "--message",
                    "the client closed the contract and wants the escrow back, I did half of the work")
    assert code == 0
    assert "routing: escrow_refund" in out
    assert "“half of the work” → work_done = partial" in out
    assert "2. node work: work_done = partial (from the message); matched = partial → escrow_settle_partial" in out
    assert "outcome: escrow_settle_partial, verdict partial_refund_recommended" in out


def test_explain_with_incomplete_facts_names_the_next_question(capsys: pytest.CaptureFixture) -> None:
    code, out = run(capsys, "policy", "explain", "unreleased_milestone", "--fact", "milestone_funded=yes",
                    "--fact", "work_submitted=?")
    assert code == 0
    assert "work_submitted = I don't know (from you); matched is unknown (I don't know) → unreleased_submit" in out
    code, out = run(capsys, "policy", "explain", "unreleased_milestone", "--fact", "milestone_funded=yes")
    assert "next question (node submitted, fact work_submitted): Did you submit the work" in out
    code, out = run(capsys, "policy", "explain", "unreleased_milestone", "--fact", "milestone_funded=perhaps")
    assert code == 2 and "I need a yes or a no here" in out


def test_graph_mermaid_and_dot(capsys: pytest.CaptureFixture) -> None:
    code, out = run(capsys, "policy", "graph", "scope_creep")
    assert code == 0
    assert out.splitlines()[0] == "flowchart TD"
    assert '    released -->|"payment released"| scope_new_milestone' in out
    assert 'scope_new_milestone(["Put the changes in a new milestone: ' in out
    code, out = run(capsys, "policy", "graph", "scope_creep", "--format", "dot")
    assert out.startswith('digraph "scope_creep" {') and 'released -> scope_before_release [label="payment not' in out
    code, out = run(capsys, "policy", "graph", "nope")
    assert code == 2 and "unknown tree 'nope'" in out


def test_schema_matches_the_shipped_files(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code, _ = run(capsys, "policy", "schema", "--write", str(tmp_path))
    assert code == 0
    for name in SCHEMAS:
        written = json.loads((tmp_path / f"{name}.json").read_text())
        shipped = json.loads((KNOWLEDGE / "schema" / f"{name}.json").read_text())
        assert written == shipped, f"knowledge/schema/{name}.json is stale: run `refundbot policy schema --write`"
    for path in KNOWLEDGE.rglob("*.yaml"):
        section = path.parent.name
        assert path.read_text().startswith(f"# yaml-language-server: $schema=../schema/{section}.json"), path


def test_answers_list_show_search_and_usage(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    database = tmp_path / "db.sqlite3"
    AuditLog(database).record_answer_posted(platform="slack", answer_id="hourly-protection", how="answer")
    code, out = run(capsys, "--database", str(database), "answers", "list")
    assert code == 0
    row = next(line for line in out.splitlines() if line.startswith("hourly-protection "))
    assert row.split()[-1] == "1"
    code, out = run(capsys, "answers", "show", "hpp")
    assert code == 0 and out.startswith("== What Hourly Payment Protection requires ==")
    code, out = run(capsys, "answers", "search", "arbitraton", "fee")
    assert code == 0 and out.splitlines()[2].startswith("arbitration-costs")
    code, out = run(capsys, "answers", "show", "nothing-like-this")
    assert code == 1 and "no canonical answer is called" in out


def test_stats_tables(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    database = tmp_path / "db.sqlite3"
    audit = AuditLog(database, clock=lambda: 1_800_000_000.0)  # 2027-01-15
    first = audit.record_guidance(platform="slack", conversation="abc", tree="hourly", path=["tracked"],
                                  outcome="hourly_protected", verdict="hourly_dispute_window", policy_version="v1")
    audit.record_guidance(platform="discord", conversation="def", tree="hourly", path=["tracked"],
                          outcome="hourly_manual_time", verdict="hourly_dispute_window", policy_version="v1")
    audit.record_feedback(first, helpful=True)
    audit.record_answer_posted(platform="slack", answer_id="arbitration-costs", how="answer")
    code, out = run(capsys, "--database", str(database), "stats")
    assert code == 0
    trees = out.split("\n\n")[0].splitlines()
    assert trees[-1].split() == ["hourly", "2"]
    assert "hourly_dispute_window  2" in out
    assert "arbitration-costs  1" in out
    assert "hourly  1        0            100%" in out
    code, out = run(capsys, "--database", str(database), "stats", "--since", "2027-02-01")
    assert "hourly_dispute_window" not in out
