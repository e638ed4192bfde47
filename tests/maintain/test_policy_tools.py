"""The maintainer and moderator commands, asserting what they print."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from bot.app.cli import main
from bot.maintain.graph import MERMAID_KEYWORDS
from bot.maintain.schema import SCHEMAS
from bot.pack.loading import load_knowledge
from tests.conftest import FIXTURE_PACK

KNOWLEDGE = Path(__file__).parents[2] / "knowledge"


def run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_validate_reports_all_problems_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code, out = run(capsys, "policy", "validate", str(FIXTURE_PACK))
    assert code == 0 and out.startswith("OK: 2 trees, 5 facts, 3 points, 2 canonical answers, 8 tests")
    # A source not checked for a year is a warning, not a refusal (the fixture pack has one from 2025-01-10).
    assert "warning: point 'paid_amount_is_yours': source 'Protection' last checked 2025-01-10; check it again" in out
    code, out = run(capsys, "policy", "validate", str(tmp_path))
    assert code == 1 and "not a knowledge pack: no policy/ directory" in out


def test_coverage_table_and_minimum(capsys: pytest.CaptureFixture) -> None:
    code, out = run(capsys, "policy", "coverage", "--min", "100")
    assert code == 0
    assert out.splitlines()[0].split() == ["tree", "nodes", "branches", "outcomes", "points", "covered"]
    assert out.splitlines()[-1].split() == ["total", "100.0%"]
    code, out = run(capsys, "--knowledge", str(FIXTURE_PACK), "policy", "coverage", "--min", "100")
    assert code == 1
    assert "not reached in waiting: branch days: is unknown (I don't know)" in out
    assert "not reached in refund: point paid_amount_is_yours in outcome keep" in out, "no test gives an amount"
    assert "below the minimum 100%" in out


def test_explain_shows_words_path_and_outcome(capsys: pytest.CaptureFixture) -> None:
    message = "the client closed the contract and wants the escrow back, I did half of the work"
    code, out = run(capsys, "policy", "explain", "--message", message)
    assert code == 0
    assert out.startswith("start: tree start")
    words = re.search(r"^  “(.+)” → work_done = partial  \(language/facts\.yaml:\d+\)$", out, re.MULTILINE)
    assert words and words[1] in message, "the words that set the fact are quoted from the message"
    assert "node support: support_issue not said; matched is unknown (I don't know) → role" in out
    assert ("node refund: client_requested_refund_of = escrow (from the message); matched = escrow → "
            "tree escrow_refund") in out
    assert ("node escrow_refund/work: work_done = partial (from the message); matched = partial → "
            "in_use") in out
    assert ("node escrow_refund/in_use: client_uses_work not said; matched is unknown (I don't know) → "
            "escrow_settle_partial") in out
    assert "outcome: escrow_settle_partial, verdict partial_refund_recommended" in out
    assert "  + propose_partial_release: work_done one of partial" in out
    assert "feedback_manipulation" not in out  # added anywhere: listed only where it applies
    code, out = run(capsys, "policy", "explain", "--message", message + ", he says one star unless I refund it all")
    assert "  + feedback_manipulation: feedback_threat = true (added anywhere)" in out  # where it applies


def test_explain_a_message_that_routes_nowhere(capsys: pytest.CaptureFixture) -> None:
    code, out = run(capsys, "policy", "explain", "--message", "hello there")
    assert code == 0
    assert out.splitlines()[-1] == ("next question (node role, fact asker_role): Are you the freelancer or the client "
                                    "on this contract?")
    code, out = run(capsys, "policy", "explain")
    assert code == 0 and out.startswith("tree: start (Triage)"), "with nothing given, the start tree's first question"
    code, out = run(capsys, "--knowledge", str(FIXTURE_PACK), "policy", "explain")
    assert code == 2 and "error: name a tree, or give a --message" in out


def test_explain_with_incomplete_facts_names_the_next_question(capsys: pytest.CaptureFixture) -> None:
    code, out = run(capsys, "policy", "explain", "unreleased_milestone", "--fact", "milestone_funded=yes",
                    "--fact", "work_submitted=?")
    assert code == 0
    assert "work_submitted = I don't know (from you); matched is unknown (I don't know) → ended_unsure" in out
    assert "node response_unsure: client_response not said; matched is unknown (I don't know) → unsure_work" in out
    assert "node unsure_work: work_done not said; matched is unknown (I don't know) → unreleased_submit" in out
    code, out = run(capsys, "policy", "explain", "unreleased_milestone", "--fact", "milestone_funded=yes")
    assert "next question (node submitted, fact work_submitted): Did you submit the work" in out
    code, out = run(capsys, "policy", "explain", "unreleased_milestone", "--fact", "milestone_funded=perhaps")
    assert code == 2 and "I need a yes or a no here" in out
    message = "I hired a designer, the second milestone is funded but she stopped replying"
    code, out = run(capsys, "policy", "explain", "--message", message)
    assert "fact work_done): How much of the work for this milestone has the freelancer delivered?" in out, \
        "the question as this member (a client) would be asked it"


def test_explain_on_a_pack_without_language_files(capsys: pytest.CaptureFixture) -> None:
    code, out = run(capsys, "--knowledge", str(FIXTURE_PACK), "policy", "explain", "refund", "--message", "fixed price",
                    "--fact", "contract_type=fixed", "--fact", "milestone_released=no")
    assert code == 0
    assert out.splitlines()[0] == "message not read: this knowledge pack has no language/ files"
    assert "  1. node contract: contract_type = fixed (from you); matched one of fixed, catalog → released" in out
    assert "     why: Hourly has its own rules." in out
    assert "outcome: return_escrow, verdict refund_unearned_escrow" in out
    code, out = run(capsys, "--knowledge", str(FIXTURE_PACK), "policy", "explain", "--message", "fixed price")
    assert code == 2 and "name a tree: this knowledge pack has no language/ files to route a message" in out
    code, out = run(capsys, "--knowledge", str(FIXTURE_PACK), "policy", "explain", "refund", "--fact", "colour=red")
    assert code == 2 and "expected NAME=VALUE with NAME one of: amount, contract_type," in out


MERMAID_ID = r"[a-z][a-z0-9_]*"
MERMAID_LINE = re.compile(
    rf'    (?P<question>{MERMAID_ID})\{{"[^"\n]*"\}}'
    rf'|    (?P<outcome>{MERMAID_ID})\(\["[^"\n]*"\]\)'
    rf'|    (?P<entered>{MERMAID_ID})\[\["[^"\n]*"\]\]'
    rf'|    (?P<source>{MERMAID_ID}) -->\|"[^"\n]+"\| (?P<target>{MERMAID_ID})'
)


def assert_valid_mermaid(chart: str) -> None:
    """The subset of flowchart syntax the graph uses: declared shapes, quoted labels, labelled edges."""
    lines = chart.splitlines()
    assert lines[0] == "flowchart TD"
    declared: set[str] = set()
    for line in lines[1:]:
        match = MERMAID_LINE.fullmatch(line)
        assert match, f"not flowchart syntax: {line!r}"
        ids = [i for i in match.groupdict().values() if i]
        assert not set(ids) & MERMAID_KEYWORDS, line
        if match["source"]:
            assert {match["source"], match["target"]} <= declared, f"edge to an undeclared node: {line!r}"
        declared.update(ids)


def test_every_shipped_tree_is_valid_mermaid(capsys: pytest.CaptureFixture) -> None:
    for tree in load_knowledge(KNOWLEDGE).trees:
        code, out = run(capsys, "policy", "graph", tree)
        assert code == 0
        assert_valid_mermaid(out.rstrip("\n"))


def test_graph_ids_that_spell_mermaid_keywords_are_renamed(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(FIXTURE_PACK, pack)
    for name in ("policy/trees.yaml", "tests/tests.yaml"):
        path = pack / name
        path.write_text(re.sub(r"\b(goto|id|outcome): keep\b", r"\1: end", path.read_text()))
    code, out = run(capsys, "--knowledge", str(pack), "policy", "graph", "refund")
    assert code == 0
    assert '    released -->|"payment released"| end_' in out
    assert_valid_mermaid(out.rstrip("\n"))
    code, out = run(capsys, "--knowledge", str(pack), "policy", "graph", "refund", "--format", "dot")
    assert '    "released" -> "end" [label="payment released"];' in out


def test_graph_mermaid_and_dot(capsys: pytest.CaptureFixture) -> None:
    code, out = run(capsys, "policy", "graph", "scope_creep")
    assert code == 0
    assert out.splitlines()[0] == "flowchart TD"
    assert '    released -->|"payment released"| scope_new_milestone' in out
    assert 'scope_new_milestone(["Put the changes in a new milestone: ' in out
    code, out = run(capsys, "policy", "graph", "scope_creep", "--format", "dot")
    assert out.startswith('digraph "scope_creep" {')
    assert '    "released" -> "withheld" [label="payment not released"];' in out
    assert '    "withheld" -> "review_question" [label="any other answer"];' in out
    code, out = run(capsys, "policy", "graph", "nope")
    assert code == 2 and "unknown tree 'nope'" in out


def test_schema_matches_the_shipped_files(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code, out = run(capsys, "policy", "schema", "--write", str(tmp_path))
    assert code == 0 and out.splitlines() == [f"wrote {tmp_path / name}.json" for name in SCHEMAS]
    for name in SCHEMAS:
        written = json.loads((tmp_path / f"{name}.json").read_text())
        shipped = json.loads((KNOWLEDGE / "schema" / f"{name}.json").read_text())
        assert written == shipped, f"knowledge/schema/{name}.json is stale: run `refundbot policy schema --write`"
    for path in KNOWLEDGE.rglob("*.yaml"):
        section = path.parent.name
        assert path.read_text().startswith(f"# yaml-language-server: $schema=../schema/{section}.json"), path


def test_schema_write_defaults_to_the_packs_schema_directory(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(FIXTURE_PACK, pack)
    code, out = run(capsys, "--knowledge", str(pack), "policy", "schema", "--write")
    assert code == 0 and f"wrote {pack / 'schema' / 'policy.json'}" in out
    policy = json.loads((pack / "schema" / "policy.json").read_text())
    assert policy["title"] == "refundbot policy file" and "trees" in policy["properties"]
    code, out = run(capsys, "policy", "schema", "tests")
    assert json.loads(out)["title"] == "refundbot tests file"


def test_policy_test_and_coverage_speak_json(capsys: pytest.CaptureFixture) -> None:
    code, out = run(capsys, "--knowledge", str(FIXTURE_PACK), "policy", "test", "--format", "json")
    report = json.loads(out)
    assert code == 0 and report["failed"] == 0 and report["passed"] == len(report["tests"]) == 8
    assert report["uncovered"] == [] and all(t["passed"] and t["path"] for t in report["tests"])
    code, out = run(capsys, "--knowledge", str(FIXTURE_PACK), "policy", "coverage", "--min", "100", "--format", "json")
    cover = json.loads(out)
    assert code == 1 and cover["below_minimum"] and cover["total"] < 100
    waiting = next(t for t in cover["trees"] if t["tree"] == "waiting")
    assert "branch days: is unknown (I don't know)" in waiting["missed"] and waiting["outcomes"] == [3, 3]


def test_a_follow_up_is_tested_as_policy_and_counted_by_coverage(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(FIXTURE_PACK, pack)
    (pack / "policy" / "follow_ups.yaml").write_text("""follow_ups:
  - id: if_refused
    asked: ['what if (?:he|she) refuses']
    cases:
      - when: {contract_type: {equals: fixed}}
        points: [refund_is_a_request]
      - when: {contract_type: {equals: hourly}}
        points: [paid_amount_is_yours]
