"""Canonical answers: look-up by id or alias, and ranked word search that tolerates misspellings."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain

from rapidfuzz import fuzz, process

from bot.pack.model import Answer
from bot.pack.ranking import Ranker

_WORD = re.compile(r"[a-z0-9$%]+")
# Words that say nothing about which answer is meant.
STOP_WORDS = frozenset(
    "a an and are as at be by can do for from how i if in is it my of on or the to what when with you your".split()
)
# Where a word appears counts: a title or alias hit says more than a word deep in the body.
_BODY_WEIGHT = 0.5
_WEIGHTS = (("id", 3.0), ("title", 3.0), ("aliases", 3.0), ("tags", 2.0), ("body", _BODY_WEIGHT))


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]


def normalise_name(name: str) -> str:
    return " ".join(name.lower().replace("-", " ").replace("_", " ").split())


def weighted_words(answer: Answer) -> dict[str, float]:
    """Each word of an answer, weighted by where it appears (the site's search ranks by these too)."""
    weights: dict[str, float] = defaultdict(float)
    for field, weight in _WEIGHTS:
        value = getattr(answer, field)
        text = " ".join(value) if isinstance(value, list) else value.replace("-", " ")
        for word in set(words(text)):
            weights[word] += weight
    return dict(weights)


@dataclass(frozen=True)
class AnswerHit:
    answer: Answer
    score: float


class AnswerBook:
    def __init__(self, answers: list[Answer]):
        self._answers = {a.id: a for a in answers}
        self._names: dict[str, str] = {}
        for answer in answers:
            for name in (answer.id, *answer.aliases):
                self._names.setdefault(normalise_name(name), answer.id)
        postings: dict[str, dict[str, float]] = defaultdict(dict)
        for answer in answers:
            for word, weight in weighted_words(answer).items():
                postings[word][answer.id] = weight
        self._postings = {w: dict(ids) for w, ids in postings.items()}
        self._ranker = Ranker(self._postings, self._answers)
        self._longest = max(map(len, self._postings), default=0)
        # The vocabulary by shape, (length, letters), each word with its place in the vocabulary; and, per
        # shape of a word not listed, the listed words it may be a misspelling of (filled as words come).
        self._shapes: dict[tuple[int, int], list[tuple[int, str]]] = defaultdict(list)
        for place, word in enumerate(self._postings):
            self._shapes[(len(word), _letters(word))].append((place, word))
        self._near_by_shape: dict[tuple[int, int], list[str]] = {}

    def __len__(self) -> int:
        return len(self._answers)

    def __iter__(self) -> Iterator[Answer]:
        return iter(self._answers.values())

    def get(self, name: str) -> Answer | None:
        """By id or alias, ignoring case, spaces and dashes."""
        answer_id = self._names.get(normalise_name(name))
        return self._answers.get(answer_id) if answer_id else None

    def names(self) -> list[tuple[str, str]]:
        """(name, answer id) pairs for autocomplete: every id and alias."""
        return [(name, answer_id) for name, answer_id in self._names.items()]

    def complete(self, prefix: str, limit: int = 25) -> list[Answer]:
        """Answers whose id, alias or title starts with or contains what was typed so far."""
        typed = normalise_name(prefix)
        if not typed:
            return list(self._answers.values())[:limit]
        ranked: dict[str, int] = {}
        for name, answer_id in self._names.items():
            if name.startswith(typed):
                ranked[answer_id] = min(ranked.get(answer_id, 9), 0)
            elif typed in name:
                ranked[answer_id] = min(ranked.get(answer_id, 9), 1)
        for answer in self._answers.values():
            if answer.id not in ranked and typed in answer.title.lower():
                ranked[answer.id] = 2
        if len(ranked) < limit:
            for hit in self.search(prefix, limit):
                ranked.setdefault(hit.answer.id, 3)
        ordered = sorted(ranked, key=lambda answer_id: (ranked[answer_id], answer_id))
        return [self._answers[answer_id] for answer_id in ordered[:limit]]

    def search(self, query: str, limit: int = 5) -> list[AnswerHit]:
        """The best `limit` answers: each query word (or the listed words it is a misspelling of) adds its
        weight in an answer times its similarity, and a query naming an answer adds 100. Ties go by id."""
        exact = self.get(query)
        terms = [match for word in set(words(query)) for match in self._similar_terms(word)]
        return [AnswerHit(self._answers[answer_id], round(score, 2))
                for answer_id, score in self._ranker.ranked(terms, exact.id if exact else None, limit)]

    def _similar_terms(self, word: str) -> list[tuple[str, float]]:
        if word in self._postings:
            return [(word, 1.0)]
        if len(word) < 4:  # short words are too easy to confuse with others
            return []
        matches = process.extract(word, self._near(word), scorer=fuzz.ratio, score_cutoff=80, limit=3)
        return [(term, score / 100.0) for term, score, _ in matches]

    def _near(self, word: str) -> list[str]:
        """The listed words that may score 80 against `word`, in vocabulary order (so ties go as over the
        whole vocabulary). fuzz.ratio is 200 × (their longest common subsequence) ÷ (both lengths), and no
        common subsequence has more letters than either word has, nor more other characters (digits, $, %):
        the rest (ids' and aliases' numbers, most lengths) need not be compared."""
        if len(word) > 2 * self._longest:  # too long to score 80 against any (and to cache a shape for)
            return []
        shape = (len(word), _letters(word))
        near = self._near_by_shape.get(shape)
        if near is None:
            near = self._near_by_shape[shape] = [term for _, term in sorted(
                chain.from_iterable(terms for other, terms in self._shapes.items() if _may_score_80(shape, other)))]
        return near


def _letters(word: str) -> int:
    return sum(character.isalpha() for character in word)


def _may_score_80(shape: tuple[int, int], other: tuple[int, int]) -> bool:
    """Whether two words of these (length, letters) may have a fuzz.ratio of 80: 5 × common ≥ 2 × lengths."""
    (length, letters), (other_length, other_letters) = shape, other
    common = min(letters, other_letters) + min(length - letters, other_length - other_letters)
    return 5 * common >= 2 * (length + other_length)
