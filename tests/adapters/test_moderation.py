"""The review queue from both platforms: a member's Not helpful click and a moderator's "this advice is wrong"
land in `refundbot review`, export as policy tests that `policy test` runs; moderators save drafts."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode

import discord
import pytest
import yaml

from adapters.discord.bot import DiscordAdapter
from adapters.discord.moderation import VerdictSelect, on_save_draft, on_wrong_advice
from bot.app.cli import main
from bot.app.settings import Settings
from bot.conversation.engine import Engine
from bot.pack.loading import Knowledge
from bot.record.audit import AuditLog
from bot.record.draft_answers import DraftAnswers
from bot.record.memory import MemoryStore
from tests.adapters.test_discord import FakeInteraction, click, custom_ids, user
from tests.conftest import FIXTURE_PACK
from tests.discord_gateway import Gateway
from tests.fake_slack_api import FakeSlackAPI
from tests.slack_wire import Slack, served

MODERATOR = user(9, roles=[SimpleNamespace(name="Mods", id=1)])


def engine_for(knowledge: Knowledge, tmp_path: Path) -> Engine:
    return Engine(knowledge, MemoryStore(), AuditLog(tmp_path / "db.sqlite3"),
                  draft_answers=DraftAnswers(tmp_path / "drafts"))


def run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str]:
    capsys.readouterr()  # what the served app logged before this command is not its output
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


async def discord_guidance(adapter: DiscordAdapter) -> dict:
    """A member's conversation in a thread, to its guidance card (refund → hourly)."""
    interaction = FakeInteraction(adapter)
    await adapter.on_refund(interaction, None)
    clicked = await click(adapter, custom_ids(interaction.thread.send.calls[-1]["view"])[0])
    hourly = next(i for i in custom_ids(clicked.followup.send.calls[-1]["view"]) if i.endswith(":hourly"))
    return (await click(adapter, hourly)).followup.send.calls[-1]


def a_message(card: dict, content: str = "") -> SimpleNamespace:
    rows = [SimpleNamespace(children=[SimpleNamespace(custom_id=c) for c in custom_ids(card["view"])])] if card else []
    return SimpleNamespace(components=rows, content=content, jump_url="https://discord.com/channels/42/555/1")


def message_payload(gateway: Gateway, card: dict) -> dict:
    """The message a card was sent as, with its components, as Discord resolves a message command's target."""
    sent = gateway._message("556", card.get("content") or "")
    sent["components"] = card["view"].to_components()
    return sent


