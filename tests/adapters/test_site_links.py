"""With `site_url` set, /answer posts and guidance cards link each canonical answer's page on the site
(`refundbot site build`); without it, nothing changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from adapters.console import render as console_render
from adapters.discord.bot import DiscordAdapter, DiscordOptions, build_commands
from adapters.discord.render import guidance_embeds
from adapters.slack.blocks import guidance_blocks
from bot.app.runtime import make_engine
from bot.app.settings import Settings
from bot.conversation.engine import Engine
from bot.pack.loading import Knowledge
from bot.record.audit import AuditLog
from bot.record.memory import MemoryStore
from tests.conftest import FIXTURE_PACK, Member, guidance
from tests.discord_gateway import Gateway
from tests.fake_slack_api import FakeSlackAPI
from tests.slack_wire import served

SITE = "https://refunds.example.org/pack/"
PAGE = "https://refunds.example.org/pack/answers/released-money.html"


def linked_engine(knowledge: Knowledge, tmp_path: Path, site_url: str | None = SITE) -> Engine:
    return Engine(knowledge, MemoryStore(), AuditLog(tmp_path / "db.sqlite3"), site_url=site_url)


async def advice(engine: Engine):
    member = Member(engine)
    await member.say("hello")
    await member.click("refund")
    await member.say("1")  # fixed-price
    return guidance(await member.say("yes it was"))


async def test_guidance_cards_link_the_answers_they_cite(fixture_knowledge: Knowledge, tmp_path: Path) -> None:
    card = await advice(linked_engine(fixture_knowledge, tmp_path))
    assert [(c.answer_id, c.url) for c in card.citations if c.answer_id] == [("released-money", PAGE)]
    assert f"<{PAGE}|Released money is yours>" in json.dumps(guidance_blocks(card))
    assert f"[Released money is yours]({PAGE})" in str([e.fields for e in guidance_embeds(card)])
    assert f"Released money is yours ({PAGE})" in console_render(card)


async def test_without_a_site_citations_name_the_command(fixture_knowledge: Knowledge, tmp_path: Path) -> None:
    card = await advice(linked_engine(fixture_knowledge, tmp_path, site_url=None))
    assert [c.url for c in card.citations if c.answer_id] == [None]
    assert "Released money is yours (`/answer released-money`)" in json.dumps(guidance_blocks(card))
    assert linked_engine(fixture_knowledge, tmp_path, None).answer_card(
        fixture_knowledge.answers.get("keep"), "test").url is None  # type: ignore[arg-type]


async def test_slack_answer_links_the_page(fixture_knowledge: Knowledge, tmp_path: Path) -> None:
    engine = linked_engine(fixture_knowledge, tmp_path)
    async with served(engine, FakeSlackAPI(), slack_moderators=["UMOD"], database=tmp_path / "db.sqlite3") as slack:
        await slack.command("/answer", "keep", user="UMOD")
        [post] = await slack.api.wait_for("chat.postMessage", 1)
    assert post["blocks"][0]["text"]["text"] == "Released money is yours"
    assert post["blocks"][-1]["elements"][0]["text"] == f"<{PAGE}|This answer on the site>"


async def test_discord_answer_links_the_page(fixture_knowledge: Knowledge, tmp_path: Path) -> None:
    gateway = Gateway(DiscordAdapter(linked_engine(fixture_knowledge, tmp_path), DiscordOptions(moderator_role="Mods")))
    adapter = gateway.state._get_client().adapter
    answer = next(c for c in build_commands(adapter) if c.name == "answer")
    await answer.callback(gateway.command("answer", {"name": "keep"}, roles=[Gateway.MODS_ROLE]), name="keep",
                          member=None)
    embed = gateway.followups[-1]["embeds"][0]  # answered after a deferral: recording the post is a write
    assert embed["title"] == "Released money is yours" and embed["url"] == PAGE


def test_site_url_comes_from_settings_and_must_be_a_web_address(tmp_path: Path) -> None:
    settings = Settings(knowledge_dir=FIXTURE_PACK, database=tmp_path / "db.sqlite3", site_url=SITE)
    engine = make_engine(settings)
    card = engine.answer_card(engine.find_answer("keep"), "test")  # type: ignore[arg-type]
    assert card.url == PAGE
    with pytest.raises(ValidationError, match="site_url"):
        Settings(site_url="refunds.example.org")
