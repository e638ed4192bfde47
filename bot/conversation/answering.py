"""Applying the member's answer to the question the conversation waits on."""

from __future__ import annotations

from collections.abc import Callable

from bot.conversation import confirmation
from bot.conversation.questions import CONFIRM_CHANGE, CONFIRM_YES, shown_options
from bot.messages import BACK, UNKNOWN, Reply, Text
from bot.pack.loading import Knowledge
from bot.pack.model import Fact, Scalar
from bot.reading import reader_for
from bot.reading.typed import Parsed, match_choice, parse_for_fact
from bot.record import Session

Advance = Callable[[], list[Reply]]  # ask what comes next (or give guidance)
NOT_A_CHOICE = "That isn't one of the choices."


def parse_reply(session: Session, knowledge: Knowledge, text: str) -> Parsed:
    """A typed reply read against the question waiting: a number, a choice's words, a fact's value."""
    pending = session.pending
    assert pending is not None
    options = shown_options(session, knowledge, pending)
    if pending.kind == "fact" and pending.fact:
        fact = knowledge.facts[pending.fact]
        if text.strip().isdecimal() and fact.type in ("choice", "yes_no"):
            return match_choice(None, options, text.strip())  # numbers pick from the list shown
        return parse_for_fact(fact, options, text)
    parsed = match_choice(None, options, text)
    reader = reader_for(knowledge)
    if parsed.error and pending.kind == "situation" and reader:
        reading = reader.read(text)
        if reading.tree:
            return Parsed(reading.tree)
    if parsed.error and pending.kind == "confirm":
        yes_no = parse_for_fact(Fact(id="confirm", type="yes_no", label="", question=""), options, text)
        if yes_no.error is None:
            return Parsed(CONFIRM_YES if yes_no.value else CONFIRM_CHANGE)
    return parsed


def apply_answer(session: Session, knowledge: Knowledge, value: Scalar | None, advance: Advance) -> list[Reply]:
    pending = session.pending
    if pending is None:
        return advance()
    if value == BACK:
        return go_back(session, advance)
    if pending.kind == "situation" and value == UNKNOWN:
        hint = "No problem: pick the closest one, or describe what happened in your own words."
        return [Text(markdown=hint), *advance()]
    if isinstance(value, str) and pending.kind != "fact" and value not in pending.options:
        return [Text(markdown=NOT_A_CHOICE, tone="error"), *advance()]
    if pending.kind == "situation":
        session.history.append(session.snapshot())
        session.tree = str(value)
    elif pending.kind == "fact" and pending.fact:
        if not _set_fact(session, knowledge.facts[pending.fact], value):
            return [Text(markdown=NOT_A_CHOICE, tone="error"), *advance()]
    elif pending.kind == "confirm":
        if value != CONFIRM_YES:
            reading = confirmation.unconfirmed(session, knowledge)
            if len(reading) != 1:
                return [confirmation.ask_change(session, knowledge)]
            confirmation.change(session, knowledge, reading[0])  # one fact shown: no need to ask which
        else:
            confirmation.confirm_all(session, knowledge)
    elif pending.kind == "change":
        confirmation.change(session, knowledge, str(value))
    return advance()


def _set_fact(session: Session, fact: Fact, value: Scalar | None) -> bool:
    if value == UNKNOWN:
        session.history.append(session.snapshot())
        session.facts.pop(fact.id, None)
        session.unknown.append(fact.id)
    else:
        value = _coerce(fact, value)
        if value is None:
            return False
        session.history.append(session.snapshot())
        session.facts[fact.id] = value
    session.prefilled.pop(fact.id, None)
    return True


def _coerce(fact: Fact, value: Scalar | None) -> Scalar | None:
    """A button sends a choice id as text; turn it into the fact's value type."""
    if fact.type == "yes_no" and isinstance(value, str):
        return {"yes": True, "no": False}.get(value)
    if fact.type == "choice":
        return value if isinstance(value, str) and fact.choice(value) else None
    return value


def go_back(session: Session, advance: Advance) -> list[Reply]:
    if not session.history:
        return [Text(markdown="There is nothing to go back to yet."), *advance()]
    session.restore(session.history.pop())
    return advance()
