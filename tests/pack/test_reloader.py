"""Hot reload while serving: good edits are picked up, broken ones refused, conversations keep their version."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import threading
from pathlib import Path

import pytest

from bot.conversation.engine import Engine
from bot.pack import loading, reloader
from bot.pack.loading import load_knowledge
from bot.pack.reloader import install_sighup, start_reloader
from bot.pack.versions import KnowledgeLibrary, ReloadResult
from bot.record.memory import MemoryStore
from tests.conftest import FIXTURE_PACK, Member, guidance

TREES = "policy/trees.yaml"


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(FIXTURE_PACK, target)
    return target


def edit(pack: Path, old: str, new: str) -> None:
    path = pack / TREES
    path.write_text(path.read_text().replace(old, new))


async def wait_for(results: list[ReloadResult], count: int) -> None:
    for _ in range(200):
        if len(results) >= count:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"no reload after the edit: {results}")


async def test_edits_are_reloaded_and_broken_ones_refused_while_conversations_go_on(pack: Path) -> None:
    library = KnowledgeLibrary(load_knowledge(pack))
    first_version = library.current.version
    engine = Engine(library, MemoryStore())
    results: list[ReloadResult] = []
    task = start_reloader(library, interval=0.01, on_result=results.append)
    try:
        early = Member(engine, "early")
        await early.say("hi")
        await early.click("refund")

        edit(pack, 'title: Keep it', 'title: Keep every cent')
        await wait_for(results, 1)
        assert results[0].ok and results[0].changed and library.current.version != first_version

        edit(pack, "goto: return_escrow}", "goto: nowhere}")  # broken: refused, last good version kept
        await wait_for(results, 2)
        assert not results[1].ok
        assert "unknown node or outcome 'nowhere'" in results[1].summary()
        good_version = library.current.version
        assert good_version == results[0].version

        early_advice = guidance(await early.click("fixed") + await early.click("yes"))
        assert early_advice.title == "Keep it", "a conversation finishes on the version it started with"
        late = Member(engine, "late")
        await late.say("hi")
        await late.click("refund")
        await late.click("fixed")
        assert guidance(await late.click("yes")).title == "Keep every cent"
    finally:
        task.cancel()


async def test_sighup_reloads_at_once(pack: Path) -> None:
    library = KnowledgeLibrary(load_knowledge(pack))
    assert install_sighup(library)
    try:
        edit(pack, 'title: Keep it', 'title: Keep it all')
        os.kill(os.getpid(), signal.SIGHUP)
        for _ in range(100):
            await asyncio.sleep(0.01)
            if library.current.trees["refund"].outcome("keep").title == "Keep it all":
                break
        assert library.current.trees["refund"].outcome("keep").title == "Keep it all"
    finally:
        asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)


def test_a_reload_that_changes_nothing_says_so(pack: Path) -> None:
    library = KnowledgeLibrary(load_knowledge(pack))
    result = library.reload()
    assert result.ok and not result.changed
    assert result.summary() == f"Policy {library.current.version} is already loaded; nothing changed."


async def test_the_watcher_reads_files_only_when_they_change_and_never_on_the_loop(
        pack: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    looks: list[str] = []
    hashed: list[str] = []

    def stamp(directory: Path) -> object:
        looks.append(threading.current_thread().name)
        return loading.content_stamp(directory)

    def version(directory: Path) -> str:
        hashed.append(threading.current_thread().name)
        return loading.content_version(directory)

    monkeypatch.setattr(reloader, "content_stamp", stamp)
    monkeypatch.setattr(reloader, "content_version", version)
    library = KnowledgeLibrary(load_knowledge(pack))
    results: list[ReloadResult] = []
    task = start_reloader(library, interval=0.001, on_result=results.append)
    try:
        while len(looks) < 20:
            await asyncio.sleep(0.001)
        assert len(hashed) == 1, "the content is hashed once, then only when the files' stamps change"
        edit(pack, 'title: Keep it', 'title: Keep it all')
        await wait_for(results, 1)
        assert results[0].changed and len(hashed) == 2
        assert threading.main_thread().name not in hashed, "hashing happens off the event loop"
    finally:
        task.cancel()
