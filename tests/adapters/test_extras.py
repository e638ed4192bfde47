"""What an outcome offers besides its advice (evidence to gather, drafts to send) on each platform: the
console, the real Bolt app against the fake Slack API, and the Discord adapter with its fakes."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from adapters.console import Console
from adapters.discord.render import MESSAGE_LIMIT, drafts_content
from adapters.discord.views import NOT_YOURS
from adapters.slack.blocks import NOT_YOURS as NOT_YOURS_SLACK
from adapters.slack.blocks import SECTION_LIMIT, drafts_blocks
from bot.conversation.engine import Engine
from bot.messages import Draft, Drafts
from bot.pack.loading import Knowledge, load_knowledge
from bot.record.audit import AuditLog
from bot.record.memory import MemoryStore
from tests.adapters.test_discord import FakeInteraction, click, custom_ids, make_adapter
from tests.adapters.test_discord_limits import EPHEMERAL, make, mention, pressable, walk
from tests.conftest import FIXTURE_PACK
from tests.fake_slack_api import FakeSlackAPI
from tests.slack_wire import Slack, served

EXTRAS = """
outcome_extras:
  - outcome: hourly_window
    evidence:
      - text: The Work Diary for the disputed week
      - text: The messages where the client asked for the work
    drafts:
      - id: to_client
        to: other_party
        title: A message to the client
        template: |
          Hello,
          The hours on our {{ contract_type }} contract were tracked <in the app> & described.
