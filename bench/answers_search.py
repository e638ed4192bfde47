"""Ranked search over 10,000 generated canonical answers: p50/p99 per query.

    python bench/answers_search.py [--answers N]
"""

from __future__ import annotations

import argparse
import random
import time

from _common import percentile, print_table

from bot.pack.answers import AnswerBook
from bot.pack.model import Answer, Source

WORDS = ("refund escrow milestone dispute mediation arbitration hourly protection review period client freelancer "
         "release submit fund contract feedback score catalog scope change payment week tracker diary fee").split()
QUERIES = ["arbitration fee", "escrow refund request", "hourly protection", "milestone release 14 days",
           "arbitraton fe", "feedbak removal", "scope creep new milestone", "catalog cancel"]


def generate(count: int, rng: random.Random) -> list[Answer]:
    source = [Source(title="Source", url="https://example.org/source")]
    return [Answer(id=f"answer-{i}", title=" ".join(rng.sample(WORDS, 5)).capitalize(), aliases=[f"a{i}"],
                   tags=rng.sample(WORDS, 2), body=" ".join(rng.choices(WORDS, k=60)), sources=source)
            for i in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=2_000)
    args = parser.parse_args()
    rng = random.Random(7)
    started = time.perf_counter()
    book = AnswerBook(generate(args.answers, rng))
    index_ms = (time.perf_counter() - started) * 1000
    times = []
    for i in range(args.queries):
        query = QUERIES[i % len(QUERIES)]
        before = time.perf_counter()
        book.search(query)
        times.append(time.perf_counter() - before)
    print_table(("answers", "queries", "build ms", "p50 ms", "p99 ms"),
                [(args.answers, args.queries, f"{index_ms:.0f}", f"{percentile(times, 0.5) * 1000:.2f}",
                  f"{percentile(times, 0.99) * 1000:.2f}")])


if __name__ == "__main__":
    main()
