"""Shared fixtures: the small fixture pack, a real engine on an in-memory store, a conversation driver."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.conversation.engine import Engine
from bot.messages import ConversationKey, Guidance, Inbound, Question, Reply
from bot.pack.loading import Knowledge, load_knowledge
from bot.record.audit import AuditLog
from bot.record.memory import MemoryStore
from tests.redis_server import redis_server

FIXTURE_PACK = Path(__file__).parent / "fixtures" / "pack"


@pytest.fixture(scope="session")
def fixture_knowledge() -> Knowledge:
    return load_knowledge(FIXTURE_PACK)


@pytest.fixture
def engine(fixture_knowledge: Knowledge, tmp_path: Path) -> Engine:
    return Engine(fixture_knowledge, MemoryStore(ttl_seconds=3600), AuditLog(tmp_path / "audit.sqlite3"))


class Member:
    """One member talking to an engine: send text or click choices, keep the last question."""

    def __init__(self, engine: Engine, user: str = "u1", platform: str = "test"):
        self.engine = engine
        self.key = ConversationKey(platform=platform, channel="c", thread="t", user=user)
        self.question: Question | None = None

    async def say(self, text: str) -> list[Reply]:
        return self._keep(await self.engine.handle(Inbound(key=self.key, text=text)))

    async def click(self, choice: str, token: str | None = None) -> list[Reply]:
        token = token if token is not None else (self.question.token if self.question else None)
        return self._keep(await self.engine.handle(Inbound(key=self.key, choice=choice, question=token)))

    def _keep(self, replies: list[Reply]) -> list[Reply]:
        questions = [r for r in replies if isinstance(r, Question)]
        self.question = questions[-1] if questions else None
        return replies


def last(replies: list[Reply]) -> Reply:
    return replies[-1]


def guidance(replies: list[Reply]) -> Guidance:
    found = [r for r in replies if isinstance(r, Guidance)]
    assert found, f"expected guidance, got {replies}"
    return found[0]


@pytest.fixture
def member(engine: Engine) -> Member:
    return Member(engine)


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    with redis_server() as url:
        yield url
