"""Readiness: a store that can say whether it answers now, for the served bot's /readyz.

Each store implements it itself (SQLite, Redis; PostgreSQL when it comes), so the health endpoint
asks every configured store the same way and names the one that failed.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class Readiness(Protocol):
    readiness_name: str  # the check's name in /readyz: "sqlite", "redis", "audit"

    async def check_ready(self) -> None:
        """Return once the store answers a trivial request; raise (with the store's own error) if it cannot."""
