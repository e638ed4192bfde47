"""`refundbot site build`: every answer and tree has its page, every link lands inside the site, and nothing the
pack says can become markup. The pages in a real browser: tests/maintain/test_site_browser.py."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from bot.app.cli import main
from bot.conversation.links import answer_page, answer_url, tree_page
from bot.maintain.graph import graph
from bot.maintain.site import build_site
from bot.pack.loading import Knowledge, load_knowledge
from tests.conftest import FIXTURE_PACK


class Page(HTMLParser):
    """What a built page holds: its links, element ids, scripts, and SVG shapes."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.scripts: list[dict[str, str | None]] = []  # attributes, and the text under "text"
        self.nodes: list[str] = []
        self.tags: list[str] = []
        self.csp = ""
        self._in_script = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append(tag)
        if found.get("id"):
            self.ids.add(found["id"] or "")
        for name in ("href", "src"):
            if found.get(name) is not None:
                self.links.append(found[name] or "")
        if tag == "script":
            self.scripts.append({**found, "text": ""})
            self._in_script = True
        if tag == "g" and "node" in (found.get("class") or "").split():
            self.nodes.append(found.get("data-id") or "")
        if tag == "meta" and found.get("http-equiv") == "Content-Security-Policy":
            self.csp = found.get("content") or ""
        if any(name.startswith("on") for name in found):
            raise AssertionError(f"an event handler attribute in <{tag}>: {found}")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = self._in_script and tag != "script"

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1]["text"] = (self.scripts[-1]["text"] or "") + data

    def runnable(self) -> list[str]:
        return [s["text"] or "" for s in self.scripts if s.get("type") != "application/json"]

    def search_index(self) -> dict:
        return json.loads(next(s["text"] or "" for s in self.scripts if s.get("type") == "application/json"))


def pages(site: Path) -> dict[Path, Page]:
    return {path: Page(path.read_text(encoding="utf-8")) for path in sorted(site.rglob("*.html"))}


def broken_links(site: Path) -> list[str]:
    """Every relative link of every page must name a file of the site, and an element id there if it has a #."""
    parsed = pages(site)
    broken = []
    for path, page in parsed.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https"):
                continue
            assert not parts.scheme and not parts.netloc, f"{path.name}: {link!r} leaves the site"
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.is_relative_to(site.resolve()) or target not in parsed:
                broken.append(f"{path.relative_to(site)}: {link}")
            elif parts.fragment and parts.fragment not in parsed[target].ids:
                broken.append(f"{path.relative_to(site)}: {link} (no such id)")
    return broken


@pytest.fixture(scope="module")
def shipped() -> Knowledge:
    return load_knowledge(None)


