"""Limits that keep one member or one conversation from monopolising a community bot."""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable
from typing import Literal, Protocol

from pydantic import BaseModel, Field


class Limits(BaseModel):
    max_message_chars: int = Field(default=2000, gt=0, description="Longer messages are refused, not truncated.")
    rate_limit_messages: int = Field(default=20, gt=0, description="Messages one member may send per window.")
    rate_limit_seconds: float = Field(default=60, gt=0, description="The rate limit's sliding window.")
    max_conversation_age_seconds: float = Field(
        default=7 * 86400, gt=0, description="An older conversation is closed and starts afresh."
    )
    max_turns: int = Field(default=60, gt=0, description="A conversation with more turns is closed.")
    turns_at_once: int = Field(
        default=8, gt=0, description="Turns one process works on at once; more wait, outside the event loop's "
        "ready queue, so that a platform's acknowledgements never queue behind a backlog of turns.")


Verdict = Literal["allow", "warn", "silent"]


class Limiter(Protocol):
    """A per-member limit: this process's own (`RateLimiter`), or one shared through Redis."""

    async def admit(self, who: str) -> tuple[Verdict, float]: ...


class RateLimiter:
    """A sliding-window limit per member, in this process (several processes each apply their own).

    Members are kept least recently active first, so those idle for a whole window are dropped from the
    front as time passes, in constant time per message; past `max_members` active at once, the least
    recently active are dropped too (they lose their count, never their access).
    """

    def __init__(self, max_events: int, per_seconds: float, clock: Callable[[], float] = time.monotonic,
                 max_members: int = 100_000):
        self.max_events, self.per_seconds, self.clock = max_events, per_seconds, clock
        self.max_members = max_members
        self._events: OrderedDict[str, deque[float]] = OrderedDict()
        self._warned: set[str] = set()  # members told to slow down since their last allowed event

    def check(self, who: str) -> Verdict:
        """`allow` (and the event counted); or, over the limit, `warn` the first time and `silent` after,
        until an event is allowed again: a limit that answers every refused message limits nothing."""
        if self.allow(who):
            self._warned.discard(who)
            return "allow"
        if who in self._warned:
            return "silent"
        self._warned.add(who)
        return "warn"

    async def admit(self, who: str) -> tuple[Verdict, float]:
        """`check`, and the seconds until an action is allowed again (the shared limiter's interface)."""
        verdict = self.check(who)
        return verdict, 0.0 if verdict == "allow" else self.retry_after(who)

    def allow(self, who: str) -> bool:
        """Record one event for `who`; False (and nothing recorded) when over the limit."""
        now = self.clock()
        self._forget_idle(now)
        events = self._events.get(who)
        if events is None:
            events = self._events[who] = deque()
        else:
            self._events.move_to_end(who)
        while events and events[0] <= now - self.per_seconds:
            events.popleft()
        if len(events) >= self.max_events:
            return False
        events.append(now)
        return True

    def _forget_idle(self, now: float) -> None:
        while self._events:
            who, events = next(iter(self._events.items()))
            if len(self._events) < self.max_members and events and events[-1] > now - self.per_seconds:
                return
            del self._events[who]
            self._warned.discard(who)

    def retry_after(self, who: str) -> float:
        events = self._events.get(who)
        return max(0.0, events[0] + self.per_seconds - self.clock()) if events else 0.0

    def __len__(self) -> int:
        return len(self._events)
