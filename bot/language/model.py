"""The schema of knowledge/language/*.yaml: routing signals per tree and phrasings per fact."""

from __future__ import annotations

import re

from pydantic import Field, field_validator

from bot.policy.model import Located, Scalar


def _compiles(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression: {exc}") from None
    return pattern


class Signal(Located):
    words: str = Field(description="A regular expression matched on whole words of the lower-cased message.")
    weight: float = Field(default=1.0, description="How strongly these words point to the tree (negative: away).")

    _check = field_validator("words")(_compiles)


class TreeSignals(Located):
    tree: str
    signals: list[Signal] = Field(min_length=1)


class Routing(Located):
    threshold: float = Field(default=2.0, description="The least score that picks a tree.")
    margin: float = Field(default=1.0, description="How far the best tree must lead the next one.")
    trees: list[TreeSignals] = Field(default_factory=list)


class Phrase(Located):
    words: str = Field(description="A regular expression on whole words; for `capture`, its first group.")
    value: Scalar | None = Field(default=None, description="The value the phrase states (not for capture).")
    capture: bool = Field(default=False, description="Parse the first group as the fact's value (numbers).")

    _check = field_validator("words")(_compiles)


class FactPhrases(Located):
    fact: str
    mood: bool = Field(default=True, description="Negations and hypotheticals before a phrase apply to it.")
    phrases: list[Phrase] = Field(min_length=1)


class Implication(Located):
    """What a stated fact implies about the same milestone ("released" implies "funded")."""

    when: dict[str, Scalar] = Field(min_length=1)
    then: dict[str, Scalar] = Field(min_length=1)


class LanguageFile(Located):
    routing: Routing | None = None
    facts: list[FactPhrases] = Field(default_factory=list)
    negators: list[str] = Field(default_factory=list, description="Words that negate a phrase just after them.")
    implies: list[Implication] = Field(
        default_factory=list, description="Facts filled from others when the message does not state them."
    )
    hypotheticals: list[str] = Field(
        default_factory=list, description="Words that make a phrase just after them not a fact ('was going to')."
    )