@pytest.fixture(scope="module")
def site(shipped: Knowledge, tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("site")
    build_site(shipped, directory)
    return directory


def test_every_answer_and_tree_has_its_page_at_its_permalink(shipped: Knowledge, site: Path) -> None:
    assert len(shipped.answers) > 0
    for answer in shipped.answers:
        text = (site / answer_page(answer.id)).read_text()
        assert f'id="answer-{answer.id}"' in text
        for source in answer.sources:  # each source with the date it was checked
            assert f"checked {source.checked.isoformat()}" in text and source.url.replace("&", "&amp;") in text
    for tree in shipped.trees.values():
        assert (site / tree_page(tree.id)).is_file()
    written = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert written == {"index.html", *(answer_page(a.id) for a in shipped.answers),
                       *(tree_page(t) for t in shipped.trees)}


def test_every_link_resolves_inside_the_site(site: Path) -> None:
    assert broken_links(site) == []


def test_index_lists_every_answer_and_carries_its_search(shipped: Knowledge, site: Path) -> None:
    index = Page((site / "index.html").read_text())
    assert {answer_page(a.id) for a in shipped.answers} <= set(index.links)
    assert {tree_page(t) for t in shipped.trees} <= set(index.links)
    data = index.search_index()
    assert {a["id"] for a in data["answers"]} == {a.id for a in shipped.answers}
    assert data["answers"][0]["terms"]
    text = (site / "index.html").read_text()
    assert "Added to any advice where it applies" in text  # points no outcome lists, with what admits them
    assert "feedback manipulation" in text and "(when feedback_threat = true)" in text


def test_the_page_policy_lets_run_only_the_index_search(site: Path) -> None:
    for path, page in pages(site).items():
        runnable = page.runnable()
        assert not any(s.get("src") for s in page.scripts), "nothing is fetched"
        if path.name == "index.html":
            digest = base64.b64encode(hashlib.sha256(runnable[0].encode()).digest()).decode()
            assert len(runnable) == 1 and f"script-src 'sha256-{digest}'" in page.csp
        else:
            assert runnable == [] and "script-src 'none'" in page.csp
        assert "default-src 'none'" in page.csp


def test_each_tree_page_draws_every_question_outcome_and_handover(shipped: Knowledge, site: Path) -> None:
    for tree in shipped.trees.values():
        page = Page((site / tree_page(tree.id)).read_text())
        assert "svg" in page.tags
        assert sorted(page.nodes) == sorted(v.id for v in graph(tree, shipped).vertices)
        assert {f"outcome-{o.id}" for o in tree.outcomes} | {f"node-{n.id}" for n in tree.nodes} <= page.ids
    start = (site / tree_page("start")).read_text()
    assert 'href="escrow_refund.html"' in start  # a handover links the tree it enters


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def hostile_pack(tmp_path: Path) -> Path:
    pack = tmp_path / "pack"
    shutil.copytree(FIXTURE_PACK, pack)
    answers = pack / "answers" / "answers.yaml"
    text = answers.read_text().replace("title: Released money is yours",
                                       f"title: 'Released money is yours {HOSTILE}'\n    outcomes: [keep]")
    text = text.replace("body: Money released for approved work is yours.",
                        "body: |\n      Money released is **yours** [see](https://example.org/a?b=1&c=2).\n"
                        "      </script><!-- " + HOSTILE + "\n      - a <b>bullet</b>")
    text = text.replace("{title: Protection, url:", "{title: 'Protection </a><a href=javascript:alert(1)>', url:", 1)
    answers.write_text(text)
    trees = pack / "policy" / "trees.yaml"
    trees.write_text(trees.read_text().replace("title: Keep it", f"title: 'Keep it {HOSTILE}'"))
    return pack


def test_nothing_the_pack_says_becomes_markup(tmp_path: Path) -> None:
    knowledge = load_knowledge(hostile_pack(tmp_path))
    site = tmp_path / "site"
    build_site(knowledge, site)
    answer = (site / answer_page("released-money")).read_text()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in answer
    assert "<strong>yours</strong>" in answer  # the pack's own Markdown still works…
    assert '<a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">see</a>' in answer
    assert "<li>a &lt;b&gt;bullet&lt;/b&gt;</li>" in answer  # …and HTML inside it stays text
    assert "javascript:" not in "".join(Page(answer).links)
    for path, page in pages(site).items():  # Page() fails on any on…= attribute
        text = path.read_text()
        assert "<script>alert" not in text and "<img" not in text, path
        assert all(link.startswith(("http", "#", "../", "answers/", "trees/", "index.html", "refund.html"))
                   for link in page.links), (path, page.links)
        assert len(page.runnable()) <= 1
    data = Page((site / "index.html").read_text()).search_index()  # one whole JSON block
    assert "released-money" in {a["id"] for a in data["answers"]}
    assert broken_links(site) == []


def test_an_answer_page_shows_the_outcomes_it_explains_and_the_advice_citing_it(tmp_path: Path) -> None:
    knowledge = load_knowledge(hostile_pack(tmp_path))
    build_site(knowledge, tmp_path / "site")
    answer = Page((tmp_path / "site" / answer_page("released-money")).read_text())
    assert "../trees/refund.html#outcome-keep" in answer.links  # explains (outcomes:)
    assert "../trees/refund.html#outcome-return_escrow" in answer.links  # cited by
    tree = (tmp_path / "site" / tree_page("refund")).read_text()
    assert 'Explained by: <a href="../answers/released-money.html">' in tree


def test_a_rebuild_removes_pages_no_longer_in_the_pack_and_a_foreign_directory_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    site = tmp_path / "site"
    assert main(["--knowledge", str(FIXTURE_PACK), "site", "build", str(site)]) == 0
    assert "Wrote 2 answer pages and 2 tree pages" in capsys.readouterr().out
    pack = tmp_path / "pack"
    shutil.copytree(FIXTURE_PACK, pack)
    answers = pack / "answers" / "answers.yaml"
    answers.write_text(answers.read_text().replace("id: auto-release", "id: automatic-release"))
    trees = pack / "policy" / "trees.yaml"
    trees.write_text(trees.read_text().replace("[auto-release]", "[automatic-release]"))
    assert main(["--knowledge", str(pack), "site", "build", str(site)]) == 0
    assert "removed answers/auto-release.html" in capsys.readouterr().out
    assert not (site / answer_page("auto-release")).exists() and (site / answer_page("automatic-release")).exists()
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "cat.jpg").write_text("meow")
    assert main(["--knowledge", str(FIXTURE_PACK), "site", "build", str(foreign)]) == 2
    assert "is not empty and was not written by `refundbot site build`" in capsys.readouterr().err
    assert [p.name for p in foreign.iterdir()] == ["cat.jpg"]


def test_answer_url_is_the_page_the_site_writes() -> None:
    assert answer_url(None, "hpp") is None
    assert answer_url("https://refunds.example.org/site/", "hpp") == "https://refunds.example.org/site/answers/hpp.html"
    assert re.fullmatch(r"answers/hpp\.html", answer_page("hpp"))
