"""Finding a phrase's matches without running its pattern over the whole message.

Python's regular expressions try a pattern that starts with a look-behind (as every phrase does: whole words
only) at each character of the text, so a phrase costs as much in a long message whether or not any of its
words is there. Instead the message's words are indexed once (`Scan`), each phrase knows the strings one of
which every match of it starts with (`leading_strings`, read off the parsed pattern), and its pattern is tried
only where a word begins with one of them (`Scan.matches`). The matches are exactly those of `finditer`
over the whole text: a match can begin nowhere else.
"""

from __future__ import annotations

import re
import re._constants as _sre
import re._parser as _sre_parser  # the stdlib's own parse of a pattern; stable since 3.11
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from typing import Any

WORD_CHARS = r"[\w']"  # what a phrase's whole words are made of: a match neither starts nor ends inside a run of them
A_DIGIT = "\x00"  # a leading string standing for any decimal digit (\d); a phrase's own NUL counts as unknown
_MOST_LEADING = 64  # a phrase's leading strings are lengthened only while there are no more than this many: longer ones
# let fewer places through to its pattern, and each distinct place is looked into once (see _Lead)
_RUN = re.compile(rf"{WORD_CHARS}+")
_TOKEN = re.compile(rf"{WORD_CHARS}+|[^\w'\s]")  # where a match may begin: a run of word characters, or a sign


def whole_words(words: str) -> str:
    """The pattern of a phrase: `words`, matched only as whole words."""
    return rf"(?<!{WORD_CHARS})(?:{words})(?!{WORD_CHARS})"


# --- what every match starts with ------------------------------------------------------------

# A phrase is looked into three times (what its matches start with, need, may hold): its pattern is parsed once.
# The parse is only read, never changed; an error is raised again each time (lru_cache keeps only results).
_parse = lru_cache(maxsize=8192)(_sre_parser.parse)


_Start = tuple[str, bool]  # a string a match starts with, and whether the match may go on past it


def leading_strings(words: str) -> frozenset[str] | None:
    """Strings one of which every match of `words` starts with (A_DIGIT: any digit), or None where that
    cannot be told (a phrase starting with a class of letters, say, or one that can match nothing)."""
    try:
        parsed = _parse(words)
    except re.error:
        return None
    if parsed.state.flags & re.IGNORECASE or parsed.getwidth()[0] == 0:
        return None
    return _usable({string for string, _ in _starts(list(parsed.data))})


def _usable(strings: set[str]) -> frozenset[str] | None:
    """The shortest of these strings (one that begins another says as much), if none may begin anywhere
    (the empty string) or at a space (not a word of the index)."""
    if "" in strings or any(s[:1].isspace() for s in strings):
        return None
    shortest: list[str] = []
    for string in sorted(strings):  # a string sorts right after the strings it begins, and before others
        if not (shortest and string.startswith(shortest[-1])):
            shortest.append(string)
    return frozenset(shortest)


def _starts(items: list[tuple[Any, Any]]) -> list[_Start]:  # the parser's (opcode, argument) pairs
    """The strings a match of this sequence starts with, each as long as the sequence says for sure."""
    starts: list[_Start] = [("", True)]
    for op, av in items:
        following = _item_starts(op, av)
        if following is None:  # a class of characters, say: nothing after it is known
            return [(string, False) for string, _ in starts]
        longer = [_joined(string, more, goes_on) for string, open_ in starts
                  for more, goes_on in (following if open_ else [("", False)])]
        if len(longer) > _MOST_LEADING and all(string for string, _ in starts):
            return [(string, False) for string, _ in starts]  # long enough: stop before there are too many
        starts = longer
        if not any(goes_on for _, goes_on in starts):
            break
    return starts


def _joined(string: str, more: str, goes_on: bool) -> _Start:
    if more == A_DIGIT and string:
        return string, False  # "$" then any digit: the string known ends before it
    return string + more, goes_on


