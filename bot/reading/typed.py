"""One reader for every typed answer to one question: yes/no, a choice, a number, an amount or text.

Negation is scoped to the words it negates ("not finished" rules out "finished", it does not pick it),
hedges ask back, near-misses are read as the word meant, numbers keep their qualifier ("more than 14
days"). When a reply could mean two choices the member is asked which, naming both; every failure is a
specific message for the member, never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from bot.messages import UNKNOWN
from bot.pack.model import Fact, Scalar
from bot.reading import numbers
from bot.reading.dates import NUMERIC_DAY
from bot.reading.words import ReplyWords, find, normalise, plain, starts_with, stem, whole_word_spans
from bot.safety.sanitize import quoted

# The conversation's own vocabulary (not policy): words that steer the dialogue, like its buttons.
CONTROL_WORDS = {
    "back": "back", "undo": "back", "go back": "back", "previous": "back",
    "restart": "restart", "start over": "restart", "reset": "restart", "new": "restart", "start again": "restart",
    "new question": "restart", "another question": "restart", "begin again": "restart",
    "stop": "stop", "quit": "stop", "exit": "stop", "nevermind": "stop", "never mind": "stop", "forget it": "stop",
    "help": "help", "?": "help", "what does that mean": "help", "what do you mean": "help", "huh": "help",
    "i don't understand": "help", "i dont understand": "help", "don't understand": "help", "dont understand": "help",
    "i don't get it": "help", "i dont get it": "help", "don't get it": "help", "dont get it": "help",
    "i'm confused": "help", "im confused": "help", "confused": "help", "what": "help",
    "i don't know": "unknown", "i dont know": "unknown", "dont know": "unknown", "don't know": "unknown",
    "idk": "unknown", "not sure": "unknown", "unsure": "unknown", "no idea": "unknown",
    "i'm not sure": "unknown", "im not sure": "unknown", "unknown": "unknown",
    # after guidance: what it offered, shown again
    "checklist": "evidence", "evidence": "evidence", "what to gather": "evidence", "what should i gather": "evidence",
    "drafts": "drafts", "draft": "drafts", "the drafts": "drafts", "the draft": "drafts",
}
# The control words for "I don't know", longest first, made once (not per reply).
_UNKNOWN = tuple(sorted((k for k, v in CONTROL_WORDS.items() if v == "unknown"), key=len, reverse=True))
Stated = Callable[[str, str], Scalar | None]  # what a phrase reader finds stated of a fact in a reply
_ARTICLES = {"the", "a", "an"}
_NAMING_LIMIT = 4  # labels longer than this are matched whole, not word by word
_SUBJECT_REACH = 2  # a short answer's subject opens the reply ("he did", "my client hasn't")
_SHORT_ANSWER_WORDS = 2  # words after its verb ("it was funded", "he has not released it")
_FILLERS = {"already", "yet", "too", "really", "actually", "just", "though"}


def control_word(text: str) -> str | None:
    """back / restart / stop / help / unknown (after guidance also evidence / drafts), when the whole reply is one
    of those words (a "please" or a "sorry" beside them aside)."""
    typed = text.strip().lower().replace("’", "'").strip("/")  # "/start" as a platform's command
    if typed and not typed.strip("?"):
        return "help"
    said = _POLITE.sub("", " ".join(typed.rstrip(".!?").split()))  # "restart please", "sorry i dont get it"
    return CONTROL_WORDS.get(said)


_POLITE = re.compile(r"^(?:(?:sorry|ok|okay|um+|uh+|hmm+|pls|please|oh)[ ,]+)+|[ ,]+(?:please|pls|thanks)$")


_QUESTION_WORDS = {"what", "how", "why", "when", "where", "which", "who", "whose", "does", "do", "is", "are", "can",
                   "could", "should", "would", "will", "shall", "am", "isn't", "doesn't", "what's", "hows", "how's"}


def asks_something(text: str) -> bool:
    """A reply that asks instead of answering: it opens with a question word ("what does funded mean", "what if
    he doesn't reply"), or is a question of a few words with no clause before it ("he didn't pay, why?" answers)."""
    said = text.strip().lower().replace("’", "'")
    words = said.split()
    if not words:
        return False
    if words[0].strip(",.!?") in _QUESTION_WORDS:
        return True
    return said.endswith("?") and len(words) >= 3 and not any(sign in said[:-1] for sign in ",.;!?")


@dataclass(frozen=True)
class Parsed:
    value: Scalar | None = None
    error: str | None = None  # said to the member, and the question asked again
    low: float | None = None  # a number said as a range ("15+"): its bounds, None for open
    high: float | None = None
    reply: str = ""  # the reply as typed, when it was read as an answer
    proposed: Scalar | None = None  # a hedged reply's reading, asked back: "yes" (or the same reply) takes it

    @property
    def is_range(self) -> bool:
        return self.low != self.high

    @cached_property
    def said(self) -> str:
        """The reply, sanitised and markdown-escaped, for notes about how it was read (made when one is)."""
        return quoted(self.reply, limit=200) if self.reply else ""


def read_reply(fact: Fact | None, options: list[tuple[str, str]], text: str, words: ReplyWords | None = None,
               stated: Stated | None = None) -> Parsed:
    """Read a typed reply to a question on `fact` (None: a menu of `options`), with the pack's reply words
    and, for replies in sentences, the phrase reader's `stated` facts."""
    words = words or ReplyWords()
    extra = frozenset(w for option_id, label in options for name in _names(fact, option_id, label)
                      for w in name.split())
    said = words.correct(normalise(text), extra)
    spoken = plain(said)
    if not spoken:
        return Parsed(error="Please type an answer, or pick one of the choices.")
    kind = fact.type if fact else "choice"
    unsure = starts_with(spoken, words.unsure) or starts_with(spoken, _UNKNOWN)
    guess = spoken[len(unsure):].strip(" ,.;:-") if unsure else ""
    if unsure and not (kind == "number" and any(c.isdecimal() for c in guess)):
        return Parsed(UNKNOWN)  # "no clue" is not No
    if guess:  # "idk maybe 10 days": a guess with a number in it is asked back, as a hedged answer is
        said, spoken = guess, guess
    if kind == "choice" and fact is not None and spoken in words.none_of_these:
        # none of the choices fits: the choice that says so where there is one, else as good as not knowing
        return Parsed("none" if fact.choice("none") else UNKNOWN)
    if kind in ("choice", "yes_no") and asks_something(text) and _lead(said, words) is None:
        return Parsed(error=f"“{_clip(text)}” is a question, not an answer: answer with one of the choices, or say "
                            "**I don't know**.")
    number = _number_picked(options, spoken) if kind in ("choice", "yes_no") else None
    if number is not None:
        picked = _by_number(options, number)
        return Parsed(picked.value == "yes") if kind == "yes_no" and picked.value in ("yes", "no") else picked
    hedge = find(spoken, words.hedges)
    if hedge:
        said = " ".join(f"{said[: hedge[0]]} {said[hedge[1]:]}".split()).strip(" ,")
    if kind == "choice":
        parsed = _choice(fact, options, said, words, stated)
    elif kind == "yes_no":
        parsed = _yes_no(fact, said, words, stated)
    elif kind == "number":
        parsed = _number(fact, said, words, text)
    elif kind == "money":
        value = numbers.money(plain(said), (*words.about, *words.almost))
        parsed = Parsed(value) if value is not None else Parsed(error=(
            f"Please give an amount in dollars, for example 250 or $1,200.50; “{_clip(text)}” is not one."))
    else:
        cleaned = text.strip()
        return Parsed(cleaned) if cleaned else Parsed(error="Please type a short answer.")
    if hedge and kind == "yes_no" and parsed.error and not plain(said) and any(map(words.negates, spoken.split())):
        parsed = Parsed(False)  # "i don't think so": a hedged no, asked back below as any hedged answer is
    elif hedge and kind == "yes_no" and isinstance(parsed.value, bool) and spoken[hedge[0]:hedge[1]] in words.doubting:
        parsed = Parsed(not parsed.value)  # "i don't think he did": the doubt turns what follows it
    if hedge and parsed.error and parsed.value is None:  # "maybe", "probably" and nothing else
        if kind == "yes_no":
            return Parsed(error=f"I need a yes or a no here; “{_clip(text)}” is neither: is it yes, no, or "
                                "**I don't know**?")
        return Parsed(error=f"“{_clip(text)}”: which is it? Answer again, or say **I don't know** if you're not sure.")
    if parsed.error:
        return Parsed(error=parsed.error.replace("{said}", _clip(text)))
    if (hedge or guess) and parsed.error is None and parsed.value is not None:
        shown = shown_as(fact, options, parsed.value)
        return Parsed(error=f"“{_clip(text)}”: shall I take that as **{shown}**? Say **yes** to confirm it, "
                            "or say **I don't know** if you're not sure.", proposed=parsed.value)
    return Parsed(parsed.value, parsed.error, parsed.low, parsed.high, text)


# --- yes / no ------------------------------------------------------------------------------


def _yes_no(fact: Fact | None, said: str, words: ReplyWords, stated: Stated | None) -> Parsed:
    text = plain(said)
    if text in ("1", "2"):  # the buttons are numbered Yes, No in text adapters
        return Parsed(text == "1")
    phrased = stated(text, fact.id) if stated and fact else None
    lead = _lead(said, words)
    short = _short_answer(said, words)
    if lead is not None and lead != (short if short is not None else phrased if isinstance(phrased, bool) else lead):
        return Parsed(error="“{said}”: is that a yes or a no?")  # "yes he never funded it"
    answer = lead if lead is not None else short
    if answer is None and isinstance(phrased, bool):
        return Parsed(phrased)  # "he aproved milestone", "client paid me"
    if answer is None and text and all(words.negates(w) for w in text.split()):
        return Parsed(False)  # "not", "never"
    if answer is None:
        return Parsed(error="I need a yes or a no here; “{said}” is neither.")
    return Parsed(answer)


def _lead(said: str, words: ReplyWords) -> bool | None:
    """Yes or no from the reply's first words ("yep, he did", "nope")."""
    text = plain(said)
    first_clause = said.split(" , ")[0]
    for candidate in (text, first_clause):
        if candidate in words.yes:
            return True
        if candidate in words.no:
            return False
    found_yes, found_no = starts_with(text, words.yes), starts_with(text, words.no)
    found = max((f for f in (found_yes, found_no) if f), key=len, default=None)
    after = text[len(found):].split()[:1] if found else []
    if found is None or (after and words.negates(after[0]) and found == found_yes):
        return None  # "of course not": the short answer decides ("no not yet" stays no)
    return found == found_yes


def _short_answer(said: str, words: ReplyWords) -> bool | None:
    """A subject and the question's verb: "he did" is yes, "i did not", "it wasn't", "he hasn't yet" no."""
    tokens = plain(said).split()
    if tokens and (tokens[0] in words.yes or tokens[0] in words.no):
        tokens = tokens[1:]  # "no he didn't"
    for i, token in enumerate(tokens):  # "he did", "the client has not": said first (or after a "but"), not in a story
        if i >= _SUBJECT_REACH and tokens[i - 1] not in ("but", "though"):
            continue
        subject = token in words.subjects or (i + 1 < len(tokens) and f"{token} {tokens[i + 1]}" in words.subjects)
        if not subject:
            continue
        rest = tokens[i + 1:] if token in words.subjects else tokens[i + 2:]
        rest = rest[1:] if rest and rest[0] in ("already", "really", "actually", "just", "definitely") else rest
        if not rest:
            continue
        verb = rest[0]
        negated_verb = words.negates(verb) and _bare(verb) in words.auxiliaries | {""}
        told = [w for w in rest[1:] if not words.negates(w) and w not in _FILLERS]
        if len(told) > _SHORT_ANSWER_WORDS:
            return None  # "he is busy with his wedding", "i am tired": a story, not "he did" or "it was"
        if verb in words.auxiliaries or negated_verb:
            negated = negated_verb or any(words.negates(w) for w in rest[1:3])
            if not negated and _bare(verb) in words.promises:
                continue  # "he will fund it", "he could, but he hasn't": a promise is not what happened
            return not negated
    return None


def _bare(word: str) -> str:
    """The verb of a contraction: "didn't" → "did", "wasnt" → "was"."""
    for ending in ("n't", "nt"):
        if word.endswith(ending):
            return {"wo": "will", "ca": "can", "ai": "is", "do": "do"}.get(word[: -len(ending)], word[: -len(ending)])
    return word


# --- choices -------------------------------------------------------------------------------


def _number_picked(options: list[tuple[str, str]], spoken: str) -> int | None:
    """The number of the choice picked: a number alone ("4"), or a choice copied as shown, its number and all
    ("4. Change: the client wants billed hours back")."""
    if spoken.isdecimal():
        return int(spoken)
    number, _, words = spoken.partition(" ")
    copied = number.isdecimal() and 1 <= int(number) <= len(options) and words == _as_said(options[int(number) - 1][1])
    return int(number) if copied else None


def _by_number(options: list[tuple[str, str]], index: int) -> Parsed:
    if 1 <= index <= len(options):
        return Parsed(options[index - 1][0])
    shown = index if index < 1000 else "with that number"  # a long number may be personal (a phone number)
    return Parsed(error=f"There is no choice {shown}: answer with a number from 1 to {len(options)}.")


def _names(fact: Fact | None, option_id: str, label: str) -> list[str]:
    choice = fact.choice(option_id) if fact else None
    synonyms = choice.synonyms if choice else []
    return [_as_said(name) for name in (option_id.replace("_", " "), label, *synonyms)]


@lru_cache(maxsize=1024)
def _as_said(name: str) -> str:
    """A choice's name as a reply would say it: normalised, without clause breaks (the same few, each turn)."""
    return plain(normalise(name))


def _choice(fact: Fact | None, options: list[tuple[str, str]], said: str, words: ReplyWords,
            stated: Stated | None) -> Parsed:
    text = plain(said)
    if fact and fact.type == "yes_no":
        return _yes_no(fact, said, words, stated)
    names: dict[str, set[str]] = {}
    for option_id, label in options:
        for name in _names(fact, option_id, label):
            names.setdefault(name, set()).add(option_id)
    exact = names.get(text)
    if exact and len(exact) == 1:
        return Parsed(next(iter(exact)))
    positive, ruled_out = _mentions(said, names, options, words)
    positive -= ruled_out
    if len(positive) > 1:
        return Parsed(error=f"“{{said}}” could mean {_either(options, positive)}. Which one?")
    phrased = stated(text, fact.id) if stated and fact else None
    offered = {option_id for option_id, _ in options}
    if isinstance(phrased, str) and phrased in offered and phrased not in ruled_out:
        return Parsed(phrased)  # the pack's phrasings for this fact: "almost done", "nothing yet"
    if positive:
        return Parsed(positive.pop())
    if ruled_out:
        left = [option_id for option_id, _ in options if option_id not in ruled_out and option_id in offered]
        left = [option_id for option_id in left if fact is None or fact.choice(option_id)]
        if len(left) == 1:
            return Parsed(left[0])
        if left:
            return Parsed(error=f"“{{said}}”: so is it {_either(options, set(left))}?")
    return Parsed(error="“{said}” isn't one of the choices: reply with the number or the words of one of the "
                        "choices shown.")


def _either(options: list[tuple[str, str]], ids: set[str]) -> str:
    labels = [f"**{label}**" for option_id, label in options if option_id in ids]
    return ", ".join(labels[:-1]) + " or " + labels[-1] if len(labels) > 1 else labels[0]


def _mentions(said: str, names: dict[str, set[str]], options: list[tuple[str, str]],
              words: ReplyWords) -> tuple[set[str], set[str]]:
    """The choices the reply names, and those it names only to negate ("not done yet", "i didn't end it")."""
    spans = [(start, end, ids) for name, ids in names.items() for start, end in whole_word_spans(said, name)]
    outer = [s for s in spans if not any(o[0] <= s[0] and s[1] <= o[1] and o[:2] != s[:2] for o in spans)]
    positive: set[str] = set()
    ruled_out: set[str] = set()
    for start, end, ids in outer:
        (ruled_out if _negated(said, start, end, words) else positive).update(ids)
    reply = _Tokens(said.split(), words)
    for option_id, label in options:  # "i didnt end it" names "I ended it", negated
        label_stems = [stem(w) for w in _as_said(label).split() if w not in _ARTICLES]
        if not 1 < len(label_stems) <= _NAMING_LIMIT:
            continue
        found = _in_order(reply, label_stems, words)
        if found is not None:
            (ruled_out if found else positive).add(option_id)
    return positive, ruled_out


class _Tokens:
    """A reply's words, each word's stem and the words that negate: worked out once for every label."""

    def __init__(self, tokens: list[str], words: ReplyWords):
        self.tokens = tokens
        distinct = set(tokens)
        self.stem = {token: stem(token) for token in distinct}
        self.negators = {token for token in distinct if words.negates(token)}
        self.stems = {self.stem[token] for token in distinct - self.negators}  # of the words that do not negate


def _in_order(reply: _Tokens, wanted: list[str], words: ReplyWords) -> bool | None:
    """None if the stems don't all appear in order within one clause; else whether a negator is among them."""
    if not reply.stems.issuperset(wanted):
        return None
    tokens, stems, negators = reply.tokens, reply.stem, reply.negators
    for begin in range(len(tokens)):
        before = tokens[begin - 1] if begin else ","
        if before != "," and (before in negators or stems[before] != wanted[0]):
            continue  # the walk from the word before passed this one by as it is, and found nothing
        at, negated = 0, False
        for token in tokens[begin:]:
            if token == ",":
                break
            if token in negators:
                negated = negated or at > 0
                continue
            if stems[token] == wanted[at]:
                at += 1
                if at == len(wanted):
                    return negated or _negated(" ".join(tokens), len(" ".join(tokens[:begin])), 0, words)
            elif at:
                break
    return None


def _negated(said: str, start: int, end: int, words: ReplyWords) -> bool:
    # The words after the last clause break ("," or "but"); split() would leave a "," or "but" of a doubled break
    # in front of them, which negates nothing.
    clause = said[:start].rpartition(" , ")[2].rpartition(" but ")[2].split()
    if any(words.negates(w) for w in clause[-3:]):
        return True
    named = said[start:end].split()
    after = said[end:].split(None, 1)[:1]
    # "i did not": a name ending in a subject or a verb is negated by the word after it.
    return bool(named and after and named[-1] in words.auxiliaries | words.subjects and words.negates(after[0]))


def shown_as(fact: Fact | None, options: list[tuple[str, str]], value: Scalar) -> str:
    """A reading as the member was offered it: Yes or No, the choice's label, else the fact's read-back."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    label = next((label for option_id, label in options if option_id == value), None)
    return label or (fact.describe(value) if fact else str(value))


# --- numbers -------------------------------------------------------------------------------


def _number(fact: Fact | None, said: str, words: ReplyWords, typed: str) -> Parsed:
    if fact and fact.unit == "days" and NUMERIC_DAY.search(typed):  # "20/11": a day (normalising splits it)
        back = numbers.number(typed.lower(), fact.unit)
        if back is None:
            return Parsed(error="“{said}” could be two different days: name the month (for example **3 Nov**), or "
                                "say how many days ago.")
        return Parsed(back, low=back, high=back)
    said_amount = numbers.amount(plain(said), fact.unit if fact else None, words)
    if said_amount is None:
        if fact and fact.unit == "days" and any(len(run) > 3 for run in re.findall(r"\d+", said)):
            return Parsed(error=f"“{{said}}” is more than ten years back; how many days ago was it? (a number up to "
                                f"{numbers.MOST_DAYS}, or **I don't know**)")
        return Parsed(error="Please answer with a whole number, for example 10; “{said}” is not one.")
    return Parsed(said_amount.value, low=said_amount.low, high=said_amount.high)


def _clip(text: str) -> str:
    """Member text quoted in an error: sanitised (no controls, pings, personal data or links), short, escaped."""
    return quoted(text)
