"""The vocabulary of typed replies (knowledge/language/replies.yaml), ready for reading.

Phrases are matched on whole words of a reply that was lower-cased, had its apostrophes straightened
and its punctuation dropped. A pack without replies.yaml still reads numbers, the choices' own words
and the basic yes and no.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain

from rapidfuzz.distance import DamerauLevenshtein

from bot.pack.language import Replies
from bot.pack.loading import Knowledge

_CLAUSE = re.compile(r"(?:[;!?:]|(?<!\d)[.,]|[.,](?!\d))+")
_PUNCTUATION = re.compile(r"[^\w\s'+$%.,-]|(?<!\d)-|-(?!\d)")
_REPEATS = re.compile(r"(\w)\1+")  # "yesss", "noo": a repeated letter read once, or twice
_CONTRACTION = re.compile(r"^(\w+)(?:n't|nt)$")
# Contractions written without the apostrophe: "didnt" is "did" + "not".
BARE_NOT = ("didnt", "doesnt", "dont", "hasnt", "havent", "hadnt", "wasnt", "werent", "isnt", "arent",
            "cant", "couldnt", "wont", "wouldnt", "shouldnt", "aint")


def normalise(text: str) -> str:
    """Lower case, straight apostrophes, clause breaks as a "," word, no other punctuation but what numbers
    and money need: "No, I did." → "no , i did"."""
    text = text.lower().replace("’", "'").replace("‘", "'").replace("`", "'")
    return " ".join(chain.from_iterable(map(_cleaned, text.split()))).strip(" ,")


@lru_cache(maxsize=8192)
def _cleaned(chunk: str) -> tuple[str, ...]:
    """The words of a chunk of text without spaces, punctuation read: no break or sign reaches across a space,
    so each chunk is worked out once however often it is said (and the reply is joined once)."""
    return tuple(_PUNCTUATION.sub(" ", _CLAUSE.sub(" , ", chunk)).split())


@lru_cache(maxsize=64)
def plain(said: str) -> str:
    """A normalised reply without its clause breaks (asked of the same reply several times while it is read)."""
    return " ".join(filter(",".__ne__, said.split()))


def is_negator(word: str, negators: frozenset[str]) -> bool:
    return word in negators or word.endswith("n't") or word in BARE_NOT


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A crude stem, enough to see "end" in "ended" and "finish" in "finished"."""
    for ending in ("ing", "ed", "es", "s", "d"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


# Read as yes, no and a negation whatever the language file lists.
_YES = frozenset({"yes", "y", "true"})
_NO = frozenset({"no", "n", "false"})
_NEGATORS = frozenset({"not", "no", "never"})


@dataclass(frozen=True)
class ReplyWords:
    yes: frozenset[str] = _YES
    no: frozenset[str] = _NO
    subjects: frozenset[str] = frozenset()
    auxiliaries: frozenset[str] = frozenset()
    promises: frozenset[str] = frozenset()
    negators: frozenset[str] = _NEGATORS
    unsure: tuple[str, ...] = ()
    hedges: tuple[str, ...] = ()
    doubting: frozenset[str] = frozenset()
    about: tuple[str, ...] = ()
    more_than: tuple[str, ...] = ()
    at_least: tuple[str, ...] = ()
    less_than: tuple[str, ...] = ()
    almost: tuple[str, ...] = ()
    corrections: tuple[str, ...] = ()
    thanks: frozenset[str] = frozenset()
    none_of_these: frozenset[str] = frozenset()
    acknowledgements: frozenset[str] = frozenset()
    vocabulary: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def build(cls, lists: list[Replies]) -> ReplyWords:
        if not lists:
            return cls()

        def joined(name: str) -> list[str]:
            return [normalise(w) for replies in lists for w in getattr(replies, name)]

        longest_first = lambda name: tuple(sorted(set(joined(name)), key=lambda w: (-len(w), w)))  # noqa: E731
        words = {w for name in Replies.model_fields if name != "line" for phrase in joined(name)
                 for w in phrase.split()}
        return cls(
            yes=frozenset(joined("yes")) | _YES, no=frozenset(joined("no")) | _NO,
            subjects=frozenset(joined("subjects")), auxiliaries=frozenset(joined("auxiliaries")),
            promises=frozenset(joined("promises")),
            negators=frozenset(joined("negators")) | _NEGATORS, unsure=longest_first("unsure"),
            hedges=longest_first("hedges"), about=longest_first("about"), more_than=longest_first("more_than"),
            at_least=longest_first("at_least"), less_than=longest_first("less_than"), almost=longest_first("almost"),
            corrections=longest_first("corrections"), thanks=frozenset(joined("thanks")),
            doubting=frozenset(joined("doubting")), none_of_these=frozenset(joined("none_of_these")),
            acknowledgements=frozenset(joined("acknowledgements")),
            vocabulary=frozenset(words),
        )

    def negates(self, word: str) -> bool:
        return is_negator(word, self.negators)

    def correct(self, said: str, extra: frozenset[str] = frozenset()) -> str:
        """Near-misses read as the word meant: "yess" → "yes", "aproved" → "approved"."""
        spoken = said.split()
        meant = {word: _meant(word, self.vocabulary, extra) for word in set(spoken) if word != ","}
        return " ".join(map(meant.get, spoken, spoken))


def starts_with(said: str, phrases: tuple[str, ...] | frozenset[str]) -> str | None:
    """The longest listed phrase the reply starts with, as whole words."""
    for phrase in sorted(phrases, key=len, reverse=True) if isinstance(phrases, frozenset) else phrases:
        if said == phrase or said.startswith(phrase + " "):
            return phrase
    return None


def find(said: str, phrases: tuple[str, ...]) -> tuple[int, int] | None:
    """Where the first listed phrase found anywhere in the reply stands, as whole words."""
    for phrase in phrases:
        for span in whole_word_spans(said, phrase):
            return span
    return None


def whole_word_spans(said: str, phrase: str) -> Iterator[tuple[int, int]]:
    """Where `phrase` stands as whole words in `said`, left to right (a word is a run of letters, digits, _ and ')."""
    if not phrase:  # stands wherever no word character is on either side, as the pattern would find it
        yield from (match.span() for match in re.finditer(r"(?<![\w'])(?![\w'])", said))
        return
    at = said.find(phrase)
    while at >= 0:
        end = at + len(phrase)
        if not (at and _in_word(said[at - 1])) and not (end < len(said) and _in_word(said[end])):
            yield at, end
            at = said.find(phrase, end)
        else:
            at = said.find(phrase, at + 1)


def _in_word(char: str) -> bool:
    return char.isalnum() or char in "_'"  # what [\w'] matches


@lru_cache(maxsize=8192)
def _meant(word: str, vocabulary: frozenset[str], extra: frozenset[str]) -> str:
    """`word`, or the listed word it misspells: worked out once per word and vocabulary."""
    return _near(word, vocabulary | extra, extra) if word not in vocabulary and word not in extra else word


def _near(word: str, known: frozenset[str], preferred: frozenset[str] = frozenset()) -> str:
    if word in known or not word.isalpha():
        return word
    squeezed = _REPEATS.sub(r"\1", word)  # "yesss" → "yes", "nooo" → "no"
    if squeezed in known:
        return squeezed
    doubled = _REPEATS.sub(r"\1\1", word)  # "appprove" → "approve"
    if doubled in known:
        return doubled
    if len(word) < 4:
        return word  # short words are too easy to confuse
    allowed = 1 if len(word) < 8 else 2
    close = sorted((DamerauLevenshtein.distance(word, target, score_cutoff=allowed), target)
                   for target in known if target[:1] == word[:1] and abs(len(target) - len(word)) <= allowed)
    close = [(d, t) for d, t in close if d <= allowed]
    tied = {stem(t) for d, t in close if close and d == close[0][0]}
    if not close or len(tied) > 1:
        return word  # nothing near, or two different words equally near: leave it
    nearest = [t for d, t in close if d == close[0][0]]
    return next((t for t in nearest if t in preferred), nearest[0])  # a choice's own word first


@lru_cache(maxsize=16)
def reply_words_for(knowledge: Knowledge) -> ReplyWords:
    """One vocabulary per loaded pack version."""
    return ReplyWords.build([placed.item.replies for placed in knowledge.language if placed.item.replies])
