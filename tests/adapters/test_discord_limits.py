"""Discord's limits and defaults (issue 21), on discord.py's own objects: interactions dispatched by discord.py
(dynamic items, interaction_check, forms), threads and sends through its HTTP calls, refused with 403 where
the bot lacks a permission."""

from __future__ import annotations

from typing import Any

import discord
import pytest

from adapters.discord.bot import SITUATION_MAX, DiscordAdapter, DiscordOptions, build_commands
from adapters.discord.render import EMBED_TOTAL, FIELD_VALUE, MESSAGE_LIMIT, messages
from adapters.discord.views import NOT_YOURS, ChoiceSelect, question_view
from bot.conversation.engine import Engine
from bot.messages import Choice, Citation, Guidance, GuidancePoint, Question
from bot.pack.loading import Knowledge
from bot.record.audit import AuditLog
from bot.record.memory import MemoryStore
from tests.discord_gateway import NO_THREADS, Gateway

EPHEMERAL = 64


def make(knowledge: Knowledge, tmp_path, **gateway_options: Any) -> tuple[Gateway, DiscordAdapter]:
    engine = Engine(knowledge, MemoryStore(), AuditLog(tmp_path / "db.sqlite3"))
    adapter = DiscordAdapter(engine, DiscordOptions())  # the default: no message-content intent
    return Gateway(adapter, **gateway_options), adapter


def component_ids(payload: dict[str, Any]) -> list[str]:
    return [c["custom_id"] for row in payload.get("components", []) for c in row["components"] if "custom_id" in c]


def pressable(payload: dict[str, Any], ending: str) -> str:
    return next(i for i in component_ids(payload) if i.endswith(ending))


async def walk(gateway: Gateway, question: dict[str, Any], *endings: str, channel_id: int | None = None,
               user_id: int = 7) -> dict[str, Any]:
    """Press one button per question, as the member would; the last message the bot sent."""
    for ending in endings:
        await gateway.deliver(gateway.press(question, pressable(question, ending), user_id, channel_id=channel_id))
        question = gateway.followups[-1]
    return question


async def mention(gateway: Gateway, adapter: DiscordAdapter, text: str, channel: Any = None) -> None:
    content = f"<@1> {text}".strip()
    await adapter.on_message(gateway.message(content, mention_bot=True, channel=channel), gateway.state.user)


# --- 1: a long /refund situation ----------------------------------------------------------------

async def test_a_long_situation_fits_the_first_response_and_the_option_declares_its_limit(
        fixture_knowledge: Knowledge, tmp_path) -> None:
    gateway, adapter = make(fixture_knowledge, tmp_path)
    refund = next(c for c in build_commands(adapter) if c.name == "refund")
    [option] = refund.to_dict(discord.app_commands.CommandTree(discord.Client(intents=discord.Intents.default())))[
        "options"]
    assert option["max_length"] == SITUATION_MAX
    situation = "the client wants a *refund* of my fixed price milestone " * 35  # 1,995 characters
    assert len(situation) <= SITUATION_MAX
    await refund.callback(gateway.command("refund", {"situation": situation}), situation=situation)
    opening = gateway.responses[0]["data"]["content"]
    assert opening.startswith("Refund and dispute advice for <@7>\n> the client") and len(opening) <= MESSAGE_LIMIT
    assert {channel for channel, _ in gateway.http.sent} == set(gateway.http.threads)
    assert gateway.http.sent[-1][1]["content"] == "Which of these is closest to your situation?"


# --- 3: no message-content intent -----------------------------------------------------------------

