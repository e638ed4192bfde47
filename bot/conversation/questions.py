"""Asking: the question a conversation waits on, its token, and the choices the member was shown."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.messages import BACK, UNKNOWN, Choice, Question
from bot.pack.loading import Knowledge
from bot.pack.model import Fact, Scalar, all_hold, any_holds
from bot.record import Pending, PendingKind, Session

CONFIRM_YES, CONFIRM_CHANGE, KEEP_ALL = "yes", "change", "keep"
SOMETHING_ELSE = "something_else"  # the situation menu's way out: the closest canonical answers, or support
CHANGE_PREFIX = "change:"  # a confirmation's "Change: <fact>" button: the fact to ask again
CHANGE_TYPED = ("change ", "change:")  # a typed reply opening as a Change button does ("change the amount")
_FIXED_LABELS = {UNKNOWN: "I don't know", BACK: "Back", CONFIRM_YES: "Yes", CONFIRM_CHANGE: "Change something",
                 KEEP_ALL: "Nothing, it's all right"}


def ask(session: Session, kind: PendingKind, prompt: str, choices: list[Choice], fact: str | None = None,
        help_text: str | None = None, free_text: bool = False) -> Question:
    pending = Pending(kind=kind, token="", fact=fact, options=[c.id for c in choices])
    previous = session.pending
    if previous and previous.model_copy(update={"token": ""}) == pending:
        pending.token = previous.token  # the same question again (a re-prompt): its buttons stay valid
    else:
        session.questions_asked += 1
        pending.token = f"q{session.turns}.{session.questions_asked}"
    session.pending = pending
    return Question(token=pending.token, prompt=prompt, help=help_text, choices=choices, free_text=free_text)


def controls(session: Session, unknown: bool = True) -> list[Choice]:
    shown = [Choice(id=UNKNOWN, label="I don't know", role="unknown")] if unknown else []
    if session.history:
        shown.append(Choice(id=BACK, label="Back", role="back"))
    return shown


def ask_situation(session: Session, knowledge: Knowledge) -> Question:
    choices = [Choice(id=tree.id, label=tree.title) for tree in knowledge.trees.values()]
    choices.append(Choice(id=SOMETHING_ELSE, label="Something else"))
    return ask(session, "situation", knowledge.pack.situation_question, choices)


def worded(fact: Fact, facts: Mapping[str, Scalar], unknown: Iterable[str]) -> tuple[str, str]:
    """The question and its help as put to this member: a client is asked what the freelancer did."""
    said_unknown = set(unknown)
    for wording in fact.worded:
        if (wording.question or wording.help) and all_hold(wording.when, facts, said_unknown):
            return wording.question or fact.question, fact.help if wording.help is None else wording.help
    return fact.question, fact.help


def choice_labels(fact: Fact, facts: Mapping[str, Scalar], unknown: Iterable[str]) -> dict[str, str]:
    """A choice fact's buttons as put to this member: a client releases money, a freelancer is paid it."""
    said_unknown = set(unknown)
    labels = {c.id: c.label for c in fact.choices}
    wording = next((w for w in fact.worded if w.labels and all_hold(w.when, facts, said_unknown)), None)
    return {**labels, **wording.labels} if wording else labels


def ask_fact(session: Session, fact: Fact, read_back: str = "", corrections: list[Choice] | None = None) -> Question:
    """The question on `fact`; `read_back` (what was read from the member's words) goes before it, with a
    button per fact to correct it (`corrections`)."""
    question, help_text = worded(fact, session.facts, session.unknown)
    if fact.type == "choice":
        unknown = set(session.unknown)
        labels = choice_labels(fact, session.facts, unknown)
        choices = [Choice(id=c.id, label=labels[c.id]) for c in fact.choices
                   if not any_holds(c.unless, session.facts, unknown)]
    elif fact.type == "yes_no":
        choices = [Choice(id="yes", label="Yes"), Choice(id="no", label="No")]
    else:
        choices = []
    prompt = f"{read_back}\n\n{question}" if read_back else question
    return ask(session, "fact", prompt, [*choices, *controls(session), *(corrections or [])], fact=fact.id,
               help_text=help_text or None, free_text=not choices)


def shown_options(session: Session, knowledge: Knowledge, pending: Pending) -> list[tuple[str, str]]:
    """The (id, label) list the member was shown, rebuilt to match typed answers against."""
    labels = dict(_FIXED_LABELS)
    if pending.kind == "situation":
        labels.update({t.id: t.title for t in knowledge.trees.values()})
        labels[SOMETHING_ELSE] = "Something else"
    elif pending.kind == "fact" and pending.fact:
        fact = knowledge.facts[pending.fact]
        labels.update({"yes": "Yes", "no": "No"} if fact.type == "yes_no" else
                      choice_labels(fact, session.facts, session.unknown))
    elif pending.kind == "change":
        labels.update({f: knowledge.facts[f].label for f in pending.options if f in knowledge.facts})
    labels.update({f"{CHANGE_PREFIX}{f}": change_label(session, knowledge, f)
                   for f in corrections_shown(pending) if f in session.facts})
    return [(option, labels.get(option, option)) for option in pending.options]


def corrections_shown(pending: Pending) -> list[str]:
    """The facts read from the member's words that a question showed with a button to change each."""
    return [o.removeprefix(CHANGE_PREFIX) for o in pending.options if o.startswith(CHANGE_PREFIX)]


def said(session: Session, knowledge: Knowledge, fact: str) -> str:
    """A fact's value as it reads back to this member ("fixed-price"; a client: "you want the escrow back")."""
    return knowledge.facts[fact].describe(session.facts[fact], session.facts, session.unknown)


def change_label(session: Session, knowledge: Knowledge, fact: str) -> str:
    """A confirmation's button for one fact, as shown and as typed back ("Change: fixed-price")."""
    return f"Change: {said(session, knowledge, fact)}"


def help_for(session: Session, knowledge: Knowledge) -> str:
    pending = session.pending
    if pending and pending.kind == "fact" and pending.fact:
        _, help_text = worded(knowledge.facts[pending.fact], session.facts, session.unknown)
        if help_text:
            return help_text
    return ("Answer with a number or the words of a choice. You can also say **I don't know**, "
            "**back** to undo your last answer, or **restart** to start over.")
