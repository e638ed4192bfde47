"""HTML for the site: the pack's neutral Markdown as HTML, and the page every file is built on.

Everything from the pack is escaped before any tag is added: the only markup in a page is what these
functions write. Links are only http(s) ones, as the pack's checks require of sources.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html import escape

from bot.maintain.site.assets import STYLE

_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")
_CODE = re.compile(r"`([^`]+)`")
_BULLET = re.compile(r"^\s*[-•]\s+")
_NUMBERED = re.compile(r"^\s*\d+\.\s+")


def inline(markdown: str) -> str:
    """One run of text: escaped, then our own links, bold, italic and code restored."""
    text = escape(markdown, quote=True)
    text = _CODE.sub(r"<code>\1</code>", text)
    text = _LINK.sub(lambda m: f'<a href="{m[2]}" rel="noopener noreferrer">{m[1]}</a>', text)
    text = _BOLD.sub(r"<strong>\1</strong>", text)
    return _ITALIC.sub(r"<em>\1</em>", text)


def blocks(markdown: str) -> str:
    """Paragraphs (a blank line apart), `- ` bullet lists and `1. ` numbered lists."""
    out: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    kind = ""

    def flush() -> None:
        nonlocal kind
        if paragraph:
            out.append(f"<p>{inline(' '.join(paragraph))}</p>")
            paragraph.clear()
        if items:
            out.append(f"<{kind}>" + "".join(f"<li>{inline(i)}</li>" for i in items) + f"</{kind}>")
            items.clear()
        kind = ""

    for line in markdown.strip().splitlines():
        bullet, numbered = _BULLET.match(line), _NUMBERED.match(line)
        if not line.strip():
            flush()
        elif bullet or numbered:
            wanted = "ul" if bullet else "ol"
            if paragraph or kind != wanted:
                flush()
            kind = wanted
            items.append(line[(bullet or numbered).end():])  # type: ignore[union-attr]
        elif items:
            items[-1] += " " + line.strip()  # a list item's continued line
        else:
            paragraph.append(line.strip())
    flush()
    return "\n".join(out)


def _csp_hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"


def page(title: str, body: str, root: str, script: str = "") -> str:
    """A whole page. `root` is the relative way back to the site's top ("" or "../"), so the site works from any
    address and from the disk. The Content-Security-Policy lets run only this page's own script and style."""
    scripts = _csp_hash(script) if script else "'none'"
    policy = (f"default-src 'none'; style-src {_csp_hash(STYLE)}; img-src data:; script-src {scripts}; "
              "base-uri 'none'; form-action 'none'")
    return "\n".join([
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{escape(policy)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f'<nav><a href="{root}index.html">All answers and trees</a></nav>',
        "<main>",
        body,
        "</main>",
        f"<script>{script}</script>" if script else "",
        "</body>",
        "</html>",
        "",
    ])
