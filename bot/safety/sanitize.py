"""One sanitiser for member text shown back, whatever the platform.

It defuses the mention and link syntax of every platform we serve, so that text a member typed can
never notify anyone or hide a link's target when echoed. Adapters add their own escaping on top
(Slack's &amp;/&lt;/&gt;, Discord's allowed_mentions=none).
"""

from __future__ import annotations

import re

from bot.safety.redact import redact

_ZWSP = "\u200b"  # a zero-width space breaks a mention without changing what the reader sees
_AT_GROUP = re.compile(r"@(everyone|here|channel)\b", re.IGNORECASE)
_ANGLE_TOKEN = re.compile(r"<([@#!&][^>]*)>")  # <@U123>, <#C1>, <!here>, <@&role>, <!subteam^S1>
_SLACK_LINK = re.compile(r"<((?:https?|mailto):[^|>]*)\|([^>]*)>")
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")


def member_text(text: str) -> str:
    """Member text, safe to echo on any platform: no personal data, no pings, no hidden link targets."""
    text = redact(text).text
    text = _SLACK_LINK.sub(lambda m: f"{m[2]} ({m[1]})", text)
    text = _MARKDOWN_LINK.sub(lambda m: f"{m[1]} ({m[2]})", text)
    text = _ANGLE_TOKEN.sub(lambda m: f"<{m[1][0]}{_ZWSP}{m[1][1:]}>", text)
    return _AT_GROUP.sub(lambda m: f"@{_ZWSP}{m[1]}", text)
