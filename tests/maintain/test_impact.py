"""`policy impact`: recorded decisions and corpus cases replayed through two packs; exactly what changes is listed."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from bot.app.cli import main
from bot.conversation.engine import Engine
from bot.maintain.eval import load_cases, run_eval
from bot.maintain.impact import default_case_files, replay
from bot.maintain.policytest import run_tests
from bot.messages import ConversationKey, Guidance, Inbound
from bot.pack.loading import default_knowledge_dir, load_knowledge
from bot.record.audit import AuditLog
from bot.record.memory import MemoryStore

ROOT = Path(__file__).parents[2]
CHANGED = "dispute_stand_firm"  # an outcome of the shipped pack: its verdict is changed in a copy


def copy_pack(tmp_path: Path) -> Path:
    pack = tmp_path / "knowledge"
    shutil.copytree(default_knowledge_dir(), pack, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return pack


def change_verdict(pack: Path, outcome: str, verdict: str) -> None:
    """Edit one outcome's verdict in the YAML, as a maintainer would."""
    for path in (pack / "policy").glob("*.yaml"):
        lines = path.read_text().splitlines(keepends=True)
        for number, line in enumerate(lines):
            if line.strip() == f"- id: {outcome}":
                verdict_line = next(i for i in range(number + 1, len(lines)) if "verdict:" in lines[i])
                indent = lines[verdict_line][: len(lines[verdict_line]) - len(lines[verdict_line].lstrip())]
                lines[verdict_line] = f"{indent}verdict: {verdict}\n"
                path.write_text("".join(lines))
                return
    raise AssertionError(f"no outcome {outcome}")


def record_branch_tests(database: Path) -> dict[str, str]:
    """Every policy test of the shipped pack as a recorded decision; record id → the outcome it reached."""
    knowledge = load_knowledge(default_knowledge_dir())
    audit = AuditLog(database)
    reached = {}
    for result in run_tests(knowledge):
        if result.walk.outcome is None:
            continue
        outcome = result.walk.outcome
        record = asyncio.run(audit.record_guidance(
            platform="slack", conversation="c", tree=result.walk.tree, path=[], outcome=outcome.id,
            verdict=outcome.verdict, policy_version=knowledge.version, start=result.test.tree,
            facts=dict(result.test.facts)))
        reached[record] = outcome.id
    asyncio.run(audit.record_guidance(platform="slack", conversation="old", tree="dispute", path=[],
                                      outcome=CHANGED, verdict="file_dispute",
                                      policy_version="old"))  # before facts were kept
    return reached


def impact(capsys: pytest.CaptureFixture, pack: Path, database: Path, *options: str) -> tuple[int, dict]:
    code = main(["--knowledge", str(pack), "--database", str(database), "policy", "impact", "--format", "json",
                 *options])
    return code, json.loads(capsys.readouterr().out)


def test_changing_one_verdict_lists_exactly_the_decisions_and_cases_that_reach_it(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)  # the corpus is found from the repository root, as the README runs it
    database = tmp_path / "audit.sqlite3"
    reached = record_branch_tests(database)
    pack = copy_pack(tmp_path)
    shipped = str(default_knowledge_dir())

    code, unchanged = impact(capsys, pack, database, "--against", shipped)
    assert code == 0 and unchanged["changes"] == [] and not unchanged["changed"]
    assert unchanged["decisions"] == len(reached) and unchanged["not_replayable"] == 1
    assert unchanged["cases"] == sum(len(load_cases(f)) for f in default_case_files(ROOT)) > 100

    change_verdict(pack, CHANGED, "partial_refund_recommended")
    code, changed = impact(capsys, pack, database, "--against", shipped)
    assert code == 3 and changed["changed"]
    decisions = {c["id"] for c in changed["changes"] if c["kind"] == "decision"}
    assert decisions == {record for record, outcome in reached.items() if outcome == CHANGED} != set()
    knowledge = load_knowledge(default_knowledge_dir())
    expected_cases = set()
    for path in default_case_files(ROOT):
        report = asyncio.run(run_eval(knowledge, load_cases(path)))
        expected_cases |= {f"{path.relative_to(ROOT)}: {c.id}" for c in report.cases if c.outcome == CHANGED}
    assert {c["id"] for c in changed["changes"] if c["kind"] == "case"} == expected_cases != set()
    assert all(c["before"]["verdict"] == "file_dispute" and c["after"]["verdict"] == "partial_refund_recommended"
               and c["before"]["outcome"] == c["after"]["outcome"] == CHANGED for c in changed["changes"])



def test_against_a_git_revision_default_head(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    pack = copy_pack(tmp_path / "repo")
    cases = tmp_path / "cases.yaml"
    cases.write_text(yaml.safe_dump(yaml.safe_load((ROOT / "tests" / "cases" / "check.yaml").read_text())[:10]))
    git = ["git", "-C", str(tmp_path / "repo"), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "pack"], check=True)
    database = tmp_path / "audit.sqlite3"
    reached = record_branch_tests(database)
    code, report = impact(capsys, pack, database, "--cases", str(cases))
    assert code == 0 and report["against"]["name"] == "HEAD" and report["changes"] == []
    change_verdict(pack, CHANGED, "partial_refund_recommended")
    code, report = impact(capsys, pack, database, "--cases", str(cases))
    assert code == 3
    decisions = {r for r, o in reached.items() if o == CHANGED}
    assert {c["id"] for c in report["changes"] if c["kind"] == "decision"} == decisions

    assert main(["--knowledge", str(pack), "--database", str(database), "policy", "impact", "--cases", str(cases)]) == 3
    out = capsys.readouterr().out
    assert (f"- {len(decisions)} decisions in dispute: Reject and open a dispute → Settle with a partial release "
            f"(outcome {CHANGED})") in out
    assert "1 older decisions were recorded before their facts were kept: not replayed." in out

    assert main(["--knowledge", str(pack), "--database", str(database), "policy", "impact", "--against",
                 "no-such-branch"]) == 2
    assert "'no-such-branch' is neither a directory nor a git revision" in capsys.readouterr().err


def test_a_decision_the_engine_records_replays_to_the_same_advice(tmp_path: Path) -> None:
    knowledge = load_knowledge(default_knowledge_dir())
    audit = AuditLog(tmp_path / "audit.sqlite3")
    engine = Engine(knowledge, MemoryStore(), audit)
    key = ConversationKey(platform="slack", channel="c", user="U1")
    said = "the client never released the milestone I submitted 10 days ago, fixed price, it was funded"

    async def converse() -> Guidance:
        await engine.handle(Inbound(key=key, text=said))
        replies = await engine.handle(Inbound(key=key, text="yes"))
        return next(r for r in replies if isinstance(r, Guidance))

    advice = asyncio.run(converse())
    [decision] = audit.decisions()
    assert decision.start == "start" and decision.facts is not None
    assert decision.facts["days_since_submission"] == 10 and decision.facts["milestone_funded"] is True
    assert said not in json.dumps(decision.facts)  # values of the policy, never the member's words
    assert decision.steps[0].startswith("start/") and decision.outcome == advice.outcome
    assert replay(knowledge, decision.start, decision.facts).outcome == advice.outcome
