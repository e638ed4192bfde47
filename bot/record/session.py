"""The session model and the store interface every backend implements."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
from abc import ABC, abstractmethod
from contextlib import AbstractAsyncContextManager
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from bot.messages import Draft
from bot.pack.model import Scalar
from bot.reading.model import Evidence

log = logging.getLogger(__name__)
PendingKind = Literal["situation", "fact", "confirm", "change"]


class Pending(BaseModel):
    """The question the member is expected to answer next."""

    kind: PendingKind
    token: str
    fact: str | None = None
    options: list[str] = Field(default_factory=list)  # choice ids in the order shown (for "answer 2")
    proposed: Scalar | None = None  # a hedged answer's reading, asked back ("shall I take that as Yes?")


class Snapshot(BaseModel):
    """The answer state before one answer, so that `back` can undo it."""

    tree: str | None
    facts: dict[str, Scalar]
    unknown: list[str]
    prefilled: dict[str, Scalar]
    reopened: list[str] = Field(default_factory=list)


class DayCount(BaseModel):
    """A number of days ago the member said, and the day it counts back to (fixed when it was said, so a
    conversation that goes on the next day keeps the same date)."""

    days: float
    start: date


class Session(BaseModel):
    key: str
    policy_version: str
    tree: str | None = None
    facts: dict[str, Scalar] = Field(default_factory=dict)
    unknown: list[str] = Field(default_factory=list)  # facts the member answered "I don't know"
    prefilled: dict[str, Scalar] = Field(default_factory=dict)  # read from their words, not yet confirmed
    reopened: list[str] = Field(default_factory=list)  # facts the member picked to change: asked again
    evidence: list[Evidence] = Field(default_factory=list)
    # what the first message says once a fact it did not tell is answered: fact → value → facts read then
    # ("I ended the contract" names the freelancer only once the member says they are the freelancer)
    read_if: dict[str, dict[str, dict[str, Scalar]]] = Field(default_factory=dict)
    # what it says once a fact it only implied is changed: fact → new value → fact → [value read, value then]
    # ("can I get my money back?" is the escrow until the member says the milestone was released)
    reread_if: dict[str, dict[str, dict[str, list[Scalar]]]] = Field(default_factory=dict)
    replaced: dict[str, Scalar] = Field(default_factory=dict)  # fact → the value a later message replaced
    advice: str | None = None  # the outcome of the last guidance given, to say what a correction changed
    day_counts: dict[str, DayCount] = Field(default_factory=dict)  # day-count facts → the day they count back to
    checklist: list[str] = Field(default_factory=list)  # the last guidance's evidence list, to show again
    drafts: list[Draft] = Field(default_factory=list)  # the last guidance's drafts, for the platforms' buttons
    more: str = ""  # the last guidance's "More" section, for a platform that opens it on a click (Slack)
    more_of: str = ""  # the id of that guidance: a click on an older card's button opens nothing
    pending: Pending | None = None
    answered: str = ""  # the question token and choice of the last click applied: the same again is a double click
    history: list[Snapshot] = Field(default_factory=list)
    questions_asked: int = 0
    turns: int = 0
    done: bool = False
    created_at: float = Field(default_factory=time.time)
    updated_at: float = Field(default_factory=time.time)

    def snapshot(self) -> Snapshot:
        return Snapshot(tree=self.tree, facts=dict(self.facts), unknown=list(self.unknown),
                        prefilled=dict(self.prefilled), reopened=list(self.reopened))

    def restore(self, snapshot: Snapshot) -> None:
        self.tree, self.facts = snapshot.tree, dict(snapshot.facts)
        self.unknown, self.prefilled = list(snapshot.unknown), dict(snapshot.prefilled)
        self.reopened = list(snapshot.reopened)


def stored_key(key: str) -> str:
    """What a store keeps for a conversation key ("slack:T:C:ts:U…"): its SHA-256, so no platform user id is
    kept in clear. The store is always asked with the key itself, so nothing needs it back."""
    return "h" + hashlib.sha256(key.encode()).hexdigest()


def dump(session: Session) -> str:
    """A session as a store keeps it: JSON without its key (which holds the member's user id)."""
    return session.model_dump_json(exclude={"key"})


def restore(raw: str | bytes, key: str) -> Session:
    """A stored session, given back its key (records of earlier releases still hold one: the key asked wins)."""
    return Session.model_validate({**json.loads(raw), "key": key})


class LockLost(RuntimeError):
    """The conversation's lock expired before its turn was saved; the turn was not applied."""


class ConversationBusy(TimeoutError):
    """Another turn of the conversation (another process, a second window) held its lock for longer than a turn
    waits: this turn was not applied."""


class StoreUnavailable(Exception):
    """The store cannot be reached (down, or not answering in time): nothing was read or written."""


class SessionStore(ABC):
    """Keeps sessions by conversation key; sessions idle longer than `ttl_seconds` are gone."""

    def __init__(self, ttl_seconds: float):
        self.ttl_seconds = ttl_seconds

    @abstractmethod
    async def load(self, key: str) -> Session | None: ...

    @abstractmethod
    async def save(self, session: Session) -> None: ...

    @abstractmethod
    async def delete(self, key: str) -> None: ...

    @abstractmethod
    def lock(self, key: str) -> AbstractAsyncContextManager[None]:
        """Serialises turns of one conversation (double clicks, several processes)."""

    @abstractmethod
    async def first_time(self, token: str, ttl_seconds: float = 3600) -> bool:
        """True the first time a delivery token (a Slack event id) is seen: retries are then ignored."""

    async def purge(self) -> int:
        """Forget expired sessions and delivery tokens now; how many went. Stores that expire keys themselves
        (Redis) have nothing to do."""
        return 0

    async def ping(self) -> None:  # noqa: B027 - a local store is always there
        """Raises StoreUnavailable when the store cannot be reached: checked before anything is posted."""

    async def close(self) -> None:  # noqa: B027 - optional for stores holding no resources
        """Release connections."""


async def purge_every(store: SessionStore, seconds: float) -> None:
    """Purge the store's expired entries every `seconds`, for as long as the bot serves."""
    while True:
        await asyncio.sleep(seconds)
        try:
            removed = await store.purge()
        except Exception:  # a busy or failing disk must not end the housekeeping of a serving bot
            log.exception("purging expired sessions failed; trying again in %g s", seconds)
            continue
        if removed:
            log.info("purged %d expired sessions and delivery tokens", removed)
