"""The pattern reader: YAML phrasings in, a Reading (tree, facts, evidence) out."""

from __future__ import annotations

import re
import re._constants as _sre
import re._parser as _sre_parser  # the stdlib's own parse of a pattern; stable since 3.11
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from bot.pack.language import FactPhrases, Implication, Routing
from bot.pack.loading import Knowledge
from bot.pack.model import Fact, Scalar
from bot.reading import numbers
from bot.reading.model import Evidence, Reading
from bot.reading.spelling import Speller

_CLAUSE_BREAK = re.compile(r"[.,;!?]|\bbut\b")
_WINDOW_WORDS = 4  # how far back a negation or a "was going to" reaches
# "he agreed to a deadline and delivered nothing": a new verb after "and"/"so"/"then" is not in the plan's mood
_AND_SO = re.compile(r"\b(?:and|so|then)\b")


def normalise(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").replace("‘", "'").split())


def _compile(words: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'])(?:{words})(?![\w'])")


def needed_strings(pattern: str) -> frozenset[str] | None:
    """Strings one of which every match of `pattern` contains, or None where none can be told.

    Read off the parsed pattern: a run of literal characters every match passes through, a group or a
    repetition of at least one that must match, or an alternation whose every branch needs one of a set.
    The most selective such set is kept. A phrase whose strings are all absent from a message cannot match
    it, so its regular expression need not scan the message (most phrases name words most messages lack)."""
    try:
        parsed = _sre_parser.parse(pattern)
    except re.error:
        return None
    if parsed.state.flags & re.IGNORECASE:
        return None
    return _needed_in(list(parsed.data))


def _needed_in(items: list[tuple[Any, Any]]) -> frozenset[str] | None:  # the parser's (opcode, argument) pairs
    found: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in [*items, (None, None)]:  # a sentinel ends the last run
        if op is _sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            found.append(frozenset({"".join(run)}))
            run = []
        needed = None
        if op is _sre.SUBPATTERN:
            _, add_flags, _, sub = av
            needed = None if add_flags & re.IGNORECASE else _needed_in(list(sub.data))
        elif op is _sre.ATOMIC_GROUP:
            needed = _needed_in(list(av.data))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            least, _, sub = av
            needed = _needed_in(list(sub.data)) if least >= 1 else None
        elif op is _sre.BRANCH:
            branches = [_needed_in(list(branch.data)) for branch in av[1]]
            needed = frozenset().union(*branches) if all(branches) else None  # type: ignore[arg-type]
        if needed:
            found.append(needed)
    return max(found, key=lambda strings: min(map(len, strings)), default=None)


def _any_of(words: list[str]) -> re.Pattern[str] | None:
    """One pattern for a list of words: a single search per window instead of one per word."""
    return _compile("(?:" + "|".join(re.escape(w) for w in words) + ")") if words else None


@dataclass(frozen=True)
class _Rule:
    fact: Fact
    pattern: re.Pattern[str]
    value: Scalar | None
    capture: bool
    mood: bool
    when: dict[str, Scalar]
    where: str  # file:line, shown as the evidence's rule
    rank: int = 0
    needed: frozenset[str] | None = field(default=None, compare=False)  # see needed_strings

    def could_match(self, said: str) -> bool:
        return self.needed is None or any(s in said for s in self.needed)


@dataclass(frozen=True)
class _Signal:
    tree: str
    pattern: re.Pattern[str] | None
    facts: dict[str, Scalar]
    weight: float

    def matches(self, said: str, facts: dict[str, Scalar]) -> bool:
        if self.pattern is not None:
            return self.pattern.search(said) is not None
        return all(facts.get(name) == value for name, value in self.facts.items())


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    evidence: Evidence
    rank: int = 0

    def inside(self, other: _Found) -> bool:
        return other.start <= self.start and self.end <= other.end and (self.start, self.end) != (other.start,
                                                                                                  other.end)


