"""Applying the member's answer to the question the conversation waits on.

A typed reply is first read as the answer (bot.reading.typed); a reply that corrects an earlier fact,
or that is not an answer but states facts, is read like an opening (stating) and applied over them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from bot.conversation import confirmation, stating
from bot.conversation.followup import answer_card
from bot.conversation.opening import off_topic
from bot.conversation.questions import (
    CHANGE_PREFIX,
    CHANGE_TYPED,
    CONFIRM_CHANGE,
    CONFIRM_YES,
    KEEP_ALL,
    SOMETHING_ELSE,
    corrections_shown,
    help_for,
    shown_options,
    worded,
)
from bot.messages import BACK, UNKNOWN, Reply, Text
from bot.pack.answers import words as search_words
from bot.pack.loading import Knowledge
from bot.pack.model import Fact, Scalar, Tree
from bot.reading import numbers
from bot.reading.phrases import reply_reader_for
from bot.reading.typed import Parsed, Stated, asks_something, read_reply, shown_as
from bot.reading.words import ReplyWords, normalise, plain, reply_words_for
from bot.record import Pending, Session

Advance = Callable[[], list[Reply]]  # ask what comes next (or give guidance)
NOT_A_CHOICE = "That isn't one of the choices."
KEPT_AS_READ = "Then I'll keep them as I read them; you can still say what is wrong at any point (\"actually …\")."
NO_CARD = ("I have no canonical answer on that one; a moderator may. Once the advice is worked out you can ask "
           "it again. Meanwhile:")
_CONFIRM = Fact(id="confirm", type="yes_no", label="", question="")
_QUESTION_WORDS = 4  # "is that normal?" is a remark; "how much is the arbitration fee?" a question
_HOW_TO_TELL = re.compile(r"(how|where) (do|can|could|would|will|should) (i|we|you) (check|know|tell|see|find|verify|"
                          r"look|confirm)|what (does|do|is) .{0,40}\bmean|how (would|will|do|can) i know|"
                          r"(what'?s|what is|what are|whats) (an? |the )?\w+( \w+)?\s*\?")  # "what's escrow?"


def stated_in(knowledge: Knowledge) -> Stated | None:
    """What the reply phrasings find stated of a fact in a reply (not implied): "he aproved milestone"."""
    reader = reply_reader_for(knowledge)
    return reader.stated if reader is not None else None


def parse_reply(session: Session, knowledge: Knowledge, text: str, stated: dict[str, Scalar]) -> Parsed:
    """A typed reply read against the question waiting: a number, a choice's words, a fact's value. `stated` is
    what the reply's own words state, read as an opening is (a read-back said again confirms it)."""
    pending = session.pending
    assert pending is not None
    options = shown_options(session, knowledge, pending)
    words = reply_words_for(knowledge)
    if pending.kind == "fact" and pending.fact:
        fact = knowledge.facts[pending.fact]
        corrections = [o for o in options if o[0].startswith(CHANGE_PREFIX)]
        if corrections and text.strip().isdecimal():
            return read_reply(None, options, text, words)  # a number picks what was shown, corrections too
        answers = [o for o in options if o not in corrections]  # a correction's label is no answer's words
        if fact.type == "yes_no":
            answers = [o for o in answers if o[0] in ("yes", "no")] + [o for o in answers if o[0] not in ("yes", "no")]
        parsed = read_reply(fact, answers, text, words, stated_in(knowledge))
        corrected = read_reply(None, corrections, text, words) if parsed.error and corrections else parsed
        return corrected if corrected.error is None else parsed
    if pending.kind == "confirm":
        said = read_reply(None, options, text, words)
        if said.value == UNKNOWN:  # "dunno" whether it was read right: which fact, then, is asked
            return Parsed(CONFIRM_CHANGE)
        if said.error is None:
            return said
        yes_no = _yes_or_no(text, words)
        if yes_no.error is None and isinstance(yes_no.value, bool):
            agrees = not yes_no.value and _restates(session, knowledge, stated, negative=True)
            return Parsed(CONFIRM_YES if yes_no.value or agrees else CONFIRM_CHANGE)
        return Parsed(CONFIRM_YES) if _restates(session, knowledge, stated) else said  # "its hourly"
    return read_reply(None, options, text, words)


