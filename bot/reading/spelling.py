"""Misspelling tolerance: a word one slip away from a listed word is read as that word, and a contraction typed
without its apostrophe ("didnt") as written with it.

Only words listed in the language files are targets, and only unknown words are corrected: a word that
is itself listed, an ordinary form of a listed word ("refunds", "submitting"), or a real word listed as such
("store", one slip from "score"), is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz.distance import DamerauLevenshtein

from bot.reading.words import BARE_NOT

_WORD = re.compile(r"[a-z]{5,}")
# Contractions typed without their apostrophe ("didnt", "im"), read as written with it: phrases list one spelling.
_WITH_APOSTROPHE = {word: word[:-2] + "n't" for word in BARE_NOT} | {
    "im": "i'm", "ive": "i've", "hes": "he's", "shes": "she's", "theyre": "they're", "theyve": "they've",
    "youre": "you're", "weve": "we've", "thats": "that's", "whats": "what's", "theres": "there's"}
_BARE_CONTRACTION = re.compile(r"(?<![\w'])(?:" + "|".join(_WITH_APOSTROPHE) + r")(?![\w'])")
_ENDINGS = ("s", "es", "d", "ed", "ing", "er", "ers", "y", "ies", "ment", "ments", "ly", "able", "ion", "ions")


def _forms(word: str) -> set[str]:
    """The ordinary forms of a word, which are not misspellings of it."""
    bases = {word} | {word[: -len(e)] for e in ("ed", "d", "ing", "s", "es")
                      if word.endswith(e) and len(word) > len(e) + 2}
    stems = bases | {b[:-1] for b in bases if b.endswith("e")} | {b + b[-1] for b in bases}  # releas-ing, submitt-ed
    return bases | {stem + ending for stem in stems for ending in _ENDINGS}


class Speller:
    def __init__(self, words: list[str], shorthand: dict[str, str] | None = None, real_words: Iterable[str] = ()):
        self.shorthand = {short.lower(): full for short, full in (shorthand or {}).items()}
        self._short = re.compile(r"(?<![\w'])(?:" + "|".join(map(re.escape, self.shorthand)) + r")(?![\w'])") \
            if self.shorthand else None
        self.targets: dict[str, list[str]] = {}
        self.known: set[str] = set()
        listed = {w.lower() for w in words}
        for word in listed:
            self.targets.setdefault(word[0], []).append(word)
            self.known |= _forms(word)
        # A listed word's double letter typed once ("submited") is a slip, though it looks like a form ("submit-ed").
        self.known -= {word[:at] + word[at + 1:] for word in listed for at in range(len(word) - 1)
                       if word[at] == word[at + 1]} - listed
        for word in real_words:  # read as themselves, and no other word is read as them
            self.known |= _forms(word.lower())
        self._fix = lru_cache(maxsize=4096)(self._correction)
        self._fix_chunk = lru_cache(maxsize=8192)(self._chunk_correction)

    def correct(self, said: str) -> str:
        # A word never spans a space: each space-free chunk is corrected once, however often it is said.
        return " ".join(map(self._fix_chunk, said.split(" ")))

    def _chunk_correction(self, chunk: str) -> str:
        chunk = _BARE_CONTRACTION.sub(lambda match: _WITH_APOSTROPHE[match[0]], chunk)
        if self._short is not None:
            chunk = self._short.sub(lambda match: self.shorthand[match[0]], chunk)
        return _WORD.sub(lambda match: self._fix(match[0]), chunk)

    def _correction(self, word: str) -> str:
        if word in self.known:
            return word
        allowed = 1 if len(word) < 8 else 2
        close = sorted((DamerauLevenshtein.distance(word, target, score_cutoff=allowed), target)
                       for target in self.targets.get(word[0], ()))
        close = [(distance, target) for distance, target in close if distance <= allowed]
        if not close or (len(close) > 1 and close[0][0] == close[1][0]):
            return word  # nothing near, or two listed words equally near: leave it
        return close[0][1]
