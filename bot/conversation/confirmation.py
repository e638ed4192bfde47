"""Confirming facts read from the member's own words before the advice relies on them."""

from __future__ import annotations

from bot.conversation.questions import CHANGE_PREFIX, CONFIRM_YES, KEEP_ALL, ask, change_label
from bot.conversation.walk import Walk, walk
from bot.messages import Choice, Question
from bot.pack.loading import Knowledge
from bot.record import Session


def unconfirmed(session: Session, knowledge: Knowledge, result: Walk | None = None) -> list[str]:
    """Facts read from the member's words that the outcome relies on and they have not confirmed."""
    if result is None:
        if session.tree is None:
            return []
        result = walk(knowledge.trees, session.tree, session.facts,
                      knowledge.unknown_among(session.facts, session.unknown, session.reopened))
    return [fact for fact in result.facts_used if fact in session.prefilled]


def ask_confirm(session: Session, knowledge: Knowledge, facts: list[str]) -> Question:
    """The facts read back, with one button per fact to change it: a wrong one costs a click, not two."""
    understood = "; ".join(_read_back(session, knowledge, f) for f in facts)
    choices = [Choice(id=CONFIRM_YES, label="Yes")]
    choices += [Choice(id=f"{CHANGE_PREFIX}{f}", label=change_label(session, knowledge, f)) for f in facts]
    return ask(session, "confirm", f"I understood: {understood}. Right?", choices)


def _read_back(session: Session, knowledge: Knowledge, name: str) -> str:
    """A fact as understood, with the earlier value a later message replaced."""
    fact = knowledge.facts[name]
    shown = fact.describe(session.facts[name])
    if name in session.replaced and session.replaced[name] != session.facts[name]:
        shown += f" (instead of {fact.describe(session.replaced[name])}, as you said earlier)"
    implied = next((e for e in session.evidence if e.fact == name and e.rule.startswith("implication")), None)
    if implied is not None:  # not said but inferred: say so, so that a wrong inference is easy to spot
        shown += " (assumed from what you said)"
    return shown


def ask_change(session: Session, knowledge: Knowledge) -> Question:
    choices = [
        Choice(id=f, label=f"{knowledge.facts[f].label}: {knowledge.facts[f].describe(session.facts[f])}")
        for f in unconfirmed(session, knowledge)
    ]
    choices.append(Choice(id=KEEP_ALL, label="Nothing, it's all right"))
    return ask(session, "change", "Which one should I change?", choices)


def confirm_all(session: Session, knowledge: Knowledge) -> None:
    for fact_id in unconfirmed(session, knowledge):
        session.prefilled.pop(fact_id, None)
        session.replaced.pop(fact_id, None)


def change_one_of(session: Session, knowledge: Knowledge, picked: str, shown: list[str]) -> None:
    """The member changed one of the facts shown: it is asked again; they saw the others, which stand."""
    change(session, knowledge, picked)
    for other in shown:
        if other != picked:
            session.prefilled.pop(other, None)


def change(session: Session, knowledge: Knowledge, picked: str) -> None:
    """The member picked a read fact to change (it is asked again, even one the bot never asks unprompted)
    or said all of them are right."""
    if picked == KEEP_ALL:
        session.prefilled.clear()
        session.replaced.clear()
        return
    session.history.append(session.snapshot())
    session.facts.pop(picked, None)
    session.prefilled.pop(picked, None)
    session.replaced.pop(picked, None)
    fact = knowledge.facts.get(picked)
    if fact is not None and not fact.ask and picked not in session.reopened:
        session.reopened.append(picked)
