"""What the bot says before its first question: a welcome, or one line on what it covers for an off-topic
message, with the canonical answers closest to the member's words."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.messages import Reply, Text
from bot.pack.loading import Knowledge
from bot.pack.model import Scalar
from bot.reading import Reading
from bot.reading.phrases import PatternReader
from bot.record import Session

_MIN_WORDS = 4  # "hi", "help me please": a greeting, not a question about something else
_MIN_ANSWER_SCORE = 6.0  # as for follow-ups: two title words, or a title word and a few tags
_MOST_CHOICES = 3  # read again for each answer only where the answers are few (who is asking, the contract type)


def opening(knowledge: Knowledge, text: str, reading: Reading) -> list[Reply]:
    if knowledge.pack.start is None:  # a routed pack: the situation menu follows unless the words chose a tree
        return [] if reading.tree else [Text(markdown=knowledge.pack.welcome)]
    if reading.facts:
        return []  # the member described their situation: straight to what the advice still needs
    if len(text.split()) < _MIN_WORDS:
        return [Text(markdown=knowledge.pack.welcome)]
    if off_topic(knowledge, text):  # named as outside the pack: no answers searched for its other words
        return [Text(markdown=knowledge.pack.off_topic)]
    hits = [h for h in knowledge.answers.search(text, limit=3) if h.score >= _MIN_ANSWER_SCORE]
    if not hits:
        return [Text(markdown=knowledge.pack.off_topic)]
    listed = "\n".join(f"- **{h.answer.title}** (`{h.answer.id}`)" for h in hits)
    return [Text(markdown=f"{knowledge.pack.off_topic}\n\nThese canonical answers may be close to your question:\n"
                          f"{listed}\n\nIf your question is about a contract's money, tell me what happened.")]


def off_topic(knowledge: Knowledge, text: str) -> bool:
    """Whether the words name something the pack does not cover (a proposal, a profile): the caller checks that they
    tell nothing of a situation."""
    pattern = _off_topic_pattern(knowledge)
    return pattern is not None and pattern.search(text.lower()) is not None


@lru_cache(maxsize=4)
def _off_topic_pattern(knowledge: Knowledge) -> re.Pattern[str] | None:
    words = knowledge.pack.off_topic_words
    return re.compile(r"(?<![\w'])(?:" + "|".join(words) + r")(?![\w'])") if words else None


def read_if_answered(knowledge: Knowledge, reader: PatternReader, text: str,
                     read: dict[str, Scalar]) -> dict[str, dict[str, dict[str, Scalar]]]:
    """What the first message would say with each answer to a question it leaves open, for the small choice
    facts some phrases assume ("I ended the contract" is the freelancer's ending only once they say they are the
    freelancer): kept, so that the answer brings those facts in without the message being stored."""
    found: dict[str, dict[str, dict[str, Scalar]]] = {}
    for name in sorted(reader.waiting_on(text, read)):
        fact = knowledge.facts.get(name)
        if fact is None or fact.type != "choice" or fact.ask is False or len(fact.choices) > _MOST_CHOICES:
            continue
        for choice in fact.choices:
            more = {k: v for k, v in reader.read(text, {**read, name: choice.id}).facts.items()
                    if k not in read and k != name and k in knowledge.facts}
            if more:
                found.setdefault(name, {})[choice.id] = more
    return found


def reread_if_changed(knowledge: Knowledge, reader: PatternReader, text: str,
                      reading: Reading) -> dict[str, dict[str, dict[str, list[Scalar]]]]:
    """What the first message would say if a fact it only implied were changed, for the facts whose reading
    rested on it: "can I get my money back?" from a client reads as the escrow while "not released" is assumed,
    and as released money once the member says it was released. Kept, as `read_if` is, without the message."""
    resting = reader.resting_on(text)  # what the phrases found rest on: only those are worth reading again
    implied = [e.fact for e in reading.evidence if e.rule.startswith("implication") and e.fact in resting]
    found: dict[str, dict[str, dict[str, list[Scalar]]]] = {}
    for name in implied:
        fact = knowledge.facts.get(name)
        if fact is None or fact.type not in ("yes_no", "choice") or len(fact.choices) > _MOST_CHOICES:
            continue
        values: list[Scalar] = [True, False] if fact.type == "yes_no" else [c.id for c in fact.choices]
        for value in (v for v in values if v != reading.facts.get(name)):
            again = reader.read(text, {**reading.facts, name: value}).facts
            changed = {k: [reading.facts[k], v] for k, v in again.items()
                       if k != name and k in reading.facts and k in knowledge.facts and reading.facts[k] != v}
            if changed:
                found.setdefault(name, {})[str(value)] = changed
    return found


def apply_read_if(session: Session) -> None:
    """Once a fact the first message left open is known, what the message says with it (unless said since);
    once a fact it only implied is changed, what it says then of the facts still as it read them."""
    for name in [n for n in session.read_if if n in session.facts or n in session.unknown]:
        for fact, value in session.read_if.pop(name).get(str(session.facts.get(name)), {}).items():
            if fact not in session.facts and fact not in session.unknown:
                session.facts[fact] = session.prefilled[fact] = value
    for name in [n for n in session.reread_if if str(session.facts.get(n)) in session.reread_if[n]]:
        for fact, (was, now) in session.reread_if.pop(name)[str(session.facts[name])].items():
            if session.facts.get(fact) == was:
                session.facts[fact] = session.prefilled[fact] = now