def _restates(session: Session, knowledge: Knowledge, stated: dict[str, Scalar], negative: bool = False) -> bool:
    """A reply that says again what was read back ("its hourly"): agreement, not a change. After a "no", only a
    negative fact said again ("nope, havent started" to "no work done yet") agrees: "no its fixed price, hourly is
    what he wants" is a correction however its words read."""
    shown = set(confirmation.unconfirmed(session, knowledge))
    if negative and any(value not in (False, "none") for value in stated.values()):
        return False
    return bool(stated) and all(session.facts.get(name) == value for name, value in stated.items()) \
        and not shown.isdisjoint(stated)


def reply_to_text(session: Session, knowledge: Knowledge, text: str, advance: Advance) -> list[Reply]:
    """A typed message while a question waits: its answer, a correction, or facts told in passing."""
    pending = session.pending
    assert pending is not None
    pasted = _correction_typed(session, knowledge, pending, text)
    if pasted is not None:  # a Change button's own words, typed or pasted: that button, not a story to read
        return settle(session, knowledge, Parsed(pasted, reply=text), advance)
    leave = pending.fact if pending.kind == "fact" else None
    # Phrasings meant for replies ("nothing") are read for other facts only in a correction ("actually…").
    words = reply_words_for(knowledge)
    statement = stating.read(knowledge, text, words, known=session.facts)
    said_in_reply = statement.stated  # before a question's topics or a bare party's name narrow it below
    told = statement.changes(session, leave)
    if not told and leave and any(e.fact == leave and e.weak for e in statement.evidence):
        # a bare reply naming a party ("freelancer i think", asked who is asking) is no story about the other party
        statement = stating.without(statement, leave)
    if "?" in text and _asks_how(text) and _about_the_question(session, knowledge, text, 1):
        return [Text(markdown=help_for(session, knowledge)), *advance()]  # "how do I check it was funded?"
    if asks_something(text):  # "what happens if it wasn't?": asked, not told
        topics = {name: value for name, value in told.items() if name in _sections(knowledge)}
        if not topics:
            return _question_back(session, knowledge, text, advance, statement)
        statement = stating.Statement(topics, marked=False)  # "will she leave me bad feedback?": a section
        told = topics
    parsed = parse_reply(session, knowledge, text, said_in_reply)
    if pending.proposed is not None and _takes_proposal(pending.proposed, parsed, text, words):
        return settle(session, knowledge, Parsed(pending.proposed, reply=text), advance)
    if statement.contradicts(session, leave) or (
            told and statement.marked and (parsed.error is not None or stating.corrects(text, words))):
        return restate(session, knowledge, statement, advance, leave)
    taken: list[Reply] = []
    if parsed.error is None and told and leave in statement.stated and statement.stated[leave] != parsed.value:
        # a story in reply: its own reading of the fact wins over a choice's word inside it ("client disputed my
        # hours", asked who is asking, names the client as the other party)
        parsed = Parsed(statement.stated[leave], reply=text)
        reading = knowledge.facts[leave].describe(statement.stated[leave], session.facts, session.unknown)
        taken = [Text(markdown=f"I'll take that as: {reading}.")]
    if parsed.error is None:  # the answer, and what the reply tells beside it ("yes, 4 days ago")
        # said beside an answer, on purpose: noted, not read back again for confirmation
        noted = stating.apply(session, knowledge, statement, leave, confirmed=True)  # [] when it tells nothing new
        notes = [*taken, *([Text(markdown="Noted: " + "; ".join(noted) + ".")] if noted else [])]
        return [*notes, *settle(session, knowledge, parsed, advance)]
    if statement.changes(session) or (pending.kind == "situation" and statement.tree):
        return restate(session, knowledge, statement, advance, None)  # not an answer, but it tells something
    if parsed.proposed is not None:  # "i think so": asked back, and remembered for the "yes" that follows
        replies = [Text(markdown=parsed.error or "", tone="error"), *advance()]
        if session.pending is not None:
            session.pending.proposed = parsed.proposed
        return replies
    if _asks_its_own_question(text):
        return _question_back(session, knowledge, text, advance, statement)
    return [Text(markdown=parsed.error, tone="error"), *advance()]


