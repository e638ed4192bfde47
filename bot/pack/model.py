"""The policy language: facts, decision trees, outcomes, canonical answers and policy tests.

These pydantic models are the schema of the YAML files under `knowledge/` (`refundbot policy
schema` prints it as JSON Schema). Conditions are data, never code: nothing here evaluates
Python or templates on member text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.json_schema import SkipJsonSchema

from bot.pack.yamlfile import LineDict

FactType = Literal["choice", "yes_no", "number", "money", "text"]
Scalar = str | bool | int | float


class Located(BaseModel):
    """A model read from YAML; `line` is where its mapping starts, for error messages."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    line: SkipJsonSchema[int] = Field(default=0, exclude=True)

    @model_validator(mode="before")
    @classmethod
    def _take_line(cls, data: Any) -> Any:
        if isinstance(data, LineDict):
            return {**data, "line": data.line}
        return data


# --- facts ---------------------------------------------------------------------------------


def dollars(value: float) -> str:
    """An amount as the member reads it: $400, $12.50."""
    return f"${value:,.0f}" if float(value).is_integer() else f"${value:,.2f}"


_ONE_DAY = re.compile(r"\b1 days\b")
_NO_DAYS_AGO = re.compile(r"\b0 days ago\b")


def counted(text: str) -> str:
    """A text with a day count filled in, as said: "1 day", "today" (not "1 days", "0 days ago")."""
    return _NO_DAYS_AGO.sub("today", _ONE_DAY.sub("1 day", text))


class Wording(Located):
    """A fact's question, and how its values read back, as put to some members (a client is asked what the
    freelancer did, and reads "you want the escrow back", not "the client wants…")."""

    when: dict[str, Condition] = Field(min_length=1, description="Fact → condition: all must hold.")
    question: str | None = Field(default=None, description="Replaces the fact's question; unset keeps it.")
    help: str | None = Field(default=None, description="Replaces the fact's help; unset keeps it.")
    says_yes: str | None = Field(default=None, description="yes_no: replaces the read-back of yes.")
    says_no: str | None = Field(default=None, description="yes_no: replaces the read-back of no.")
    summaries: dict[str, str] = Field(default_factory=dict,
                                      description="choice: choice id → its read-back for these members.")
    labels: dict[str, str] = Field(default_factory=dict,
                                   description="choice: choice id → its button for these members (a client's "
                                               "'Money I already released', not 'Money already released to me').")

    def read_back(self, fact: Fact, value: Scalar) -> str | None:
        if fact.type == "yes_no":
            return self.says_yes if value else self.says_no
        return self.summaries.get(str(value)) if fact.type == "choice" else None


class FactChoice(Located):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    label: str = Field(description="What the member sees on the button.")
    synonyms: list[str] = Field(default_factory=list, description="Other words a member may type.")
    summary: str | None = Field(
        default=None, description="How the value reads in the confirmation, e.g. 'fixed-price'."
    )
    unless: dict[str, Condition] = Field(
        default_factory=dict, description="Fact → condition: the button is not offered to a member for whom any "
                                          "holds (no escrow on an hourly contract); typed, it is still understood.")


