"""A phrase is tried only where a word of the message begins one of its leading strings; reading that way
must find exactly what running every phrase over the whole message finds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.pack.loading import load_knowledge
from bot.reading import phrases
from bot.reading.phrases import PatternReader, build_reader, normalise
from bot.reading.scanning import (
    A_DIGIT,
    Index,
    Phrase,
    leading_strings,
    may_match_any,
    needed_strings,
    top_alternatives,
    whole_words,
)

CASES = Path(__file__).parents[1] / "cases"
TRICKY = ["not done yet, i didnt end it, he aproved milestone, client paid me, about 10 days",
          "hasn't released it", "he released it by mistake", "no release, no change request",
          "paid $100 of the $400,  ١٠٠ dollars\tin escrow, a fixed-price job; the client's clients",
          "(he released it) [funded] 'refund' ... he-released 3rd-party 2026-11-03 x100 $ 5"]


@pytest.mark.parametrize(("words", "leading"), [
    ("funded", {"funded"}),
    ("(he|she) (has )?paid", {"he has paid", "he paid", "she has paid", "she paid"}),
    ("escrow refund|refund (of )?escrow", {"escrow refund", "refund of escrow", "refund escrow"}),
    ("fixed[- ]?price", {"fixed-price", "fixed price", "fixedprice"}),
    ("clients?", {"client"}),  # ends inside a word: any word beginning with it (the shortest string says it all)
    (r"before (\w+ ){0,4}funded", {"before "}),  # as far as it is literal
    (r"\$ ?\d+|\d+ dollars", {"$", A_DIGIT}),  # a digit: any of them
    (r"(?<!no )milestones?", {"milestone"}),  # a look-behind takes no characters
    (r"(\w+ ){0,3}funded", None),  # may start with any word
    ("(a|the)? ?funded", None),  # may start with a space
    ("(?i)refund", None),  # case-blind: a lower-case string proves nothing
    ("x?", None),  # may match nothing
])
def test_leading_strings(words: str, leading: set[str] | None) -> None:
    assert leading_strings(words) == (frozenset(leading) if leading is not None else None)


@pytest.mark.parametrize(("words", "needed"), [
    (r"(he|she) (\w+ ){0,3}(ended|closed) it", {"ended it", "closed it"}),  # longer words tell more
    (r"(client|he) (has |had )*(ended|closed)", {"ended", "closed"}),  # after a group that ends with a space
    (r"escrow refund|refund (of )?escrow", {"escrow refund", "refund of escrow", "refund escrow"}),  # per branch
    (r"un(funded)", {"unfunded"}),  # "funded" does not begin a word here
    (r"(\w+ ){0,3}", None),
    ("(?i)refund", None),
])
def test_needed_strings(words: str, needed: set[str] | None) -> None:
    assert needed_strings(words) == (frozenset(needed) if needed is not None else None)


def corpus() -> list[str]:
    return [text for path in sorted(CASES.glob("*.yaml")) for case in yaml.safe_load(path.read_text())
            for text in (case["message"], case.get("title", ""))] + TRICKY


@pytest.mark.parametrize("replies", [False, True])
def test_every_phrase_finds_what_a_scan_of_the_whole_text_finds(replies: bool) -> None:
    reader = build_reader(load_knowledge(), replies=replies)
    assert reader is not None
    phrases = [rule.phrase for rule in reader.plain_rules + reader.conditional_rules]
    assert all(phrase.leads is not None for phrase in phrases)  # the shipped phrases are all indexed
    for text in corpus():
        for said in (text, normalise(text)):  # the index holds whatever the spacing and the case
            scan = reader.index.scan(said)
            for phrase in phrases:
                assert [m.span() for m in scan.matches(phrase)] == [
                    m.span() for m in phrase.pattern.finditer(said)], (phrase.pattern.pattern, said)


def scanning_everything(replies: bool, monkeypatch: pytest.MonkeyPatch) -> PatternReader:
    """The same reader with no phrase indexed: every phrase run over the whole text. Built through the module's
    own phrase maker, which a compiled reader (setup.py) also looks up at run time."""
    with monkeypatch.context() as patched:
        patched.setattr(phrases, "_phrase", lambda words, split=True: Phrase(re.compile(whole_words(words)), None))
        reader = build_reader(load_knowledge(), replies=replies)
    assert reader is not None and all(r.phrase.leads is None for r in reader.plain_rules + reader.conditional_rules)
    return reader


@pytest.mark.parametrize("replies", [False, True])
def test_the_index_reads_the_corpus_as_scanning_every_phrase(replies: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    reader = build_reader(load_knowledge(), replies=replies)
    assert reader is not None
    scanning = scanning_everything(replies, monkeypatch)
    for text in corpus():
        assert reader.read(text) == scanning.read(text), text


def test_a_phrase_without_leading_strings_is_run_over_the_whole_text() -> None:
    phrase = Phrase.of(r"(\w+ ){0,2}funded")
    said = "the client funded it, then funded more"
    assert phrase.leads is None
    assert [m[0] for m in Index([phrase]).scan(said).matches(phrase)] == ["the client funded", "then funded"]


def test_stated_reads_one_fact_as_the_whole_reading_does() -> None:
    """But a guess of the lowest rank ("client" named as the other party): in a reply to the question on that
    fact, naming a value is giving it."""
    knowledge = load_knowledge()
    reader = build_reader(knowledge, replies=True)
    assert reader is not None
    for text in corpus():
        reading = {e.fact: e.value for e in reader.read(text).evidence
                   if not e.rule.startswith("implication") and not e.weak}
        for fact in knowledge.facts:
            assert reader.stated(text, fact) == reading.get(fact), (fact, text)


def test_whole_words_only() -> None:
    phrase = Phrase.of("paid")
    said = "unpaid, paid'em, paid_x, prepaid paid."
    assert [m.span() for m in Index([phrase]).scan(said).matches(phrase)] == [
        m.span() for m in re.finditer(r"(?<![\w'])paid(?![\w'])", said)] == [(33, 37)]


@pytest.mark.parametrize(("words", "alternatives"), [
    ("he paid|she released|funded", ["he paid", "she released", "funded"]),
    ("(he|she) paid|funded", ["(he|she) paid", "funded"]),  # only the top level splits
    (r"paid \| not|[|a] funded|x", [r"paid \| not", "[|a] funded", "x"]),  # escaped, or in a class: no split
    ("[]|] a|b", ["[]|] a", "b"]),  # a class may begin with "]"
    ("funded", []),
    (r"(a|b) \1|c", []),  # a back-reference reaches across alternatives
    ("(?i)funded|paid", []),  # a global flag would hold for the first alternative only
])
def test_top_alternatives(words: str, alternatives: list[str]) -> None:
    assert top_alternatives(words) == alternatives


def test_a_phrase_of_alternatives_is_placed_by_each_and_tried_in_their_order() -> None:
    phrase = Phrase.of(r"he (has )?paid|(he|she) \w+|client")
    assert [part.pattern.pattern for part in phrase.parts] == [
        r"(?<![\w'])(?:he (has )?paid)(?![\w'])", r"(?<![\w'])(?:(he|she) \w+)(?![\w'])",
        r"(?<![\w'])(?:client)(?![\w'])"]
    said = "he has paid, she left, the client, he paid"
    scan = Index([phrase]).scan(said)
    assert scan.started == {phrase}
    assert [m.span() for m in scan.matches(phrase)] == [m.span() for m in phrase.pattern.finditer(said)]
    assert [m[0] for m in scan.matches(phrase)] == ["he has paid", "she left", "client", "he paid"]


def test_a_phrase_whose_groups_are_read_is_placed_whole() -> None:
    """An alternative's groups are numbered from 1 on their own: a phrase read for its groups is not split."""
    assert Phrase.of(r"\$(\d+)|(\d+) dollars", split=False).parts == ()
    assert len(Phrase.of(r"\$(\d+)|(\d+) dollars").parts) == 2


@pytest.mark.parametrize(("words", "may"), [
    (r"my (\w+ )?clients?", False),
    (r"(he|she) [a-z]+ paid", False),
    (r"\$ ?\d[\d,]*(?:\.\d+)?", True),  # "$1.5"
    (r"paid[^,]{0,20}escrow", True),  # anything but a comma
    (r"he .* paid", True),
    (r"(?i)paid", False),
    (r"(?i:p)aid", True),  # case-blind: not told
])
def test_may_match_any_sentence_end(words: str, may: bool) -> None:
    assert may_match_any(words, ".!?") is may


def test_a_phrase_held_in_a_sentence_is_tried_only_where_its_sentence_has_a_needed_key() -> None:
    phrase = Phrase.of(r"my (\w+ )?clients?")
    assert phrase.in_sentence and phrase.needs
    for said, tried in [("my old job. the client paid", []), ("my old client paid", [0]),
                        ("my old job, the client paid. my", [0]),
                        ("job done.my client paid", [9])]:  # a sentence ends in the chunk: filed as the message's
        scan = Index([phrase]).scan(said)
        assert scan._starts.get(phrase, []) == tried, said
        assert [m.span() for m in scan.matches(phrase)] == [m.span() for m in phrase.pattern.finditer(said)]
