"""Conversations whose policy version is gone (a restart, or more reloads than are kept) carry on or restart,
with a clear word to the member, on every adapter's path: clicks, typed answers and resumes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.conversation.engine import Engine
from bot.conversation.migrate import CLOSED, UPDATED
from bot.messages import Question, Text
from bot.pack.loading import load_knowledge
from bot.pack.versions import KEEP_VERSIONS, KnowledgeLibrary
from bot.record.memory import MemoryStore
from tests.conftest import FIXTURE_PACK, Member, guidance, last

TREES, FACTS = "policy/trees.yaml", "policy/facts.yaml"


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(FIXTURE_PACK, target)
    return target


def edit(pack: Path, file: str, old: str, new: str) -> None:
    path = pack / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def rename_refund_tree(pack: Path) -> None:
    edit(pack, TREES, "  - id: refund\n", "  - id: refund_request\n")
    edit(pack, "tests/tests.yaml", "refund", "refund_request")


def rename_catalog_choice(pack: Path) -> None:
    edit(pack, FACTS, "{id: catalog,", "{id: catalog_project,")
    edit(pack, TREES, "one_of: [fixed, catalog]", "one_of: [fixed, catalog_project]")
    edit(pack, "policy/points.yaml", "equals: catalog}", "equals: catalog_project}")


async def started(pack: Path, store: MemoryStore) -> Member:
    """A member on the refund tree, asked the contract type, on the pack as it is now."""
    member = Member(Engine(load_knowledge(pack), store))
    await member.say("hi")
    await member.click("refund")
    assert member.question and member.question.prompt == "What kind of contract is it?"
    return member


def texts(replies: list) -> list[str]:
    return [r.markdown for r in replies if isinstance(r, Text)]


async def test_a_click_after_a_restart_that_removed_its_tree_starts_over(pack: Path) -> None:
    store = MemoryStore()
    before = await started(pack, store)
    rename_refund_tree(pack)
    after = Member(Engine(load_knowledge(pack), store))  # restarted: only the new version is held
    replies = await after.click("fixed", token=before.question.token)  # type: ignore[union-attr]
    assert texts(replies)[0] == CLOSED
    question = last(replies)
    assert isinstance(question, Question) and [c.id for c in question.choices][:2] == ["refund_request", "waiting"]
    await after.click("refund_request")
    await after.click("fixed")
    assert guidance(await after.click("yes")).outcome == "keep"


async def test_a_typed_answer_after_the_version_was_evicted_by_reloads(pack: Path) -> None:
    store = MemoryStore()
    library = KnowledgeLibrary(load_knowledge(pack))
    member = Member(Engine(library, store))
    await member.say("hi")
    await member.click("refund")
    rename_refund_tree(pack)
    for n in range(KEEP_VERSIONS):  # each reload a new version; the conversation's own is pushed out
        edit(pack, TREES, "title: Keep it", f"title: Keep it {n}")
        assert library.reload().changed
        edit(pack, TREES, f"title: Keep it {n}", "title: Keep it")
    replies = await member.say("fixed price")
    assert texts(replies)[0] == CLOSED
    assert isinstance(last(replies), Question)


async def test_a_conversation_whose_tree_remains_carries_on_silently(pack: Path) -> None:
    store = MemoryStore()
    before = await started(pack, store)
    edit(pack, TREES, "title: Keep it", "title: Keep every cent")
    after = Member(Engine(load_knowledge(pack), store))
    replies = await after.click("fixed", token=before.question.token)  # type: ignore[union-attr]
    assert texts(replies) == []
    assert guidance(await after.click("yes")).title == "Keep every cent"


async def test_a_question_that_changed_is_asked_again_and_the_member_told(pack: Path) -> None:
    store = MemoryStore()
    before = await started(pack, store)
    rename_catalog_choice(pack)
    after = Member(Engine(load_knowledge(pack), store))
    replies = await after.click("fixed", token=before.question.token)  # type: ignore[union-attr]
    assert texts(replies) == [UPDATED]
    question = last(replies)
    assert isinstance(question, Question) and question.prompt == "What kind of contract is it?"
    assert question.token != before.question.token  # type: ignore[union-attr]
    assert [c.id for c in question.choices][:3] == ["fixed", "hourly", "catalog_project"]
    await after.click("fixed")
    assert guidance(await after.click("yes")).outcome == "keep"


async def test_facts_that_no_longer_fit_are_dropped_and_asked_again(pack: Path) -> None:
    store = MemoryStore()
    member = await started(pack, store)
    await member.click("catalog")
    rename_catalog_choice(pack)
    after = Member(Engine(load_knowledge(pack), store))
    replies = await after.click("yes", token=member.question.token)  # type: ignore[union-attr]
    assert texts(replies) == [UPDATED]
    assert isinstance(last(replies), Question) and last(replies).prompt == "What kind of contract is it?"


async def test_resume_after_a_restart_that_removed_its_tree(pack: Path) -> None:
    store = MemoryStore()
    member = await started(pack, store)
    rename_refund_tree(pack)
    engine = Engine(load_knowledge(pack), store)
    assert await engine.resume(member.key) == [Text(markdown=CLOSED)]
    assert await store.load(member.key.as_string()) is None
