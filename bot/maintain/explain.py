"""`policy explain`: how the policy reaches a decision, step by step, as `opa eval --explain` does."""

from __future__ import annotations

import time

from bot.conversation.deadlines import Calendar, shown_day, work_out
from bot.conversation.points import judge_conditions, judge_outcome
from bot.conversation.questions import worded
from bot.conversation.walk import walk
from bot.pack.loading import Knowledge
from bot.pack.model import Fact, Scalar
from bot.reading import Reading, reader_for
from bot.reading.dates import counting_from
from bot.reading.typed import read_reply
from bot.reading.words import reply_words_for

UNKNOWN_WORDS = ("?", "unknown", "null", "idk")


class ExplainError(ValueError):
    """A --fact the policy cannot use, or no way to pick a tree."""


def parse_fact_option(knowledge: Knowledge, option: str) -> tuple[str, Scalar | None]:
    """`name=value` from the command line; `name=?` means the member said "I don't know"."""
    name, sep, said = option.partition("=")
    fact = knowledge.facts.get(name.strip())
    if not sep or fact is None:
        known = ", ".join(sorted(knowledge.facts))
        raise ExplainError(f"--fact {option!r}: expected NAME=VALUE with NAME one of: {known}")
    if said.strip().lower() in UNKNOWN_WORDS:
        return fact.id, None
    if fact.type == "choice" and fact.choice(said.strip()):
        return fact.id, said.strip()
    parsed = read_reply(fact, _options(fact), said, reply_words_for(knowledge))
    if parsed.error:
        raise ExplainError(f"--fact {option!r}: {parsed.error}")
    return fact.id, parsed.value


def _options(fact: Fact) -> list[tuple[str, str]]:
    if fact.type == "yes_no":
        return [("yes", "Yes"), ("no", "No")]
    return [(c.id, c.label) for c in fact.choices]


def explain(knowledge: Knowledge, tree_id: str | None, given: dict[str, Scalar | None], message: str = "",
            now: float | None = None) -> str:
    """`now` (a timestamp; the clock's by default) dates the deadlines and the days named in the message."""
    calendar = Calendar.at(time.time() if now is None else now)
    reader = reader_for(knowledge)
    with counting_from(calendar.today):
        reading = reader.read(message) if message and reader else Reading()
    lines: list[str] = []
    tree_id = tree_id or knowledge.pack.start or reading.tree
    if message and reader is None:
        lines.append("message not read: this knowledge pack has no language/ files")
    elif message:
        if knowledge.pack.start:
            lines.append(f"start: tree {knowledge.pack.start} (every conversation starts there; its branches enter "
                         "the tree of the situation)")
        else:
            scores = ", ".join(f"{tree} {score:g}" for tree, score in reading.tree_scores.items()) or "no signals"
            lines.append(f"routing: {reading.tree or 'unclear (the bot would ask which situation)'} ({scores})")
        if reading.evidence:
            lines.append("words read from the message:")
            lines += [f"  “{e.words}” → {e.fact} = {_show(e.value)}  ({e.rule})" for e in reading.evidence]
    if tree_id is None:
        if message and reader is None:
            raise ExplainError("name a tree: this knowledge pack has no language/ files to route a message")
        if not message:
            raise ExplainError("name a tree, or give a --message")
        lines.append("next question: which situation applies (name a tree to see its path)")
        return "\n".join(lines)
    tree = knowledge.trees.get(tree_id)
    if tree is None:
        raise ExplainError(f"unknown tree {tree_id!r}; trees: {', '.join(knowledge.trees)}")
    facts = {**reading.facts, **{k: v for k, v in given.items() if v is not None}}
    unknown = {k for k, v in given.items() if v is None}
    for name in unknown:
        facts.pop(name, None)
    unknown = knowledge.unknown_among(facts, unknown)
    result = walk(knowledge.trees, tree.id, facts, unknown)
    lines.append(f"tree: {tree.id} ({tree.title})")
    for number, step in enumerate(result.path, 1):
        node = step.node if step.tree == tree.id else f"{step.tree}/{step.node}"
        if step.fact in given or not step.unknown:
            source = "you" if step.fact in given else "the message"
            value = "I don't know" if step.unknown else _show(step.value)
            said = f"{step.fact} = {value} (from {source})"
        else:
            said = f"{step.fact} not said"
        lines.append(f"  {number}. node {node}: {said}; matched {step.condition} → {step.goto}")
        if step.note:
            lines.append(f"     why: {step.note}")
    if result.outcome:
        outcome = result.outcome
        lines.append(f"outcome: {outcome.id}, verdict {outcome.verdict} "
                     f"({knowledge.verdict_label(outcome.verdict)}): {outcome.title}")
        lines.append(f"  cites: {', '.join(outcome.answers)}; sources: {', '.join(s.url for s in outcome.sources)}")
        # Points added anywhere are listed only where they apply: every outcome would list them all.
        judged = [j for j in judge_outcome(knowledge, outcome, facts, unknown)
                  if j.applies or j.point in outcome.points]
        if judged:
            lines.append("points (+ shown, - left out), in the order shown:")
            lines += [f"  {'+' if j.applies else '-'} {j.point}: {j.because}"
                      + ("" if j.point in outcome.points else " (added anywhere)") for j in judged]
        lines += _deadlines(knowledge, outcome.id, facts, unknown, calendar)
    else:
        fact = knowledge.facts[result.needs or ""]
        question, _ = worded(fact, facts, unknown)  # as this member would be asked it
        lines.append(f"next question (node {result.needs_node}, fact {fact.id}): {question}")
    return "\n".join(lines)


def _deadlines(knowledge: Knowledge, outcome: str, facts: dict[str, Scalar], unknown: set[str],
               calendar: Calendar) -> list[str]:
    extras = knowledge.extras.get(outcome)
    if extras is None or not extras.deadlines:
        return []
    lines = [f"deadlines (today {shown_day(calendar.today)}, UTC):"]
    for deadline_id in extras.deadlines:
        deadline = knowledge.deadlines[deadline_id]
        refused = judge_conditions(deadline.when, deadline.unless, facts, unknown)
        if refused:
            lines.append(f"  - {deadline_id}: {refused}")
            continue
        worked = work_out(deadline, knowledge, facts, calendar)
        if deadline.window:
            how = f"window {deadline.window}: {worked.values['opens']} to {worked.values['closes']}"
        elif worked.state == "unknown":
            how = f"{deadline.since} not said"
        else:
            how = (f"{deadline.since}={facts[deadline.since or '']} → {worked.values['start']} + {deadline.add} "
                   f"{worked.values['days']} days = {worked.values['due']}")
        lines.append(f"  {'+' if worked.text else '-'} {deadline_id} ({worked.state}): {how}")
    return lines


def _show(value: Scalar | None) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)