async def test_without_the_message_content_intent_a_number_is_answered_in_a_form(
        fixture_knowledge: Knowledge, tmp_path) -> None:
    gateway, adapter = make(fixture_knowledge, tmp_path)
    await mention(gateway, adapter, "the client has not released my milestone")
    [thread_id] = gateway.http.threads
    thread = gateway.thread(thread_id)
    situation = gateway.http.sent[-1][1]
    await gateway.deliver(gateway.press(situation, pressable(situation, ":waiting"), channel_id=thread_id))
    submitted = gateway.followups[-1]
    assert submitted["content"] == "Did you submit the work?"

    sent_before = len(gateway.http.sent) + len(gateway.followups)
    await adapter.on_message(gateway.message("", channel=thread), gateway.state.user)  # typed, arrives empty
    assert len(gateway.http.sent) + len(gateway.followups) == sent_before, "an empty message is not answered"

    await gateway.deliver(gateway.press(submitted, pressable(submitted, ":yes"), channel_id=thread_id))
    days = gateway.followups[-1]
    assert days["content"].startswith("How many days ago did you submit?")
    assert "mention me with your answer" in days["content"]
    await gateway.deliver(gateway.press(days, pressable(days, ""), channel_id=thread_id))  # "Type my answer"
    form = gateway.responses[-1]
    assert form["type"] == 9 and form["data"]["title"] == "Your answer"
    await gateway.deliver(gateway.submit(form, days, "10", channel_id=thread_id))
    assert gateway.responses[-1]["type"] == 6  # acknowledged at once; the question shows the answer once taken
    assert gateway.edits[-1]["components"][0]["components"][0]["label"] == "✓ 10"
    assert gateway.followups[-1]["embeds"][0]["title"] == "Wait"
    store = gateway.state._view_store
    assert store._modals == {} and store._views == {} and store._synced_message_views == {}, \
        "answered forms and views are not kept"


async def test_a_form_opened_before_a_restart_is_answered_after_it(fixture_knowledge: Knowledge, tmp_path) -> None:
    store = MemoryStore()  # the conversation's store outlives the process

    def process() -> tuple[Gateway, DiscordAdapter]:
        adapter = DiscordAdapter(Engine(fixture_knowledge, store, AuditLog(tmp_path / "db.sqlite3")), DiscordOptions())
        return Gateway(adapter), adapter

    gateway, adapter = process()
    await mention(gateway, adapter, "the client has not released my milestone")
    thread_id = gateway.http.threads[0]
    days = await walk(gateway, gateway.http.sent[-1][1], ":waiting", ":yes", channel_id=thread_id)
    await gateway.deliver(gateway.press(days, pressable(days, ""), channel_id=thread_id))  # "Type my answer"
    form = gateway.responses[-1]
    assert form["type"] == 9 and form["data"]["custom_id"].startswith("rb:m:7:")

    restarted, _ = process()  # a new process: no form of the old one is known to discord.py
    restarted.thread(thread_id)
    await restarted.deliver(restarted.submit(form, days, "10", user_id=8, channel_id=thread_id))
    assert restarted.responses[-1]["data"]["content"] == NOT_YOURS  # another member's submission changes nothing
    await restarted.deliver(restarted.submit(form, days, "10", channel_id=thread_id))
    assert restarted.edits[-1]["components"][0]["components"][0]["label"] == "✓ 10"
    assert restarted.followups[-1]["embeds"][0]["title"] == "Wait"


async def test_an_answer_by_mention_in_the_thread(fixture_knowledge: Knowledge, tmp_path) -> None:
    gateway, adapter = make(fixture_knowledge, tmp_path)
    await mention(gateway, adapter, "the client has not released my milestone")
    thread = gateway.thread(gateway.http.threads[0])
    days = await walk(gateway, gateway.http.sent[-1][1], ":waiting", ":yes", channel_id=thread.id)
    assert days["content"].startswith("How many days ago did you submit?")
    await mention(gateway, adapter, "", channel=thread)  # the bot alone: the question again, no error
    assert gateway.http.sent[-1][1]["content"].startswith("How many days ago did you submit?")
    assert not any("isn't one of the choices" in (p.get("content") or "") for _, p in gateway.http.sent)
    await mention(gateway, adapter, "10", channel=thread)
    assert gateway.http.sent[-1][1]["embeds"][0]["title"] == "Wait"


# --- components belong to their member ------------------------------------------------------------