async def test_discord_not_helpful_and_wrong_advice_reach_the_queue_and_export_as_tests(
    fixture_knowledge: Knowledge, tmp_path: Path, capsys: pytest.CaptureFixture,
) -> None:
    engine = engine_for(fixture_knowledge, tmp_path)
    adapter = DiscordAdapter(engine, Settings(discord_moderator_role="Mods", database=tmp_path / "d").discord_options())
    card = await discord_guidance(adapter)
    not_helpful = next(i for i in custom_ids(card["view"]) if i.startswith("rb:f:") and ":no:" in i)
    thanks = await click(adapter, not_helpful)
    assert "we'll improve this advice" in thanks.followup.send.calls[0]["content"]

    gateway = Gateway(adapter)  # a member may not call advice wrong: the command tree's check refuses it
    await gateway.deliver(gateway.on_message("This advice is wrong", message_payload(gateway, card)))
    assert gateway.responses[-1]["data"]["content"] == "Only moderators can do this."
    assert gateway.responses[-1]["data"]["flags"] == 64
    moderator = FakeInteraction(adapter, member=MODERATOR)
    await on_wrong_advice(adapter, moderator, a_message(card))  # type: ignore[arg-type]
    asked = moderator.response.send_message.calls[0]
    assert asked["ephemeral"] and asked["content"] == "Which verdict should this advice have given?"
    select = asked["view"].children[0].item
    assert {o.value for o in select.options} == set(fixture_knowledge.pack.verdicts)
    menu = {"content": asked["content"], "components": asked["view"].to_components()}
    await gateway.deliver(gateway.press(menu, select.custom_id, values=["contact_support"]))  # by a member
    assert gateway.responses[-1]["data"]["content"] == "Only moderators can do this."
    picked = FakeInteraction(adapter, member=MODERATOR)
    match = VerdictSelect.__discord_ui_compiled_template__.fullmatch(select.custom_id)
    rebuilt = discord.ui.Select(custom_id=select.custom_id, options=select.options)
    rebuilt._values = ["contact_support"]
    made = await VerdictSelect.from_custom_id(picked, rebuilt, match)  # type: ignore[arg-type]
    await made.callback(picked)  # type: ignore[arg-type]
    assert picked.response.defers.calls, "answered before the report is written"
    assert picked.followup.send.calls[0]["content"].startswith("Thanks: queued for review as item 2")

    database = str(tmp_path / "db.sqlite3")
    code, out = run(capsys, "--database", database, "review")
    assert code == 0
    rows = [line.split() for line in out.splitlines()[2:4]]
    assert rows[0][0] == "1" and rows[0][3:] == ["not", "helpful", "discord", "refund/hourly_window",
                                                  "hourly_dispute_window", "-"]
    assert rows[1][0] == "2" and rows[1][3:] == ["moderator", "discord", "refund/hourly_window",
                                                  "hourly_dispute_window", "contact_support"]
    assert "facts: contract_type=hourly" in out and "path: refund/contract: = hourly" in out
    listed = json.loads(run(capsys, "--database", database, "review", "--format", "json")[1])
    assert [(i["source"], i["verdict_wanted"]) for i in listed] == [("member", None), ("moderator", "contact_support")]

    pack = tmp_path / "pack"
    shutil.copytree(FIXTURE_PACK, pack)
    for item in ("1", "2"):
        code, out = run(capsys, "--knowledge", str(pack), "--database", database, "review", "export", item)
        assert code == 0, out
    written = yaml.safe_load((pack / "tests" / "review.yaml").read_text())["tests"]
    assert written[0]["tree"] == "refund" and written[0]["facts"] == {"contract_type": "hourly"}
    assert written[0]["expect"] == {"outcome": "hourly_window"}
    assert written[1]["expect"] == {"verdict": "contact_support"}
    code, out = run(capsys, "--knowledge", str(pack), "policy", "test")
    assert code == 1  # the moderator's verdict is not what the pack gives yet: the regression test says so
    assert "FAIL tests/review.yaml" in out and "review 2:" in out and "expected verdict contact_support" in out
    assert "review 1:" not in out  # the member's item pins today's outcome, and passes
    code, out = run(capsys, "--database", database, "review")
    assert out.strip() == "The review queue is empty."


async def test_discord_moderators_save_a_message_as_a_draft(fixture_knowledge: Knowledge, tmp_path: Path) -> None:
    engine = engine_for(fixture_knowledge, tmp_path)
    adapter = DiscordAdapter(engine, Settings(discord_moderator_role="Mods", database=tmp_path / "d").discord_options())
    said = "Once a milestone is released it is yours; mail me at someone@example.org if unsure"
    moderator = FakeInteraction(adapter, member=MODERATOR)
    await on_save_draft(adapter, moderator, a_message({}, said))  # type: ignore[arg-type]
    [draft] = (tmp_path / "drafts").glob("*.yaml")
    assert draft.name in moderator.response.send_message.calls[0]["content"]
    text = draft.read_text()
    assert "someone@example.org" not in text and "on discord" in text
    answer = yaml.safe_load(text)["answers"][0]
    assert answer["id"] == "once-a-milestone-is-released-it" and answer["body"].startswith("Once a milestone")
    assert not (tmp_path / "pack").exists()  # never published: nothing but the draft was written
    gateway = Gateway(adapter)
    await gateway.deliver(gateway.on_message("Save as draft answer", gateway._message("556", said)))
    assert gateway.responses[-1]["data"]["content"] == "Only moderators can do this."
    assert len(list((tmp_path / "drafts").glob("*.yaml"))) == 1


async def shortcut(slack: Slack, callback_id: str, message: dict, user_id: str) -> int:
    payload = {"type": "message_action", "callback_id": callback_id, "team": {"id": "T1"}, "user": {"id": user_id},
               "channel": {"id": "C1"}, "trigger_id": "1.2.3", "token": "x", "response_url": f"{slack.api.url}r",
               "message_ts": message.get("ts", "1"), "message": message}
    return await slack.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")


