"""Fitting text into a platform's size limits: clipped with an ellipsis, or split at line breaks or between words."""

from __future__ import annotations

import re
from collections.abc import Callable

_LINK = re.compile(r"\[[^\]\n]*\]\([^)\s]*\)")  # a markdown link is never cut in two


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def split(text: str, limit: int, measure: Callable[[str], int] = len) -> list[str]:
    """Parts whose `measure` is at most `limit`: cut at a line break where possible, else between words, never
    inside a markdown link (unless one word alone is too long). `measure` is the length once rendered: split
    neutral markdown before escaping it, so that no `&amp;` or link of the rendered text is cut."""
    parts: list[str] = []
    while measure(text) > limit:
        cut = _cut(text, limit, measure)
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return [*parts, text] if text else parts


def _cut(text: str, limit: int, measure: Callable[[str], int]) -> int:
    low, high = 1, len(text)  # the longest prefix that fits
    while low < high:
        middle = (low + high + 1) // 2
        if measure(text[:middle]) <= limit:
            low = middle
        else:
            high = middle - 1
    links = [match.span() for match in _LINK.finditer(text)]
    for boundary in ("\n", " "):  # in the second half, so that parts are not needlessly short
        cut = text.rfind(boundary, 0, low + 1)
        while cut > low // 2:
            if not any(start < cut < end for start, end in links) and measure(text[:cut]) <= limit:
                return cut  # (a prefix can render longer than a longer one: "**a" against "**a b**")
            cut = text.rfind(boundary, 0, cut)
    return low
