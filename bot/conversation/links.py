"""Links to the pack's published site (`refundbot site build`): the one place that knows an answer's permalink.

With `site_url` set, the engine adds each canonical answer's page to what it sends (a posted answer, the
answers a guidance card cites), so every adapter renders the link as it renders any other.
"""

from __future__ import annotations

from bot.messages import AnswerCard, Citation, Guidance, Reply


def answer_page(answer_id: str) -> str:
    """An answer's page, relative to the site's root; the site builder writes it here."""
    return f"answers/{answer_id}.html"


def tree_page(tree_id: str) -> str:
    return f"trees/{tree_id}.html"


def answer_url(site_url: str | None, answer_id: str) -> str | None:
    """The published page of a canonical answer; None without a site."""
    return f"{site_url.rstrip('/')}/{answer_page(answer_id)}" if site_url else None


def _cite(citation: Citation, site_url: str) -> Citation:
    if citation.answer_id and not citation.url:
        return citation.model_copy(update={"url": answer_url(site_url, citation.answer_id)})
    return citation


def linked(reply: Reply, site_url: str | None) -> Reply:
    """The reply with its canonical answers linked to their pages (unchanged without a site)."""
    if not site_url:
        return reply
    if isinstance(reply, AnswerCard):
        return reply.model_copy(update={"url": answer_url(site_url, reply.id)})
    if isinstance(reply, Guidance):
        return reply.model_copy(update={"citations": [_cite(c, site_url) for c in reply.citations]})
    return reply
