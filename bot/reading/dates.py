"""Days counted back from a day the member names: "on 3 Nov", "last Monday", "2026-11-03".

A date only means "so many days ago" relative to today, so reading one needs the day the message is read on.
The engine sets it for each turn from its clock (`counting_from`); where none is set, dates are not read
(a bare number of days still is).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, timedelta

_TODAY: ContextVar[date | None] = ContextVar("refundbot_reading_today", default=None)

MONTHS = {name: number for number, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")), start=1) for name in names}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_MONTH = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,? (?P<year>\d{4}))?"
_FORMS = [
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"),
    re.compile(rf"(?:the )?{_DAY} (?:of )?{_MONTH}{_YEAR}"),
    re.compile(rf"{_MONTH} (?:the )?{_DAY}{_YEAR}"),
]
NUMERIC_DAY = re.compile(r"(?P<first>\d{1,2})\s*[/.]\s*(?P<second>\d{1,2})(?:\s*[/.]\s*(?P<year>\d{2}|\d{4}))?")
_NAMED_AT_END = re.compile(r"\b(?:on|since) (?P<day>.+)$")
_ORDINAL = re.compile(r"(?:the )?(?P<day>\d{1,2})(?:st|nd|rd|th)")  # "the 3rd": of this month, or the last
_WEEKDAY = re.compile(r"(?:(?P<which>last|this|past) )?(?P<weekday>" + "|".join(WEEKDAYS) + ")")
# "tuesday last week", "last week on tuesday": that day of the calendar week (Monday to Sunday) before this one
_WEEKDAY_LAST_WEEK = re.compile(r"last week,? (?:on )?(?P<after>{days})|(?P<before>{days}),? (?:of |in )?last week"
                                .format(days="|".join(WEEKDAYS)))


@contextmanager
def counting_from(today: date) -> Iterator[None]:
    """Dates read inside this block count back from `today`."""
    token = _TODAY.set(today)
    try:
        yield
    finally:
        _TODAY.reset(token)


def days_before(said: str) -> int | None:
    """How many days before today the named day is; None if `said` names no day, no today is set, or the day is
    in the future (it cannot be when something already happened)."""
    today = _TODAY.get()
    if today is None:
        return None
    said = said.strip().removeprefix("since ").removeprefix("on ").strip()
    if said == "last week":
        return 7
    day = _weekday(said, today) or _calendar_day(said, today) or _numeric_day(said, today) or \
        _ordinal_day(said, today)
    if day is None and (named := _NAMED_AT_END.search(said)):  # "i submitted it on the 3rd"
        return days_before(named["day"])
    if day is None or day > today:
        return None
    return (today - day).days


def _weekday(said: str, today: date) -> date | None:
    if last_week := _WEEKDAY_LAST_WEEK.fullmatch(said):
        monday = today - timedelta(days=today.weekday() + 7)
        return monday + timedelta(days=WEEKDAYS.index(last_week["after"] or last_week["before"]))
    match = _WEEKDAY.fullmatch(said)
    if not match:
        return None
    back = (today.weekday() - WEEKDAYS.index(match["weekday"])) % 7 or 7  # the last such day before today
    return today - timedelta(days=back)


def _ordinal_day(said: str, today: date) -> date | None:
    match = _ORDINAL.fullmatch(said)
    if not match:
        return None
    month, year = (today.month, today.year) if int(match["day"]) <= today.day else \
        ((today.month - 1, today.year) if today.month > 1 else (12, today.year - 1))
    return _past_day(year, month, int(match["day"]), today)


def _numeric_day(said: str, today: date) -> date | None:
    """"20/11" (day first, or month first where only that reads as a date): the one past day it can be. "11/3" can
    be 11 March or 3 November, so it names no day and the member is asked."""
    match = NUMERIC_DAY.fullmatch(said)
    if not match:
        return None
    first, second = int(match["first"]), int(match["second"])
    year = int(match["year"]) if match["year"] else None
    if year is not None and year < 100:
        year += 2000
    days = {day for month, number in ((second, first), (first, second))
            if (day := _past_day(year, month, number, today)) is not None}
    return days.pop() if len(days) == 1 else None


def _past_day(year: int | None, month: int, number: int, today: date) -> date | None:
    """The day `number` of `month`: in `year`, or the last one on or before today."""
    try:
        day = date(year or today.year, month, number)
        if year is None and day > today:
            day = day.replace(year=today.year - 1)
    except ValueError:
        return None
    return day if day <= today else None


def _calendar_day(said: str, today: date) -> date | None:
    for form in _FORMS:
        match = form.fullmatch(said)
        if not match:
            continue
        month = int(match["month"]) if match["month"].isdecimal() else MONTHS[match["month"]]
        year = int(match["year"]) if match["year"] else today.year
        try:
            day = date(year, month, int(match["day"]))
        except ValueError:
            return None
        if not match["year"] and day > today:  # "3 Dec" said in November: last year's
            try:
                day = day.replace(year=year - 1)
            except ValueError:
                return None
        return day
    return None
