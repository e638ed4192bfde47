"""Load-time checks of knowledge/language/: every fact, tree and value a phrasing names must exist.

They run with the other pack checks, so a broken language file refuses a load or a reload like a broken
tree does; the reader built from checked files cannot fail.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.pack.checks import Placed, value_fits
from bot.pack.language import FactPhrases, LanguageFile, TreeSignals
from bot.pack.model import Fact, Scalar, Tree
from bot.pack.yamlfile import Problem


def check_language(files: list[Placed[LanguageFile]], facts: dict[str, Fact],
                   trees: dict[str, Tree]) -> list[Problem]:
    problems: list[Problem] = []
    for placed in files:
        language, shown = placed.item, placed.file
        for implication in language.implies:
            for name, value in (*implication.when.items(), *implication.then.items()):
                problems += _value_problems(facts, name, value, shown, implication.line, "implication")
        if milestones := language.other_milestones:
            problems += [Problem(shown, milestones.line, "other_milestones", f"unknown fact {name!r}")
                         for name in milestones.facts if name not in facts]
            for name, values in milestones.at_stake.items():
                for value in values:
                    problems += _value_problems(facts, name, value, shown, milestones.line, "other_milestones at_stake")
        for entry in language.routing.trees if language.routing else []:
            if entry.tree not in trees:
                problems.append(Problem(shown, entry.line, f"routing {entry.tree!r}", "unknown tree"))
            problems += _fits_problems(entry, facts, shown)
            for signal in entry.signals:
                for name, value in signal.facts.items():
                    problems += _value_problems(facts, name, value, shown, signal.line, f"routing {entry.tree!r}")
        for phrases in (*language.facts, *language.answers):
            problems += _phrase_problems(phrases, facts, shown)
    return problems


def _fits_problems(entry: TreeSignals, facts: dict[str, Fact], shown: str) -> Iterator[Problem]:
    for name, values in entry.fits.items():
        for value in values:
            yield from _value_problems(facts, name, value, shown, entry.line, f"routing {entry.tree!r} fits")


def _value_problems(facts: dict[str, Fact], name: str, value: Scalar, shown: str, line: int,
                    where: str) -> Iterator[Problem]:
    fact = facts.get(name)
    if fact is None:
        yield Problem(shown, line, where, f"unknown fact {name!r}")
    elif not value_fits(fact, value):
        yield Problem(shown, line, where, f"{value!r} is not a value of {fact.type} fact {name!r}")


def _phrase_problems(entry: FactPhrases, facts: dict[str, Fact], shown: str) -> Iterator[Problem]:
    fact = facts.get(entry.fact)
    if fact is None:
        yield Problem(shown, entry.line, f"phrases for {entry.fact!r}", "unknown fact")
        return
    where = f"phrases for {fact.id!r}"
    for phrase in entry.phrases:
        if phrase.capture:
            if fact.type not in ("number", "money"):
                yield Problem(shown, phrase.line, where, f"capture needs a number fact, not {fact.type}")
        elif not value_fits(fact, phrase.value):
            yield Problem(shown, phrase.line, where, f"{phrase.value!r} is not a value of {fact.type} fact {fact.id!r}")
        for name, value in phrase.when.items():
            yield from _value_problems(facts, name, value, shown, phrase.line, f"{where} when")
