"""The site's pages: the index (with search), one page per canonical answer, one per tree with its diagram."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from html import escape

from bot.conversation.links import answer_page, tree_page
from bot.maintain.diagram import svg
from bot.maintain.graph import graph
from bot.maintain.site.assets import SEARCH
from bot.maintain.site.markup import blocks, inline, page
from bot.pack.answers import STOP_WORDS, weighted_words
from bot.pack.loading import Knowledge
from bot.pack.model import PLACEHOLDER, Answer, Outcome, Source, Tree

UP = "../"  # from answers/ and trees/ back to the top


@dataclass(frozen=True)
class TreeOutcome:
    """An outcome and the tree it ends."""

    outcome: Outcome
    tree: Tree


class Site:
    """What the pages say about each other: where each outcome is, which answers explain or cite it."""

    def __init__(self, knowledge: Knowledge):
        self.knowledge = knowledge
        self.outcomes = {o.id: TreeOutcome(o, t) for t in knowledge.trees.values() for o in t.outcomes}
        self.cited_by: dict[str, list[str]] = defaultdict(list)  # answer id → outcome ids citing it
        for placed in self.outcomes.values():
            for answer_id in self.cited_answers(placed.outcome):
                self.cited_by[answer_id].append(placed.outcome.id)
        self.explained_by: dict[str, list[Answer]] = defaultdict(list)  # outcome id → answers naming it
        for answer in knowledge.answers:
            for outcome_id in answer.outcomes:
                self.explained_by[outcome_id].append(answer)
        self.entered_from: dict[str, list[str]] = defaultdict(list)
        for tree in knowledge.trees.values():
            for entered in dict.fromkeys(b.enter for n in tree.nodes for b in n.branches if b.enter):
                self.entered_from[entered or ""].append(tree.id)

    def cited_answers(self, outcome: Outcome) -> list[str]:
        """The outcome's own answers, then those of the points it may add."""
        points = [self.knowledge.points[p] for p in outcome.points if p in self.knowledge.points]
        return list(dict.fromkeys([*outcome.answers, *(a for p in points for a in p.answers)]))

    def outcome_link(self, outcome_id: str, root: str) -> str:
        placed = self.outcomes.get(outcome_id)
        if placed is None:
            return f"<code>{escape(outcome_id)}</code> (no longer in the pack)"
        verdict = self.knowledge.verdict_label(placed.outcome.verdict)
        return (f'<a href="{root}{escape(tree_page(placed.tree.id))}#outcome-{escape(placed.outcome.id)}">'
                f'{escape(placed.outcome.title)}</a> <span class="verdict">{escape(verdict)}</span> '
                f'<span class="meta">in {escape(placed.tree.title)}</span>')

    def answer_link(self, answer_id: str, root: str) -> str:
        answer = self.knowledge.answers.get(answer_id)
        title = answer.title if answer else answer_id
        return f'<a href="{root}{escape(answer_page(answer_id))}">{escape(title)}</a>'


def _sources(sources: list[Source], heading: str = "h2") -> str:
    unique = list({s.url: s for s in sources}.values())
    if not unique:
        return ""
    items = "".join(f'<li><a href="{escape(s.url)}" rel="noopener noreferrer">{escape(s.title)}</a> '
                    f'<span class="meta">checked {s.checked.isoformat()}</span></li>' for s in unique)
    return f'<{heading}>Sources</{heading}><ul class="list sources">{items}</ul>'


def _list(title: str, items: list[str]) -> str:
    return f'<h2>{escape(title)}</h2><ul class="list">{"".join(f"<li>{i}</li>" for i in items)}</ul>' if items else ""


def _snippet(answer: Answer, limit: int = 180) -> str:
    text = re.sub(r"\*\*|\[([^\]]+)\]\([^)]*\)", lambda m: m[1] or "", " ".join(answer.body.split()))
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def answer_html(site: Site, answer: Answer) -> str:
    meta = [f"Permalink: <code>{escape(answer_page(answer.id))}</code>"]
    if answer.aliases:
        meta.append("also called " + ", ".join(f"<code>{escape(a)}</code>" for a in answer.aliases))
    if answer.tags:
        meta.append("tags: " + ", ".join(escape(t) for t in answer.tags))
    explains = [site.outcome_link(o, UP) for o in answer.outcomes]
    reviewed = ""
    if answer.outcomes:
        reviewed = (f'<p class="meta">Last reviewed against this advice on {answer.reviewed.checked.isoformat()}.</p>'
                    if answer.reviewed else '<p class="meta">Not yet reviewed against this advice.</p>')
    cited = [site.outcome_link(o, UP) for o in site.cited_by.get(answer.id, []) if o not in answer.outcomes]
    body = "\n".join([
        f'<article class="answer" id="answer-{escape(answer.id)}">',
        f"<h1>{escape(answer.title)}</h1>",
        f'<p class="meta">{" · ".join(meta)}</p>',
        blocks(answer.body),
        _sources(answer.sources),
        _list("The advice it explains", explains),
        reviewed,
        _list("Cited by the advice", cited),
        "</article>",
    ])
    return page(f"{answer.title} · {site.knowledge.pack.name}", body, UP)


def _point_text(site: Site, text: str) -> str:
    """A point as maintainers wrote it: its placeholders named, since no member's facts fill them here."""
    def name(match: re.Match[str]) -> str:
        fact = site.knowledge.facts.get(match[1])
        return f"[{fact.label if fact else match[1].replace('_', ' ')}]"

    return inline(PLACEHOLDER.sub(name, text))