async def test_another_members_click_is_turned_away(fixture_knowledge: Knowledge, tmp_path) -> None:
    gateway, adapter = make(fixture_knowledge, tmp_path)
    await mention(gateway, adapter, "the client wants a refund")
    thread_id = gateway.http.threads[0]
    question = gateway.http.sent[-1][1]
    await gateway.deliver(gateway.press(question, pressable(question, ":refund"), user_id=8, channel_id=thread_id))
    refusal = gateway.responses[-1]["data"]
    assert refusal["content"] == NOT_YOURS and refusal["flags"] == EPHEMERAL
    assert gateway.followups == []
    contract = await walk(gateway, question, ":refund", channel_id=thread_id)
    assert contract["content"].startswith("What kind of contract is it?")


# --- 7: no thread permission ------------------------------------------------------------------------

async def test_a_mention_where_threads_are_not_allowed_is_answered_in_the_channel(
        fixture_knowledge: Knowledge, tmp_path) -> None:
    gateway, adapter = make(fixture_knowledge, tmp_path, bot_permissions=NO_THREADS)
    await mention(gateway, adapter, "@everyone the client wants a refund")
    assert gateway.http.threads == []
    (_, note), *_, (_, question) = gateway.http.sent
    assert {c for c, _ in gateway.http.sent} == {Gateway.CHANNEL_ID} and "**Create Public Threads**" in note["content"]
    assert "@everyone" not in str(gateway.http.sent)
    assert all(p["allowed_mentions"] == {"parse": []} for _, p in gateway.http.sent)
    released = await walk(gateway, question, ":refund", ":fixed")  # clicks work in the channel
    assert released["content"].startswith("Has the client released the milestone?")
    await mention(gateway, adapter, "no")  # a later mention goes on with the same conversation
    assert gateway.http.sent[-1][1]["embeds"][0]["title"] == "Return the escrow"


@pytest.mark.parametrize("refusal", ["thread", "thread-send"])
async def test_a_thread_refused_or_not_sendable_falls_back_to_the_channel(
        fixture_knowledge: Knowledge, tmp_path, refusal: str) -> None:
    gateway, adapter = make(fixture_knowledge, tmp_path)
    gateway.http.refuse = {refusal}
    await mention(gateway, adapter, "the client wants a refund")
    assert gateway.http.deleted == gateway.http.threads, "no empty thread is left behind"
    assert {channel for channel, _ in gateway.http.sent} == {Gateway.CHANNEL_ID}
    assert "I can't hold this conversation in a thread here" in gateway.http.sent[0][1]["content"]
    assert gateway.http.sent[-1][1]["content"] == "Which of these is closest to your situation?"


async def test_refund_where_threads_are_not_allowed_goes_on_privately_and_says_why(
        fixture_knowledge: Knowledge, tmp_path) -> None:
    gateway, adapter = make(fixture_knowledge, tmp_path, bot_permissions=NO_THREADS)
    refund = next(c for c in build_commands(adapter) if c.name == "refund")
    await refund.callback(gateway.command("refund", {}), situation=None)
    assert gateway.http.threads == []
    note, *_, question = gateway.followups
    assert "**Create Public Threads** and **Send Messages in Threads**" in note["content"]
    assert question["content"] == "Which of these is closest to your situation?"
    assert all(f["flags"] == EPHEMERAL for f in gateway.followups)


# --- 8: guidance past an embed's size; menus past 25 ----------------------------------------------