"""
DRAFT = "Hello,\nThe hours on our hourly contract were tracked <in the app> & described."


@pytest.fixture(scope="module")
def extras_knowledge(tmp_path_factory: pytest.TempPathFactory) -> Knowledge:
    pack = tmp_path_factory.mktemp("extras") / "pack"
    shutil.copytree(FIXTURE_PACK, pack)
    (pack / "policy" / "extras.yaml").write_text(EXTRAS)
    return load_knowledge(pack)


async def hourly_card(slack: Slack, api: FakeSlackAPI) -> dict:
    """/refund, then "The client wants a refund" and "Hourly": the guidance card posted."""
    await slack.command("/refund", "")
    question = (await api.wait_for("chat.postMessage", 3))[2]
    await slack.click({**question, "ts": "1003.000100"}, "The client wants a refund")
    posts = await api.wait_for("chat.postMessage", 4)
    await slack.click({**posts[3], "ts": "1004.000100"}, "Hourly")
    return (await api.wait_for("chat.postMessage", 5))[4]


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
        card = await hourly_card(slack, api)
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


async def test_the_console_offers_the_drafts_after_the_guidance(extras_knowledge: Knowledge) -> None:
    engine = Engine(extras_knowledge, MemoryStore())
    out = io.StringIO()
    await Console(engine, io.StringIO("hello\n1\n2\n"), out, interactive=False).run()
    shown = out.getvalue()
    assert shown.index("See:") < shown.index("Drafts to send:")  # offered after the guidance
    assert f"--- A message to the client ---\n{DRAFT}\n---" in shown
    again = io.StringIO()
    await Console(engine, io.StringIO("drafts\n"), again, interactive=False).run()
    assert f"--- A message to the client ---\n{DRAFT}\n---" in again.getvalue()


async def test_slack_shows_the_drafts_only_to_the_member(extras_knowledge: Knowledge, tmp_path: Path) -> None:
    api = FakeSlackAPI()
    engine = Engine(extras_knowledge, MemoryStore(), AuditLog(tmp_path / "db.sqlite3"))
    async with served(engine, api, database=tmp_path / "db.sqlite3") as slack:
        card = await hourly_card(slack, api)
        assert "Hello," not in json.dumps(card["blocks"]), "drafts are never posted in the thread"
        await slack.click({**card, "ts": "1005.000100", "thread_ts": "1001.000100"}, "Drafts to send")
        private = (await api.wait_for("chat.postEphemeral", 1))[0]
        assert private["user"] == "U1"
        code = next(b["text"]["text"] for b in private["blocks"] if b["type"] == "section")
        assert code == "```Hello,\nThe hours on our hourly contract were tracked &lt;in the app&gt; &amp; described.```"
        await slack.click({**card, "ts": "1005.000100", "thread_ts": "1001.000100"}, "Drafts to send", user="U2")
        other = (await api.wait_for("response", 1))[0]  # the button's owner check: privately, and nothing else
        assert other == {"text": NOT_YOURS_SLACK, "response_type": "ephemeral", "replace_original": False}
        assert len(api.posted("chat.postEphemeral")) == 1


async def test_discord_shows_the_drafts_ephemeral_to_the_member(extras_knowledge: Knowledge, tmp_path: Path) -> None:
    adapter = make_adapter(extras_knowledge, MemoryStore(), tmp_path)
    interaction = FakeInteraction(adapter)
    await adapter.on_refund(interaction, None)
    first = custom_ids(interaction.thread.send.calls[-1]["view"])[0]
    clicked = await click(adapter, first)
    hourly = next(i for i in custom_ids(clicked.followup.send.calls[-1]["view"]) if i.endswith(":hourly"))
    card = (await click(adapter, hourly)).followup.send.calls[-1]
    assert "Hello," not in str(card["embed"].to_dict())
    assert "rb:d:7" in custom_ids(card["view"]), "the drafts button carries its member, like every other"
    shown = (await click(adapter, "rb:d:7")).response.send_message.calls[0]
    assert shown["ephemeral"] is True and shown["allowed_mentions"].everyone is False
    assert shown["content"] == f"**Drafts to send**\nA message to the client\n```\n{DRAFT}\n```"


async def test_discord_turns_away_another_members_drafts_click(extras_knowledge: Knowledge, tmp_path: Path) -> None:
    """Dispatched by discord.py itself: the button's interaction_check refuses anyone but its member."""
    gateway, adapter = make(extras_knowledge, tmp_path)
    await mention(gateway, adapter, "")
    thread_id = gateway.http.threads[0]
    card = await walk(gateway, gateway.http.sent[-1][1], ":refund", ":hourly", channel_id=thread_id)
    drafts = pressable(card, "rb:d:7")
    await gateway.deliver(gateway.press(card, drafts, user_id=8, channel_id=thread_id))
    refusal = gateway.responses[-1]["data"]
    assert refusal["content"] == NOT_YOURS and refusal["flags"] == EPHEMERAL
    await gateway.deliver(gateway.press(card, drafts, channel_id=thread_id))
    shown = gateway.responses[-1]["data"]
    assert shown["flags"] == EPHEMERAL and shown["content"].startswith("**Drafts to send**\nA message to the client")
    assert shown["allowed_mentions"]["parse"] == []


def test_long_drafts_go_in_several_discord_messages_each_block_whole() -> None:
    drafts = Drafts(heading="Drafts to send", drafts=[
        Draft(id=f"d{n}", to="other_party", title=f"Draft {n}", text=("word " * 300).strip()) for n in range(3)])
    contents = drafts_content(drafts)
    assert len(contents) > 1 and all(len(c) <= MESSAGE_LIMIT for c in contents)
    assert all(c.count("```") % 2 == 0 for c in contents), "no code block is left open"
    assert sum(c.count("word") for c in contents) == 900, "nothing is cut"


def test_long_drafts_on_slack_are_split_before_escaping() -> None:
    drafts = Drafts(heading="Drafts to send", drafts=[
        Draft(id="d", to="other_party", title="A & B", text="fees & costs " * 400)])
    sections = [b["text"]["text"] for b in drafts_blocks(drafts) if b["type"] == "section"]
    assert len(sections) > 1 and all(len(s) <= SECTION_LIMIT for s in sections)
    assert all(s.startswith("```") and s.endswith("```") for s in sections)
    assert sum(s.count("&amp;") for s in sections) == 400 and "& " not in "".join(sections)