def _outcome_section(site: Site, outcome: Outcome) -> str:
    points = [site.knowledge.points[p] for p in outcome.points if p in site.knowledge.points]
    verdict = site.knowledge.verdict_label(outcome.verdict)
    parts = [f'<section class="outcome" id="outcome-{escape(outcome.id)}">',
             f'<h3>{escape(outcome.title)} <span class="verdict">{escape(verdict)}</span></h3>',
             blocks(outcome.action)]
    if points:
        parts.append("<p>It may add, where it applies:</p><ul>"
                     + "".join(f"<li>{_point_text(site, p.text)}</li>" for p in points) + "</ul>")
    cited = [site.answer_link(a, UP) for a in site.cited_answers(outcome) if site.knowledge.answers.get(a)]
    explained = [site.answer_link(a.id, UP) for a in site.explained_by.get(outcome.id, [])]
    if cited:
        parts.append(f"<p>Canonical answers cited: {', '.join(cited)}</p>")
    if explained:
        parts.append(f"<p>Explained by: {', '.join(explained)}</p>")
    parts.append(_sources([*outcome.sources, *(s for p in points for s in p.sources)], "h4"))
    parts.append("</section>")
    return "\n".join(parts)


def tree_html(site: Site, tree: Tree) -> str:
    drawn = graph(tree, site.knowledge)
    kinds = {v.id: v for v in drawn.vertices}

    def href(vertex_id: str) -> str:
        vertex = kinds[vertex_id]
        if vertex.kind == "entry":
            return f"{vertex.target}.html" if vertex.target in site.knowledge.trees else "#"
        return f"#{vertex.kind if vertex.kind == 'outcome' else 'node'}-{vertex_id}"

    def target(vertex_id: str) -> str:
        vertex = kinds.get(vertex_id)
        if vertex is None:
            return f"<code>{escape(vertex_id)}</code>"
        label = f"tree: {vertex.label}" if vertex.kind == "entry" else vertex.label
        return f'<a href="{escape(href(vertex_id))}">{escape(label)}</a>'

    questions = []
    for node in tree.nodes:
        branches = "".join(f"<li>{escape(e.label)} → {target(e.target)}</li>" for e in drawn.edges
                           if e.source == node.id)
        note = f'<p class="meta">{escape(node.note)}</p>' if node.note else ""
        questions.append(f'<section class="question" id="node-{escape(node.id)}">'
                         f"<h3>{escape(kinds[node.id].label)}</h3>{note}<ul>{branches}</ul></section>")
    entered_from = [f'<a href="{escape(t)}.html">{escape(site.knowledge.trees[t].title)}</a>'
                    for t in site.entered_from.get(tree.id, [])]
    links = {v.id: href(v.id) for v in drawn.vertices if v.kind != "question"}
    body = "\n".join([
        f"<h1>{escape(tree.title)}</h1>",
        f'<p class="meta">Tree <code>{escape(tree.id)}</code> · for the {escape(tree.audience)}'
        + (f" · entered from {', '.join(entered_from)}" if entered_from else "") + "</p>",
        blocks(tree.description) if tree.description else "",
        f'<div class="figure">{svg(drawn, links)}</div>',
        "<h2>Questions</h2>" if questions else "",
        *questions,
        "<h2>Outcomes</h2>" if tree.outcomes else "",
        *(_outcome_section(site, o) for o in tree.outcomes),
    ])
    return page(f"{tree.title} · {site.knowledge.pack.name}", body, UP)


def _search_index(site: Site) -> str:
    data = {"stop": sorted(STOP_WORDS),
            "answers": [{"id": a.id, "terms": weighted_words(a)} for a in site.knowledge.answers]}
    # Inside <script>, "</script>" or "<!--" in an answer must not end the block: the JSON escapes < > &.
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _anywhere_points(site: Site) -> str:
    """The points any advice adds where they apply (`anywhere`), each with the condition that admits it."""
    points = [site.knowledge.points[p] for p in site.knowledge.anywhere_points]
    items = [f"{_point_text(site, p.text)} <span class=\"meta\">(when "
             f"{escape('; '.join(f'{fact} {c.description}' for fact, c in p.when.items()))})</span>" for p in points]
    return _list("Added to any advice where it applies", items)


def index_html(site: Site) -> str:
    knowledge = site.knowledge
    answers = "".join(
        f'<li data-id="{escape(a.id)}"><a href="{escape(answer_page(a.id))}">{escape(a.title)}</a>'
        + (f' <span class="meta">({escape(", ".join(a.aliases))})</span>' if a.aliases else "")
        + f"<p>{escape(_snippet(a))}</p></li>"
        for a in sorted(knowledge.answers, key=lambda a: a.title.lower()))
    trees = "".join(f'<li><a href="{escape(tree_page(t.id))}">{escape(t.title)}</a> <span class="meta">{escape(t.id)}, '
                    f"for the {escape(t.audience)}</span></li>" for t in knowledge.trees.values())
    body = "\n".join([
        f"<h1>{escape(knowledge.pack.name)}</h1>",
        f'<p class="meta">The canonical answers and decision trees of the knowledge pack, policy version '
        f"<code>{escape(knowledge.version[:12])}</code>.</p>",
        '<h2><label for="search">Canonical answers</label></h2>',
        '<input id="search" type="search" autocomplete="off" placeholder="Search the answers: escrow refund, '
        'arbitration fee…">',
        '<p id="search-status" class="meta" aria-live="polite"></p>',
        f'<ul id="answers" class="list">{answers}</ul>',
        f'<h2>Decision trees</h2><ul class="list">{trees}</ul>',
        _anywhere_points(site),
        f'<script type="application/json" id="search-index">{_search_index(site)}</script>',
    ])
    return page(knowledge.pack.name, body, "", script=SEARCH)