class Fact(Located):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    type: FactType
    label: str = Field(description="A short noun phrase naming the fact, e.g. 'contract type'.")
    question: str = Field(description="The question the bot asks when it needs this fact.")
    help: str = Field(default="", description="Shown when the member types 'help'.")
    choices: list[FactChoice] = Field(default_factory=list, description="Only for type: choice.")
    says_yes: str | None = Field(default=None, description="yes_no: the confirmation text for yes.")
    says_no: str | None = Field(default=None, description="yes_no: the confirmation text for no.")
    summary: str | None = Field(
        default=None, description="number, money, text: confirmation text; {value} is replaced."
    )
    topic: bool = Field(default=False, description="The member's own question (what it does to the score, how it "
                                                   "works): asked after the advice, it is answered by the points "
                                                   "it adds, and the advice stands.")
    unit: Literal["days"] | None = Field(
        default=None, description="number: answers like 'two weeks' are converted to this unit."
    )
    ask: bool = Field(
        default=True,
        description="false: only read from the member's words, never asked; a tree node on it takes its "
                    "`unknown` branch when the member did not say (rare facts must not cost everyone a question).",
    )
    worded: list[Wording] = Field(
        default_factory=list,
        description="The question put otherwise where the member's facts call for it (a client is asked what "
                    "the freelancer did): the first whose `when` all hold.",
    )
    ask_when: dict[str, Condition] = Field(
        default_factory=dict,
        description="Only with ask: false. Fact → condition: when all hold, the fact is asked after all (a "
                    "member who said a refund was asked, but not of which money, is asked which).",
    )
    ask_unless: dict[str, Condition] = Field(
        default_factory=dict,
        description="Only for facts that are asked. Fact → condition: while all hold, the fact is not asked and "
                    "counts as unknown unless the member states it (a general question about how paying works "
                    "is answered without questions about a milestone the member has not mentioned).",
    )

    def choice(self, choice_id: str) -> FactChoice | None:
        return next((c for c in self.choices if c.id == choice_id), None)

    def describe(self, value: Scalar, facts: Mapping[str, Scalar] | None = None,
                 unknown: Iterable[str] = ()) -> str:
        """The value as it reads back to the member ("milestone funded", "fixed-price"); with the member's
        `facts`, as worded for them (a client reads "you want the escrow back")."""
        if facts is not None:
            said_unknown = set(unknown)
            for wording in self.worded:
                if (text := wording.read_back(self, value)) and all_hold(wording.when, facts, said_unknown):
                    return text
        if self.type == "yes_no":
            text = self.says_yes if value else self.says_no
            return text or f"{self.label}: {'yes' if value else 'no'}"
        if self.type == "choice":
            choice = self.choice(str(value))
            return (choice.summary or choice.label) if choice else str(value)
        shown = dollars(value) if self.type == "money" and isinstance(value, int | float) else str(value)
        return counted(self.summary.replace("{value}", shown)) if self.summary else f"{self.label}: {shown}"


def holds(fact: str, condition: Condition, facts: Mapping[str, Scalar], unknown: set[str]) -> bool:
    """A condition on `fact` for these facts: one answered "I don't know", or never stated, is unknown."""
    return condition.matches(facts.get(fact), fact in unknown or fact not in facts)


def all_hold(conditions: Mapping[str, Condition], facts: Mapping[str, Scalar], unknown: set[str]) -> bool:
    return all(holds(fact, condition, facts, unknown) for fact, condition in conditions.items())


def any_holds(conditions: Mapping[str, Condition], facts: Mapping[str, Scalar], unknown: set[str]) -> bool:
    return any(holds(fact, condition, facts, unknown) for fact, condition in conditions.items())


# --- decision trees ------------------------------------------------------------------------

OPERATORS = ("equals", "one_of", "lt", "le", "gt", "ge", "known", "unknown")
_OPERATOR_SET = frozenset(OPERATORS)


class Condition(Located):
    """Exactly one test on the node's fact."""

    equals: Scalar | None = None
    one_of: list[Scalar] | None = None
    lt: float | None = None
    le: float | None = None
    gt: float | None = None
    ge: float | None = None
    known: Literal[True] | None = Field(default=None, description="The member gave any value.")
    unknown: Literal[True] | None = Field(default=None, description="The member said 'I don't know'.")

    @model_validator(mode="after")
    def _exactly_one(self) -> Condition:
        given = [op for op in self.model_fields_set if op in _OPERATOR_SET and getattr(self, op) is not None]
        if len(given) != 1:
            given.sort(key=OPERATORS.index)
            raise ValueError(f"a condition needs exactly one of {', '.join(OPERATORS)}; got {given or 'none'}")
        # known now: the cached properties below need not look again (walks test conditions on every turn)
        self.__dict__["operator"], self.__dict__["operand"] = given[0], getattr(self, given[0])
        return self

    @cached_property
    def operator(self) -> str:
        return next(op for op in OPERATORS if getattr(self, op) is not None)

    @cached_property
    def operand(self) -> Any:
        return getattr(self, self.operator)

    @cached_property
    def description(self) -> str:
        """`describe()`, kept: a walk names the condition of every branch it takes."""
        return self.describe()

    @property
    def values(self) -> list[Scalar]:
        """The fact values the condition names (`equals`, `one_of`); none for comparisons and known/unknown."""
        if self.operator == "equals" and self.equals is not None:
            return [self.equals]
        return list(self.one_of or []) if self.operator == "one_of" else []

    def matches(self, value: Scalar | None, is_unknown: bool) -> bool:
        op, operand = self.operator, self.operand
        if op == "unknown":
            return is_unknown
        if is_unknown or value is None:
            return False
        if op == "known":
            return True
        if op == "equals":
            return _same(value, operand)
        if op == "one_of":
            return any(_same(value, item) for item in operand)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        return {"lt": value < operand, "le": value <= operand, "gt": value > operand, "ge": value >= operand}[op]

    def describe(self) -> str:
        op, operand = self.operator, self.operand
        symbols = {"lt": "<", "le": "≤", "gt": ">", "ge": "≥"}
        if op in symbols:
            return f"{symbols[op]} {operand:g}"
        if op == "one_of":
            return "one of " + ", ".join(_show(v) for v in operand)
        if op == "equals":
            return f"= {_show(operand)}"
        return {"known": "is known", "unknown": "is unknown (I don't know)"}[op]


