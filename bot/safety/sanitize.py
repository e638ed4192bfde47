"""One sanitiser for member text shown back, whatever the platform.

It removes terminal escape sequences and control and formatting characters (a reply echoed on a
console must not retitle or clear it; bidi overrides must not reorder what a reader sees), and defuses
the mention and link syntax of every platform we serve, so that text a member typed can never notify
anyone or hide a link's target when echoed: links are spelled out again and again until none is left, so a
link nested in a link's label cannot survive the first pass. Member text quoted inside the bot's own words
is also markdown-escaped (`quoted`). Adapters add their own escaping on top (Slack's &amp;/&lt;/&gt;,
Discord's allowed_mentions=none).
"""

from __future__ import annotations

import re
import unicodedata

from bot.safety import markdown
from bot.safety.redact import redact

_ZWSP = "\u200b"  # a zero-width space breaks a mention without changing what the reader sees
_AT_GROUP = re.compile(r"@(everyone|here|channel)\b", re.IGNORECASE)
_ANGLE_TOKEN = re.compile(r"<([@#!&][^>]*)>")  # <@U123>, <#C1>, <!here>, <@&role>, <!subteam^S1>
_SLACK_LINK = re.compile(r"<((?:https?|mailto):[^|>]*)\|([^>]*)>")
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
# Whole escape sequences, so that no "[2J" is left behind: CSI (ESC [ or 0x9b), OSC/DCS/PM/APC strings
# ended by BEL or ST, and two-character escapes.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b[\]P^_X]|[\x90\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
_MAX_PASSES = 50


def strip_controls(text: str) -> str:
    """Text without escape sequences, control characters (other than newline and tab), formatting
    characters (zero-width, bidi overrides, soft hyphens) and private-use characters (renderers use some)."""
    return _NOT_PLAIN_ASCII.sub(_unless_hidden, _ESCAPES.sub("", text))


# Printable ASCII, newline and tab are never hidden: only the other characters are looked up (members write mostly
# ASCII, and a 2,000-character message was otherwise looked up character by character).
_NOT_PLAIN_ASCII = re.compile(r"[^\t\n\x20-\x7e]+")


def _unless_hidden(run: re.Match[str]) -> str:
    return "".join(ch for ch in run[0] if unicodedata.category(ch) not in ("Cc", "Cf", "Co"))


def member_text(text: str) -> str:
    """Member text, safe to echo on any platform: no control characters, no personal data, no pings, no
    hidden link targets."""
    for _ in range(_MAX_PASSES):  # to a fixed point: "[[label](x)](https://evil)" is a link again after one pass
        before = text
        text = redact(strip_controls(text)).text  # again: a link spelled out can form personal data
        text = _SLACK_LINK.sub(lambda m: f"{m[2]} ({m[1]})", text)
        text = _MARKDOWN_LINK.sub(lambda m: f"{m[1]} ({m[2]})", text)
        if text == before:
            break
    else:  # a backstop: every pass shortens what is left to match, but no link syntax may ever remain
        text = text.replace("](", "] (").replace("|", "¦")
    text = _ANGLE_TOKEN.sub(lambda m: f"<{m[1][0]}{_ZWSP}{m[1][1:]}>", text)
    return _AT_GROUP.sub(lambda m: f"@{_ZWSP}{m[1]}", text)


def quoted(text: str, limit: int = 60) -> str:
    """Member text to quote inside the bot's own markdown (an error saying what was not understood): safe,
    on one line, clipped, and escaped so that it is shown as typed, never formatted or linked."""
    text = " ".join(member_text(text).split())
    return markdown.escape(text if len(text) <= limit else text[: limit - 1] + "…")
