"""The shipped knowledge pack: it loads, its policy tests pass, and every outcome is well-formed."""

from __future__ import annotations

import pytest

from bot.conversation.walk import walk
from bot.maintain.policytest import run_tests, uncovered_outcomes
from bot.pack.loading import Knowledge, load_knowledge

TREES = {"start", "support", "client", "dispute", "released_refund", "escrow_refund", "unreleased_milestone",
         "unfunded_work", "hourly", "jss", "catalog", "scope_creep", "ending", "how_it_works"}
VERDICTS = {"keep_released_funds", "refund_unearned_escrow", "partial_refund_recommended", "file_dispute",
            "wait_for_auto_release", "request_milestone_approval", "no_protection_unfunded",
            "new_milestone_for_changes", "end_contract", "hourly_dispute_window", "jss_impact_explained",
            "contact_support", "client_request_refund"}


@pytest.fixture(scope="module")
def shipped() -> Knowledge:
    return load_knowledge()


def test_the_pack_has_every_situation_and_enough_answers(shipped: Knowledge) -> None:
    assert set(shipped.trees) == TREES
    assert len(shipped.answers) >= 30
    assert set(shipped.pack.verdicts) == VERDICTS, "the verdict vocabulary of ../shared/eval/verdicts.md"


def test_every_policy_test_passes_and_every_outcome_is_covered(shipped: Knowledge) -> None:
    results = run_tests(shipped)
    assert [f"{r.test.name}: {r.failure}" for r in results if not r.passed] == []
    assert uncovered_outcomes(shipped, results) == []
    names = {r.test.name.split(":")[0] for r in results}
    for case in ("s000", "s001", "s002", "s003", "s004", "d001", "d002", "d003", "d004", "d005", "d006", "d007",
                 "d008"):
        assert case in names, f"no policy test for eval case {case}"


def test_every_outcome_cites_an_answer_and_a_source_and_gives_steps(shipped: Knowledge) -> None:
    for tree in shipped.trees.values():
        for outcome in tree.outcomes:
            assert outcome.answers and all(shipped.answers.get(a) for a in outcome.answers), outcome.id
            assert outcome.sources and all(s.url.startswith("https://") for s in outcome.sources), outcome.id
            assert outcome.action.strip(), f"{outcome.id}: every outcome leads with an action"


def test_every_tree_reaches_an_outcome_when_nothing_is_known(shipped: Knowledge) -> None:
    for tree in shipped.trees.values():
        result = walk(shipped.trees, tree.id, {}, set(shipped.facts))
        assert result.outcome is not None, tree.id


def test_answers_are_found_by_alias_and_by_misspelt_words(shipped: Knowledge) -> None:
    assert shipped.answers.get("auto-release").id == "fourteen-day-auto-release"
    assert shipped.answers.get("HPP").id == "hourly-protection"
    hits = shipped.answers.search("arbitraton fee")
    assert hits and hits[0].answer.id == "arbitration-costs"
