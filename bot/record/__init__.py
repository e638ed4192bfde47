"""Conversation state and the stores that keep it between turns (memory, SQLite, Redis)."""

from bot.record.session import Pending, PendingKind, Session, SessionStore, Snapshot, StoreUnavailable

__all__ = ["Pending", "PendingKind", "Session", "SessionStore", "Snapshot", "StoreUnavailable"]
