"""What a mention states (a plan? negated?) is worked out only for the mentions that can decide a fact; the
reading must be the one made by working it out for every mention, then keeping the outermost and the best."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from bot.pack.loading import load_knowledge
from bot.pack.model import Scalar
from bot.reading.phrases import PatternReader, _Found, _outermost, _Rule, build_reader
from bot.reading.scanning import Scan

CASES = Path(__file__).parents[1] / "cases"


def every_mention_valued(reader: PatternReader, scan: Scan, rules: list[_Rule],
                         stated: dict[str, Scalar]) -> dict[str, _Found]:
    mentions: defaultdict[str, list[_Found]] = defaultdict(list)
    for rule in rules:
        if any(stated.get(name) != value for name, value in rule.when.items()):
            continue
        for match in scan.matches(rule.phrase):
            value = reader._value(rule, match, scan.said)
            valued = mentions[rule.fact.id]  # facts in the order first mentioned, as the reader keeps them
            if value is not None:
                valued.append(_Found(match.start(), match.end(), rule.rank, value, match[0], rule))
    return {fact: max(_outermost(found), key=lambda f: (f.rank, float(f.value), f.start)
                      if found[0].rule.fact.type == "money" else (f.rank, f.start, f.end))
            for fact, found in mentions.items() if found}


@pytest.mark.parametrize("replies", [False, True])
def test_deciding_lazily_reads_the_corpus_as_valuing_every_mention(replies: bool) -> None:
    reader = build_reader(load_knowledge(), replies=replies)
    assert reader is not None
    texts = [text for path in sorted(CASES.glob("*.yaml")) for case in yaml.safe_load(path.read_text())
             for text in (case["message"], case.get("title", ""))]
    texts += ["he released it. he released it by mistake, he hasn't released it, funded, not funded",
              "before the client funded it, funded… but not the fourth; he paid $100 of the $400"]
    for text in texts:
        scan = reader._scan_text(text, reader.index)  # as `read` scans it: normalised, spelling mended
        # the plain phrases on nothing stated; those with a `when` on what the whole reading states
        for rules, stated in ((reader.plain_rules, {}), (reader.conditional_rules, reader.read(text).facts)):
            assert reader._best(scan, rules, stated) == every_mention_valued(reader, scan, rules, stated), text