def _correction_typed(session: Session, knowledge: Knowledge, pending: Pending, text: str) -> str | None:
    """The Change button whose label the reply is, word for word ("Change: you want the escrow back"), or whose
    words follow "change" in part ("change the client is not answering"): that button, not a story whose "not"
    would answer the question waiting."""
    said = plain(normalise(text))  # as every typed answer is read (bot.reading.words)
    changes = [(option, plain(normalise(label))) for option, label in shown_options(session, knowledge, pending)
               if option.startswith(CHANGE_PREFIX)]
    exact = next((option for option, label in changes if label == said), None)
    if exact is not None or not said.startswith(CHANGE_TYPED):
        return exact
    told = said.removeprefix("change").strip(" :").removeprefix("the ")
    named = [option for option, label in changes if len(told) >= 3 and (
        (shown := label.removeprefix("change:").strip()).removeprefix("the ").startswith(told)
        or set(told.split()) <= set(shown.replace("(", " ").replace(")", " ").split()))]
    return named[0] if len(named) == 1 else None


def _sections(knowledge: Knowledge) -> frozenset[str]:
    """The member's own questions that the advice answers as a section (the score, feedback), not those that
    change what is asked ("how does it work", before anything went wrong, holds questions back)."""
    steering = {name for fact in knowledge.facts.values() for name in fact.ask_unless}
    return frozenset(f.id for f in knowledge.facts.values() if f.topic and f.id not in steering)


def _question_back(session: Session, knowledge: Knowledge, text: str, advance: Advance,
                   statement: stating.Statement) -> list[Reply]:
    """A question asked while one waits: the waiting question's help when it is about it ("what does funded
    mean?"), else the canonical answer it names; then the question waiting, again."""
    if _about_the_question(session, knowledge, text, 1 if _asks_how(text) else 2):
        return [Text(markdown=help_for(session, knowledge)), *advance()]
    tells = any(not e.weak for e in statement.evidence)  # "more clients" names a party, and tells nothing
    if not tells and off_topic(knowledge, text):  # "how do I write a good proposal?": not the answer on "write"
        return [Text(markdown=knowledge.pack.off_topic), *advance()]
    card = answer_card(knowledge, text, session)
    if card is not None:
        return [card, *advance()]
    return [Text(markdown=NO_CARD), *advance()]


def _asks_its_own_question(text: str) -> bool:
    """A sentence asking something, not a garbled answer to the question waiting."""
    return "?" in text and len(text.split()) >= _QUESTION_WORDS


def keep_proposal(session: Session, knowledge: Knowledge, waiting: Pending | None) -> list[Text]:
    """A hedged answer asked back ("shall I take that as No?") before the conversation was left: asked again
    when it resumes on the same question, so that the "yes" that follows confirms it, not the question's Yes."""
    pending = session.pending
    if waiting is None or waiting.proposed is None or pending is None or pending.kind != waiting.kind \
            or pending.fact != waiting.fact:
        return []
    pending.proposed = waiting.proposed
    shown = shown_as(knowledge.facts.get(pending.fact or ""), shown_options(session, knowledge, pending),
                     waiting.proposed)
    return [Text(markdown=f"Your last answer here was hedged: shall I take it as **{shown}**? Say **yes** to "
                          "confirm it, or answer the question below.")]


