"""A conversation whose policy version is no longer held (evicted by reloads, or gone with a restart).

It is carried over to the current version when its situation (tree) still exists there: facts, answers and
questions that no longer fit are dropped, and the walk asks again what it needs. When the situation itself
is gone, the facts may mean something else under the new rules, so the conversation starts over.
"""

from __future__ import annotations

from enum import Enum

from bot.conversation.questions import CHANGE_PREFIX, CONFIRM_CHANGE, CONFIRM_YES, KEEP_ALL, SOMETHING_ELSE
from bot.messages import BACK, UNKNOWN
from bot.pack.loading import Knowledge
from bot.pack.model import Fact, Scalar
from bot.record import Pending, Session

UPDATED = ("The advice rules were updated since this conversation began. I kept what you told me that still "
           "applies and will ask again what I need.")
CLOSED = ("The advice rules were updated since this conversation began, and the situation it was about no longer "
          "exists in them, so let's start again.")
_CONTROLS = {UNKNOWN, BACK, CONFIRM_YES, CONFIRM_CHANGE, KEEP_ALL}


class Carried(Enum):
    AS_IS = "as is"  # everything fits the current version
    TRIMMED = "trimmed"  # something was dropped: the member is told
    CLOSED = "closed"  # cannot continue: start over


def carry_over(session: Session, knowledge: Knowledge) -> Carried:
    """Move `session` onto `knowledge` (the current version) in place, or say it cannot continue."""
    if session.tree is not None and session.tree not in knowledge.trees:
        return Carried.CLOSED
    before = session.model_dump()
    session.policy_version = knowledge.version
    session.facts = _fitting(session.facts, knowledge)
    session.prefilled = _fitting(session.prefilled, knowledge)
    session.replaced = _fitting(session.replaced, knowledge)
    session.unknown = [f for f in session.unknown if f in knowledge.facts]
    session.reopened = [f for f in session.reopened if f in knowledge.facts]
    session.evidence = [e for e in session.evidence if e.fact in session.facts]
    session.history = [s for s in session.history if s.tree is None or s.tree in knowledge.trees]
    for snapshot in session.history:
        snapshot.facts = _fitting(snapshot.facts, knowledge)
        snapshot.prefilled = _fitting(snapshot.prefilled, knowledge)
        snapshot.unknown = [f for f in snapshot.unknown if f in knowledge.facts]
        snapshot.reopened = [f for f in snapshot.reopened if f in knowledge.facts]
    if session.advice is not None and knowledge.outcome(session.advice) is None:
        session.advice = None
    if session.pending is not None and not _pending_fits(session.pending, knowledge):
        session.pending = None  # asked again by the next walk, with a new token
    after = session.model_dump()
    before["policy_version"] = after["policy_version"]
    return Carried.AS_IS if before == after else Carried.TRIMMED


def _fitting(facts: dict[str, Scalar], knowledge: Knowledge) -> dict[str, Scalar]:
    return {name: value for name, value in facts.items()
            if name in knowledge.facts and _value_fits(knowledge.facts[name], value)}


def _value_fits(fact: Fact, value: Scalar) -> bool:
    if fact.type == "yes_no":
        return isinstance(value, bool)
    if fact.type == "choice":
        return isinstance(value, str) and fact.choice(value) is not None
    if fact.type in ("number", "money"):
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, str)


def _pending_fits(pending: Pending, knowledge: Knowledge) -> bool:
    """The question waiting is still one the current version would ask, with the same buttons."""
    if pending.kind == "fact":
        fact = knowledge.facts.get(pending.fact or "")
        if fact is None:
            return False
        valid = {"yes", "no"} if fact.type == "yes_no" else {c.id for c in fact.choices}
        return all(o in valid or o in _CONTROLS for o in pending.options)
    if pending.kind == "situation":
        return all(o in knowledge.trees or o in _CONTROLS or o == SOMETHING_ELSE for o in pending.options)
    return all(o.removeprefix(CHANGE_PREFIX) in knowledge.facts or o in _CONTROLS for o in pending.options)
