"""Deadlines worked out for the member: the day a day-count fact counts back to, plus a declared duration,
as a concrete UTC date with the arithmetic; or a weekly window around now. Every number of days comes from
the pack (`durations:`, `windows:`); today comes from the engine's clock.

Texts are filled like points (`points.fill`), with the member's facts and these values:
`{start}` the day counted from, `{due}` that day plus `{days}`, `{days_left}` or `{days_over}`; for a window,
`{week}` (the billing week), `{opens}` and `{closes}`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from bot.conversation.points import fill, judge_conditions
from bot.pack.loading import Knowledge
from bot.pack.model import WEEKDAYS, Deadline, Scalar, WeekTime, Window


def shown_day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"  # "30 Nov 2026": no leading zero, no locale


def shown_moment(moment: datetime) -> str:
    return f"{moment:%a} {shown_day(moment.date())}, {moment:%H:%M} UTC"


@dataclass(frozen=True)
class Calendar:
    """Now, and the day each day-count fact counts back to when the member said it on an earlier day."""

    now: datetime  # aware, UTC
    counted_from: Mapping[str, date] = field(default_factory=dict)

    @classmethod
    def at(cls, timestamp: float, counted_from: Mapping[str, date] | None = None) -> Calendar:
        return cls(datetime.fromtimestamp(timestamp, UTC), counted_from or {})

    @property
    def today(self) -> date:
        return self.now.date()

    def start(self, fact: str, facts: Mapping[str, Scalar]) -> date | None:
        if fact in self.counted_from:
            return self.counted_from[fact]
        days = facts.get(fact)
        if isinstance(days, bool) or not isinstance(days, int | float):
            return None
        return self.today - timedelta(days=int(days))


@dataclass(frozen=True)
class Worked:
    """One deadline worked out: its state, its values (for drafts and `policy explain`) and its text."""

    deadline: str
    state: Literal["coming", "passed", "unknown"]
    values: dict[str, str]
    text: str | None


def work_out(deadline: Deadline, knowledge: Knowledge, facts: Mapping[str, Scalar], calendar: Calendar) -> Worked:
    if deadline.window is not None:
        values, state = _window(knowledge.windows[deadline.window], calendar.now, deadline.billing_week)
    else:
        assert deadline.since is not None and deadline.add is not None
        start = calendar.start(deadline.since, facts)
        if start is None:
            text = fill(deadline.unknown, facts, knowledge.facts) if deadline.unknown else None
            return Worked(deadline.id, "unknown", {}, text)
        days = knowledge.durations[deadline.add].days
        due = start + timedelta(days=days)
        left = (due - calendar.today).days
        state = "passed" if left < 0 else "coming"
        values = {"start": shown_day(start), "due": shown_day(due), "days": str(days),
                  "days_left": str(max(left, 0)), "days_over": str(max(-left, 0))}
    text = fill(deadline.coming if state == "coming" else deadline.passed, facts, knowledge.facts, values)
    return Worked(deadline.id, state, values, text)


def _at(week_monday: date, when: WeekTime) -> datetime:
    hours, minutes = (int(part) for part in when.time.split(":"))
    return datetime.combine(week_monday + timedelta(days=WEEKDAYS.index(when.day)), time(hours, minutes), UTC)


def _window(window: Window, now: datetime, billing_week: Literal["last", "this"] = "last",
            ) -> tuple[dict[str, str], Literal["coming", "passed"]]:
    """The window for a billing week (Monday to Sunday, UTC), which opens and closes in the week after it: for
    the week that closed last, this week; for this week, the next."""
    this_monday = now.date() - timedelta(days=now.weekday())
    billed = this_monday - timedelta(days=7) if billing_week == "last" else this_monday
    reviewed = billed + timedelta(days=7)
    opens, closes = _at(reviewed, window.opens), _at(reviewed, window.closes)
    values = {"week": f"{shown_day(billed)} to {shown_day(billed + timedelta(days=6))}",
              "opens": shown_moment(opens), "closes": shown_moment(closes),
              "today": f"{now:%a} {shown_day(now.date())}"}  # the day counted from, said where it decides
    return values, "passed" if now > closes else "coming"


def deadlines_for(outcome: str, knowledge: Knowledge, facts: Mapping[str, Scalar], unknown: set[str],
                  calendar: Calendar) -> list[Worked]:
    """The outcome's deadlines whose conditions hold, worked out (those with nothing to say left out)."""
    extras = knowledge.extras.get(outcome)
    if extras is None:
        return []
    worked = []
    for deadline in (knowledge.deadlines[d] for d in extras.deadlines):
        if judge_conditions(deadline.when, deadline.unless, facts, unknown) is not None:
            continue
        result = work_out(deadline, knowledge, facts, calendar)
        if result.text:
            worked.append(result)
    return worked
