"""What the bot reads from a member's own words: which tree applies and which facts are stated.

The engine depends only on `Reader`; the pattern-driven implementation lives in `bot.reading.phrases`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from pydantic import BaseModel, Field

from bot.pack.model import Scalar


class Evidence(BaseModel):
    """Which words of the message set which fact (shown by `policy explain`)."""

    fact: str
    value: Scalar
    words: str
    rule: str = ""  # the pattern or rule that matched
    weak: bool = False  # a phrase of the lowest rank: a guess ("client" named), never over a fact already known
    rests_on: list[str] = Field(default_factory=list)  # facts the reading assumed (a phrase's `when`, an implication's)


class Reading(BaseModel):
    tree: str | None = None  # None: the message does not say clearly which situation it is
    tree_scores: dict[str, float] = Field(default_factory=dict)
    facts: dict[str, Scalar] = Field(default_factory=dict)
    evidence: list[Evidence] = Field(default_factory=list)


class Reader(Protocol):
    def read(self, text: str, known: Mapping[str, Scalar] | None = None) -> Reading: ...
