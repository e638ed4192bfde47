"""Conversation state and the stores that keep it between turns (memory, SQLite, Redis)."""

from bot.record.session import (
    ConversationBusy,
    LockLost,
    Pending,
    PendingKind,
    Session,
    SessionStore,
    Snapshot,
    StoreUnavailable,
)

__all__ = ["ConversationBusy", "LockLost", "Pending", "PendingKind", "Session", "SessionStore", "Snapshot",
           "StoreUnavailable"]
