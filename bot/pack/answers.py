"""Canonical answers: look-up by id or alias, and ranked word search that tolerates misspellings."""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.pack.model import Answer

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
        self._vocabulary = list(self._postings)
        # Per word, its answers grouped by weight, highest first: searching scores them tier by tier and
        # stops once nothing left can reach the top (a common word is in thousands of bodies, few titles).
        self._tiers: dict[str, list[tuple[float, list[str]]]] = {}
        for word, ids in self._postings.items():
            tiers: dict[float, list[str]] = defaultdict(list)
            for answer_id, weight in ids.items():
                tiers[weight].append(answer_id)
            self._tiers[word] = sorted(tiers.items(), reverse=True)
        self._near: dict[int, list[str]] = {}  # word length → the vocabulary a misspelling of it may be

    def __len__(self) -> int:
        return len(self._answers)

    def __iter__(self):
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
                for answer_id, score in self._ranked(terms, exact, limit)]

    def _ranked(self, terms: list[tuple[str, float]], exact: Answer | None, limit: int) -> list[tuple[str, float]]:
        """Answers are scored a tier at a time, the highest weight left of any query word first. One not
        scored yet can reach at most the sum of each word's highest weight left, so once the `limit`-th best
        scored beats that, the ranking is settled. Each score adds the words in the same order whichever
        tier brought its answer in, so ties and rounding come out the same as scoring every answer."""
        if limit < 1:
            return []
        postings = [(self._postings[term], similarity) for term, similarity in terms]

        def score(answer_id: str) -> float:
            total = 100.0 if exact and answer_id == exact.id else 0.0
            for weights, similarity in postings:
                weight = weights.get(answer_id)
                if weight is not None:
                    total += weight * similarity
            return total

        scored = {exact.id: score(exact.id)} if exact else {}
        tiers = [self._tiers[term] for term, _ in terms]
        depth = [0] * len(terms)
        while True:
            left = [(tier[at][0] * similarity, i) for i, (tier, at, (_, similarity))
                    in enumerate(zip(tiers, depth, terms, strict=True)) if at < len(tier)]
            if not left:
                return self._top(scored, limit)  # every answer with any query word is scored
            if len(scored) >= limit:
                reachable = 0.0  # the most an answer not scored yet can score
                for tier, at, (_, similarity) in zip(tiers, depth, terms, strict=True):
                    if at < len(tier):
                        reachable += tier[at][0] * similarity
                ranked = self._top(scored, limit)
                if ranked[-1][1] > reachable:
                    return ranked
            _, i = max(left)
            for answer_id in tiers[i][depth[i]][1]:
                if answer_id not in scored:
                    scored[answer_id] = score(answer_id)
            depth[i] += 1

    @staticmethod
    def _top(scores: dict[str, float], limit: int) -> list[tuple[str, float]]:
        """The best `limit`, by score then id: the cut-off score first, then only the few at or above it sorted."""
        if limit < 1 or not scores:
            return []
        cutoff = heapq.nlargest(limit, scores.values())[-1]
        return sorted(((a, s) for a, s in scores.items() if s >= cutoff), key=lambda item: (-item[1], item[0]))[:limit]

    def _similar_terms(self, word: str) -> list[tuple[str, float]]:
        if word in self._postings:
            return [(word, 1.0)]
        if len(word) < 4:  # short words are too easy to confuse with others
            return []
        matches = process.extract(word, self._near_in_length(len(word)), scorer=fuzz.ratio, score_cutoff=80, limit=3)
        return [(term, score / 100.0) for term, score, _ in matches]

    def _near_in_length(self, length: int) -> list[str]:
        """The listed words long enough and short enough to score 80 against a word of `length`, in
        vocabulary order (so ties go as over the whole vocabulary): a ratio of 80 allows a length
        difference of at most a fifth of the two lengths together, and the rest need not be compared."""
        near = self._near.get(length)
        if near is None:
            near = self._near[length] = [w for w in self._vocabulary if abs(len(w) - length) <= (len(w) + length) / 4]
        return near
