"""Conversation state and the stores that keep it between turns (memory, SQLite, Redis)."""

from bot.record.session import Pending, Session, SessionStore, Snapshot, StoreUnavailable

__all__ = ["Pending", "Session", "SessionStore", "Snapshot", "StoreUnavailable"]
