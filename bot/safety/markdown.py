"""Member text inside the bot's own neutral markdown: shown as typed, never formatted or linked.

The neutral dialect (bot.messages) reads a backslash before one of its markdown characters as that
character, literally. Discord renders such escapes itself; the Slack and console renderers set escaped
characters aside before turning markdown into their own syntax, and put them back afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_SPECIAL = re.compile(r"([\\`*_~|\[\]])")
_ESCAPED = re.compile(r"\\([\\`*_~|\[\]])")
_ASIDE = 0xF0000  # Supplementary Private Use Area-A: placeholders for escaped characters
_PLACEHOLDER = re.compile("[\U000f0000-\U000f007f]")


def escape(text: str) -> str:
    """Text that neutral markdown shows exactly as written."""
    return _SPECIAL.sub(r"\\\1", text)


def set_aside(markdown: str) -> str:
    """Escaped characters replaced by placeholders that no markdown rule matches."""
    return _ESCAPED.sub(lambda m: chr(_ASIDE + ord(m[1])), markdown)


def put_back(text: str, show: Callable[[str], str] = lambda ch: ch) -> str:
    """The placeholders of `set_aside` as the characters they stand for (`show` renders one for a platform)."""
    return _PLACEHOLDER.sub(lambda m: show(chr(ord(m[0]) - _ASIDE)), text)