def test_long_guidance_is_delivered_whole_within_every_limit() -> None:
    more = [GuidancePoint(id=f"m{n}", text=f"Point {n}: " + "detail " * 60) for n in range(12)]
    citations = [Citation(title=f"Source {n} " + "x" * 40, url=f"https://example.org/{n}") for n in range(40)]
    advice = Guidance(id="g", tree="t", outcome="o", verdict="v", verdict_label="V", title="T", body="b " * 2000,
                      more=more, citations=citations, basis=["a fact"] * 10, disclaimer="Not legal advice.")
    sends = messages(advice)
    embeds = [s["embed"] for s in sends]
    assert len(sends) > 1 and all(len(e) <= EMBED_TOTAL for e in embeds)
    assert all(len(f.value) <= FIELD_VALUE for e in embeds for f in e.fields)
    folded = "\n".join(f.value.strip("|") for e in embeds for f in e.fields if f.name.startswith("More"))
    assert folded.split() == advice.more_markdown().split(), "every point is there, each part folded"
    assert "".join(e.description or "" for e in embeds).replace("\n", "") == advice.body.strip()
    [see] = [f.value for e in embeds for f in e.fields if f.name == "See"]
    lines = see.split("\n")
    assert lines[-1].startswith("and ") and lines[-1].endswith(" more")
    shown = len(lines) - 1
    assert lines[-1] == f"and {40 - shown} more" and all(line.endswith(")") for line in lines[:-1])
    assert embeds[-1].footer.text == "Not legal advice."


def test_more_than_25_choices_are_split_over_menus() -> None:
    choices = [Choice(id=f"c{i}", label=f"Choice {i}") for i in range(30)]
    view = question_view(Question(token="q1.1", prompt="Which?", choices=choices), owner=7)
    menus = [child.item for child in view.children if isinstance(child, ChoiceSelect)]  # type: ignore[attr-defined]
    assert [len(m.options) for m in menus] == [25, 5]
    assert [m.custom_id for m in menus] == ["rb:s:7:q1.1", "rb:s:7:q1.1:1"]
    assert all(ChoiceSelect.__discord_ui_compiled_template__.fullmatch(m.custom_id) for m in menus)


async def test_a_choice_from_the_second_menu(fixture_knowledge: Knowledge, tmp_path) -> None:
    gateway, adapter = make(fixture_knowledge, tmp_path)
    question = Question(token="q1.1", prompt="Which?", choices=[Choice(id=f"c{i}", label=f"C {i}") for i in range(30)])
    await adapter.send_replies([question], adapter_send(gateway), owner=7)
    sent = gateway.http.sent[-1][1]
    chosen: list[tuple[str, str]] = []

    async def on_choice(interaction: discord.Interaction, token: str, choice: str, label: str) -> None:
        chosen.append((choice, label))
        await interaction.response.defer()

    adapter.on_choice = on_choice  # type: ignore[method-assign]  # what the menu hands over, only
    menu = gateway.press(sent, "rb:s:7:q1.1:1", values=["c27"])
    menu["data"]["component_type"] = 3
    await gateway.deliver(menu)
    assert chosen == [("c27", "C 27")]


def adapter_send(gateway: Gateway) -> Any:
    return gateway.state._get_guild(Gateway.GUILD_ID).get_channel(Gateway.CHANNEL_ID).send  # type: ignore[union-attr]


# --- 9: Discord answered before any write ----------------------------------------------------------

async def test_helpful_is_acknowledged_before_it_is_recorded(fixture_knowledge: Knowledge, tmp_path) -> None:
    gateway, adapter = make(fixture_knowledge, tmp_path)
    await mention(gateway, adapter, "the client wants a refund")
    thread_id = gateway.http.threads[0]
    advice = await walk(gateway, gateway.http.sent[-1][1], ":refund", ":hourly", channel_id=thread_id)
    audit = adapter.engine.audit
    assert audit is not None
    recorded_at_response: list[list[tuple]] = []
    respond = gateway.create_interaction_response

    async def watching(*args: Any, **kwargs: Any) -> dict[str, Any]:
        recorded_at_response.append(audit.rows("SELECT helpful FROM guidance"))
        return await respond(*args, **kwargs)

    gateway.create_interaction_response = watching  # type: ignore[method-assign]
    await gateway.deliver(gateway.press(advice, component_ids(advice)[0], channel_id=thread_id))
    assert recorded_at_response == [[(None,)]], "Discord had its answer before the database was written"
    assert audit.rows("SELECT helpful FROM guidance") == [(1,)]
    assert gateway.followups[-1]["content"] == "Thanks, glad it helped." and gateway.followups[-1]["flags"] == EPHEMERAL
