"""`policy validate`: every draft rendered with every combination of the values it can meet.

A draft can only read the facts, durations and deadlines it names (the load-time check sees to that), so
rendering it with every combination of those (each fact absent, or each of its sample values; each deadline
not known, coming or passed) covers every combination its outcome can be reached with, and more.
"""

from __future__ import annotations

import itertools
from typing import Any

from jinja2 import TemplateError

from bot.pack import drafts
from bot.pack.loading import Knowledge
from bot.pack.model import Fact

MAX_COMBINATIONS = 20_000  # per draft; past it, the draft names too much to check and that is a problem too
_ABSENT = object()
_DATES = {"start": "3 Nov 2026", "due": "17 Nov 2026", "days": "14", "days_left": "0", "days_over": "9",
          "week": "16 Nov 2026 to 22 Nov 2026", "opens": "Mon 23 Nov 2026, 12:00 UTC",
          "closes": "Fri 27 Nov 2026, 23:59 UTC"}


def _samples(fact: Fact) -> list[Any]:
    if fact.type == "yes_no":
        return [True, False]
    if fact.type == "choice":
        return [c.id for c in fact.choices]
    if fact.type == "money":
        return ["$50", "$1,200.50"]
    if fact.type == "number":
        return [0, 7, 30]
    return ["text"]


def render_all(knowledge: Knowledge) -> tuple[int, list[str]]:
    """(renders done, problems): each problem names the outcome, the draft and the values that broke it."""
    done, problems = 0, []
    for outcome, extras in knowledge.extras.items():
        for draft in extras.drafts:
            names = sorted(drafts.names_in(draft.template))
            choices: list[list[tuple[str, Any]]] = []
            for name in names:
                if name in knowledge.facts:
                    choices.append([(name, v) for v in [_ABSENT, *_samples(knowledge.facts[name])]])
                elif name in knowledge.deadlines:
                    choices.append([(name, _ABSENT), (name, {**_DATES, "passed": False}),
                                    (name, {**_DATES, "passed": True})])
                elif name in knowledge.durations:
                    choices.append([(name, knowledge.durations[name].days)])
            combinations = 1
            for options in choices:
                combinations *= len(options)
            if combinations > MAX_COMBINATIONS:
                problems.append(f"outcome {outcome!r}, draft {draft.id!r}: {combinations:,} combinations of the "
                                f"values it names; keep it under {MAX_COMBINATIONS:,}")
                continue
            for combination in itertools.product(*choices):
                data = {name: value for name, value in combination if value is not _ABSENT}
                done += 1
                try:
                    drafts.render(draft.template, data)
                except TemplateError as exc:
                    shown = ", ".join(f"{n}={'not known' if v is _ABSENT else v}" for n, v in combination)
                    problems.append(f"outcome {outcome!r}, draft {draft.id!r} fails with {shown or 'no values'}: "
                                    f"{exc.message}")
                    break
    return done, problems
