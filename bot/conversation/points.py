"""Composing advice from points: which of an outcome's points apply to this member, with their values filled in.

A point is shown when every `when` condition holds, one of its `when_any` (if it has them), and no `unless`
condition does; a fact never stated counts as unknown. Its text is filled with the member's facts; a point that
needs a value nobody gave is left out rather than shown with a hole.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from bot.pack.loading import Knowledge
from bot.pack.model import (
    PLACEHOLDER,
    Condition,
    Duration,
    Fact,
    Outcome,
    Point,
    Scalar,
    any_holds,
    counted,
    dollars,
    holds,
    placeholder_names,
)

_TWO_SPACES = re.compile(" {2,}")


class Judgement(NamedTuple):  # a tuple, not a validated model: every guidance judges a dozen points
    point: str
    applies: bool
    because: str  # the condition that admitted or excluded it, for `policy explain`
    text: str | None = None


def _shown(fact: Fact | None, value: Scalar | float) -> str:
    if fact is not None and fact.type == "money" and isinstance(value, int | float):
        return dollars(value)
    if fact is not None and fact.type == "choice":
        choice = fact.choice(str(value))
        return (choice.summary or choice.label) if choice else str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def fill(text: str, facts: Mapping[str, Scalar], known_facts: Mapping[str, Fact],
         computed: Mapping[str, float | str | None] | None = None) -> str | None:
    """The text with {name} replaced (and {name|words} by the words where the value is not known); None when a
    value it needs is not known."""
    values: dict[str, str] = {}
    for match in PLACEHOLDER.finditer(text):
        name, fallback = match[1], match[2]
        value: str | None = None
        if computed and name in computed:
            worked = computed[name]
            if worked is not None:
                value = worked if isinstance(worked, str) else _shown(None, worked)
        elif name in facts:
            value = _shown(known_facts.get(name), facts[name])
        value = value if value is not None else fallback
        if value is None:
            return None
        values[match[0]] = value
    filled = PLACEHOLDER.sub(lambda m: values[m[0]], text)
    return counted(_TWO_SPACES.sub(" ", filled) if "" in values.values() else filled)  # "the {amount_usd|} milestone"


def judge_conditions(when: Mapping[str, Condition], unless: Mapping[str, Condition], facts: Mapping[str, Scalar],
                     unknown: set[str]) -> str | None:
    """None when every `when` holds and no `unless` does; otherwise why not (for `policy explain`)."""
    for fact, condition in when.items():
        if not holds(fact, condition, facts, unknown):
            return f"needs {fact} {condition.description}"
    for fact, condition in unless.items():
        if holds(fact, condition, facts, unknown):
            return f"left out as {fact} {condition.description}"
    return None


def judge(point: Point, facts: Mapping[str, Scalar], unknown: set[str], known_facts: Mapping[str, Fact],
          durations: Mapping[str, Duration] | None = None) -> Judgement:
    refused = judge_conditions(point.when, point.unless, facts, unknown)
    if refused is None and point.when_any and not any_holds(point.when_any, facts, unknown):
        refused = "needs one of " + ", ".join(f"{fact} {c.description}" for fact, c in point.when_any.items())
    if refused is not None:
        return Judgement(point=point.id, applies=False, because=refused)
    computed = {name: difference.value(facts, durations) for name, difference in point.compute.items()}
    text = fill(point.text, facts, known_facts, computed)
    if text is None:
        missing = [n for n in placeholder_names(point.text, required=True) if computed.get(n) is None
                   and n not in facts]
        return Judgement(point=point.id, applies=False, because=f"needs a value for {', '.join(missing)}")
    shown = [f"{fact} {condition.description}" for fact, condition in point.when.items()]
    shown += [f"{fact} {c.description}" for fact, c in point.when_any.items() if holds(fact, c, facts, unknown)][:1]
    return Judgement(point=point.id, applies=True, because="; ".join(shown) or "always", text=text)


def compose(point_ids: list[str], points: Mapping[str, Point], facts: Mapping[str, Scalar], unknown: set[str],
            known_facts: Mapping[str, Fact], durations: Mapping[str, Duration] | None = None) -> list[Judgement]:
    """Every point of an outcome judged, the applicable ones first, by weight (then as the outcome lists them)."""
    judged = said_once([judge(points[pid], facts, unknown, known_facts, durations) for pid in point_ids
                        if pid in points], points)
    order = {pid: i for i, pid in enumerate(point_ids)}
    return sorted(judged, key=lambda j: (not j.applies, -points[j.point].weight, order[j.point]))


def said_once(judged: list[Judgement], points: Mapping[str, Point]) -> list[Judgement]:
    """The judgements with each point that an applicable one says in full (`covers`) left out: no answer says one
    thing twice."""
    covered_by = {covered: j.point for j in judged if j.applies for covered in points[j.point].covers}
    return [Judgement(point=j.point, applies=False, because=f"said in full by {covered_by[j.point]}")
            if j.applies and j.point in covered_by else j for j in judged]


def judge_outcome(knowledge: Knowledge, outcome: Outcome, facts: Mapping[str, Scalar],
                  unknown: set[str]) -> list[Judgement]:
    """The points an outcome may add (its own and those added anywhere), judged for this member."""
    return compose(knowledge.points_of(outcome), knowledge.points, facts, unknown, knowledge.facts,
                   knowledge.durations)
