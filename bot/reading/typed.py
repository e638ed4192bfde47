"""Reading one typed answer to one question: a choice, yes/no, a whole number, an amount or text.

Every failure is a specific message for the member, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from bot.pack.model import Fact, Scalar
from bot.safety.sanitize import member_text

# The conversation's own vocabulary (not policy): words that control the dialogue.
CONTROL_WORDS = {
    "back": "back", "undo": "back", "go back": "back", "previous": "back",
    "restart": "restart", "start over": "restart", "reset": "restart", "new": "restart",
    "help": "help", "?": "help", "what does that mean": "help",
    "i don't know": "unknown", "i dont know": "unknown", "dont know": "unknown", "don't know": "unknown",
    "idk": "unknown", "not sure": "unknown", "unsure": "unknown", "no idea": "unknown",
    "i'm not sure": "unknown", "im not sure": "unknown", "unknown": "unknown",
}
YES = {"yes", "y", "yeah", "yep", "yup", "yea", "true", "correct", "right", "sure", "it was", "i did",
       "he did", "she did", "they did", "it is", "affirmative", "ok", "okay"}
NO = {"no", "n", "nope", "nah", "false", "not", "never", "not yet", "it wasn't", "i didn't", "he didn't",
      "she didn't", "they didn't", "it isn't", "negative", "wrong"}
NUMBER_WORDS = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90, "couple": 2, "a couple": 2,
    "few": 3, "a few": 3,
}
DAYS_PER_UNIT = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365}
_DURATION = re.compile(
    r"^(?P<count>\d+|[a-z]+(?: [a-z]+)?)?\s*(?P<unit>day|week|fortnight|month|year)s?\b", re.IGNORECASE
)
_MONEY = re.compile(r"^(?:usd|us\$|\$)?\s*(?P<amount>\d[\d,]*(?:\.\d{1,2})?)\s*(?P<k>k)?\s*(?:usd|dollars?|\$)?$")


def normalise(text: str) -> str:
    text = text.strip().lower().replace("’", "'")
    return " ".join(text.rstrip(".!").split())


def control_word(text: str) -> str | None:
    """back / restart / help / unknown, when the whole reply is one of those words."""
    return CONTROL_WORDS.get(normalise(text))


@dataclass(frozen=True)
class Parsed:
    value: Scalar | None = None
    error: str | None = None


def parse_yes_no(text: str) -> Parsed:
    said = " ".join(re.sub(r"[^\w\s']", " ", normalise(text)).split())  # "Yep, he did." → "yep he did"
    words = said.split()
    for candidate in (said, " ".join(words[:2]), words[0] if words else ""):
        if candidate in YES:
            return Parsed(True)
        if candidate in NO or candidate.endswith("n't"):
            return Parsed(False)
    return Parsed(error=f"I need a yes or a no here; “{_clip(text)}” is neither.")


def parse_number(text: str, unit: str | None) -> Parsed:
    said = normalise(text).removesuffix(" ago")
    if re.fullmatch(r"\d+", said):
        return Parsed(int(said))
    if unit == "days":
        if said in ("today", "just now"):
            return Parsed(0)
        if said == "yesterday":
            return Parsed(1)
        match = _DURATION.match(said)
        if match:
            count = _count(match["count"])
            if count is not None:
                return Parsed(count * DAYS_PER_UNIT[match["unit"].lower()])
    match = re.fullmatch(r"(\d+|[a-z]+)(?: \w+)?", said)
    if match and (count := _count(match[1])) is not None:
        return Parsed(count)
    return Parsed(error=f"Please answer with a whole number, for example 10; “{_clip(text)}” is not one.")


def _count(word: str | None) -> int | None:
    if word is None:
        return 1
    return int(word) if word.isdecimal() else NUMBER_WORDS.get(word)


def parse_money(text: str) -> Parsed:
    said = normalise(text).replace(" ", "") if "$" in text else normalise(text)
    match = _MONEY.fullmatch(said)
    if match:
        try:
            amount = Decimal(match["amount"].replace(",", "")) * (1000 if match["k"] else 1)
        except InvalidOperation:
            amount = None
        if amount is not None:
            return Parsed(float(amount))
    return Parsed(error=f"Please give an amount in dollars, for example 250 or $1,200.50; “{_clip(text)}” is not one.")


def match_choice(fact: Fact | None, options: list[tuple[str, str]], text: str) -> Parsed:
    """Pick one of `options` ((id, label) in the order shown) by number, label, id or synonym."""
    said = normalise(text)
    if said.isdecimal():
        index = int(said)
        if 1 <= index <= len(options):
            return Parsed(options[index - 1][0])
        return Parsed(error=f"There is no choice {index}: answer with a number from 1 to {len(options)}.")
    names: dict[str, set[str]] = {}
    for option_id, label in options:
        for name in (option_id.replace("_", " "), label):
            names.setdefault(normalise(name), set()).add(option_id)
        choice = fact.choice(option_id) if fact else None
        for synonym in choice.synonyms if choice else ():
            names.setdefault(normalise(synonym), set()).add(option_id)
    exact = names.get(said)
    if exact and len(exact) == 1:
        return Parsed(next(iter(exact)))
    # Otherwise the reply may contain one choice's words ("it was a fixed price one").
    found = {oid for name, ids in names.items() if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", said) for oid in ids}
    if len(found) == 1:
        return Parsed(found.pop())
    if found:
        candidates = " or ".join(label for option_id, label in options if option_id in found)
        return Parsed(error=f"“{_clip(text)}” could mean {candidates}. Which one?")
    return Parsed(error=f"“{_clip(text)}” isn't one of the choices: reply with a number from 1 to {len(options)}, "
                        "or the choice's words.")


def parse_for_fact(fact: Fact, options: list[tuple[str, str]], text: str) -> Parsed:
    if fact.type == "choice":
        return match_choice(fact, options, text)
    if fact.type == "yes_no":
        said = normalise(text)
        if said in ("1", "2"):  # the buttons are numbered Yes, No in text adapters
            return Parsed(said == "1")
        return parse_yes_no(text)
    if fact.type == "number":
        return parse_number(text, fact.unit)
    if fact.type == "money":
        return parse_money(text)
    cleaned = text.strip()
    return Parsed(cleaned) if cleaned else Parsed(error="Please type a short answer.")


def _clip(text: str, limit: int = 60) -> str:
    """Member text quoted in an error: sanitised (no pings, no personal data) and short."""
    text = " ".join(member_text(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
