"""Answer search scores only the answers that can rank; it must rank exactly as scoring every answer does."""

from __future__ import annotations

import random
from collections import defaultdict

from rapidfuzz import fuzz, process

from bot.pack.answers import AnswerBook, normalise_name, words
from bot.pack.model import Answer, Source
from bot.pack.ranking import FEW

WORDS = ("refund escrow milestone dispute mediation arbitration hourly protection review client freelancer release "
         "submit fund contract feedback score catalog scope payment tracker fee window days weeks").split()
WEIGHTS = (("id", 3.0), ("title", 3.0), ("aliases", 3.0), ("tags", 2.0), ("body", 0.5))


def index(answers: list[Answer]) -> tuple[dict[str, dict[str, float]], dict[str, str]]:
    postings: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for answer in answers:
        for field, weight in WEIGHTS:
            value = getattr(answer, field)
            text = " ".join(value) if isinstance(value, list) else value.replace("-", " ")
            for word in set(words(text)):
                postings[word][answer.id] += weight
    return dict(postings), {normalise_name(n): a.id for a in answers for n in (a.id, *a.aliases)}


def brute_force(postings: dict[str, dict[str, float]], names: dict[str, str], query: str,
                limit: int) -> list[tuple[str, float]]:
    """Every answer scored, as the search was first written."""
    scores: dict[str, float] = defaultdict(float)
    if normalise_name(query) in names:
        scores[names[normalise_name(query)]] += 100.0
    for word in set(words(query)):
        if word in postings:
            similar = [(word, 1.0)]
        elif len(word) < 4:
            similar = []
        else:
            similar = [(t, s / 100) for t, s, _ in process.extract(word, list(postings), scorer=fuzz.ratio,
                                                                     score_cutoff=80, limit=3)]
        for term, similarity in similar:
            for answer_id, weight in postings[term].items():
                scores[answer_id] += weight * similarity
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [(answer_id, round(score, 2)) for answer_id, score in ranked]


def test_search_ranks_as_scoring_every_answer_does() -> None:
    rng = random.Random(3)
    source = [Source(title="Source", url="https://example.org", checked="2026-11-26")]
    answers = [Answer(id=f"answer-{i}", title=" ".join(rng.choices(WORDS, k=4)), aliases=[f"a{i}"],
                      tags=rng.sample(WORDS, 2), body=" ".join(rng.choices(WORDS, k=30)), sources=source)
               for i in range(600)]
    book, (postings, names) = AnswerBook(answers), index(answers)
    queries = ["answer-7", "a12", "the", "", "escrow escrow", "arbitraton fe", "dispte windw days"]
    for _ in range(100):
        chosen = rng.choices(WORDS, k=rng.randint(1, 4))
        queries.append(" ".join(w[:-1] if rng.random() < 0.3 else w for w in chosen))
    for query in queries:
        for limit in (0, 1, 5, 20):
            assert [(h.answer.id, h.score) for h in book.search(query, limit)] == \
                brute_force(postings, names, query, limit), query


def test_search_ranks_as_scoring_every_answer_does_over_rare_and_common_words() -> None:
    """Words as skewed as real ones: common words rank by splitting answers into sets that score alike,
    rare ones (and names) one answer at a time, long queries both ways; misspellings with digits too."""
    rng = random.Random(11)
    rare = [f"{word}{suffix}" for word in WORDS for suffix in ("ing", "ed", "al")]
    vocabulary = [*WORDS, *rare, "14", "30", "$500", "10%"]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]  # a few words everywhere, most in few answers
    source = [Source(title="Source", url="https://example.org", checked="2026-11-26")]
    answers = [Answer(id=f"answer-{i}", title=" ".join(rng.choices(vocabulary, weights, k=5)), aliases=[f"a{i}"],
                      tags=rng.choices(vocabulary, weights, k=2), body=" ".join(rng.choices(vocabulary, weights, k=25)),
                      sources=source)
               for i in range(1500)]
    book, (postings, names) = AnswerBook(answers), index(answers)
    assert any(len(ids) < FEW for ids in postings.values()) and any(len(ids) > 500 for ids in postings.values())
    queries = ["answer-1234", "a1234", "a12345 refund", "answer 14 days", "$500 fee", "10% scope", "a999x escrow"]
    for _ in range(150):
        chosen = rng.choices(vocabulary, weights, k=rng.randint(1, 12))
        queries.append(" ".join(w[:-1] if len(w) > 4 and rng.random() < 0.3 else w for w in chosen))
    for query in queries:
        for limit in (1, 3, 7):
            assert [(h.answer.id, h.score) for h in book.search(query, limit)] == \
                brute_force(postings, names, query, limit), query