def _same(value: Scalar, operand: Scalar) -> bool:
    # YAML `yes`/`true` are booleans; a choice fact compares by its string id.
    if isinstance(value, bool) or isinstance(operand, bool):
        return value is operand or (value == operand and type(value) is type(operand))
    return value == operand


def _show(value: Scalar) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


class Branch(Located):
    when: Condition
    goto: str | None = Field(default=None, description="A node id or an outcome id of the same tree.")
    enter: str | None = Field(default=None, description="Instead of goto: another tree, walked from its start "
                                                        "(a triage tree hands each situation to its own tree).")

    @model_validator(mode="after")
    def _one_target(self) -> Branch:
        if (self.goto is None) == (self.enter is None):
            raise ValueError("a branch has either goto or enter")
        return self

    @property
    def target(self) -> str:
        return self.goto if self.goto is not None else f"tree {self.enter}"


class Node(Located):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    fact: str = Field(description="The fact this node branches on (asked if still unknown).")
    branches: list[Branch] = Field(min_length=1)
    default: str | None = Field(default=None, description="Where any other known value goes.")
    note: str = Field(default="", description="Why this node exists, shown by `policy explain`.")
    ask: bool = Field(default=True, description="false: the fact is only read from the member's words here; while "
                                                 "it is not known, the walk takes the `unknown: true` branch "
                                                 "instead of asking.")

    def branch_for(self, value: Scalar | None, is_unknown: bool) -> Branch | None:
        """The first branch whose condition holds, as testing them in order finds it (a walk takes it)."""
        if is_unknown:
            return self._when_unknown
        if value is None:
            return None
        if self._by_value is None:  # comparisons: tested in order
            return next((b for b in self.branches if b.when.matches(value, False)), None)
        return self._by_value[0].get((value.__class__ is bool, value), self._by_value[1])

    @cached_property
    def _when_unknown(self) -> Branch | None:
        return next((b for b in self.branches if b.when.operator == "unknown"), None)

    @cached_property
    def _by_value(self) -> tuple[dict[tuple[bool, Scalar], Branch], Branch | None] | None:
        """The branch each value named by `equals` or `one_of` takes, and where any other known value goes
        (the first `known` branch); None when a branch compares numbers. A boolean is told apart from a number
        (`yes` is not 1), as conditions do."""
        chosen: dict[tuple[bool, Scalar], Branch] = {}
        for branch in self.branches:
            op = branch.when.operator
            if op == "known":
                return chosen, branch
            if op in ("equals", "one_of"):
                for named in branch.when.values:
                    chosen.setdefault((named.__class__ is bool, named), branch)
            elif op != "unknown":
                return None
        return chosen, None


class Source(Located):
    title: str
    url: str = Field(pattern=r"^https?://\S+$")
    checked: date = Field(description="When a maintainer last checked that the source still says this (YYYY-MM-DD).")


# {name} is the member's value; {name|words} is the value where it is known and the words where it is not (a point
# that names the amount when the member gave one, and reads whole without it)
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)(?:\|([^{}|]*))?\}")


def placeholder_names(text: str, required: bool = False) -> list[str]:
    """The values a text names; `required`: only those it cannot be shown without."""
    return [m[1] for m in PLACEHOLDER.finditer(text) if not required or m[2] is None]


