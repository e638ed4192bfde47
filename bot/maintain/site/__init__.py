"""`refundbot site build DIR`: the knowledge pack as a static site, for moderators to link and members to read.

One page per canonical answer at a stable permalink (`answers/ID.html`, the address `site_url` links), one
page per tree with its diagram drawn at build time, and an index whose search runs in the page. Every link
is relative, so the directory can be published at any address or opened from the disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.conversation.links import answer_page, tree_page
from bot.maintain.site.pages import Site, answer_html, index_html, tree_html
from bot.pack.loading import Knowledge

MARKER = ".refundbot-site"  # marks a directory this command wrote, so a rebuild may remove its stale pages


class SiteError(Exception):
    """The site cannot be written where asked."""


@dataclass(frozen=True)
class Built:
    directory: Path
    answers: int
    trees: int
    removed: list[str]  # stale pages of an earlier build (an answer or tree no longer in the pack)


def build_site(knowledge: Knowledge, directory: Path) -> Built:
    if directory.exists() and not directory.is_dir():
        raise SiteError(f"{directory} is a file, not a directory")
    if directory.is_dir() and any(directory.iterdir()) and not (directory / MARKER).exists():
        raise SiteError(f"{directory} is not empty and was not written by `refundbot site build`; "
                        "name a new or empty directory")
    site = Site(knowledge)
    pages = {"index.html": index_html(site)}
    pages |= {answer_page(a.id): answer_html(site, a) for a in knowledge.answers}
    pages |= {tree_page(t.id): tree_html(site, t) for t in knowledge.trees.values()}
    removed = []
    for folder in ("answers", "trees"):
        for old in sorted((directory / folder).glob("*.html")):
            if f"{folder}/{old.name}" not in pages:
                old.unlink()
                removed.append(f"{folder}/{old.name}")
    for relative, html in pages.items():
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    (directory / MARKER).write_text(f"built from policy version {knowledge.version}\n", encoding="utf-8")
    return Built(directory, len(knowledge.answers), len(knowledge.trees), removed)
