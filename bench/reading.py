"""Reading one 2,000-character message (the longest the engine accepts), beside one pass over its words.

    python bench/reading.py [--runs N] [--quick]

The messages are members' own: the openings of the real cases (tests/cases, ../shared/eval), each joined
to the ones after it up to 2,000 characters, so that every message is a different long story. The opening
reader (routing and facts), the reader of replies and corrections, and the typed-answer reader, on the
shipped pack, with the garbage collector set as in a serving process (bot.app.collector). Target (issue 13):
p99 under 2 ms for each. The floor is splitting the same texts into words with one regular expression: the
ratio says how many such passes reading costs.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from _common import CASE_FILES, Row, parser, percentile, report

from bot.app.collector import collector_for_serving
from bot.conversation.answering import stated_in
from bot.maintain.eval import load_cases
from bot.pack.loading import load_knowledge
from bot.pack.versions import KnowledgeLibrary
from bot.reading import reader_for
from bot.reading.phrases import reply_reader_for
from bot.reading.typed import read_reply
from bot.reading.words import reply_words_for

LENGTH = 2000


def messages() -> list[str]:
    """One 2,000-character message per real opening: it, then the openings after it."""
    openings = [case.message.strip() for path in CASE_FILES for case in load_cases(path)]
    texts = []
    for first in range(len(openings)):
        text, following = "", first
        while len(text) < LENGTH:
            text += openings[following % len(openings)] + " "
            following += 1
        texts.append(text[:LENGTH])
    return texts


def timed(read: Callable[[str], object], texts: list[str], runs: int) -> float:
    """p99 in ms over `runs` reads, going round the texts."""
    for text in texts:
        read(text)  # warm, as a serving process is: compiled patterns, the words seen before
    samples = []
    for number in range(runs):
        text = texts[number % len(texts)]
        varied = text[:-5] + f"{number % 100000:05d}"  # defeat per-text caches
        start = time.perf_counter()
        read(varied)
        samples.append((time.perf_counter() - start) * 1000)
    return percentile(samples, 0.99)


_WORDS = re.compile(r"[\w']+")


def main() -> None:
    cli = parser(__doc__)
    cli.add_argument("--runs", type=int, default=3000)
    args = cli.parse_args()
    runs = 20 if args.quick else args.runs
    knowledge = load_knowledge()
    opening, replies = reader_for(knowledge), reply_reader_for(knowledge)
    assert opening is not None and replies is not None
    fact = knowledge.facts["work_done"]
    options = [(c.id, c.label) for c in fact.choices]
    words, stated = reply_words_for(knowledge), stated_in(knowledge)
    texts = messages()[:runs]
    floor = timed(_WORDS.findall, texts, runs)
    rows = []
    with collector_for_serving(KnowledgeLibrary(knowledge)):
        for name, read in (("opening reader", opening.read), ("reply reader", replies.read),
                           ("typed answer (choice)", lambda t: read_reply(fact, options, t, words, stated))):
            rows.append(Row(f"{name} p99", timed(read, texts, runs), floor, "ms", limit=2))
    report(f"reading {len(texts)} different {LENGTH:,}-character messages, {runs:,} reads each", rows,
           ["floor: p99 of splitting the same texts into words with one regular expression"])


if __name__ == "__main__":
    main()
