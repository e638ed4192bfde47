"""Policy tests, as `opa test` does for Rego: given facts, expect an outcome, a verdict, a question, and the
points the guidance shows and does not show."""

from __future__ import annotations

from dataclasses import dataclass

from bot.conversation.follow_up_answers import answer_follow_up
from bot.conversation.points import judge_outcome
from bot.conversation.walk import Walk, walk
from bot.pack.loading import Knowledge
from bot.pack.model import PolicyTest


@dataclass(frozen=True)
class TestResult:
    test: PolicyTest
    file: str
    walk: Walk
    failure: str | None
    points: tuple[str, ...] = ()  # the points the outcome shows for the test's facts (or the follow-up's answer)
    answered: tuple[str, int] | None = None  # for a test with `asked`: the follow-up and its case that answered

    @property
    def passed(self) -> bool:
        return self.failure is None


def run_test(knowledge: Knowledge, test: PolicyTest, file: str) -> TestResult:
    known = {name: value for name, value in test.facts.items() if value is not None}
    unknown = knowledge.unknown_among(known, (name for name, value in test.facts.items() if value is None))
    result = walk(knowledge.trees, test.tree, known, unknown)
    expect, failures = test.expect, []
    got = result.outcome.id if result.outcome else f"question {result.needs}"
    if expect.outcome and (result.outcome is None or result.outcome.id != expect.outcome):
        failures.append(f"expected outcome {expect.outcome}, got {got}")
    if expect.verdict and (result.outcome is None or result.outcome.verdict != expect.verdict):
        verdict = result.outcome.verdict if result.outcome else got
        failures.append(f"expected verdict {expect.verdict}, got {verdict}")
    if expect.question and result.needs != expect.question:
        failures.append(f"expected question {expect.question}, got {got}")
    shown: tuple[str, ...] = ()
    answered = None
    if test.asked is not None:
        answer = answer_follow_up(knowledge, test.asked, known, unknown) if result.outcome else None
        answered = (answer.follow_up.id, answer.case) if answer else None
        shown = tuple(j.point for j in answer.points) if answer else ()
        if expect.follow_up and (answered is None or answered[0] != expect.follow_up):
            got_follow_up = answered[0] if answered else "no answer"
            failures.append(f"expected follow-up {expect.follow_up} to answer, got {got_follow_up}")
    elif result.outcome:
        judged = judge_outcome(knowledge, result.outcome, known, unknown)
        shown = tuple(j.point for j in judged if j.applies)
    missing = [p for p in expect.points if p not in shown]
    if missing:
        failures.append(f"expected points {', '.join(missing)} to be shown; shown: {', '.join(shown) or 'none'}")
    if unknown_points := [p for p in (*expect.points, *expect.hidden_points) if p not in knowledge.points]:
        failures.append(f"no point named {', '.join(unknown_points)}")
    if shown_anyway := [p for p in expect.hidden_points if p in shown]:
        failures.append(f"expected points {', '.join(shown_anyway)} not to be shown")
    return TestResult(test, file, result, "; ".join(failures) or None, shown, answered)


def run_tests(knowledge: Knowledge) -> list[TestResult]:
    return [run_test(knowledge, placed.item, placed.file) for placed in knowledge.tests]


def uncovered_outcomes(knowledge: Knowledge, results: list[TestResult]) -> list[str]:
    reached = {(r.walk.tree, r.walk.outcome.id) for r in results if r.walk.outcome}
    return [f"{tree.id}.{outcome.id}" for tree in knowledge.trees.values() for outcome in tree.outcomes
            if (tree.id, outcome.id) not in reached]


def describe_path(result: Walk) -> str:
    steps = [f"{s.node}[{s.fact}={'?' if s.unknown else s.value} {s.condition}]" for s in result.path]
    end = result.outcome.id if result.outcome else f"asks {result.needs}"
    return " → ".join([*steps, end])
