"""The pattern reader: YAML phrasings in, a Reading (tree, facts, evidence) out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge import Knowledge, parse_file
from bot.language.model import FactPhrases, Implication, LanguageFile, Routing
from bot.parsing import parse_number
from bot.policy.model import Fact, Scalar
from bot.policy.yamlfile import PolicyError, Problem
from bot.reading import Evidence, Reading

_CLAUSE_BREAK = re.compile(r"[.,;!?]|\bbut\b")
_WINDOW_WORDS = 4  # how far back a negation or a "was going to" reaches


def normalise(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").replace("‘", "'").split())


def _compile(words: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w']){words}(?![\w'])")


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
    where: str  # file:line, shown as the evidence's rule


@dataclass(frozen=True)
class _Signal:
    tree: str
    pattern: re.Pattern[str]
    weight: float


class PatternReader:
    def __init__(self, routing: Routing, signals: list[_Signal], rules: list[_Rule], implications: list[Implication],
                 negators: list[str], hypotheticals: list[str]):
        self.routing, self.signals, self.rules, self.implications = routing, signals, rules, implications
        self.negators = _any_of(negators)
        self.hypotheticals = _any_of(hypotheticals)

    def read(self, text: str) -> Reading:
        said = normalise(text)
        facts, evidence = self._facts(said)
        scores = self._scores(said)
        return Reading(tree=self._route(scores), tree_scores=scores, facts=facts, evidence=evidence)

    # --- routing ---------------------------------------------------------------------------

    def _scores(self, said: str) -> dict[str, float]:
        scores: dict[str, float] = {}
        for signal in self.signals:
            if signal.pattern.search(said):
                scores[signal.tree] = scores.get(signal.tree, 0.0) + signal.weight
        return {tree: score for tree, score in sorted(scores.items(), key=lambda kv: -kv[1]) if score > 0}

    def _route(self, scores: dict[str, float]) -> str | None:
        ranked = list(scores.items())
        if not ranked or ranked[0][1] < self.routing.threshold:
            return None  # says too little: ask the situation question instead of guessing
        if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < self.routing.margin:
            return None  # two situations fit about as well: ask
        return ranked[0][0]

    # --- facts -----------------------------------------------------------------------------

    def _facts(self, said: str) -> tuple[dict[str, Scalar], list[Evidence]]:
        found: dict[str, tuple[int, Evidence]] = {}  # the last mention of a fact wins ("funded… but not the fourth")
        for rule in self.rules:
            for match in rule.pattern.finditer(said):
                value = self._value(rule, match, said)
                if value is None:
                    continue
                position = match.start()
                if rule.fact.id not in found or position >= found[rule.fact.id][0]:
                    found[rule.fact.id] = (position, Evidence(fact=rule.fact.id, value=value, words=match[0],
                                                              rule=rule.where))
        evidence = [e for _, e in sorted(found.values(), key=lambda item: item[0])]
        stated = {e.fact: e.value for e in evidence}
        facts = dict(stated)
        for implication in self.implications:  # from stated facts only, never chained; never overriding
            if all(stated.get(name) == value for name, value in implication.when.items()):
                because = ", ".join(f"{name}={value}" for name, value in implication.when.items())
                for name, value in implication.then.items():
                    if name not in facts:
                        facts[name] = value
                        evidence.append(Evidence(fact=name, value=value, words=f"(implied by {because})",
                                                 rule=f"implication at line {implication.line}"))
        return facts, evidence

    def _value(self, rule: _Rule, match: re.Match[str], said: str) -> Scalar | None:
        window = self._window(said, match.start()) if rule.mood else ""
        if self.hypotheticals and self.hypotheticals.search(window):
            return None  # "he was going to release it" states nothing yet
        if rule.capture:
            parsed = parse_number(match[1] if match.groups() else match[0], rule.fact.unit)
            return parsed.value if parsed.error is None else None
        negated = bool(self.negators and self.negators.search(window))
        if not negated or rule.value is False:  # a phrase that is itself negative is not flipped back
            return rule.value
        if rule.fact.type == "yes_no" and isinstance(rule.value, bool):
            return not rule.value  # "hasn't released" flips "released"
        return None

    @staticmethod
    def _window(said: str, start: int) -> str:
        before = _CLAUSE_BREAK.split(said[:start])[-1]
        return " ".join(before.split()[-_WINDOW_WORDS:])


def _files(directory: Path) -> list[Path]:
    return sorted((directory / "language").glob("*.yaml"))


def build_reader(knowledge: Knowledge) -> PatternReader | None:
    """The reader for a knowledge pack, or None when it has no language files (the bot then asks)."""
    problems: list[Problem] = []
    routing = Routing()
    signals: list[_Signal] = []
    rules: list[_Rule] = []
    negators: list[str] = []
    implications: list[Implication] = []
    hypotheticals: list[str] = []
    paths = _files(knowledge.directory)
    if not paths:
        return None
    for path in paths:
        shown = f"language/{path.name}"
        language = parse_file(path, shown, LanguageFile, problems)
        if language is None:
            continue
        negators += language.negators
        implications += language.implies
        hypotheticals += language.hypotheticals
        if language.routing:
            routing = language.routing
            for entry in language.routing.trees:
                if entry.tree not in knowledge.trees:
                    problems.append(Problem(shown, entry.line, f"routing {entry.tree!r}", "unknown tree"))
                signals += [_Signal(entry.tree, _compile(s.words), s.weight) for s in entry.signals]
        for entry in language.facts:
            rules += _rules(entry, knowledge.facts, shown, problems)
    if problems:
        raise PolicyError(problems)
    return PatternReader(routing, signals, rules, implications, negators, hypotheticals)


def _rules(entry: FactPhrases, facts: dict[str, Fact], shown: str, problems: list[Problem]) -> list[_Rule]:
    fact = facts.get(entry.fact)
    if fact is None:
        problems.append(Problem(shown, entry.line, f"phrases for {entry.fact!r}", "unknown fact"))
        return []
    rules = []
    for phrase in entry.phrases:
        where = f"phrases for {fact.id!r}"
        if phrase.capture:
            if fact.type not in ("number", "money"):
                problems.append(Problem(shown, phrase.line, where, f"capture needs a number fact, not {fact.type}"))
        elif not _fits(fact, phrase.value):
            problems.append(Problem(shown, phrase.line, where,
                                    f"{phrase.value!r} is not a value of {fact.type} fact {fact.id!r}"))
        rules.append(_Rule(fact, _compile(phrase.words), phrase.value, phrase.capture, entry.mood,
                           f"{shown}:{phrase.line}"))
    return rules


def _fits(fact: Fact, value: Scalar | None) -> bool:
    if fact.type == "choice":
        return isinstance(value, str) and fact.choice(value) is not None
    if fact.type == "yes_no":
        return isinstance(value, bool)
    return value is not None
