"""Load-time checks of advice points and of how outcomes use them; and the sources due for a re-check."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from bot.pack.checks import Placed, citation_problems, named_condition_problems, value_fits
from bot.pack.model import PLACEHOLDER, Answer, Fact, FollowUp, Point, Source, Tree
from bot.pack.yamlfile import Problem

STALE_AFTER = timedelta(days=365)


def check_points(points: list[Placed[Point]], trees: list[Placed[Tree]], facts: dict[str, Fact],
                 answer_ids: set[str], durations: set[str] | None = None,
                 follow_ups: list[Placed[FollowUp]] | None = None) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for placed in points:
        point, where = placed.item, f"point {placed.item.id!r}"
        if point.id in seen:
            problems.append(Problem(placed.file, point.line, where, f"duplicate point id (first in {seen[point.id]})"))
        seen.setdefault(point.id, placed.file)
        problems += _point_problems(point, placed.file, where, facts, answer_ids, durations or set())
    problems += _covers_problems(points, seen)
    anywhere = {placed.item.id for placed in points if placed.item.anywhere}
    for placed in points:
        if placed.item.anywhere and not placed.item.when:
            problems.append(Problem(placed.file, placed.item.line, f"point {placed.item.id!r}",
                                    "a point added anywhere needs a `when`, or every guidance would show it"))
    used: set[str] = set(anywhere)
    for placed_tree in trees:
        for outcome in placed_tree.item.outcomes:
            where = f"tree {placed_tree.item.id!r}, outcome {outcome.id!r}"
            if PLACEHOLDER.search(outcome.action):
                problems.append(Problem(placed_tree.file, outcome.line, where,
                                        "the action has a {placeholder}: what varies with the facts goes in a point"))
            for point_id in outcome.points:
                if point_id not in seen:
                    problems.append(Problem(placed_tree.file, outcome.line, where, f"unknown point {point_id!r}"))
                elif point_id in anywhere:
                    problems.append(Problem(placed_tree.file, outcome.line, where,
                                            f"point {point_id!r} is added anywhere it applies; don't list it"))
            used.update(outcome.points)
    follow_up_ids: set[str] = set()
    for placed_follow_up in follow_ups or []:
        if placed_follow_up.item.id in follow_up_ids:
            problems.append(Problem(placed_follow_up.file, placed_follow_up.item.line,
                                    f"follow-up {placed_follow_up.item.id!r}", "duplicate follow-up id"))
        follow_up_ids.add(placed_follow_up.item.id)
        problems += _follow_up_problems(placed_follow_up, seen, facts)
        used.update(p for case in placed_follow_up.item.cases for p in case.points)
    for placed in points:
        if placed.item.id not in used:
            problems.append(Problem(placed.file, placed.item.line, f"point {placed.item.id!r}",
                                    "no outcome or follow-up uses this point, so no member can see it"))
    return problems


def _follow_up_problems(placed: Placed[FollowUp], points: dict[str, str], facts: dict[str, Fact]) -> list[Problem]:
    follow_up, file = placed.item, placed.file
    where = f"follow-up {follow_up.id!r}"
    problems = []
    for asked in follow_up.asked:
        try:
            re.compile(asked)
        except re.error as error:
            problems.append(Problem(file, follow_up.line, where, f"asked {asked!r} is no regular expression: {error}"))
    for fact_id, value in follow_up.supposes.items():
        fact = facts.get(fact_id)
        if fact is None:
            problems.append(Problem(file, follow_up.line, where, f"supposes unknown fact {fact_id!r}"))
        elif not value_fits(fact, value):
            problems.append(Problem(file, follow_up.line, where,
                                    f"{value!r} is not a value of {fact.type} fact {fact_id!r}"))
    for case in follow_up.cases:
        for fact_id, condition in case.when.items():
            problems += named_condition_problems(fact_id, condition, facts, file, case.line, where)
        problems += [Problem(file, case.line, where, f"unknown point {p!r}") for p in case.points if p not in points]
    return problems


def _point_problems(point: Point, file: str, where: str, facts: dict[str, Fact],
                    answer_ids: set[str], durations: set[str]) -> Iterator[Problem]:
    for fact_id, condition in (*point.when.items(), *point.when_any.items(), *point.unless.items()):
        yield from named_condition_problems(fact_id, condition, facts, file, point.line, where)
    for name, difference in point.compute.items():
        for operand in difference.minus:
            if isinstance(operand, str) and operand not in durations and (
                    operand not in facts or facts[operand].type not in ("number", "money")):
                yield Problem(file, point.line, where, f"compute {name!r}: {operand!r} is not a number or money fact")
    for name in point.placeholders:
        if name not in facts and name not in point.compute:
            yield Problem(file, point.line, where, f"{{{name}}} is neither a fact nor a computed value")
    yield from citation_problems(point.answers, point.sources, answer_ids, file, point.line, where)


def _covers_problems(points: list[Placed[Point]], ids: dict[str, str]) -> Iterator[Problem]:
    for placed in points:
        point = placed.item
        for covered in point.covers:
            if covered == point.id or covered not in ids:
                reason = "a point cannot cover itself" if covered in ids else "unknown point"
                yield Problem(placed.file, point.line, f"point {point.id!r}", f"covers {covered!r}: {reason}")


def stale_sources(trees: Iterable[Tree], points: Iterable[Point], answers: Iterable[Answer],
                  today: date) -> list[str]:
    """Where a source was last checked more than a year ago: worth a maintainer's look, not a refusal."""
    found: list[tuple[str, Source]] = [
        *((f"tree {t.id!r}, outcome {o.id!r}", s) for t in trees for o in t.outcomes for s in o.sources),
        *((f"point {p.id!r}", s) for p in points for s in p.sources),
        *((f"answer {a.id!r}", s) for a in answers for s in a.sources),
    ]
    return [f"{where}: source {source.title!r} last checked {source.checked.isoformat()}"
            for where, source in found if today - source.checked > STALE_AFTER]