# --- durations, windows and deadlines --------------------------------------------------------

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class Duration(Located):
    """A span the marketplace's rules set, declared once with its source; points and deadlines name it."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    days: int = Field(ge=1, description="Calendar days.")
    label: str = Field(description="What runs for these days, e.g. 'the client's review of a submission'.")
    sources: list[Source] = Field(min_length=1)


class WeekTime(Located):
    day: Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    time: str = Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", description="HH:MM, UTC.")


class Window(Located):
    """A weekly period in the week after a billing week (Monday 00:00 to Sunday 23:59 UTC)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    opens: WeekTime
    closes: WeekTime
    sources: list[Source] = Field(min_length=1)


class Deadline(Located):
    """A concrete date worked out for the member: a duration added to the day a day-count fact counts back to
    (`since` + `add`), or the weekly `window` around today. Texts name {start}, {due}, {days}, {days_left},
    {days_over} (with `window`: {week}, {opens}, {closes}, {today}) and the member's facts."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    since: str | None = Field(default=None, description="A number fact in days counted back from today "
                                                        "('submitted 10 days ago').")
    add: str | None = Field(default=None, description="The duration id added to that day.")
    window: str | None = Field(default=None, description="Instead of since/add: a window id.")
    billing_week: Literal["last", "this"] = Field(
        default="last", description="With `window`: the billing week it is for, the one that closed last (its "
                                    "window is this week) or this one (its window is next week).")
    coming: str = Field(description="Markdown, while the date is today or later (a window: until it closes).")
    passed: str = Field(description="Markdown, once the date has passed.")
    unknown: str | None = Field(default=None, description="Markdown when the day it counts from is not known "
                                                          "(left out without it).")
    when: dict[str, Condition] = Field(default_factory=dict, description="As a point's `when`.")
    unless: dict[str, Condition] = Field(default_factory=dict, description="As a point's `unless`.")

    @model_validator(mode="after")
    def _one_kind(self) -> Deadline:
        if (self.window is None) == (self.since is None or self.add is None):
            raise ValueError("a deadline has either since and add, or window")
        return self


class Difference(Located):
    """A number worked out from facts and durations, for a point's text: `minus: [client_review,
    days_since_submission]` is the review's days − the days since the submission."""

    minus: tuple[str | float, str | float] = Field(description="Each a number, a number fact or a duration id.")

    def value(self, facts: Mapping[str, Scalar], durations: Mapping[str, Duration] | None = None) -> float | None:
        known = durations or {}
        first, second = (
            (known[v].days if v in known else facts.get(v)) if isinstance(v, str) else v for v in self.minus
        )
        if not isinstance(first, int | float) or not isinstance(second, int | float):
            return None
        return first - second


class Point(Located):
    """One piece of advice, written once and added to every outcome it fits when its conditions hold."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    text: str = Field(description="Markdown; {fact} is replaced by the member's value (money as $1,200), "
                                  "{name} by a number from `compute`. A point whose values are not known is left out; "
                                  "{fact|words} reads `words` where the value is not known.")
    when: dict[str, Condition] = Field(
        default_factory=dict,
        description="Fact → condition, all of which must hold ('unknown' also matches a fact never stated).",
    )
    unless: dict[str, Condition] = Field(default_factory=dict, description="Fact → condition: any that holds "
                                                                           "leaves the point out.")
    when_any: dict[str, Condition] = Field(
        default_factory=dict,
        description="Fact → condition, one of which must hold besides `when`: a point that fits any of several "
                    "facts (changes asked for, or work beyond the scope).",
    )
    compute: dict[str, Difference] = Field(default_factory=dict, description="Numbers worked out from facts.")
    weight: int = Field(default=50, description="Higher comes first.")
    covers: list[str] = Field(default_factory=list, description="Points whose advice this one's text gives in full: "
                                                                "where both apply, only this one is shown.")
    anywhere: bool = Field(default=False, description="Added to every outcome whenever its `when` holds: a concern "
                                                      "members raise in any situation (a feedback threat, a question "
                                                      "about the score), so no outcome lists it.")
    answers: list[str] = Field(default_factory=list, description="Canonical answer ids cited.")
    sources: list[Source] = Field(default_factory=list)

    @cached_property
    def placeholders(self) -> list[str]:
        return placeholder_names(self.text)

    @cached_property
    def facts_used(self) -> tuple[str, ...]:
        """The facts that decide whether it is shown, then those it is filled with, once each."""
        return tuple(dict.fromkeys([*self.when, *self.when_any, *self.unless, *self.placeholders]))


class Outcome(Located):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    verdict: str
    label: str | None = Field(default=None, description="The verdict as this outcome's reader should see it, "
                                                        "where the pack's label speaks to the other side (a client "
                                                        "is not told to submit a milestone).")
    title: str
    action: str = Field(description="Markdown: the one main action, first in the guidance; what varies with "
                                    "the member's facts goes in points.")
    points: list[str] = Field(default_factory=list, description="Point ids this outcome may add, when they apply.")
    answers: list[str] = Field(default_factory=list, description="Canonical answer ids cited.")
    sources: list[Source] = Field(default_factory=list)


class EvidenceItem(Located):
    """One thing to gather before writing to support or disputing."""

    text: str = Field(description="Markdown.")
    when: dict[str, Condition] = Field(default_factory=dict, description="As a point's `when`.")
    unless: dict[str, Condition] = Field(default_factory=dict, description="As a point's `unless`.")


class Draft(Located):
    """A message the member can copy and send, filled with the conversation's facts and dates."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    to: Literal["other_party", "support", "dispute"] = Field(description="Who it is written to.")
    title: str = Field(description="Shown above the draft, e.g. 'A message to the client'.")
    template: str = Field(description="Jinja2 text run in a sandbox: it may name the conversation's facts, the "
                                      "deadlines' dates (`deadline_id.due`, `.start`) and durations, nothing else.")
    when: dict[str, Condition] = Field(default_factory=dict, description="As a point's `when`.")
    unless: dict[str, Condition] = Field(default_factory=dict, description="As a point's `unless`.")


class OutcomeExtras(Located):
    """What an outcome offers besides its advice, kept apart from the trees: the deadlines worked out for the
    member, a checklist of what to gather, and drafts to send."""

    outcome: str
    deadlines: list[str] = Field(default_factory=list, description="Deadline ids, shown after the main action.")
    evidence: list[EvidenceItem] = Field(default_factory=list)
    drafts: list[Draft] = Field(default_factory=list)


class Tree(Located):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str = Field(description="The situation, as offered when the bot must ask which applies.")
    audience: Literal["freelancer", "client"] = "freelancer"
    description: str = ""
    start: str
    nodes: list[Node] = Field(default_factory=list)
    outcomes: list[Outcome] = Field(default_factory=list, description="Where its walks end; a triage tree that "
                                                                        "only enters other trees has none.")

    # By id, for walks and checks over trees of thousands of nodes; the first of duplicate ids wins.
    @cached_property
    def _node_index(self) -> dict[str, Node]:
        return {n.id: n for n in reversed(self.nodes)}

    @cached_property
    def _outcome_index(self) -> dict[str, Outcome]:
        return {o.id: o for o in reversed(self.outcomes)}

    def node(self, node_id: str) -> Node | None:
        return self._node_index.get(node_id)

    def outcome(self, outcome_id: str) -> Outcome | None:
        return self._outcome_index.get(outcome_id)


class Pack(Located):
    """Pack-wide settings: its name, the verdict vocabulary and the closing disclaimer."""

    name: str
    disclaimer: str
    verdicts: dict[str, str] = Field(description="Verdict id → a short human label.")
    situation_question: str = "Which of these is closest to your situation?"
    start: str | None = Field(
        default=None,
        description="The tree every conversation starts in (a triage tree whose branches enter the others). "
                    "Without it, the reader routes the first message to a tree, or the member picks one.",
    )
    welcome: str = Field(
        default="Describe your situation in a sentence or two, or pick the closest one below.",
        description="Said when a conversation opens without a description to read.",
    )
    off_topic: str = Field(
        default="I can only help with the situations this pack covers.",
        description="Said, in one line, when the opening message is about something the pack does not cover.",
    )
    off_topic_words: list[str] = Field(
        default_factory=list,
        description="Words (regular expressions, whole words) that put a question outside the pack, wherever it is "
                    "asked, when it tells nothing of the situation ('how do I write a good proposal?'): answered "
                    "with `off_topic`, not with the canonical answer nearest its other words.",
    )
    evidence_heading: str = "What to gather"
    drafts_heading: str = "Drafts to send"
    points_shown: int = Field(default=3, ge=0, description="Points shown with the main action; the rest go "
                                                             "behind 'more' on platforms that can fold them.")


class FollowUpCase(Located):
    """One situation a follow-up question is answered for, and the points that answer it there."""

    when: dict[str, Condition] = Field(
        default_factory=dict,
        description="Fact → condition, all of which must hold ('unknown' also matches a fact never stated).",
    )
    points: list[str] = Field(min_length=1, description="Point ids in the order to show them; those that apply to the "
                                                         "member are shown, up to the follow-up's `most`.")


class FollowUp(Located):
    """A question members ask after the advice ("what if he refuses?"), answered with points written for their
    side and stage: the first case whose `when` holds, with its points that apply to this member."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    asked: list[str] = Field(min_length=1, description="Regular expressions over the question in lower case, each "
                                                        "matched as whole words; any one asks it.")
    supposes: dict[str, Scalar] = Field(default_factory=dict, description="Facts the question itself supposes "
                                                                        "(\"what if he leaves 1 star?\": a bad review "
                                                                        "left), taken as told while it is answered.")
    cases: list[FollowUpCase] = Field(min_length=1)
    most: int = Field(default=2, ge=1, description="How many of the applying points the answer shows.")

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Every phrasing in one pattern (a bad one is refused by `policy validate` before this is built)."""
        return re.compile("|".join(rf"(?<![\w'])(?:{asked})(?![\w'])" for asked in self.asked))


class PolicyFile(Located):
    """One file under knowledge/policy/."""

    pack: Pack | None = None
    facts: list[Fact] = Field(default_factory=list)
    points: list[Point] = Field(default_factory=list)
    trees: list[Tree] = Field(default_factory=list)
    durations: list[Duration] = Field(default_factory=list)
    windows: list[Window] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    outcome_extras: list[OutcomeExtras] = Field(default_factory=list)
    follow_ups: list[FollowUp] = Field(default_factory=list)


# --- canonical answers ---------------------------------------------------------------------


class Reviewed(Located):
    """When a maintainer last checked an answer against the advice of the outcomes it explains."""

    checked: date = Field(description="The day of the review (YYYY-MM-DD).")
    advice: dict[str, str] = Field(default_factory=dict, description="Outcome id → the hash of its advice then "
                                                                     "(`refundbot answers reviewed ID` writes it).")


class Answer(Located):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    aliases: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    body: str
    sources: list[Source] = Field(default_factory=list)
    outcomes: list[str] = Field(default_factory=list, description="Outcome ids whose advice this answer explains: "
                                                                  "`policy validate` warns when one changes after "
                                                                  "the answer was reviewed.")
    reviewed: Reviewed | None = None
    unless: dict[str, Condition] = Field(
        default_factory=dict, description="Fact → condition: the bot does not offer this answer of its own accord "
                                          "(a question mid-conversation or after guidance) to a member for whom any "
                                          "holds (a freelancer's answer to a client); moderators may still post it.")


class AnswersFile(Located):
    answers: list[Answer]


# --- policy tests --------------------------------------------------------------------------


class Expectation(Located):
    outcome: str | None = None
    verdict: str | None = None
    question: str | None = Field(default=None, description="For incomplete facts: the fact asked next.")
    follow_up: str | None = Field(default=None, description="With the test's `asked`: the follow-up that answers it "
                                                            "(its points are then those of the answer).")
    points: list[str] = Field(default_factory=list, description="Points the guidance must show for these facts.")
    hidden_points: list[str] = Field(
        default_factory=list, description="Points the guidance must not show for these facts (an `unless` at work)."
    )

    @model_validator(mode="after")
    def _expects_something(self) -> Expectation:
        if not (self.outcome or self.verdict or self.question or self.follow_up):
            raise ValueError("expect needs outcome, verdict, question or follow_up")
        return self


class PolicyTest(Located):
    name: str
    tree: str
    facts: dict[str, Scalar | None] = Field(
        default_factory=dict, description="Fact values; null means the member answered 'I don't know'."
    )
    asked: str | None = Field(default=None, description="A question asked after the advice for these facts: the "
                                                        "test is then of its answer (expect `follow_up` and points).")
    expect: Expectation


class TestsFile(Located):
    tests: list[PolicyTest]