def _item_starts(op: Any, av: Any) -> list[_Start] | None:
    if op is _sre.LITERAL and chr(av) != A_DIGIT:
        return [(chr(av), True)]
    if op is _sre.IN and all((kind is _sre.LITERAL and chr(value) != A_DIGIT)
                             or (kind is _sre.CATEGORY and value is _sre.CATEGORY_DIGIT) for kind, value in av):
        return [(chr(value), True) if kind is _sre.LITERAL else (A_DIGIT, False) for kind, value in av]
    if op is _sre.SUBPATTERN:
        _, add_flags, _, sub = av
        return None if add_flags & re.IGNORECASE else _starts(list(sub.data))
    if op is _sre.ATOMIC_GROUP:
        return _starts(list(av.data))
    if op is _sre.BRANCH:
        return [start for branch in av[1] for start in _starts(list(branch.data))]
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
        least, most, sub = av
        once = _starts(list(sub.data))
        if most != 1:  # more repetitions may follow the first
            once = [(string, False) for string, _ in once]
        return ([("", True)] if least == 0 else []) + once
    if op in (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT):
        return [("", True)]  # takes no characters: the next item starts the match
    return None


# --- what every match holds -----------------------------------------------------------------


def needed_strings(words: str) -> frozenset[str] | None:
    """Strings one of which every match of `words` holds where a word (or a sign) begins, the most telling
    such set: "ended", "closed"… of "(he|she) (\\w+ ){0,3}(ended|closed) it". None where none can be told.
    A message without any of them at the start of a word cannot match."""
    try:
        parsed = _parse(words)
    except re.error:
        return None
    if parsed.state.flags & re.IGNORECASE:
        return None
    return _needed(list(parsed.data), at_word_start=True)


def _needed(items: list[tuple[Any, Any]], at_word_start: bool) -> frozenset[str] | None:
    found: list[frozenset[str]] = []
    for index, (op, av) in enumerate(items):
        if at_word_start:  # what the rest of the sequence starts with, it holds at a word start
            strings = _usable({string for string, _ in _starts(items[index:])})
            if strings:
                found.append(strings)
        inner = None  # a group that must match holds what it needs
        if op is _sre.SUBPATTERN and not av[1] & re.IGNORECASE:
            inner = _needed(list(av[3].data), at_word_start)
        elif op is _sre.BRANCH:
            branches = [_needed(list(branch.data), at_word_start) for branch in av[1]]
            inner = frozenset().union(*branches) if all(branches) else None  # type: ignore[arg-type]
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            inner = _needed(list(av[2].data), at_word_start)
        if inner:
            found.append(inner)
        at_word_start = _after(op, av, at_word_start)
    return max(found, key=_telling, default=None)


def _telling(strings: frozenset[str]) -> int:
    """How much a set of needed strings tells: the length of its shortest first word (short words are common)."""
    return min(len(run[0]) if (run := _RUN.match(string)) else 1 for string in strings)


def _after(op: Any, av: Any, at_word_start: bool) -> bool:
    """Whether a word (or a sign) surely begins after this item: it ends in a space or a sign."""
    if op is _sre.LITERAL:
        return _RUN.fullmatch(chr(av)) is None
    if op is _sre.IN:
        return all(kind is _sre.LITERAL and _RUN.fullmatch(chr(value)) is None for kind, value in av)
    if op is _sre.SUBPATTERN:
        return _after_all(list(av[3].data), at_word_start)
    if op is _sre.BRANCH:
        return all(_after_all(list(branch.data), at_word_start) for branch in av[1])
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
        least, _, sub = av
        return (at_word_start or least > 0) and _after_all(list(sub.data), False)
    return at_word_start if op in (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT) else False


def _after_all(items: list[tuple[Any, Any]], at_word_start: bool) -> bool:
    for op, av in items:
        at_word_start = _after(op, av, at_word_start)
    return at_word_start


# --- what no match holds --------------------------------------------------------------------

SENTENCE_ENDS = ".!?"


def may_match_any(words: str, chars: str) -> bool:
    """Whether a match of `words` may hold one of `chars`; True where that cannot be told."""
    try:
        return _may_hold(list(_parse(words).data), frozenset(map(ord, chars)))
    except re.error:
        return True


