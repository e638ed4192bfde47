"""A phrase is only scanned for when a string every match of it contains is in the message; skipping the
others must never change what is read."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from bot.pack.loading import load_knowledge
from bot.reading.phrases import PatternReader, build_reader, needed_strings

CASES = Path(__file__).parents[1] / "cases"


@pytest.mark.parametrize(("pattern", "needed"), [
    (r"(?<![\w'])funded(?![\w'])", {"funded"}),
    (r"(he|she) (has )?paid", {"paid"}),  # the longest of the strings every match passes through
    (r"escrow refund|refund (of )?escrow", {"escrow refund", "refund "}),  # one per branch
    (r"(no|without) release", {" release"}),
    (r"(a|the)? ?(\w+ ){0,3}", None),  # nothing every match must contain
    (r"(?i)refund", None),  # case-blind: a lower-case string proves nothing
    (r"x|(?i:refund)", None),
])
def test_needed_strings(pattern: str, needed: set[str] | None) -> None:
    assert needed_strings(pattern) == (frozenset(needed) if needed is not None else None)


def without_skipping(reader: PatternReader) -> PatternReader:
    plain = [dataclasses.replace(r, needed=None) for r in reader.plain_rules + reader.conditional_rules]
    clone = object.__new__(PatternReader)
    clone.__dict__.update(reader.__dict__)
    clone.plain_rules = [r for r in plain if not r.when]
    clone.conditional_rules = [r for r in plain if r.when]
    return clone


@pytest.mark.parametrize("replies", [False, True])
def test_skipping_phrases_reads_the_corpus_as_scanning_every_phrase(replies: bool) -> None:
    reader = build_reader(load_knowledge(), replies=replies)
    assert reader is not None
    scanning = without_skipping(reader)
    texts = [text for path in sorted(CASES.glob("*.yaml")) for case in yaml.safe_load(path.read_text())
             for text in (case["message"], case.get("title", ""))]
    texts += ["not done yet, i didnt end it, he aproved milestone, client paid me, about 10 days",
              "hasn't released it", "he released it by mistake", "no release, no change request"]
    for text in texts:
        assert reader.read(text) == scanning.read(text), text