class PatternReader:
    def __init__(self, routing: Routing, signals: list[_Signal], fits: dict[str, dict[str, list[Scalar]]],
                 rules: list[_Rule], implications: list[Implication], negators: list[str], hypotheticals: list[str],
                 speller: Speller | None = None):
        self.routing, self.signals, self.fits, self.implications = routing, signals, fits, implications
        self.plain_rules = [r for r in rules if not r.when]
        self.conditional_rules = [r for r in rules if r.when]
        self.negators = _any_of(negators)
        self.hypotheticals = _any_of(hypotheticals)
        self.speller = speller

    def read(self, text: str) -> Reading:
        said = normalise(text)
        if self.speller:
            said = self.speller.correct(said)
        facts, evidence = self._facts(said)
        scores = self._scores(said, facts)
        return Reading(tree=self._route(scores, facts), tree_scores=scores, facts=facts, evidence=evidence)

    # --- routing ---------------------------------------------------------------------------

    def _scores(self, said: str, facts: dict[str, Scalar]) -> dict[str, float]:
        scores: dict[str, float] = {}
        for signal in self.signals:
            if signal.matches(said, facts):
                scores[signal.tree] = scores.get(signal.tree, 0.0) + signal.weight
        return {tree: score for tree, score in sorted(scores.items(), key=lambda kv: -kv[1]) if score > 0}

    def _route(self, scores: dict[str, float], facts: dict[str, Scalar]) -> str | None:
        ranked = [(tree, score) for tree, score in scores.items() if self._fits(tree, facts)]
        if not ranked or ranked[0][1] < self.routing.threshold:
            return None  # says too little: ask the situation question instead of guessing
        if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < self.routing.margin:
            return None  # two situations fit about as well: ask
        return ranked[0][0]

    def route(self, scores: dict[str, float], facts: dict[str, Scalar]) -> str | None:
        """The tree for these scores, given every fact known (a conversation's, not one message's)."""
        return self._route(scores, facts)

    def tree_fits(self, tree: str, facts: dict[str, Scalar]) -> bool:
        return self._fits(tree, facts)

    def _fits(self, tree: str, facts: dict[str, Scalar]) -> bool:
        """False when the message states a value the tree's outcomes were not written for."""
        return all(facts[name] in values for name, values in self.fits.get(tree, {}).items() if name in facts)

    # --- facts -----------------------------------------------------------------------------

    def _facts(self, said: str) -> tuple[dict[str, Scalar], list[Evidence]]:
        found = self._best(said, self.plain_rules, {})
        stated = {fact: f.evidence.value for fact, f in found.items()}
        for fact, f in self._best(said, self.conditional_rules, stated).items():
            found.setdefault(fact, f)  # a phrase with `when` never overrides one without
        evidence = [f.evidence for f in sorted(found.values(), key=lambda f: f.start)]
        for implication in (i for i in self.implications if i.overrides):  # hard rules first
            stated = {e.fact: e.value for e in evidence}
            if self._holds(implication, stated):
                evidence = [e for e in evidence if e.fact not in implication.then]
                evidence += self._implied(implication, implication.then)
        stated = {e.fact: e.value for e in evidence}
        facts = dict(stated)
        for implication in (i for i in self.implications if not i.overrides):  # from stated facts, never chained
            if self._holds(implication, stated):
                then = {name: value for name, value in implication.then.items() if name not in facts}
                facts.update(then)
                evidence += self._implied(implication, then)
        return {e.fact: e.value for e in evidence}, evidence

    @staticmethod
    def _holds(implication: Implication, stated: dict[str, Scalar]) -> bool:
        return all(stated.get(name) == value for name, value in implication.when.items())

    @staticmethod
    def _implied(implication: Implication, then: dict[str, Scalar]) -> list[Evidence]:
        because = _show(implication.when)
        return [Evidence(fact=name, value=value, words=f"(implied by {because})",
                         rule=f"implication at line {implication.line}") for name, value in then.items()]

    def _best(self, said: str, rules: list[_Rule], stated: dict[str, Scalar]) -> dict[str, _Found]:
        """Per fact, the highest-ranked phrase, then the last mention ("funded… but not the fourth"), or for
        money the largest amount; a phrase inside a longer one for the same fact gives way to it ("funded"
        inside "before the client funded it")."""
        mentions: dict[str, list[_Found]] = {}
        for rule in rules:
            if any(stated.get(name) != value for name, value in rule.when.items()) or not rule.could_match(said):
                continue
            for match in rule.pattern.finditer(said):
                value = self._value(rule, match, said)
                if value is None:
                    continue
                where = rule.where + (f" (as {_show(rule.when)} was said)" if rule.when else "")
                mentions.setdefault(rule.fact.id, []).append(
                    _Found(match.start(), match.end(), Evidence(fact=rule.fact.id, value=value, words=match[0],
                                                                rule=where), rule.rank))
        best: dict[str, _Found] = {}
        money = {rule.fact.id for rule in rules if rule.fact.type == "money"}
        for fact, found in mentions.items():
            outermost = _outermost(found)
            if fact in money:  # "he paid $100 of the $400": the amount at stake is the largest one named
                best[fact] = max(outermost, key=lambda f: (f.rank, float(f.evidence.value), f.start))
            else:
                best[fact] = max(outermost, key=lambda f: (f.rank, f.start, f.end))
        return best

    def _value(self, rule: _Rule, match: re.Match[str], said: str) -> Scalar | None:
        window = self._window(said, match.start()) if rule.mood else ""
        if self.hypotheticals and self.hypotheticals.search(_AND_SO.split(window)[-1]):
            return None  # "he was going to release it" states nothing yet
        if rule.capture:
            words = match[1] if match.groups() else match[0]
            return numbers.money(words) if rule.fact.type == "money" else numbers.number(words, rule.fact.unit)
        negated = bool(self.negators and self.negators.search(window))
        if rule.value is True and self.negators and " " in match[0]:  # "delivered no work": negated inside
            negated = negated or bool(self.negators.search(match[0].split(" ", 1)[1]))
        if not negated or rule.value is False:  # a phrase that is itself negative is not flipped back
            return rule.value
        if rule.fact.type == "yes_no" and isinstance(rule.value, bool):
            return not rule.value  # "hasn't released" flips "released"
        return None

    @staticmethod
    def _window(said: str, start: int) -> str:
        before = _CLAUSE_BREAK.split(said[max(0, start - 120):start])[-1]  # four words back, not the whole text
        return " ".join(before.split()[-_WINDOW_WORDS:])