def _may_hold(items: list[tuple[Any, Any]], chars: frozenset[int]) -> bool:
    for op, av in items:
        if op is _sre.LITERAL:
            held = av in chars
        elif op is _sre.IN:
            held = not all((kind is _sre.LITERAL and value not in chars) or (kind is _sre.RANGE and not any(
                value[0] <= char <= value[1] for char in chars)) or (kind is _sre.CATEGORY and value in (
                    _sre.CATEGORY_WORD, _sre.CATEGORY_DIGIT, _sre.CATEGORY_SPACE)) for kind, value in av)
        elif op is _sre.SUBPATTERN:
            held = bool(av[1] & re.IGNORECASE) or _may_hold(list(av[3].data), chars)
        elif op is _sre.BRANCH:
            held = any(_may_hold(list(branch.data), chars) for branch in av[1])
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            held = _may_hold(list(av[2].data), chars)
        elif op is _sre.ATOMIC_GROUP:
            held = _may_hold(list(av.data), chars)
        else:  # a look-around or an anchor holds nothing; anything else (any character, "not x") may
            held = op not in (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT)
        if held:
            return True
    return False


# --- the message's words -------------------------------------------------------------------


def _begun_by(prefix: str) -> str:
    """The index key of the words that begin with `prefix` ("client…"); a whole word's key is the word itself."""
    return prefix + _BEGUN


_BEGUN = "…"


def _key(string: str) -> str:
    """Where in the index a leading string's matches start: at its first word, or at any word that begins with
    it where the string ends inside a word ("client" of "clients?"), or at its first sign ("$")."""
    if string == A_DIGIT:
        return _begun_by(A_DIGIT)
    run = _RUN.match(string)
    if run is None:
        return string[0]
    return run[0] if run.end() < len(string) else _begun_by(run[0])


class _Lead:
    """The phrases that lead with one key, and which of them may match where it starts. That depends only on
    the few characters from there (`reach`: the longest leading string), and the same few ("he has", "the
    client") come back in a message and from one message to the next: each is looked into once (`seen`)."""

    def __init__(self, placed: list[tuple[Phrase, Check]], memory: _Memory):
        self._always = tuple(phrase for phrase, strings in placed if not strings)  # the key itself is enough
        # The leading strings as a tree: a place is looked into along it, only as far as some string goes (a
        # common key such as "i" leads a hundred phrases with a thousand strings of some thirty lengths).
        leading: dict[str, list[Phrase]] = {}
        for phrase, strings in placed:
            for string in strings:
                leading.setdefault(string, []).append(phrase)
        self._tree = _tree(leading)
        self.reach = max(map(len, leading), default=0)
        self._memory = memory
        self.forget()

    def forget(self) -> None:
        # By the characters from the key on: where nothing is left to check, no characters, known at once.
        self.seen: dict[str, tuple[Phrase, ...]] = {"": self._always}

    def look(self, window: str) -> tuple[Phrase, ...]:
        """The phrases that may match where `window` starts (`reach` characters, or the rest of the message)."""
        found: dict[Phrase, None] = {}
        node, at = self._tree, 0
        while node.next is not None and at < len(window):
            child = node.next.get(window[at])
            if child is None or not window.startswith(child.label, at):
                break
            at += len(child.label)
            if child.led:
                found.update(dict.fromkeys(child.led))
            node = child
        phrases = self._always + tuple(found)
        self.seen[window] = phrases
        self._memory.windows += 1
        return phrases


class _Node:
    """A run of characters of a key's leading strings, up to where they part or one ends (a radix tree: a node
    per run, not per character, keeps the tree of a thousand strings small)."""

    def __init__(self, label: str, led: tuple[Phrase, ...]):
        self.label = label  # the characters from the parent's end, the first of them its key in the parent's `next`
        self.led = led  # the phrases led by the string ending here
        self.next: dict[str, _Node] | None = None


