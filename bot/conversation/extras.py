"""What an outcome offers besides its advice: the evidence to gather and drafts to send, filled in.

A draft's data is only what this conversation holds: the member's facts (money as "$1,200", choices by id,
yes/no as true/false), the durations of the pack, and the outcome's deadlines worked out (`.start`, `.due`,
`.days`, `.days_left`, `.days_over`, `.passed`). Nothing else reaches the template, and the sandbox and
the load-time check (`bot.pack.drafts`) keep it from reaching anything else.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.conversation.deadlines import Worked
from bot.conversation.points import fill, judge_conditions
from bot.messages import Draft
from bot.pack import drafts
from bot.pack.loading import Knowledge
from bot.pack.model import Scalar
from bot.safety.sanitize import member_text, quoted

TEXT_LIMIT = 200  # a member's words quoted in an evidence item


def evidence_for(outcome: str, knowledge: Knowledge, facts: Mapping[str, Scalar], unknown: set[str]) -> list[str]:
    extras = knowledge.extras.get(outcome)
    if extras is None:
        return []
    # the items are the bot's markdown: a member's own words in them are quoted (shown as typed, no pings)
    shown = {name: quoted(str(value), TEXT_LIMIT) if _typed(knowledge, name) else value
             for name, value in facts.items()}
    items = [fill(item.text, shown, knowledge.facts) for item in extras.evidence
             if judge_conditions(item.when, item.unless, facts, unknown) is None]
    return [item for item in items if item]


def _typed(knowledge: Knowledge, name: str) -> bool:
    fact = knowledge.facts.get(name)
    return fact is not None and fact.type == "text"


def draft_data(knowledge: Knowledge, facts: Mapping[str, Scalar], worked: list[Worked]) -> dict[str, Any]:
    data: dict[str, Any] = {name: duration.days for name, duration in knowledge.durations.items()}
    for name, value in facts.items():
        fact = knowledge.facts.get(name)
        if fact is not None and fact.type == "money" and isinstance(value, int | float):
            data[name] = f"${value:,.0f}" if float(value).is_integer() else f"${value:,.2f}"
        elif fact is not None and fact.type == "text":  # the member's words, copied by them: no pings or links
            data[name] = member_text(str(value))
        elif fact is not None:
            data[name] = value
    for deadline in worked:
        if deadline.state != "unknown":
            data[deadline.deadline] = {**deadline.values, "passed": deadline.state == "passed"}
    return data


def drafts_for(outcome: str, knowledge: Knowledge, facts: Mapping[str, Scalar], unknown: set[str],
               worked: list[Worked]) -> list[Draft]:
    extras = knowledge.extras.get(outcome)
    if extras is None:
        return []
    data = draft_data(knowledge, facts, worked)
    filled = [(d, drafts.render_or_none(d.template, data)) for d in extras.drafts
              if judge_conditions(d.when, d.unless, facts, unknown) is None]
    return [Draft(id=d.id, to=d.to, title=d.title, text=text) for d, text in filled if text]
