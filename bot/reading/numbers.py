"""Numbers, durations and amounts in members' words, with the ranges they say ("more than 14 days")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from bot.reading.dates import NUMERIC_DAY, days_before
from bot.reading.words import ReplyWords

NUMBER_WORDS = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90, "couple": 2, "a couple": 2,
    "a couple of": 2, "few": 3, "a few": 3, "several": 3,
}
DAYS_PER_UNIT = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365}
# a unit as typed ("2 wks", "3 mos"), and what it is a short form of
_UNIT_SPELLINGS = {"d": "day", "wk": "week", "w": "week", "mo": "month", "mth": "month", "yr": "year",
                   **{unit: unit for unit in DAYS_PER_UNIT}}
MOST_DAYS = 3650  # ten years back: longer than any window the advice counts, and a date the calendar can hold
_DURATION = re.compile(
    r"^(?P<count>\d+|[a-z]+(?: [a-z]+)?(?: of)?)?(?:\s+|(?<=\d)|(?<![a-z]))(?P<unit>"  # "10d", not "an"+"d"
    + "|".join(sorted(_UNIT_SPELLINGS, key=len, reverse=True)) + r")s?\b"
)
_WITHIN_A_DAY = re.compile(r"^(?:\d+|[a-z]+(?: [a-z]+)?) ?(?:hours?|hrs?|h|minutes?|mins?)$")  # "5 hours": today
_MONEY = re.compile(r"^(?:usd|us\$|\$)?\s*(?P<amount>\d[\d,]*(?:\.\d{1,2})?)\s*(?P<k>k)?\s*(?:usd|dollars?|bucks|\$)?$")
_DOTTED_THOUSANDS = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{3})+(?![\d.])")  # "1.200": thousands split by dots
_MONEY_LEAD = re.compile(r"^(?:(?:it'?s|it is|was|is|just|only)\s+)+")  # words before an amount that say nothing of it
_ISH = re.compile(r"(\d)\s*-?ish\b")
_EITHER = re.compile(  # "13 or 14 days", "about 14 or 15"
    r"(?:(?:about|around|roughly|like|maybe) )?(?P<low>\d+) (?:or|to|-) (?P<high>\d+(?: \w+)?)(?: ago)?")
_NOISE = re.compile(r"\b(?:ago|since|or so|ish|approx|roughly|in total|now|already|days? now)\b")


@dataclass(frozen=True)
class Amount:
    """A number as said: exactly `value`, or anything from `low` to `high` (None: no bound)."""

    value: int | float | None = None
    low: int | float | None = None
    high: int | float | None = None

    @property
    def is_range(self) -> bool:
        return self.low != self.high


def number(said: str, unit: str | None) -> int | None:
    """A whole number or a duration in `unit`, from words like "10", "ten", "two weeks", "yesterday"; in days,
    also a named day ("3 Nov", "last Monday") counted back from the day being read on, and no more than
    MOST_DAYS (a million days ago is no date)."""
    value = _number(said, unit)
    return None if value is not None and unit == "days" and value > MOST_DAYS else value


def _number(said: str, unit: str | None) -> int | None:
    if unit == "days" and (back := days_before(" ".join(said.lower().split()))) is not None:
        return back  # "on 3 nov", "last monday", "20/11": counted back from the day being read on
    if unit == "days" and NUMERIC_DAY.search(said):
        return None  # "11/3" is a day (which one is unclear), not a count
    said = _NOISE.sub(" ", said)
    said = " ".join(said.replace("-", " ").split())
    if re.fullmatch(r"\d+", said):
        return int(said)
    if unit == "days":
        if said in ("today", "just now", "this morning"):
            return 0
        if said in ("yesterday", "last night"):
            return 1
        if half := re.fullmatch(r"(?P<whole>.+) and a half", said):  # "a week and a half": 10 days
            whole = _number(half["whole"], unit)
            return None if whole is None else whole * 3 // 2
        match = _DURATION.match(said)
        if match:
            count = _count(match["count"])
            if count is not None:
                return count * DAYS_PER_UNIT[_UNIT_SPELLINGS[match["unit"]]]
        if _WITHIN_A_DAY.match(said):
            return 0
    match = re.fullmatch(r"(\d+|[a-z]+)(?: \w+)?", said)
    if match and match[1] not in ("a", "an") and (count := _count(match[1])) is not None:
        return count
    return None


def amount(said: str, unit: str | None, words: ReplyWords) -> Amount | None:
    """A number with its qualifier: "about 10 days" is 10; "15+" is 15 or more; "over 2 weeks" more than 14;
    "13 or 14 days" either."""
    said = _ISH.sub(r"\1", said.strip())
    if unit == "days" and (back := days_before(said)) is not None:
        return _bounded(back, "exact")  # "past friday" is a day, not "more than"
    if either := _EITHER.fullmatch(said):
        low, high = number(either["low"], unit), number(either["high"], unit)
        if low is not None and high is not None:
            return Amount(min(low, high), min(low, high), max(low, high))
    plus = said.endswith("+") or bool(re.search(r"\d\+", said))
    said = said.replace("+", " ").strip()
    for phrases, kind in ((words.at_least, "ge"), (words.more_than, "gt"), (words.almost, "almost"),
                          (words.less_than, "lt"), (words.about, "about")):
        for phrase in phrases:
            if said.startswith(phrase + " "):
                value = number(said[len(phrase) + 1:], unit)
                if value is None:
                    return None
                return _bounded(value, "ge" if plus else kind)
    value = number(said, unit)
    if value is None:
        return None
    return _bounded(value, "ge" if plus else "exact")


def _bounded(value: int, kind: str) -> Amount:
    # Whole numbers: "more than 14" starts at 15, "less than 10" ends at 9.
    if kind == "gt":
        return Amount(value + 1, value + 1, None)
    if kind == "ge":
        return Amount(value, value, None)
    if kind == "lt":
        return Amount(max(0, value - 1), 0, max(0, value - 1))
    if kind == "almost":  # "almost two weeks": just under
        return _bounded(max(0, value - 1), "exact")
    return Amount(value, value, value)


def _count(word: str | None) -> int | None:
    if word is None:
        return 1
    word = word.removesuffix(" of").strip()
    return int(word) if word.isdecimal() else NUMBER_WORDS.get(word)


def money(text: str, qualifiers: Iterable[str] = ()) -> float | None:
    """An amount typed as the answer: "$1,200.50", "400 bucks"; after one of `qualifiers` (the reply words'
    "about", "like", "almost"), the amount named: "it's about $400" is 400."""
    text = _MONEY_LEAD.sub("", text.strip().lower())
    text = next((text[len(q) + 1:] for q in qualifiers if text.startswith(q + " ")), text)
    said = text.replace(" ", "") if "$" in text else " ".join(text.split())
    said = _DOTTED_THOUSANDS.sub(lambda dotted: dotted[0].replace(".", ""), said)  # "1.200 USD": twelve hundred
    match = _MONEY.fullmatch(said.rstrip(".!"))
    if match:
        try:
            return float(Decimal(match["amount"].replace(",", "")) * (1000 if match["k"] else 1))
        except InvalidOperation:
            return None
    return None
