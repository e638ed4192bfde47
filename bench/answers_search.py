"""Ranked answer search over 10,000 answers written in the shipped answers' own words, beside rapidfuzz.

    python bench/answers_search.py [--answers N] [--queries N] [--quick]

The generated answers draw their titles, tags and bodies from the words of the shipped canonical answers,
as often as those words occur there, so a query word is as selective as it is in the real pack. Queries are
the shipped titles' and aliases' words, some misspelt. The floor is `rapidfuzz.process.extract` of the query
over the titles alone (its default scorer, five results): what any fuzzy title search costs.
"""

from __future__ import annotations

import random
import time
from collections import Counter

from _common import Row, parser, percentile, report
from rapidfuzz import process

from bot.pack.answers import AnswerBook, words
from bot.pack.loading import load_knowledge
from bot.pack.model import Answer


def vocabulary(answers: list[Answer]) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """How often each word occurs in the shipped titles, tags and bodies."""
    titles, tags, bodies = Counter[str](), Counter[str](), Counter[str]()
    for answer in answers:
        titles.update(words(answer.title))
        tags.update(t for tag in answer.tags for t in words(tag.replace("-", " ")))
        bodies.update(words(answer.body))
    return titles, tags, bodies


def draw(counts: Counter[str], k: int, rng: random.Random) -> list[str]:
    return rng.choices(list(counts), weights=list(counts.values()), k=k)


def generate(shipped: list[Answer], count: int, rng: random.Random) -> list[Answer]:
    titles, tags, bodies = vocabulary(shipped)
    sources = shipped[0].sources
    return [Answer(id=f"answer-{i}", title=" ".join(draw(titles, 6, rng)).capitalize(), aliases=[f"a{i}"],
                   tags=draw(tags, 2, rng), body=" ".join(draw(bodies, 70, rng)), sources=sources)
            for i in range(count)]


def misspell(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    at = rng.randrange(1, len(word) - 1)
    return word[:at] + word[at + 1:]  # one letter dropped


def queries(shipped: list[Answer], count: int, rng: random.Random) -> list[str]:
    phrases = [a.title for a in shipped] + [alias.replace("-", " ") for a in shipped for alias in a.aliases]
    made = []
    for _ in range(count):
        chosen = rng.choice(phrases).lower().split()[:4]
        made.append(" ".join(misspell(w, rng) if rng.random() < 0.25 else w for w in chosen))
    return made


def main() -> None:
    options = parser(__doc__)
    options.add_argument("--answers", type=int, default=10_000)
    options.add_argument("--queries", type=int, default=2_000)
    args = options.parse_args()
    count, asked = (1_000, 50) if args.quick else (args.answers, args.queries)
    rng = random.Random(7)
    shipped = list(load_knowledge().answers)
    generated = generate(shipped, count, rng)
    started = time.perf_counter()
    book = AnswerBook(generated)
    index_ms = (time.perf_counter() - started) * 1000
    titles = [a.title for a in generated]
    ours, floor = [], []
    for query in queries(shipped, asked, rng):  # interleaved, so both see the same machine
        before = time.perf_counter()
        book.search(query)
        ours.append((time.perf_counter() - before) * 1000)
        before = time.perf_counter()
        process.extract(query, titles, limit=5)
        floor.append((time.perf_counter() - before) * 1000)
    report(f"answer search: {count:,} answers from the words of {len(shipped)} shipped ones, {asked:,} queries, "
           f"index built in {index_ms:,.0f} ms", [
               Row("search p50", percentile(ours, 0.5), percentile(floor, 0.5), "ms"),
               Row("search p99", percentile(ours, 0.99), percentile(floor, 0.99), "ms", limit=5),
           ], ["floor: rapidfuzz process.extract over the titles (WRatio, limit 5)"])


if __name__ == "__main__":
    main()
