"""Facts a member states in free text at any point: read like an opening, applied over earlier ones.

A message that is not the answer to the question waiting (text at the situation menu, a sentence in
reply to a question, a correction, something said after guidance) is read for facts. Facts it states
replace earlier values (the confirmation then says what they replaced); facts it only implies fill
gaps and never overwrite what the member said.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.pack.loading import Knowledge
from bot.pack.model import Scalar
from bot.reading import Evidence, reader_for
from bot.reading.phrases import PatternReader, reply_reader_for
from bot.reading.words import ReplyWords, normalise, plain, starts_with
from bot.record import Session


@dataclass
class Statement:
    stated: dict[str, Scalar] = field(default_factory=dict)  # said in so many words
    implied: dict[str, Scalar] = field(default_factory=dict)  # implied by what was said
    evidence: list[Evidence] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    tree: str | None = None
    marked: bool = False  # it opens like a correction: "actually…", "no, I did…"

    def changes(self, session: Session, leave: str | None = None) -> dict[str, Scalar]:
        """Stated facts that are new or differ from the session's (but `leave`, the one being asked). A weak
        reading ("freelancer" typed at another question) may fill a gap, never replace what is known."""
        weak = {e.fact for e in self.evidence if e.weak}
        return {f: v for f, v in self.stated.items()
                if f != leave and session.facts.get(f) != v and not (f in weak and f in session.facts)}

    def contradicts(self, session: Session, leave: str | None = None) -> bool:
        return any(f in session.facts or f in session.unknown for f in self.changes(session, leave))


def without(statement: Statement, fact: str) -> Statement:
    """The statement with nothing said of `fact`."""
    return Statement({f: v for f, v in statement.stated.items() if f != fact},
                     {f: v for f, v in statement.implied.items() if f != fact},
                     [e for e in statement.evidence if e.fact != fact], statement.scores, statement.tree,
                     statement.marked)


def is_marked(text: str, words: ReplyWords) -> bool:
    """Opens like a correction: a listed word ("actually", "I meant"), or a yes or no and then a clause."""
    if corrects(text, words):  # "hi, actually…", "oh wait, …"
        return True
    head, _, rest = normalise(text).partition(" , ")
    return bool(rest) and (head in words.yes or head in words.no) and len(rest.split()) >= 2


def corrects(text: str, words: ReplyWords) -> bool:
    """Opens with a word that corrects ("actually", "wait", "I meant"), not only with a yes or a no."""
    opening = plain(normalise(text)).split()[:4]
    return any(starts_with(" ".join(opening[i:]), words.corrections) for i in range(min(3, len(opening))))


def read(knowledge: Knowledge, text: str, words: ReplyWords, replies: bool = False,
         known: Mapping[str, Scalar] | None = None) -> Statement:
    """What the text states. `replies` (or a correction) adds the phrasings meant for replies; `known`, the
    conversation's facts so far, are what a phrase's `when` may rest on besides the text itself."""
    marked = is_marked(text, words)
    reader = reply_reader_for(knowledge) if replies or marked else reader_for(knowledge)
    if reader is None or not text.strip():
        return Statement(marked=marked)
    reading = reader.read(text, known)
    evidence = [e for e in reading.evidence if e.fact in knowledge.facts]
    implied = {e.fact: e.value for e in evidence if e.rule.startswith("implication")}
    stated = {e.fact: e.value for e in evidence if not e.rule.startswith("implication")}
    return Statement(stated, {f: v for f, v in implied.items() if f not in stated}, evidence,
                     reading.tree_scores, reading.tree, marked)


def apply(session: Session, knowledge: Knowledge, statement: Statement, leave: str | None = None,
          confirmed: bool = False) -> list[str]:
    """Put the statement's facts into the session; the changes, as read back ("**hourly** instead of …").
    A correction is `confirmed`: the member said it on purpose, so it is not read back for confirmation."""
    changes = statement.changes(session, leave)
    if not changes and not any(f not in session.facts for f in statement.implied):
        return []
    session.history.append(session.snapshot())
    said: list[str] = []
    after = {**session.facts, **changes}  # read back as worded for the member these facts describe

    def describe(name: str, value: Scalar) -> str:
        return knowledge.facts[name].describe(value, after, session.unknown)

    for name, value in changes.items():
        if name in session.facts:
            session.replaced.setdefault(name, session.facts[name])
            said.append(f"**{describe(name, value)}** instead of {describe(name, session.facts[name])}")
        elif name in session.unknown:
            said.append(f"**{describe(name, value)}** (you weren't sure before)")
        else:
            said.append(f"**{describe(name, value)}**")
        session.facts[name] = value
        if confirmed:
            session.prefilled.pop(name, None)
            session.replaced.pop(name, None)
        else:
            session.prefilled[name] = value
        if name in session.unknown:
            session.unknown.remove(name)
    implied = [name for name, value in statement.implied.items()
               if name not in session.facts and name not in session.unknown and name != leave]
    for name in implied:
        session.facts[name] = session.prefilled[name] = statement.implied[name]
    resting = [name for name in _resting_on(session, changes) if name not in statement.stated]
    # a fact both tied to the old value and read on its strength is dropped once
    for name in dict.fromkeys([*_no_longer_possible(session, knowledge, changes), *resting]):
        said.append(f"no longer {knowledge.facts[name].describe(session.facts.pop(name), session.facts)}")
        session.prefilled.pop(name, None)
        session.replaced.pop(name, None)
    kept = [e for e in session.evidence if e.fact not in changes and e.fact in session.facts]
    session.evidence = kept + [e for e in statement.evidence if e.fact in changes or e.fact in implied]
    return said


def _resting_on(session: Session, changes: dict[str, Scalar]) -> list[str]:
    """Facts read on the strength of one just changed, still as read: "wants his money back" was a refund of
    released money because the payment was said to be released; that corrected, it is read or asked again."""
    return list(dict.fromkeys(
        e.fact for e in session.evidence
        if e.fact not in changes and set(e.rests_on) & changes.keys() and session.facts.get(e.fact) == e.value))


def _no_longer_possible(session: Session, knowledge: Knowledge, changes: dict[str, Scalar]) -> list[str]:
    """Earlier facts an exclusive implication ties to another value of a fact just changed: "hourly" takes
    "the client wants the escrow back" away, to be read or asked again."""
    gone = []
    for implication in (i for i in knowledge.implications if i.exclusive):
        contradicted = any(name in changes and changes[name] != value for name, value in implication.then.items())
        if contradicted and implication.holds(session.facts) and not implication.when.keys() & changes.keys():
            gone += list(implication.when)
    return list(dict.fromkeys(gone))


def reroute(session: Session, knowledge: Knowledge, statement: Statement) -> bool:
    """After facts changed: keep the tree if it still fits them, else move to the best one that does
    (None: ask the situation again). True if the tree changed."""
    reader = reader_for(knowledge)
    if knowledge.pack.start is not None or not isinstance(reader, PatternReader):
        return False  # a pack with a start tree re-derives the situation from the facts on every walk
    if session.tree is not None and reader.tree_fits(session.tree, session.facts):
        return False
    tree = reader.route(statement.scores, session.facts) if statement.scores else None
    if tree is None:  # below the routing threshold, the best tree the words point to that fits
        fitting = [t for t, score in statement.scores.items() if score > 0 and reader.tree_fits(t, session.facts)]
        tree = max(fitting, key=lambda t: statement.scores[t], default=None)
    changed = tree != session.tree
    session.tree = tree
    return changed
