"""The Slack app over loopback: signed requests in, Web API calls out to a local fake."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from urllib.parse import urlencode

import pytest

from adapters.slack.blocks import NOT_YOURS, SECTION_LIMIT, mrkdwn, render
from bot.conversation.engine import Engine
from bot.messages import Text
from bot.pack.loading import Knowledge
from bot.record.audit import AuditLog
from bot.record.memory import MemoryStore
from tests.fake_slack_api import FakeSlackAPI
from tests.slack_wire import Slack, served


@pytest.fixture
async def slack(fixture_knowledge: Knowledge, tmp_path) -> AsyncIterator[Slack]:
    api = FakeSlackAPI(admins=frozenset({"UADMIN"}), groups={"SMODS": ["UMOD"]})
    engine = Engine(fixture_knowledge, MemoryStore(), AuditLog(tmp_path / "db.sqlite3"))
    async with served(engine, api, slack_moderators=["UCHOSEN", "SMODS"], database=tmp_path / "db.sqlite3") as client:
        yield client


async def test_a_whole_conversation_by_slash_command_and_buttons(slack: Slack) -> None:
    assert await slack.command("/refund", "") == 200
    posts = await slack.api.wait_for("chat.postMessage", 3)  # starter, welcome, situation question
    starter, _, question = posts[:3]
    assert starter["text"] == "Refund and dispute advice for <@U1>"
    assert question["thread_ts"] == "1001.000100", "the conversation lives in the starter's thread"
    assert [e["text"]["text"] for e in question["blocks"][-1]["elements"]] == [
        "The client wants a refund", "The client has not released my milestone", "Something else"]
    await slack.click({**question, "ts": "1003.000100"}, "The client wants a refund")
    posts = await slack.api.wait_for("chat.postMessage", 4)
    update = (await slack.api.wait_for("chat.update", 1))[0]
    assert update["blocks"][-1]["elements"][0]["text"] == "<@U1> chose: *The client wants a refund*"
    await slack.click({**posts[3], "ts": "1004.000100"}, "Hourly")
    posts = await slack.api.wait_for("chat.postMessage", 5)
    card = posts[4]
    assert card["blocks"][0] == {"type": "header", "text": {"type": "plain_text", "text": "Review period"}}
    assert "*Verdict:* Hourly review period" in json.dumps(card["blocks"])
    feedback = card["blocks"][-1]["elements"]
    assert [b["text"]["text"] for b in feedback] == ["Helpful", "Not helpful"]
    await slack.click({**card, "ts": "1005.000100"}, "Helpful")
    thanks = await slack.api.wait_for("chat.postEphemeral", 1)
    assert thanks[0]["text"] == "Thanks, glad it helped."


async def test_a_stale_click_is_refused_with_the_current_question(slack: Slack) -> None:
    await slack.command("/refund", "")
    question = (await slack.api.wait_for("chat.postMessage", 3))[2]
    await slack.click({**question, "ts": "1003.000100"}, "The client wants a refund")
    await slack.api.wait_for("chat.postMessage", 4)
    await slack.click({**question, "ts": "1003.000100"}, "The client has not released my milestone")
    posts = await slack.api.wait_for("chat.postMessage", 6)
    assert "already answered" in posts[4]["text"]
    assert posts[5]["text"] == "What kind of contract is it?"


async def test_mentions_and_direct_messages(slack: Slack) -> None:
    mention = {"type": "app_mention", "user": "U2", "text": "<@UBOT> hello", "ts": "50.1", "channel": "C9"}
    assert await slack.event(mention, "Ev1") == 200
    posts = await slack.api.wait_for("chat.postMessage", 2)
    assert posts[1]["thread_ts"] == "50.1" and posts[1]["channel"] == "C9"
    reply = {"type": "message", "user": "U2", "text": "2", "ts": "51.1", "thread_ts": "50.1", "channel": "C9",
             "channel_type": "channel"}
    await slack.event(reply, "Ev2")
    posts = await slack.api.wait_for("chat.postMessage", 3)
    assert posts[2]["text"] == "Did you submit the work?"
    dm = {"type": "message", "user": "U3", "text": "hi", "ts": "60.1", "channel": "D1", "channel_type": "im"}
    await slack.event(dm, "Ev3")
    posts = await slack.api.wait_for("chat.postMessage", 5)
    assert posts[4]["channel"] == "D1" and posts[4].get("thread_ts") in (None, "")


async def test_a_retried_delivery_gets_no_second_reply(slack: Slack) -> None:
    mention = {"type": "app_mention", "user": "U2", "text": "<@UBOT> hello", "ts": "70.1", "channel": "C9"}
    await slack.event(mention, "EvSame")
    await slack.api.wait_for("chat.postMessage", 2)
    assert await slack.event(mention, "EvSame", retry=1) == 200
    await asyncio.sleep(0.3)
    assert len(slack.api.posted()) == 2


async def test_bad_signatures_and_stale_timestamps_are_refused(slack: Slack) -> None:
    body = urlencode({"command": "/refund", "text": "", "user_id": "U1", "channel_id": "C1"})
    assert await slack.post(body, "application/x-www-form-urlencoded", signature="v0=" + "0" * 64) == 401
    stale = int(time.time()) - 6 * 60
    assert await slack.post(body, "application/x-www-form-urlencoded", timestamp=stale) == 401
    await asyncio.sleep(0.1)
    assert slack.api.posted() == []


async def test_the_moderator_rule_is_bolt_middleware_on_each_moderators_listener(slack: Slack) -> None:
    await slack.command("/refund-reload", "", user="UNOBODY")
    refused = (await slack.api.wait_for("response", 1))[0]
    assert refused == {"text": "Only moderators can reload the policy.", "response_type": "ephemeral",
                       "replace_original": False}
    await slack.command("/refund-reload", "", user="UMOD")
    reloaded = (await slack.api.wait_for("response", 2))[1]
    assert reloaded["text"].startswith("Policy ") and reloaded["text"].endswith("is already loaded; nothing changed.")
    slack.api.fail("users.info", "fatal_error")  # who is a moderator cannot be told: said so, nothing done
    await slack.command("/answer", "keep", user="UNOBODY")
    assert (await slack.api.wait_for("response", 3))[2]["text"].startswith("Something went wrong on my side")
    assert slack.api.posted() == []


async def test_member_text_never_notifies(slack: Slack) -> None:
    await slack.command("/refund", "<!channel> <@U999> hey <!here> contract 21405998")
    starter = (await slack.api.wait_for("chat.postMessage", 1))[0]
    assert "<!channel>" not in starter["text"] and "<@U999>" not in starter["text"]
    assert "&lt;" in starter["text"] and "21405998" not in starter["text"]


async def test_answer_is_for_moderators_and_faq_for_everyone(slack: Slack) -> None:
    await slack.command("/answer", "keep", user="UNOBODY")
    await asyncio.sleep(0.3)
    assert slack.api.posted() == []
    assert "Only moderators" in json.dumps([c for c in slack.api.calls if c[0] == "response"])
    for moderator in ("UCHOSEN", "UMOD", "UADMIN"):  # listed, in a listed user group, workspace admin
        await slack.command("/answer", "keep <@U5|someone>", user=moderator)
    posts = await slack.api.wait_for("chat.postMessage", 3)
    assert posts[0]["blocks"][0]["text"]["text"] == "Released money is yours"
    assert posts[0]["blocks"][1]["text"]["text"] == "<@U5>"
    await slack.command("/faq", "autorelese", user="UNOBODY")
    faq = (await slack.api.wait_for("response", 2))[-1]
    assert faq["response_type"] == "ephemeral"
    assert "`auto-release`" in json.dumps(faq) and '"Post"' in json.dumps(faq)


def test_long_text_is_split_within_block_limits() -> None:
    text, blocks = render(Text(markdown="word " * 2000))
    assert len(text) <= SECTION_LIMIT
    assert len(blocks) == 4 and all(len(b["text"]["text"]) <= SECTION_LIMIT for b in blocks)


def test_guidance_blocks_show_the_points_then_a_more_button_or_without_a_record_the_rest() -> None:
    from adapters.slack.blocks import guidance_blocks
    from bot.messages import Guidance, GuidancePoint

    advice = Guidance(id="g1", tree="t", outcome="o", verdict="v", verdict_label="V", title="T", body="Do *this*.",
                      points=[GuidancePoint(id="a", text="First <point>.")],
                      more=[GuidancePoint(id="b", text="Second point.")])
    blocks = guidance_blocks(advice)
    texts = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert any("Do *this*.\n- First &lt;point&gt;." in t for t in texts), texts
    assert "Second point" not in json.dumps(blocks), "the rest waits behind the button"
    more = next(b for b in blocks if b.get("block_id") == "more")
    assert more["elements"][0]["text"]["text"] == "More (1)" and more["elements"][0]["value"] == "g1"
    unrecorded = guidance_blocks(advice.model_copy(update={"id": ""}))
    divider = next(i for i, b in enumerate(unrecorded) if b["type"] == "divider")
    assert unrecorded[divider + 1]["elements"][0]["text"] == "More: - Second point."


async def test_more_opens_the_rest_of_the_advice_in_place_for_the_member_only(tmp_path) -> None:
    from bot.pack.loading import load_knowledge

    engine = Engine(load_knowledge(), MemoryStore(), AuditLog(tmp_path / "audit.sqlite3"))
    async with served(engine, FakeSlackAPI(), database=tmp_path / "db.sqlite3") as slack:
        opening = "the client never released the milestone I submitted 10 days ago, fixed price, it was funded"
        await slack.event({"type": "app_mention", "user": "U2", "text": f"<@UBOT> {opening}", "ts": "50.1",
                           "channel": "C9"}, "EvMore1")
        confirm = (await slack.api.wait_for("chat.postMessage", 1))[-1]
        await slack.click({**confirm, "ts": "51.1"}, "Yes", user="U2")
        card = next(p for p in await slack.api.wait_for("chat.postMessage", 2) if "header" in json.dumps(p))
        card = {**card, "ts": "52.1", "thread_ts": "50.1"}
        more = next(e["text"]["text"] for b in card["blocks"] if b.get("block_id") == "more@U2" for e in b["elements"])
        await slack.click(card, more, user="UBYSTANDER")
        [refused] = await slack.api.wait_for("response", 1)
        assert refused["response_type"] == "ephemeral" and refused["text"] == NOT_YOURS
        updates = len(slack.api.posted("chat.update"))  # the confirmation's buttons gave way to the answer
        await slack.click(card, more, user="U2")
        update = (await slack.api.wait_for("chat.update", updates + 1))[-1]
        shown = json.dumps(update["blocks"])
        assert update["ts"] == "52.1" and "*More*" in shown and "resubmit" in shown.lower()
        assert '"more@U2"' not in shown, "the button gave way to the rest"


def test_long_text_is_split_between_words_before_escaping() -> None:
    markdown = ("Terms & conditions apply; see [the official refund form](https://example.org/refund-form). " * 80)
    _, blocks = render(Text(markdown=markdown))
    texts = [b["text"]["text"] for b in blocks]
    assert len(texts) > 1 and all(len(t) <= SECTION_LIMIT for t in texts)
    for text in texts:
        assert text.count("&") == text.count("&amp;"), "no &amp; cut in half"
        assert text.count("<https://") == text.count("|the official refund form>"), "no link cut in half"
    assert "".join(t.replace(" ", "") for t in texts) == "".join(
        mrkdwn(markdown).split()), "nothing lost at the cuts"


def test_the_fallback_text_is_escaped_like_the_blocks() -> None:
    text, blocks = render(Text(markdown="Fees <5% & more, [form](https://example.org/f)"))
    assert text == blocks[0]["text"]["text"] == "Fees &lt;5% &amp; more, <https://example.org/f|form>"
    long_text, _ = render(Text(markdown="a&b " * 1000))
    assert len(long_text) <= SECTION_LIMIT and long_text.endswith("a&amp;b…")


def test_escaped_member_text_is_shown_as_typed_never_linked() -> None:
    from bot.safety.sanitize import quoted

    said = quoted("*bold* [x](https://evil.example) <b> \\ok")
    text, _ = render(Text(markdown=f"“{said}” isn't one of the choices"))
    assert "<https://evil.example" not in text and "\\" not in text.replace("\\ok", "")
    assert text.startswith("“*bold* x (https://evil.example) &lt;b&gt;")
