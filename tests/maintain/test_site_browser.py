"""The built site in a real browser (Playwright driving Debian's Chromium, served over loopback HTTP): the index
loads and its search finds answers, and a tree page's diagram renders with its nodes visible.

Where no Chromium or Playwright is installed these tests skip and say why, unless REFUNDBOT_REQUIRE_BROWSER=1
(CI, whose `.ci/run` installs Chromium), where that is a failure.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from bot.conversation.links import answer_page, tree_page
from bot.maintain.graph import graph
from bot.maintain.site import build_site
from bot.pack.loading import Knowledge, load_knowledge

CHROMIUM = Path(os.environ.get("REFUNDBOT_CHROMIUM", "/usr/bin/chromium"))


def _unavailable(reason: str) -> None:
    if os.environ.get("REFUNDBOT_REQUIRE_BROWSER") == "1":
        pytest.fail(reason + " (REFUNDBOT_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[dev]'): the site's browser tests cannot run")
    if not CHROMIUM.is_file():
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium): the site's browser tests cannot run")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM))  # Debian's: nothing is downloaded
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge(None)


@pytest.fixture(scope="module")
def site(knowledge: Knowledge, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The shipped pack's site, served over loopback HTTP as it would be published."""
    directory = tmp_path_factory.mktemp("site")
    build_site(knowledge, directory)

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that fails the test on any script error or console error (a Content-Security-Policy
    violation, a missing resource)."""
    opened = browser.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda error: problems.append(str(error)))
    opened.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    yield opened
    opened.close()
    assert problems == []


def visible_answers(page: Any) -> list[str]:
    return page.eval_on_selector_all("#answers > li:not([hidden])", "items => items.map(i => i.dataset.id)")


def test_the_index_loads_with_every_answer_and_tree(page: Any, site: str, knowledge: Knowledge) -> None:
    page.goto(site + "index.html")
    assert page.title() == knowledge.pack.name
    assert page.locator("h1").inner_text() == knowledge.pack.name
    assert sorted(visible_answers(page)) == sorted(a.id for a in knowledge.answers)
    assert page.locator("#search").is_visible()
    assert page.locator(f'a[href="{tree_page("start")}"]').is_visible()


@pytest.mark.parametrize("query", ["arbitraton fee", "escrow refund request", "job success score"])
def test_search_finds_the_answer_the_bot_would(page: Any, site: str, knowledge: Knowledge, query: str) -> None:
    page.goto(site + "index.html")
    page.locator("#search").press_sequentially(query)  # typed key by key, as a member would
    expected = knowledge.answers.search(query, limit=1)[0].answer  # `refundbot answers search`'s first hit
    found = visible_answers(page)
    assert found and found[0] == expected.id
    assert len(found) < len(knowledge.answers)
    assert "match" in page.locator("#search-status").inner_text()
    page.locator(f'#answers > li[data-id="{expected.id}"] > a').click()
    page.wait_for_url(f"**/{answer_page(expected.id)}")
    assert page.locator("h1").inner_text() == expected.title


def test_search_says_when_nothing_matches_and_clearing_it_shows_all(page: Any, site: str,
                                                                    knowledge: Knowledge) -> None:
    page.goto(site + "index.html?q=zzyzx+qwvbn")
    assert visible_answers(page) == []
    assert page.locator("#search-status").inner_text() == "No answer matches; try other words."
    page.locator("#search").fill("")
    assert len(visible_answers(page)) == len(knowledge.answers)


def test_a_tree_diagram_renders_with_its_nodes_visible(page: Any, site: str, knowledge: Knowledge) -> None:
    tree = knowledge.trees["unreleased_milestone"]
    page.goto(site + tree_page(tree.id))
    diagram = page.locator("svg.diagram")
    assert diagram.is_visible()
    box = diagram.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 300
    nodes = page.locator("svg.diagram g.node")
    assert nodes.count() == len(graph(tree, knowledge).vertices)
    start = page.locator(f'svg.diagram g.node[data-id="{tree.start}"]')
    assert start.is_visible()
    question = knowledge.facts[tree.node(tree.start).fact].question  # type: ignore[union-attr]
    drawn = " ".join(start.locator("text").all_text_contents())
    assert start.locator("text").first.is_visible() and question.startswith(drawn.rstrip("…")) and len(drawn) > 20
    # The page's own style applies (its hash is in the policy): a question is drawn light, not black on black.
    fill = start.locator("rect").first.evaluate("rect => getComputedStyle(rect).fill")
    assert fill == "rgb(255, 248, 225)"
    for index in range(nodes.count()):
        shape = nodes.nth(index).bounding_box()
        assert shape is not None and shape["width"] > 50 and shape["height"] > 20
    # An outcome's shape links to its advice below the diagram.
    outcome = tree.outcomes[0]
    page.locator(f'svg.diagram g.node[data-id="{outcome.id}"]').click()
    page.wait_for_url(f"**#outcome-{outcome.id}")
    assert page.locator(f"#outcome-{outcome.id}").is_visible()
