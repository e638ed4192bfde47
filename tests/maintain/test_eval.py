"""`refundbot eval` on the community's cases: it follows the protocol and reports the figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.app.cli import main
from bot.maintain.eval import Case, run_case, verdict_given
from bot.pack.loading import load_knowledge
from tests.conftest import FIXTURE_PACK

SHARED_EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval"
needs_shared = pytest.mark.skipif(not SHARED_EVAL.is_dir(), reason="../shared/eval is not beside the checkout")


@needs_shared
def test_dev_cases_meet_the_targets(capsys: pytest.CaptureFixture) -> None:
    assert main(["eval", str(SHARED_EVAL / "dev_cases.yaml"), "--json"]) == 0
    *cases, totals = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert totals["cases"] == 8 and len(cases) == 8
    assert totals["prefill_recall"] >= 0.85
    assert totals["prefill_wrong"] <= 0.05
    assert totals["mean_questions"] <= 2
    assert totals["agreement"] == 1.0
    assert {c["id"] for c in cases if c["correct"]} == {f"d00{i}" for i in range(1, 9)}
    assert set(cases[0]) == {"id", "verdict", "expected", "correct", "given", "questions", "tree", "prefilled",
                             "points"}
    assert 0 < totals["given_agreement"] <= 1  # d005 turns on extra scope, which its facts leave unsaid
    assert set(cases[0]["points"]) == {"shown", "expected", "made", "wrong"}


@needs_shared
def test_the_table_names_each_case_and_the_totals(capsys: pytest.CaptureFixture) -> None:
    assert main(["eval", str(SHARED_EVAL / "seed_cases.yaml")]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["case", "expected", "verdict", "ok", "questions", "pre-filled", "right",
                                           "wrong", "points", "made", "wrong", "points"]
    assert "s004  end_contract" in out
    assert "verdict agreement 100% of 5 cases" in out


async def test_a_wrong_prefill_is_corrected_and_counted() -> None:
    knowledge = load_knowledge()
    case = Case(id="x1", title="The client wants my escrow back", expected={"verdict": "escrow_settle_partial"},
                message="Fixed-price, the milestone was funded, I did all the work and the client ended the "
                        "contract with an escrow refund request.",
                facts={"contract_type": "fixed", "milestone_funded": True, "work_done": "partial"})
    result = await run_case(knowledge, case)
    assert result.prefilled_wrong == ["work_done"]
    assert "milestone_funded" in result.prefilled_right
    assert result.verdict == "partial_refund_recommended", "the corrected fact decides the outcome"


async def test_a_case_the_bot_cannot_place_gets_no_verdict() -> None:
    # A routed pack (no start tree) may be left at its situation menu; a pack with a start tree always advises.
    result = await run_case(load_knowledge(FIXTURE_PACK), Case(id="x2", message="hello",
                                                               expected={"verdict": "end_contract"}))
    assert result.verdict is None and not result.agrees


def test_a_broken_cases_file_is_refused_with_the_case_and_field(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text("- id: ok\n  message: hi\n- id: x9\n  facts: {}\n")
    assert main(["eval", str(cases)]) == 2
    assert capsys.readouterr().err.strip() == f"error: {cases}: case 2 (x9): message: Field required"
    assert main(["eval", str(tmp_path / "missing.yaml")]) == 2
    assert "cannot read it" in capsys.readouterr().err


def test_a_fact_value_the_pack_cannot_take_is_refused_before_any_case_runs(tmp_path: Path,
                                                                           capsys: pytest.CaptureFixture) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text("- id: m1\n  message: hourly, some hours tracked\n  facts: {hours_tracked: mixed}\n")
    assert main(["eval", str(cases)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"error: {cases}: case m1: hours_tracked: 'mixed' is not a value of yes_no fact 'hours_tracked'")


def test_the_verdict_with_the_facts_given_reads_nothing_and_asks_nothing() -> None:
    knowledge = load_knowledge()
    facts = {"asker_role": "freelancer", "contract_type": "fixed", "milestone_funded": True,
             "milestone_released": False, "work_submitted": True, "days_since_submission": 20}
    case = Case(id="x2", message="zzz qqq", facts=facts, expected={"verdict": "contact_support"})
    assert verdict_given(knowledge, case) == "contact_support"  # overdue: the message says nothing at all
    assert verdict_given(knowledge, case.model_copy(update={"facts": {**facts, "days_since_submission": 3}})) \
        == "wait_for_auto_release"
    assert verdict_given(load_knowledge(FIXTURE_PACK), case) is None, "a pack with no start tree has no triage"


async def test_a_point_said_in_full_by_one_shown_counts_as_made_and_as_wrong_where_it_would_be() -> None:
    knowledge = load_knowledge()
    message = "I'm a freelancer on a fixed price job. I haven't submitted anything yet, what should I do?"
    made = await run_case(knowledge, Case(id="x3", message=message, facts={"work_submitted": False},
                                          expected={"verdict": "request_milestone_approval",
                                                    "points": ["stop_until_funded"]}))
    assert "check_funded_first" in made.points and "stop_until_funded" not in made.points
    assert made.covered == ["stop_until_funded"] and made.points_made == ["stop_until_funded"]
    wrong = await run_case(knowledge, Case(id="x4", message=message, facts={"work_submitted": False},
                                           expected={"verdict": "request_milestone_approval",
                                                     "not_points": ["stop_until_funded"]}))
    assert wrong.wrong_points == ["stop_until_funded"]