def _tree(leading: dict[str, list[Phrase]]) -> _Node:
    """The radix tree of the leading strings, built from a tree of one character per node."""
    chars: dict[str, Any] = {}  # a character's subtree; under "" the phrases led by the string ending there
    for string, phrases in leading.items():
        node = chars
        for char in string:
            node = node.setdefault(char, {})
        node[""] = tuple(phrases)
    return _joined_runs("", chars)


def _joined_runs(label: str, chars: dict[str, Any]) -> _Node:
    while label and len(chars) == 1 and "" not in chars:  # one way on, and no string ends here: one run
        (char, chars), = chars.items()
        label += char
    node = _Node(label, chars.get("", ()))
    node.next = {char: _joined_runs(char, sub) for char, sub in chars.items() if char} or None
    return node


@dataclass
class _Memory:
    """How much an index remembers of the messages it scanned: a bound on memory, emptied between messages."""

    windows: int = 0  # the places looked into, over every key (_Lead.seen)


class _Heads:
    """The keys some phrase leads with or needs; in a chunk of text, which of them start where."""

    def __init__(self, leads: dict[str, _Lead], needed: Iterable[str], memory: _Memory):
        keys = leads.keys() | set(needed)
        self._leads, self._memory = leads, memory
        self._words = frozenset(key for key in keys if not (len(key) > 1 and key.endswith(_BEGUN)))
        self._prefixes = frozenset(key.removesuffix(_BEGUN) for key in keys - self._words)
        # What each chunk holds, by the chunk: a plain dict, looked up once per chunk said (an lru_cache call costs
        # about twice as much); emptied between messages when it grows past _MOST_CHUNKS.
        self.known: dict[str, _InChunk] = {}

    def forget_if_full(self) -> None:
        if len(self.known) > _MOST_CHUNKS:
            self.known.clear()
        if self._memory.windows > _MOST_WINDOWS:
            for lead in self._leads.values():
                lead.forget()
            self._memory.windows = 0

    def learn(self, chunk: str) -> _InChunk:
        """In a chunk of text without spaces, where a word or a sign some phrase leads with starts (and the
        phrases leading with it), every key found in it, and whether a sentence ends in it."""
        found = []
        for token in _TOKEN.finditer(chunk):
            word, start = token[0], token.start()
            if word in self._words:
                found.append((start, word))
            found += [(start, _begun_by(word[:length])) for length in range(1, len(word) + 1)
                      if word[:length] in self._prefixes]
            if A_DIGIT in self._prefixes and word[0].isdecimal():
                found.append((start, _begun_by(A_DIGIT)))
        leads = tuple((start, self._leads[key]) for start, key in found if key in self._leads)
        ends = any(sign in chunk for sign in SENTENCE_ENDS)
        self.known[chunk] = heads = leads, frozenset(key for _, key in found), ends
        return heads


_InChunk = tuple[tuple[tuple[int, _Lead], ...], frozenset[str], bool]  # what a chunk holds (see _Heads.learn)
_Places = list[tuple[int, tuple["Phrase", ...]]]  # where in a message, the phrases that may start there
# Bounds on what an index remembers (a few MB at most), not tuned figures: a long message has a few hundred chunks
# and places.
_MOST_CHUNKS = 8192
_MOST_WINDOWS = 32768


# --- phrases, and a message scanned for them ---------------------------------------------------