def _takes_proposal(proposed: Scalar, parsed: Parsed, text: str, words: ReplyWords) -> bool:
    """Whether a reply to "shall I take that as …?" takes it: a yes, or the same reading again (hedged or not)."""
    if parsed.proposed == proposed or (parsed.error is None and parsed.value == proposed):
        return True
    agreed = _yes_or_no(text, words)
    return agreed.error is None and agreed.value is True


def _yes_or_no(text: str, words: ReplyWords) -> Parsed:
    """A reply read as a bare yes or no (to "Right?", or to "shall I take that as …?")."""
    return read_reply(_CONFIRM, [("yes", "Yes"), ("no", "No")], text, words)


def _asks_how(text: str) -> bool:
    """How to find the answer out ("how do I check…", "where can I see…", "what does … mean?")."""
    return bool(_HOW_TO_TELL.match(text.strip().lower()))


def _about_the_question(session: Session, knowledge: Knowledge, text: str, shared: int = 2) -> bool:
    """The member asks about the question waiting: `shared` of its longer words ("milestone", "funded") again."""
    pending = session.pending
    if pending is None or pending.kind != "fact" or not pending.fact:
        return False
    question, _ = worded(knowledge.facts[pending.fact], session.facts, session.unknown)
    asked = {w for w in search_words(question) if len(w) >= 4}
    return len(asked & set(search_words(text))) >= shared


def restate(session: Session, knowledge: Knowledge, statement: stating.Statement, advance: Advance,
            leave: str | None) -> list[Reply]:
    """Facts stated over earlier ones: applied, the tree re-chosen if they no longer fit it, said back."""
    changed = stating.apply(session, knowledge, statement, leave, confirmed=statement.marked)
    if session.tree is None and statement.tree:
        session.tree = statement.tree
    else:
        stating.reroute(session, knowledge, statement)
    if session.pending and session.pending.kind == "fact" and session.pending.fact in statement.stated:
        session.prefilled.pop(session.pending.fact, None)  # it answered the question too
    notes = [Text(markdown="Noted: " + "; ".join(changed) + ".")] if changed else []
    return [*notes, *advance()]


def settle(session: Session, knowledge: Knowledge, parsed: Parsed, advance: Advance) -> list[Reply]:
    """Apply a read answer; a number said as a range is taken only where the advice is the same across it."""
    pending = session.pending
    if not parsed.is_range or pending is None or not pending.fact or session.tree is None:
        return apply_answer(session, knowledge, parsed.value, advance)
    crossed = _thresholds_crossed(knowledge.trees.values(), pending.fact, parsed.low, parsed.high)
    if crossed:
        limit = ", ".join(f"{t:g}" for t in crossed)
        return [Text(markdown=f"“{parsed.said}” could be either side of {limit}, and the advice differs: "
                              "about how many exactly?", tone="error"), *advance()]
    shown = knowledge.facts[pending.fact].describe(parsed.value, session.facts, session.unknown)  # type: ignore[arg-type]
    note = Text(markdown=f"I'll take “{parsed.said}” as {shown}: the advice is the same anywhere in that range.")
    return [note, *apply_answer(session, knowledge, parsed.value, advance)]


def _thresholds_crossed(trees: Iterable[Tree], fact: str, low: float | None, high: float | None) -> list[float]:
    """The numbers the trees' conditions on `fact` compare with that lie inside the range said (a walk may
    enter any tree of the pack from the one the conversation is in)."""
    bottom = low if low is not None else float("-inf")
    top = high if high is not None else float("inf")
    crossed = set()
    for node in (n for tree in trees for n in tree.nodes):
        if node.fact != fact:
            continue
        for branch in node.branches:
            cut = branch.when.lt if branch.when.lt is not None else branch.when.ge
            edge = branch.when.le if branch.when.le is not None else branch.when.gt
            if cut is not None and bottom < cut <= top:
                crossed.add(cut)
            if edge is not None and bottom <= edge < top:
                crossed.add(edge)
    return sorted(crossed)


