"""Load-time checks of durations, windows, deadlines and what outcomes offer besides advice (deadlines,
evidence lists, drafts): every name they refer to exists, and every draft stays inside its data."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from bot.pack.checks import Placed, condition_problems
from bot.pack.drafts import template_problems
from bot.pack.model import Condition, Deadline, Duration, Fact, OutcomeExtras, Tree, Window, placeholder_names
from bot.pack.yamlfile import Problem

SINCE_VALUES = ("start", "due", "days", "days_left", "days_over")
WINDOW_VALUES = ("week", "opens", "closes", "today")


def check_extras(placed: list[Placed[Any]], facts: dict[str, Fact], trees: Iterable[Tree]) -> list[Problem]:
    problems: list[Problem] = []
    durations = {p.item.id: p.item for p in placed if isinstance(p.item, Duration)}
    windows = {p.item.id: p.item for p in placed if isinstance(p.item, Window)}
    deadlines = {p.item.id: p.item for p in placed if isinstance(p.item, Deadline)}
    outcomes = {o.id for t in trees for o in t.outcomes}
    seen: dict[tuple[str, str], str] = {}
    for p in placed:
        kind = type(p.item).__name__.lower()
        name = p.item.outcome if isinstance(p.item, OutcomeExtras) else p.item.id
        where = f"{kind} {name!r}"
        if (kind, name) in seen:
            problems.append(Problem(p.file, p.item.line, where, f"declared twice (first in {seen[kind, name]})"))
        seen.setdefault((kind, name), p.file)
        if isinstance(p.item, Duration) and p.item.id in facts:
            problems.append(Problem(p.file, p.item.line, where, "a fact has the same name; a duration needs its own"))
        if isinstance(p.item, Deadline):
            problems += _deadline_problems(p.item, p.file, where, facts, durations, windows)
        if isinstance(p.item, OutcomeExtras):
            if p.item.outcome not in outcomes:
                problems.append(Problem(p.file, p.item.line, where, "no tree has this outcome"))
            problems += _extras_problems(p.item, p.file, where, facts, durations, deadlines)
    return problems


def _conditions(conditions: Iterable[tuple[str, Condition]], facts: dict[str, Fact], file: str, line: int,
                where: str) -> Iterator[Problem]:
    for fact_id, condition in conditions:
        if fact_id not in facts:
            yield Problem(file, line, where, f"condition on unknown fact {fact_id!r}")
        else:
            yield from condition_problems(facts[fact_id], condition, file, line, where)


def _deadline_problems(deadline: Deadline, file: str, where: str, facts: dict[str, Fact],
                       durations: dict[str, Duration], windows: dict[str, Window]) -> Iterator[Problem]:
    line = deadline.line
    if deadline.since is not None:
        fact = facts.get(deadline.since)
        if fact is None or fact.type != "number" or fact.unit != "days":
            yield Problem(file, line, where, f"since: {deadline.since!r} is not a number fact in days")
        if deadline.add not in durations:
            yield Problem(file, line, where, f"add: unknown duration {deadline.add!r}")
    if deadline.window is not None and deadline.window not in windows:
        yield Problem(file, line, where, f"window: unknown window {deadline.window!r}")
    given = set(WINDOW_VALUES if deadline.window else SINCE_VALUES) | set(facts)
    for text in (deadline.coming, deadline.passed, deadline.unknown or ""):
        for name in placeholder_names(text):
            if name not in given:
                yield Problem(file, line, where, f"{{{name}}} is neither a fact nor one of "
                                                 f"{', '.join(WINDOW_VALUES if deadline.window else SINCE_VALUES)}")
    if deadline.unknown:
        for name in placeholder_names(deadline.unknown, required=True):
            if name not in facts:
                yield Problem(file, line, where, f"unknown: {{{name}}} has no value while the date is not known")
    yield from _conditions((*deadline.when.items(), *deadline.unless.items()), facts, file, line, where)


def _extras_problems(extras: OutcomeExtras, file: str, where: str, facts: dict[str, Fact],
                     durations: dict[str, Duration], deadlines: dict[str, Deadline]) -> Iterator[Problem]:
    for deadline in extras.deadlines:
        if deadline not in deadlines:
            yield Problem(file, extras.line, where, f"unknown deadline {deadline!r}")
    for item in extras.evidence:
        yield from _conditions((*item.when.items(), *item.unless.items()), facts, file, item.line, where)
    ids: set[str] = set()
    for draft in extras.drafts:
        at = f"{where}, draft {draft.id!r}"
        if draft.id in ids:
            yield Problem(file, draft.line, at, "duplicate draft id")
        ids.add(draft.id)
        yield from _conditions((*draft.when.items(), *draft.unless.items()), facts, file, draft.line, at)
        for problem in template_problems(draft.template, set(facts) | set(durations), set(extras.deadlines)):
            yield Problem(file, draft.line, at, problem)