""")
    (pack / "tests" / "follow_ups.yaml").write_text("""tests:
  - {name: refused, tree: refund, facts: {contract_type: fixed, milestone_released: true}, asked: what if he refuses?,
     expect: {follow_up: if_refused, points: [refund_is_a_request]}}
  - {name: refused wrongly, tree: refund, facts: {contract_type: fixed, milestone_released: true},
     asked: can he still dispute?, expect: {follow_up: if_refused}}
""")
    code, out = run(capsys, "--knowledge", str(pack), "policy", "test")
    assert code == 1 and "9 passed, 1 failed" in out
    assert "expected follow-up if_refused to answer, got no answer" in out
    code, out = run(capsys, "--knowledge", str(pack), "policy", "coverage", "--format", "json")
    follow_ups = next(t for t in json.loads(out)["trees"] if t["tree"] == "(follow-ups)")
    assert follow_ups["outcomes"] == [1, 2] and follow_ups["points"] == [1, 2]
    assert follow_ups["missed"] == ["follow-up if_refused case 2", "point paid_amount_is_yours in follow-up "
                                    "if_refused case 2"]


def test_validate_warns_about_a_question_with_more_choices_than_one_menu(tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(FIXTURE_PACK, pack)
    facts = pack / "policy" / "facts.yaml"
    extra = "".join(f"      - {{id: kind{n}, label: Kind {n}}}\n" for n in range(23))
    facts.write_text(facts.read_text().replace("      - {id: hourly,", extra + "      - {id: hourly,"))
    trees = pack / "policy" / "trees.yaml"
    trees.write_text(trees.read_text().replace("{when: {one_of: [fixed, catalog]}, goto: released}",
                                               "{when: {one_of: [fixed, catalog]}, goto: released}\n"
                                               "          - {when: {known: true}, goto: released}"))
    code, out = run(capsys, "policy", "validate", str(pack))
    assert code == 0
    assert "warning: fact 'contract_type' (line 2) has 26 choices, more than the 25 one menu shows" in out
    code, out = run(capsys, "policy", "validate", str(FIXTURE_PACK))
    assert "menu" not in out