@dataclass(frozen=True, eq=False)  # told apart by identity: a scan files each phrase's places under it
class Phrase:
    """A phrase's pattern, and where in a message it can match: where a word begins with one of its leading
    strings, in a message holding one of its needed strings where a word begins. Without leading strings, it
    is run over the whole text. A phrase of several alternatives ("a|b|c") may be placed by its `parts`, one
    per alternative, each with its own leading and needed strings: where a word begins, only the alternatives
    that can start there are tried, and only those whose needed strings the message holds."""

    pattern: re.Pattern[str]
    leads: tuple[tuple[str, Check], ...] | None  # (index key, the leading strings starting there)
    needs: frozenset[str] = frozenset()  # index keys one of which a message must have (none: see leads)
    parts: tuple[Phrase, ...] = ()  # its alternatives, in order, placed instead of it (none: placed itself)
    in_sentence: bool = False  # no match holds a sentence's end: one of `needs` must be in the same sentence

    @classmethod
    def of(cls, words: str, split: bool = True) -> Phrase:
        """`split`: may be placed by its alternatives. Not where a caller reads its groups: an alternative's
        groups are numbered from 1 on their own."""
        pattern = re.compile(whole_words(words))
        alternatives = top_alternatives(words) if split else []
        if len(alternatives) > 1:
            parts = tuple(cls.of(alternative, split=False) for alternative in alternatives)
            if all(part.leads is not None for part in parts):
                return cls(pattern, (), parts=parts)
        strings = leading_strings(words)
        if strings is None:
            return cls(pattern, None)
        grouped: dict[str, list[str]] = {}
        for string in sorted(strings):
            grouped.setdefault(_key(string), []).append(string)
        needs = frozenset(map(_key, needed_strings(words) or ()))
        needs = needs if needs != grouped.keys() else frozenset()  # the leads tell as much
        return cls(pattern, tuple((key, _left_to_check(key, group)) for key, group in grouped.items()), needs,
                   in_sentence=bool(needs) and not may_match_any(words, SENTENCE_ENDS))


