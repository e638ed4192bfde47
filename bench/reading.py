"""Reading one 2,000-character message (the longest the engine accepts), beside one pass over its words.

The opening reader (routing and facts), the reader of replies and corrections, and the typed-answer
reader, on the shipped pack. Target (issue 13): p99 under 2 ms for each. The floor is splitting the same
text into words with one regular expression: the ratio says how many such passes reading costs.

    python bench/reading.py [--runs N] [--quick]
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from _common import Row, parser, percentile, report

from bot.app.collector import collector_for_serving
from bot.conversation.answering import stated_in
from bot.pack.loading import load_knowledge
from bot.pack.versions import KnowledgeLibrary
from bot.reading import reader_for
from bot.reading.phrases import reply_reader_for
from bot.reading.typed import read_reply
from bot.reading.words import reply_words_for

SENTENCES = [
    "I submitted the final milestone of a fixed price job 10 days ago and the client hasn't said anything.",
    "The milestone was funded, no release, no change request, and he won't answer my messages.",
    "Actually he released it by mistake, I only did the first draft, and now he wants a refund.",
    "not done yet, i didnt end it, he aproved milestone, client paid me, about 10 days, more than 14 days.",
]


def message(length: int = 2000) -> str:
    text = ""
    while len(text) < length:
        text += SENTENCES[len(text) % len(SENTENCES)] + " "
    return text[:length]


def timed(read: Callable[[str], object], text: str, runs: int) -> tuple[float, float]:
    read(text)  # warm caches (compiled patterns, spelling)
    samples = []
    for number in range(runs):
        varied = text[:-4] + f"{number % 10000:04d}"  # defeat per-text caches
        start = time.perf_counter()
        read(varied)
        samples.append((time.perf_counter() - start) * 1000)
    return percentile(samples, 0.5), percentile(samples, 0.99)


_WORDS = re.compile(r"[\w']+")


def main() -> None:
    cli = parser(__doc__)
    cli.add_argument("--runs", type=int, default=2000)
    args = cli.parse_args()
    runs = 20 if args.quick else args.runs
    knowledge = load_knowledge()
    opening, replies = reader_for(knowledge), reply_reader_for(knowledge)
    assert opening is not None and replies is not None
    fact = knowledge.facts["work_done"]
    options = [(c.id, c.label) for c in fact.choices]
    words, stated = reply_words_for(knowledge), stated_in(knowledge)
    text = message()
    _, floor = timed(_WORDS.findall, text, runs)
    rows = []
    with collector_for_serving(KnowledgeLibrary(knowledge)):
        for name, read in (("opening reader", opening.read), ("reply reader", replies.read),
                           ("typed answer (choice)", lambda t: read_reply(fact, options, t, words, stated))):
            _, p99 = timed(read, text, runs)
            rows.append(Row(f"{name} p99", p99, floor, "ms", limit=2))
    report(f"reading a {len(text):,}-character message, {runs:,} runs each", rows,
           ["floor: p99 of splitting the same text into words with one regular expression"])


if __name__ == "__main__":
    main()
