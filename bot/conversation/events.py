"""What the engine tells whoever watches it (metrics, logs), one event per thing that happened.

Events carry no member text and no user id: a conversation goes by its key's digest. Adapters report
what happens on their side of the wire (a refused signature) through the same `Engine.emit`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

RefusalReason = Literal["signature", "rate_limit", "too_long", "busy"]  # busy: the conversation held elsewhere
HandoffAction = Literal["asked", "reminder", "escalation", "answered", "counted"]  # counted: a periodic check


@dataclass(frozen=True, slots=True)
class TurnHandled:
    platform: str
    conversation: str  # key digest
    policy_version: str  # the version loaded when the turn was handled
    seconds: float


@dataclass(frozen=True, slots=True)
class Refused:
    platform: str
    reason: RefusalReason
    conversation: str = ""  # empty where no conversation is known (a bad signature)


@dataclass(frozen=True, slots=True)
class GuidanceGiven:
    platform: str
    conversation: str
    tree: str
    outcome: str
    verdict: str
    policy_version: str  # the version the conversation runs on


@dataclass(frozen=True, slots=True)
class FeedbackGiven:
    helpful: bool
    recorded: bool  # False when the guidance was no longer known


@dataclass(frozen=True, slots=True)
class AnswerPosted:
    platform: str
    answer: str  # the canonical answer's id (the pack's, not the member's)
    how: str  # answer (a moderator), faq (search), follow-up, mid-conversation (a question asked while one waits)


@dataclass(frozen=True, slots=True)
class HandoffChanged:
    platform: str
    action: HandoffAction
    pending: int  # handoffs waiting in the shared store, every platform and instance together
    conversation: str = ""


Event = TurnHandled | Refused | GuidanceGiven | FeedbackGiven | AnswerPosted | HandoffChanged
Listener = Callable[[Event], None]