def top_alternatives(words: str) -> list[str]:
    """The alternatives of a pattern whose top level is "a|b|c", as written; [] where it is not, or where one
    of them would mean something else on its own (a flag or a back-reference reaching across them)."""
    alternatives, depth, start, index, in_class = [], 0, 0, 0, False
    while index < len(words):
        char = words[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            index += words.startswith("]", index + 1) + words.startswith("^]", index + 1) * 2  # "[]…]", "[^]…]"
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            alternatives.append(words[start:index])
            start = index + 1
        index += 1
    alternatives.append(words[start:])
    if len(alternatives) < 2 or _REACHES_ACROSS.search(words):
        return []
    return alternatives


_REACHES_ACROSS = re.compile(r"\\[1-9]|\(\?P=|\(\?[aiLmsux-]+\)")  # back-references, global flags


Check = tuple[str, ...]  # the leading strings to look for at a place, for str.startswith


def _left_to_check(key: str, strings: list[str]) -> Check:
    """The leading strings to look for where a key starts; none where the key itself is one of them (a word
    beginning with "client", or a digit, is all "clients?" needs)."""
    if key in (_begun_by(s) for s in strings if _RUN.fullmatch(s) or s == A_DIGIT):
        return ()
    return tuple(strings)


class Index:
    """A reader's phrases by the keys they lead with and those they need: which phrase to try where."""

    def __init__(self, phrases: Iterable[Phrase]):
        leading: dict[str, list[tuple[Phrase, Check]]] = {}
        needed: set[str] = set()
        self.whole_of: dict[Phrase, Phrase] = {}  # a part placed, by the phrase it is an alternative of
        placed: list[Phrase] = []
        for phrase in dict.fromkeys(phrases):  # a phrase several rules share is placed once
            self.whole_of.update(dict.fromkeys(phrase.parts, phrase))
            placed.extend(phrase.parts or (phrase,))
        for phrase in placed:
            for key, strings in phrase.leads or ():
                leading.setdefault(key, []).append((phrase, strings))
            needed |= phrase.needs
        memory = _Memory()
        self.heads = _Heads({key: _Lead(placed, memory) for key, placed in leading.items()}, needed, memory)

    def scan(self, said: str) -> Scan:
        return Scan(said, self)


class Scan:
    """One message against an index: where each phrase may match in it (its words are gone through once)."""

    def __init__(self, said: str, index: Index):
        self.said = said
        self._found: dict[Phrase, list[re.Match[str]]] = {}  # a phrase several rules share is matched once
        chunks = said.split(" ")  # split on the one character, so offsets add up whatever the spacing
        starts_of: defaultdict[Phrase, list[int]] = defaultdict(list)
        index.heads.forget_if_full()  # between messages, not while one is scanned
        offset, known, learn = 0, index.heads.known, index.heads.learn
        # A sentence's places are filed once its keys are all known: a phrase held in a sentence is tried only
        # where that sentence has one of its needed keys (half the places, in members' long stories).
        sentence: _Places = []
        sentence_keys: set[str] = set()
        for chunk in chunks:
            heads = known.get(chunk)
            leads, keys, ends = learn(chunk) if heads is None else heads
            sentence_keys.update(keys)
            places: _Places = []
            for start, lead in leads:
                at = offset + start
                window = said[at:at + lead.reach]
                phrases = lead.seen.get(window)
                places.append((at, lead.look(window) if phrases is None else phrases))
            if ends:  # its places may be in either sentence: filed as the message's
                _file(sentence, sentence_keys, starts_of)
                _file(places, None, starts_of)
                sentence, sentence_keys = [], set(keys)
            else:
                sentence += places
            offset += len(chunk) + 1
        _file(sentence, sentence_keys, starts_of)
        # A phrase needing keys the message lacks is dropped: the keys are gathered per distinct chunk.
        found = set().union(*((known.get(chunk) or learn(chunk))[1] for chunk in set(chunks)))
        self._starts: dict[Phrase, list[int]] = {phrase: places for phrase, places in starts_of.items()
                                                 if not (phrase.needs and found.isdisjoint(phrase.needs))}
        whole_of = index.whole_of
        self.started: set[Phrase] = {whole_of.get(phrase, phrase) for phrase in self._starts}
        """The phrases with leading strings that start somewhere in the message (the others may match anywhere)."""

    def matches(self, phrase: Phrase) -> list[re.Match[str]]:
        """The matches `phrase.pattern.finditer(said)` finds, in order (those of an alternative placed apart
        are its own pattern's: the same places)."""
        if phrase.leads is not None and phrase not in self.started:
            return []  # most phrases start nowhere in a message: said at once
        found = self._found.get(phrase)
        if found is None:
            found = self._found[phrase] = self._alternatives(phrase) if phrase.parts else self._matching(phrase)
        return found

    def _matching(self, phrase: Phrase) -> list[re.Match[str]]:
        if phrase.leads is None:
            return list(phrase.pattern.finditer(self.said))
        starts = self._starts.get(phrase)
        if not starts:
            return []
        found, end = [], 0
        for match in filter(None, map(phrase.pattern.match, repeat(self.said), starts)):
            if match.start() >= end:  # finditer goes on from the end of the previous match
                end = match.end()  # never empty: a phrase that could match nothing has no leading strings
                found.append(match)
        return found

    def _alternatives(self, phrase: Phrase) -> list[re.Match[str]]:
        """As `_matching`, of a phrase placed by its alternatives: at each place, the first alternative (in
        the order written) that starts there and matches, as the whole pattern's alternation would take."""
        started = [part for part in phrase.parts if part in self._starts]
        if len(started) == 1:
            return self._matching(started[0])  # mostly one alternative can start anywhere in a message
        tried = sorted((start, order, part) for order, part in enumerate(started) for start in self._starts[part])
        found: list[re.Match[str]] = []
        end = 0
        for start, _, part in tried:
            if start < end:
                continue  # inside the last match (or at its start: an earlier alternative matched there)
            match = part.pattern.match(self.said, start)
            if match is not None:
                found.append(match)
                end = match.end()  # never empty, as in `_matching`
        return found


def _file(places: _Places, sentence_keys: set[str] | None, starts_of: defaultdict[Phrase, list[int]]) -> None:
    """Each place under the phrases that may start there, in order, once each; with `sentence_keys`, not under a
    phrase held in a sentence that lacks all of its needed keys."""
    for at, phrases in places:
        for phrase in phrases:
            if sentence_keys is not None and phrase.in_sentence and sentence_keys.isdisjoint(phrase.needs):
                continue
            filed = starts_of[phrase]
            if not filed or filed[-1] != at:  # two keys at one place ("10": "1…" and a digit)
                filed.append(at)