def apply_answer(session: Session, knowledge: Knowledge, value: Scalar | None, advance: Advance) -> list[Reply]:
    pending = session.pending
    if pending is None:
        return advance()
    if value == BACK:
        return go_back(session, advance)
    if pending.kind == "situation" and value in (UNKNOWN, SOMETHING_ELSE):
        return [way_out(session, knowledge)]  # never the same menu again
    if pending.kind == "change" and value == UNKNOWN:  # not sure which was read wrong: all stand, none asked again
        confirmation.change(session, knowledge, KEEP_ALL)
        return [Text(markdown=KEPT_AS_READ), *advance()]
    typed_change = pending.kind == "confirm" and value == CONFIRM_CHANGE  # "no", "change": which one is asked
    correcting = isinstance(value, str) and value.startswith(CHANGE_PREFIX)  # a fact read back, to change
    if isinstance(value, str) and (pending.kind != "fact" or correcting) and value not in pending.options \
            and not typed_change:
        return [Text(markdown=NOT_A_CHOICE, tone="error"), *advance()]
    if correcting:
        confirmation.change_one_of(session, knowledge, str(value).removeprefix(CHANGE_PREFIX),
                                   corrections_shown(pending))
    elif pending.kind == "situation":
        session.history.append(session.snapshot())
        session.tree = str(value)
    elif pending.kind == "fact" and pending.fact:
        if not _set_fact(session, knowledge, knowledge.facts[pending.fact], value):
            return [Text(markdown=NOT_A_CHOICE, tone="error"), *advance()]
        confirmation.confirm_shown(session, pending)
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


def _set_fact(session: Session, knowledge: Knowledge, fact: Fact, value: Scalar | None) -> bool:
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
        if fact.id in session.unknown:
            session.unknown.remove(fact.id)
        _fill_implied(session, knowledge, fact.id)
    session.prefilled.pop(fact.id, None)
    session.replaced.pop(fact.id, None)
    return True


def _fill_implied(session: Session, knowledge: Knowledge, answered: str) -> None:
    """An answer implies what it implies when read from a message ("the escrow" refund means a funded
    milestone): facts not yet said are filled, so they are not asked; nothing said is overwritten."""
    for implication in knowledge.implications:
        if answered in implication.when and implication.holds(session.facts):
            for name, value in implication.then.items():
                if name not in session.facts and name not in session.unknown:
                    session.facts[name] = value


def _coerce(fact: Fact, value: Scalar | None) -> Scalar | None:
    """A button sends a choice id as text; turn it into the fact's value type. A value that is not one (a
    forged or stale click: "refund" for a number of days) is refused, never stored."""
    if fact.type == "yes_no" and isinstance(value, str):
        return {"yes": True, "no": False}.get(value)
    if fact.type == "choice":
        return value if isinstance(value, str) and fact.choice(value) else None
    if fact.type in ("number", "money"):
        if isinstance(value, bool):
            return None
        if isinstance(value, str):
            return numbers.money(value) if fact.type == "money" else numbers.number(value, fact.unit)
    return value


def way_out(session: Session, knowledge: Knowledge) -> Text:
    """None of the situations fits: the canonical answers closest to what the member said, and support. The
    conversation ends here, so "I don't know" never brings the same menu back."""
    said = " ".join(e.words for e in session.evidence)
    hits = knowledge.answers.search(said, limit=3) if said else []
    listed = [h.answer for h in hits] or list(knowledge.answers)[:3]
    lines = "\n".join(f"- **{a.title}** (`{a.id}`)" for a in listed)
    session.pending, session.done = None, True
    return Text(markdown="None of my situations fits, so here are the community's canonical answers closest to it:\n"
                         f"{lines}\n\nIf none helps, the marketplace's support can look at your contract. Say "
                         "**restart** (or describe your situation) to start again.", ask_moderator=True)


def go_back(session: Session, advance: Advance) -> list[Reply]:
    if not session.history:
        return [Text(markdown="There is nothing to go back to yet."), *advance()]
    session.restore(session.history.pop())
    return advance()