def _outermost(found: list[_Found]) -> list[_Found]:
    """The mentions not strictly inside another: one sweep by start (a long message has hundreds of mentions)."""
    spans = sorted(found, key=lambda f: (f.start, -f.end))
    kept: list[_Found] = []
    reach, reach_span = -1, (-1, -1)  # the furthest end so far, and the span that reached it
    for f in spans:
        if f.end <= reach and (f.start, f.end) != reach_span:
            continue  # inside an earlier, longer (or same-start, longer) mention
        kept.append(f)
        if f.end > reach:
            reach, reach_span = f.end, (f.start, f.end)
    return kept


def _show(facts: dict[str, Scalar]) -> str:
    return ", ".join(f"{name}={value}" for name, value in facts.items())


def build_reader(knowledge: Knowledge, replies: bool = False) -> PatternReader | None:
    """The reader for a loaded (so checked) pack, or None when it has no language files (the bot then asks).
    With `replies`, it also reads the phrasings meant for replies to a question (`answers:`)."""
    if not knowledge.language:
        return None
    routing = Routing()
    signals: list[_Signal] = []
    fits: dict[str, dict[str, list[Scalar]]] = {}
    rules: list[_Rule] = []
    negators: list[str] = []
    implications: list[Implication] = []
    hypotheticals: list[str] = []
    spelling: list[str] = []
    for placed in knowledge.language:
        language, shown = placed.item, placed.file
        negators += language.negators
        hypotheticals += language.hypotheticals
        spelling += language.spelling
        implications += language.implies
        if language.routing:
            routing = language.routing
            for entry in language.routing.trees:
                fits[entry.tree] = entry.fits
                signals += [_Signal(entry.tree, _compile(signal.words) if signal.words is not None else None,
                                    signal.facts, signal.weight) for signal in entry.signals]
        for entry in (*language.facts, *(language.answers if replies else ())):
            rules += _rules(entry, knowledge.facts[entry.fact], shown)
    speller = Speller(spelling) if spelling else None
    return PatternReader(routing, signals, fits, rules, implications, negators, hypotheticals, speller)


@lru_cache(maxsize=16)
def reader_for(knowledge: Knowledge) -> PatternReader | None:
    """One reader per loaded pack version (a Knowledge is hashed by identity), built on first use."""
    return build_reader(knowledge)


@lru_cache(maxsize=16)
def reply_reader_for(knowledge: Knowledge) -> PatternReader | None:
    """The reader of replies and corrections: the opening phrasings and those meant for replies."""
    return build_reader(knowledge, replies=True)


def _rules(entry: FactPhrases, fact: Fact, shown: str) -> list[_Rule]:
    rules = []
    for phrase in entry.phrases:
        pattern = _compile(phrase.words)
        rules.append(_Rule(fact, pattern, phrase.value, phrase.capture,
                           entry.mood if phrase.mood is None else phrase.mood, phrase.when, f"{shown}:{phrase.line}",
                           phrase.rank, needed_strings(pattern.pattern)))
    return rules
