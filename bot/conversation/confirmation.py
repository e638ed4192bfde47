"""Confirming facts read from the member's own words before the advice relies on them."""

from __future__ import annotations

from collections.abc import Mapping

from bot.conversation.questions import (
    CHANGE_PREFIX,
    CONFIRM_YES,
    KEEP_ALL,
    ask,
    ask_fact,
    change_label,
    corrections_shown,
    said,
)
from bot.conversation.walk import Walk, walk
from bot.messages import Choice, Question
from bot.pack.loading import Knowledge
from bot.pack.model import Fact, Point, Scalar, holds
from bot.record import Pending, Session

CORRECTIONS_MAX = 8  # buttons beside a question's answers (Discord fits 25); any further facts are confirmed later


def unconfirmed(session: Session, knowledge: Knowledge, result: Walk | None = None) -> list[str]:
    """Facts read from the member's words that the advice relies on (the path to the outcome, then what its
    points are chosen or filled by and the days its deadlines count from) and they have not confirmed."""
    if not session.prefilled:
        return []  # nothing read is left unconfirmed
    if result is None:
        if session.tree is None:
            return []
        result = walk(knowledge.trees, session.tree, session.facts,
                      knowledge.unknown_among(session.facts, session.unknown, session.reopened))
    settled = {name: value for name, value in session.facts.items() if name not in session.prefilled}
    return [fact for fact in _relied_on(knowledge, result, settled, session.prefilled) if fact in session.prefilled]


def _relied_on(knowledge: Knowledge, result: Walk, settled: Mapping[str, Scalar],
               among: Mapping[str, object]) -> list[str]:
    """The facts `among` those read that a walk's advice depends on, in order, once each (with others). A point
    that `settled` facts (told or confirmed) already leave out relies on none of its facts: "paid on" is not asked
    of a member with no work."""
    relied_on = list(result.facts_used)
    outcome = result.outcome
    if outcome is not None:
        for point in (knowledge.points[p] for p in knowledge.points_of(outcome) if p in knowledge.points):
            if not among.keys().isdisjoint(point.facts_used) and not _left_out(point, settled):
                relied_on += point.facts_used
        extras = knowledge.extras.get(outcome.id)
        shown = extras.deadlines if extras else []
        for deadline in (knowledge.deadlines[d] for d in shown if d in knowledge.deadlines):
            relied_on += [*deadline.when, *deadline.unless, *([deadline.since] if deadline.since else [])]
    return list(dict.fromkeys(relied_on))


def _left_out(point: Point, settled: Mapping[str, Scalar]) -> bool:
    """Whether a `when` fails, or an `unless` holds, on a settled fact: whatever else is read, it is not shown."""
    fails = any(name in settled and not holds(name, c, settled, set()) for name, c in point.when.items())
    return fails or any(name in settled and holds(name, c, settled, set()) for name, c in point.unless.items())


def ask_confirm(session: Session, knowledge: Knowledge, facts: list[str]) -> Question:
    """The facts read back, with one button per fact to change it: a wrong one costs a click, not two."""
    choices = [Choice(id=CONFIRM_YES, label="Yes"), *_corrections(session, knowledge, facts)]
    return ask(session, "confirm", f"{_understood(session, knowledge, facts)} Right?", choices)


def ask_reading_back(session: Session, knowledge: Knowledge, fact: Fact, result: Walk) -> Question:
    """The next question, with every fact read so far before it (those that led to it first): answering it
    confirms them, a Change button corrects one, and no separate "Right?" costs the member a click. A typed
    answer (a number) leaves them for that confirmation: buttons would compete with the number typed."""
    if fact.type not in ("choice", "yes_no"):
        return ask_fact(session, fact)
    used = [f for f in result.facts_used if f in session.prefilled]  # those that led here first
    shown = [*used, *(f for f in session.prefilled if f not in used)][:CORRECTIONS_MAX]
    if not shown:
        return ask_fact(session, fact)
    return ask_fact(session, fact, _understood(session, knowledge, shown), _corrections(session, knowledge, shown))


def confirm_shown(session: Session, pending: Pending) -> None:
    """The member answered a question that read facts back to them: those stand as confirmed."""
    for name in corrections_shown(pending):
        session.prefilled.pop(name, None)
        session.replaced.pop(name, None)


def _understood(session: Session, knowledge: Knowledge, facts: list[str]) -> str:
    return "I understood: " + "; ".join(_read_back(session, knowledge, f) for f in facts) + "."


def _corrections(session: Session, knowledge: Knowledge, facts: list[str]) -> list[Choice]:
    return [Choice(id=f"{CHANGE_PREFIX}{f}", label=change_label(session, knowledge, f), role="change")
            for f in facts]


def _read_back(session: Session, knowledge: Knowledge, name: str) -> str:
    """A fact as understood, with the earlier value a later message replaced."""
    fact = knowledge.facts[name]
    shown = said(session, knowledge, name)
    if name in session.replaced and session.replaced[name] != session.facts[name]:
        was = fact.describe(session.replaced[name], session.facts, session.unknown)
        shown += f" (instead of {was}, as I had it before)"  # read or answered: never blame the member
    implied = next((e for e in session.evidence if e.fact == name and e.rule.startswith("implication")), None)
    if implied is not None:  # not said but inferred: say so, so that a wrong inference is easy to spot
        shown += " (assumed from what you said)"
    return shown


def ask_change(session: Session, knowledge: Knowledge) -> Question:
    choices = [
        Choice(id=f, label=f"{knowledge.facts[f].label}: {said(session, knowledge, f)}")
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
    if picked in knowledge.facts and picked not in session.reopened:
        session.reopened.append(picked)


def reopened_unanswered(session: Session, knowledge: Knowledge) -> Fact | None:
    """A fact the member chose to change and has not answered again: asked even where the advice does not
    branch on it (who is asking, on a support answer), since the member said it was read wrong."""
    return next((knowledge.facts[f] for f in session.reopened
                 if f in knowledge.facts and f not in session.facts and f not in session.unknown), None)