async def test_slack_not_helpful_and_wrong_advice_reach_the_queue(
    fixture_knowledge: Knowledge, tmp_path: Path, capsys: pytest.CaptureFixture,
) -> None:
    api = FakeSlackAPI(groups={"SMODS": ["UMOD"]})
    engine = engine_for(fixture_knowledge, tmp_path)
    async with served(engine, api, slack_moderators=["SMODS"], database=tmp_path / "d") as slack:
        await slack.command("/refund", "")
        question = (await api.wait_for("chat.postMessage", 3))[2]
        await slack.click({**question, "ts": "1003.000100"}, "The client wants a refund")
        posts = await api.wait_for("chat.postMessage", 4)
        await slack.click({**posts[3], "ts": "1004.000100"}, "Hourly")
        card = {**(await api.wait_for("chat.postMessage", 5))[4], "ts": "1005.000100"}
        await slack.click(card, "Not helpful")
        await api.wait_for("chat.postEphemeral", 1)

        assert await shortcut(slack, "refund_wrong_advice", card, "U1") == 200  # not a moderator: the middleware
        refused = await api.wait_for("r", 1)
        assert refused[0] == {"text": "Only moderators can do this.", "response_type": "ephemeral",
                              "replace_original": False}
        assert await shortcut(slack, "refund_wrong_advice", card, "UMOD") == 200
        asked = (await api.wait_for("chat.postEphemeral", 2))[1]
        select = asked["blocks"][0]
        assert select["accessory"]["type"] == "static_select"
        assert {o["value"] for o in select["accessory"]["options"]} == set(fixture_knowledge.pack.verdicts)
        payload = {"type": "block_actions", "team": {"id": "T1"}, "user": {"id": "UMOD"}, "channel": {"id": "C1"},
                   "trigger_id": "1.2.3", "token": "x", "container": {"type": "message", "is_ephemeral": True},
                   "actions": [{"type": "static_select", "action_id": select["accessory"]["action_id"],
                                "block_id": select["block_id"], "action_ts": "1",
                                "selected_option": {"value": "contact_support", "text": {"type": "plain_text",
                                                                                         "text": "Contact support"}}}]}
        by_member = {**payload, "user": {"id": "U1"}, "response_url": f"{slack.api.url}r"}
        await slack.post(urlencode({"payload": json.dumps(by_member)}), "application/x-www-form-urlencoded")
        assert (await api.wait_for("r", 2))[1]["text"] == "Only moderators can do this."
        await slack.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")
        done = (await api.wait_for("chat.postEphemeral", 3))[2]
        assert done["text"].startswith("Thanks: queued for review as item 2")

        await shortcut(slack, "refund_save_draft", {"ts": "1", "text": "Escrow is refunded only for work not done"},
                       "UMOD")
        saved = (await api.wait_for("chat.postEphemeral", 4))[3]
        assert "Saved as a draft canonical answer" in saved["text"]
        assert len(list((tmp_path / "drafts").glob("*-escrow-is-refunded-only-for-work.yaml"))) == 1
        await shortcut(slack, "refund_save_draft", {"ts": "1", "text": "Something else entirely"}, "U1")
        assert (await api.wait_for("r", 3))[2]["text"] == "Only moderators can do this."
        assert len(list((tmp_path / "drafts").glob("*.yaml"))) == 1

    listed = json.loads(run(capsys, "--database", str(tmp_path / "db.sqlite3"), "review", "--format", "json")[1])
    assert [(i["source"], i["verdict_wanted"], i["guidance"]["platform"]) for i in listed] == [
        ("member", None, "slack"), ("moderator", "contact_support", "slack")]
    assert listed[0]["guidance"]["facts"] == {"contract_type": "hourly"}


def test_export_refuses_what_it_cannot_turn_into_a_test(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    audit = AuditLog(tmp_path / "db.sqlite3")
    old = asyncio.run(audit.record_guidance(platform="slack", conversation="c", tree="refund", path=[],
                                            outcome="keep", verdict="keep_released_funds", policy_version="v0"))
    audit.review.add(old, source="member")
    database = str(tmp_path / "db.sqlite3")
    pack = tmp_path / "pack"
    shutil.copytree(FIXTURE_PACK, pack)
    code, out = run(capsys, "--knowledge", str(pack), "--database", database, "review", "export", "1")
    assert code == 2 and "recorded without the facts it rests on" in out
    code, out = run(capsys, "--knowledge", str(pack), "--database", database, "review", "export", "7")
    assert code == 2 and "no review item 7" in out
    fresh = asyncio.run(audit.record_guidance(
        platform="slack", conversation="c", tree="refund", path=[], outcome="keep", verdict="keep_released_funds",
        policy_version="v1", start="refund", facts={"contract_type": "fixed", "milestone_released": True}))
    audit.review.add(fresh, source="member")
    code, out = run(capsys, "--knowledge", str(pack), "--database", database, "review", "export", "2",
                    "--verdict", "no_such_verdict")
    assert code == 2 and "no verdict called 'no_such_verdict'" in out
    assert not (pack / "tests" / "review.yaml").exists()
