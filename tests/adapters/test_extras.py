"""What an outcome offers besides its advice (evidence to gather, drafts to send) on each platform: the
console, the real Bolt app against the fake Slack API, and the Discord adapter with its fakes."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from adapters.console import Console
from bot.conversation.engine import Engine
from bot.pack.loading import Knowledge, load_knowledge
from bot.record.audit import AuditLog
from bot.record.memory import MemoryStore
from tests.adapters.test_discord import FakeInteraction, click, custom_ids, make_adapter
from tests.adapters.test_slack import served
from tests.conftest import FIXTURE_PACK
from tests.fake_slack_api import FakeSlackAPI

EXTRAS = """
outcome_extras:
  - outcome: hourly_window
    evidence:
      - text: The Work Diary for the disputed week
      - text: The messages where the client asked for the work
"""


@pytest.fixture(scope="module")
def extras_knowledge(tmp_path_factory: pytest.TempPathFactory) -> Knowledge:
    pack = tmp_path_factory.mktemp("extras") / "pack"
    shutil.copytree(FIXTURE_PACK, pack)
    (pack / "policy" / "extras.yaml").write_text(EXTRAS)
    return load_knowledge(pack)


async def test_the_console_shows_the_evidence_and_shows_it_again(extras_knowledge: Knowledge) -> None:
    engine = Engine(extras_knowledge, MemoryStore())
    out = io.StringIO()
    assert await Console(engine, io.StringIO("hello\n1\n2\n"), out, interactive=False).run() == 0
    assert "What to gather:\n- The Work Diary for the disputed week\n- The messages where" in out.getvalue()
    again = io.StringIO()
    await Console(engine, io.StringIO("checklist\n"), again, interactive=False).run()
    assert "**What to gather**" not in again.getvalue()  # terminal text, not markdown
    assert "What to gather\n- The Work Diary for the disputed week" in again.getvalue()


async def test_slack_shows_the_evidence_on_the_guidance_card(extras_knowledge: Knowledge, tmp_path: Path) -> None:
    api = FakeSlackAPI()
    engine = Engine(extras_knowledge, MemoryStore(), AuditLog(tmp_path / "db.sqlite3"))
    async with served(engine, api, database=tmp_path / "db.sqlite3") as slack:
        await slack.command("/refund", "")
        question = (await api.wait_for("chat.postMessage", 3))[2]
        await slack.click({**question, "ts": "1003.000100"}, "The client wants a refund")
        posts = await api.wait_for("chat.postMessage", 4)
        await slack.click({**posts[3], "ts": "1004.000100"}, "Hourly")
        card = (await api.wait_for("chat.postMessage", 5))[4]
        sections = [b["text"]["text"] for b in card["blocks"] if b["type"] == "section"]
        assert "*What to gather*\n- The Work Diary for the disputed week\n- The messages where the client asked for " \
               "the work" in sections, json.dumps(card["blocks"])


async def test_discord_shows_the_evidence_in_the_guidance_embed(extras_knowledge: Knowledge, tmp_path: Path) -> None:
    adapter = make_adapter(extras_knowledge, MemoryStore(), tmp_path)
    interaction = FakeInteraction(adapter)
    await adapter.on_refund(interaction, None)
    first = custom_ids(interaction.thread.send.calls[-1]["view"])[0]
    clicked = await click(adapter, first)
    hourly = next(i for i in custom_ids(clicked.followup.send.calls[-1]["view"]) if i.endswith(":hourly"))
    card = (await click(adapter, hourly)).followup.send.calls[-1]
    field = next(f for f in card["embed"].fields if f.name == "What to gather")
    assert field.value == "- The Work Diary for the disputed week\n- The messages where the client asked for the work"
