"""Answers tied to outcomes: the outcomes an answer names exist, its conditions name real facts, and an answer
whose outcomes' advice changed after it was last reviewed is flagged, so stale answers surface."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping

from bot.pack.checks import Placed, named_condition_problems
from bot.pack.model import Answer, Fact, Outcome, Point, Tree
from bot.pack.yamlfile import Problem


def advice_hash(outcome: Outcome, points: Mapping[str, Point]) -> str:
    """What a member can be told at this outcome: verdict, title, action and the texts of its points."""
    advice = {"verdict": outcome.verdict, "title": outcome.title, "action": outcome.action,
              "points": [points[p].text for p in outcome.points if p in points]}
    return hashlib.sha256(json.dumps(advice, sort_keys=True).encode()).hexdigest()[:10]


def check_answer_outcomes(answers: Iterable[Placed[Answer]], trees: Iterable[Placed[Tree]],
                          facts: Mapping[str, Fact]) -> Iterator[Problem]:
    """The outcomes an answer names exist, and its `unless` conditions are on real facts and values."""
    outcome_ids = {o.id for placed in trees for o in placed.item.outcomes}
    for placed in answers:
        answer, where = placed.item, f"answer {placed.item.id!r}"
        for outcome in answer.outcomes:
            if outcome not in outcome_ids:
                yield Problem(placed.file, answer.line, where, f"unknown outcome {outcome!r}")
        for fact_id, condition in answer.unless.items():
            yield from named_condition_problems(fact_id, condition, facts, placed.file, answer.line, where)


def stale_answers(answers: Iterable[Answer], outcomes: Mapping[str, Outcome], points: Mapping[str, Point]) -> list[str]:
    """Warnings: an answer never reviewed against an outcome it names, or reviewed before that advice changed."""
    warnings = []
    for answer in answers:
        for outcome_id in answer.outcomes:
            outcome = outcomes.get(outcome_id)
            if outcome is None:
                continue
            seen = answer.reviewed.advice.get(outcome_id) if answer.reviewed else None
            if seen is None:
                warnings.append(f"answer {answer.id!r} explains outcome {outcome_id!r} but was never reviewed "
                                f"against its advice; review it, then `refundbot answers reviewed {answer.id}`")
            elif seen != advice_hash(outcome, points):
                assert answer.reviewed is not None
                warnings.append(f"answer {answer.id!r}: the advice of outcome {outcome_id!r} changed after the answer "
                                f"was reviewed on {answer.reviewed.checked.isoformat()}; review it, then "
                                f"`refundbot answers reviewed {answer.id}`")
    return warnings
