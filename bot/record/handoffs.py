"""Handoffs waiting for a person: a member asked for a moderator and none has answered in the thread yet.

They live beside the sessions (in memory, in the SQLite file, in Redis) so that a restart or another
instance keeps the timer. A record holds where to post and a summary with no personal data; never a user id.
Each step (reminded, escalated) is taken with a compare-and-set on the stage, so that two instances
checking at once take it once.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel

Stage = Literal["asked", "reminded"]


class Handoff(BaseModel):
    platform: str
    channel: str  # where the conversation is (a Slack channel; a Discord thread or channel)
    thread: str = ""  # Slack's thread_ts; empty on Discord, where a thread is a channel
    conversation: str  # the conversation key's digest, for logs
    mention: str  # whom to call: a Slack user group id, a Discord role id (resolved when asked)
    summary: str  # neutral markdown: the facts as confirmed, the path, the advice; nothing the member typed
    link: str = ""  # to the conversation, for the escalation channel
    stage: Stage = "asked"
    asked_at: float
    due_at: float  # when the next step (reminder, then escalation) is due

    @property
    def place(self) -> str:
        return place_of(self.platform, self.channel, self.thread)


def place_of(platform: str, channel: str, thread: str = "") -> str:
    """One pending handoff per conversation place."""
    return f"{platform}:{channel}:{thread}"


class HandoffStore(ABC):
    @abstractmethod
    async def add(self, handoff: Handoff) -> bool:
        """False when a handoff is already waiting in that place (a double click asks once)."""

    @abstractmethod
    async def get(self, place: str) -> Handoff | None: ...

    @abstractmethod
    async def remove(self, place: str) -> bool:
        """A moderator answered: True when a handoff was waiting there."""

    @abstractmethod
    async def due(self, platform: str, now: float) -> list[Handoff]: ...

    @abstractmethod
    async def advance(self, handoff: Handoff, then: Handoff | None) -> bool:
        """Replace `handoff` (still at its stage) by `then`, or remove it if None; False when another
        instance took that step first or a moderator answered meanwhile."""

    @abstractmethod
    async def count(self) -> int: ...

    async def close(self) -> None:  # noqa: B027 - optional for stores holding no resources
        """Release connections."""


class MemoryHandoffs(HandoffStore):
    def __init__(self, clock: Callable[[], float] = time.time):
        self._clock = clock
        self._waiting: dict[str, str] = {}  # place → JSON, like the other stores

    async def add(self, handoff: Handoff) -> bool:
        if handoff.place in self._waiting:
            return False
        self._waiting[handoff.place] = handoff.model_dump_json()
        return True

    async def get(self, place: str) -> Handoff | None:
        raw = self._waiting.get(place)
        return Handoff.model_validate_json(raw) if raw else None

    async def remove(self, place: str) -> bool:
        return self._waiting.pop(place, None) is not None

    async def due(self, platform: str, now: float) -> list[Handoff]:
        waiting = [Handoff.model_validate_json(raw) for raw in self._waiting.values()]
        return sorted((h for h in waiting if h.platform == platform and h.due_at <= now), key=lambda h: h.due_at)

    async def advance(self, handoff: Handoff, then: Handoff | None) -> bool:
        current = await self.get(handoff.place)
        if current is None or current.stage != handoff.stage:
            return False
        if then is None:
            del self._waiting[handoff.place]
        else:
            self._waiting[handoff.place] = then.model_dump_json()
        return True

    async def count(self) -> int:
        return len(self._waiting)
