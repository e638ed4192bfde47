"""Fitting text into a platform's size limits: clipped with an ellipsis, or split at line breaks."""

from __future__ import annotations


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def split(text: str, limit: int) -> list[str]:
    """Parts of at most `limit` characters, cut at line breaks where possible."""
    parts: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        cut = cut if cut > 0 else limit
        parts.append(text[:cut])
        text = text[cut:].lstrip("\n")
    return [*parts, text] if text else parts
