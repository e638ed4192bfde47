"""The best answers for a set of weighted words, without scoring every answer that has one of them.

An answer's score adds, for each query word it has, that word's weight in it times the word's similarity.
A word takes few weights (title, tag, body, or several at once), so answers fall into groups that have the
same weight for every query word and so the same score. Sets of answers are Python ints used as bit sets
(bit i is the i-th answer by id, so the lowest bits are the first by id), and splitting a set by a word's
weights is an `&` per weight. The walk splits by one word at a time, the one worth most first, and drops
a set that cannot reach the `limit`-th best score found. Words in few answers are not worth splitting by:
their answers are scored one by one, as is any set down to a handful.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from heapq import heappop, heappush
from itertools import compress, repeat

# A word in fewer answers than this has its answers scored one by one (and needs no bit sets kept).
FEW = 64
# A set of answers this small is scored answer by answer rather than split further, unless few words are
# left to split it by (long queries would otherwise split thousands of sets down to single answers).
_HANDFUL = 8
_DEEP = 4
# Room for rounding between a bound added in walking order and a score added in query order.
_SLACK = 1e-9


def bits_of(positions: Iterable[int], size: int) -> int:
    """The bit set with these bits on, read from a string of binary digits (the loop over positions runs in
    C: `deque(…, maxlen=0)` consumes an iterator; setting an int's bits one by one costs far more)."""
    digits = bytearray(b"0" * size)
    deque(map(digits.__setitem__, positions, repeat(ord("1"))), maxlen=0)
    digits.reverse()  # the lowest bit is the last digit
    return int(digits, 2)


class _Best:
    """The best scores found so far, each with its answers as a bit set: enough to hold `limit` answers,
    and every answer that ties with the last of them (ties go by id)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.groups: dict[float, int] = {}
        self.cutoff = float("-inf")  # the `limit`-th best score, once `limit` answers are in

    def add(self, score: float, answers: int) -> None:
        if score < self.cutoff:
            return
        self.groups[score] = self.groups.get(score, 0) | answers
        held = 0
        for kept in sorted(self.groups, reverse=True):
            held += self.groups[kept].bit_count()
            if held >= self.limit:
                self.cutoff = kept
                break
        self.groups = {kept: bits for kept, bits in self.groups.items() if kept >= self.cutoff}

    def beyond(self, most: float) -> bool:
        """Whether a set that can score at most `most` cannot rank."""
        return most + _SLACK < self.cutoff

    def ranked(self) -> list[tuple[int, float]]:
        """(answer position, score), best first, ties by id, at most `limit`."""
        ranked: list[tuple[int, float]] = []
        for score in sorted(self.groups, reverse=True):
            answers = self.groups[score]
            while answers and len(ranked) < self.limit:
                lowest = answers & -answers
                ranked.append((lowest.bit_length() - 1, score))
                answers ^= lowest
        return ranked


class Ranker:
    """Ranks answers by the weights of query words in them (`postings`: word → answer id → weight)."""

    def __init__(self, postings: Mapping[str, Mapping[str, float]], answer_ids: Iterable[str]) -> None:
        self._postings = postings
        self._ids = sorted(answer_ids)
        self._position = {answer_id: i for i, answer_id in enumerate(self._ids)}
        self._everyone = (1 << len(self._ids)) - 1
        # Per word in at least FEW answers: its weights, highest first, each with its answers' bit set.
        self._tiers: dict[str, list[tuple[float, int]]] = {}
        for word, weights in postings.items():
            if len(weights) >= FEW:
                positions = list(map(self._position.__getitem__, weights))
                values = list(weights.values())
                self._tiers[word] = [(weight, bits_of(compress(positions, map(weight.__eq__, values)), len(self._ids)))
                                     for weight in sorted(set(values), reverse=True)]

    def ranked(self, terms: list[tuple[str, float]], exact: str | None, limit: int) -> list[tuple[str, float]]:
        """The best `limit` (answer id, score) for these (word, similarity) pairs, by score then id; the
        answer `exact` (named by the query) adds 100. Each score adds the words in the order given, as
        scoring every answer one by one does, so ties and rounding come out the same."""
        if limit < 1:
            return []
        weights = [(self._postings[term], similarity) for term, similarity in terms]
        best = _Best(limit)
        # The answer the query names, and the answers of words in few answers: scored one by one.
        taken = 0
        one_by_one = {answer_id for term, _ in terms if term not in self._tiers for answer_id in self._postings[term]}
        if exact is not None:
            taken = 1 << self._position[exact]
            best.add(_score(weights, exact, start=100.0), taken)
            one_by_one.discard(exact)
        for answer_id in one_by_one:
            bit = 1 << self._position[answer_id]
            best.add(_score(weights, answer_id), bit)
            taken |= bit
        self._walk(terms, weights, self._everyone & ~taken, best)
        return [(self._ids[position], score) for position, score in best.ranked()]

    def _walk(self, terms: list[tuple[str, float]], weights: list[tuple[Mapping[str, float], float]], answers: int,
              best: _Best) -> None:
        """Splits `answers` by the words in many answers, the one worth most first, into sets that score
        alike, the set that may score most first (so that no set is split whose bound ends below the
        cut-off), and adds each set that can rank to `best`."""
        order = sorted((i for i, (term, _) in enumerate(terms) if term in self._tiers),
                       key=lambda i: -self._tiers[terms[i][0]][0][0] * terms[i][1])
        most_after = [0.0] * (len(order) + 1)  # [n]: what the words from the n-th on can add at most
        for n in reversed(range(len(order))):
            term, similarity = terms[order[n]]
            most_after[n] = most_after[n + 1] + self._tiers[term][0][0] * similarity
        # A set still to split, as (its bound negated, a count that breaks ties, the next word's place in
        # `order`, the set, what the words split by so far add, and their (place in terms, weight) pairs).
        queue: list[tuple[float, int, int, int, float, tuple[tuple[int, float], ...]]] = [
            (-most_after[0], 0, 0, answers, 0.0, ())]
        pushed = 0
        while queue:
            bound, _, n, answers, partial, chosen = heappop(queue)
            if best.beyond(-bound):
                return  # nor can any set left
            if n == len(order):
                if chosen:  # an answer with none of the words is no hit
                    best.add(_in_order(chosen, terms), answers)
            elif len(order) - n > _DEEP and answers.bit_count() <= _HANDFUL:
                while answers:
                    lowest = answers & -answers
                    total = _score(weights, self._ids[lowest.bit_length() - 1])
                    if total > 0:
                        best.add(total, lowest)
                    answers ^= lowest
            else:
                i = order[n]
                term, similarity = terms[i]
                rest = answers
                for weight, tier in self._tiers[term]:
                    got = partial + weight * similarity
                    if best.beyond(got + most_after[n + 1]):
                        break  # nor can the answers with a lower weight or without the word
                    group = answers & tier
                    if group:
                        rest ^= group
                        pushed += 1
                        heappush(queue, (-(got + most_after[n + 1]), pushed, n + 1, group, got, (*chosen, (i, weight))))
                else:
                    if rest and not best.beyond(partial + most_after[n + 1]):
                        pushed += 1
                        heappush(queue, (-(partial + most_after[n + 1]), pushed, n + 1, rest, partial, chosen))


def _score(weights: list[tuple[Mapping[str, float], float]], answer_id: str, start: float = 0.0) -> float:
    """One answer's score, the words added in query order."""
    total = start
    for weight_of, similarity in weights:
        weight = weight_of.get(answer_id)
        if weight is not None:
            total += weight * similarity
    return total


def _in_order(chosen: tuple[tuple[int, float], ...], terms: list[tuple[str, float]]) -> float:
    """The score of a set's answers from the weights they have, the words added in query order (a float
    sum's rounding depends on its order)."""
    weight_at = dict(chosen)
    total = 0.0
    for i, (_, similarity) in enumerate(terms):
        weight = weight_at.get(i)
        if weight is not None:
            total += weight * similarity
    return total
