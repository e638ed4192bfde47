"""The Discord adapter, driven through its real command and component callbacks with small fakes of
discord.py's Interaction and Message (no Discord backend runs offline), over the real engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import discord
import pytest

from adapters.discord.bot import DiscordAdapter, RefundClient
from adapters.discord.render import EMBED_DESCRIPTION, MESSAGE_LIMIT, messages
from adapters.discord.views import DYNAMIC_ITEMS, ChoiceButton, ChoiceSelect, question_view
from bot.app.settings import Settings
from bot.conversation.engine import Engine
from bot.messages import Choice, Guidance, GuidancePoint, Question, Text
from bot.pack.loading import Knowledge
from bot.record.audit import AuditLog
from bot.record.memory import MemoryStore

GUILD = SimpleNamespace(id=42)


@dataclass
class Sent:
    calls: list[dict[str, Any]] = field(default_factory=list)

    async def __call__(self, content: str | None = None, **kwargs: Any) -> SimpleNamespace:
        self.calls.append({"content": content, **kwargs})
        return SimpleNamespace(id=len(self.calls))


class FakeThread:
    def __init__(self, thread_id: int):
        self.id, self.send = thread_id, Sent()


class FakeMessage:
    def __init__(self, thread: FakeThread):
        self.thread = thread
        self.flags = SimpleNamespace(ephemeral=False)

    async def create_thread(self, **_: Any) -> FakeThread:
        return self.thread


class FakeResponse:
    def __init__(self) -> None:
        self.send_message, self.edits, self.defers = Sent(), Sent(), Sent()

    async def edit_message(self, **kwargs: Any) -> None:
        await self.edits(**kwargs)

    async def defer(self, **kwargs: Any) -> None:
        await self.defers(**kwargs)


def user(user_id: int = 7, roles: list[Any] | None = None, manage_messages: bool = False) -> SimpleNamespace:
    return SimpleNamespace(id=user_id, mention=f"<@{user_id}>", bot=False, roles=roles if roles is not None else [],
                           guild_permissions=SimpleNamespace(manage_messages=manage_messages))


class FakeInteraction:
    def __init__(self, adapter: DiscordAdapter, channel_id: int = 10, member: Any = None, guild: Any = GUILD):
        self.client = SimpleNamespace(adapter=adapter)
        self.user = member or user()
        self.permissions = self.user.guild_permissions
        self.app_permissions = discord.Permissions(create_public_threads=True, send_messages_in_threads=True)
        self.guild, self.channel_id = guild, channel_id
        self.channel = SimpleNamespace(id=channel_id)
        self.response, self.followup = FakeResponse(), SimpleNamespace(send=Sent())
        self.thread = FakeThread(555)
        self.message = FakeMessage(self.thread)

    async def original_response(self) -> FakeMessage:
        return self.message

    async def edit_original_response(self, **kwargs: Any) -> None:
        await self.response.edits(**kwargs)


def make_adapter(knowledge: Knowledge, store: MemoryStore, tmp_path, role: str | None = "Mods") -> DiscordAdapter:
    settings = Settings(discord_moderator_role=role, database=tmp_path / "db.sqlite3")
    return DiscordAdapter(Engine(knowledge, store, AuditLog(tmp_path / "db.sqlite3")), settings.discord_options())


def custom_ids(view: discord.ui.View) -> list[str]:
    return [child.custom_id for child in view.children]  # type: ignore[attr-defined]


async def click(adapter: DiscordAdapter, custom_id: str, channel_id: int = 555, label: str = "") -> FakeInteraction:
    """A click as discord.py dispatches it: the DynamicItem rebuilt from the custom_id, then its callback."""
    interaction = FakeInteraction(adapter, channel_id=channel_id)
    for item_class in DYNAMIC_ITEMS:
        match = item_class.__discord_ui_compiled_template__.fullmatch(custom_id)
        if match:
            item = discord.ui.Button(custom_id=custom_id, label=label or None)
            made = await item_class.from_custom_id(interaction, item, match)  # type: ignore[arg-type]
            await made.callback(interaction)  # type: ignore[arg-type]
            return interaction
    raise AssertionError(f"no persistent item handles {custom_id!r}")


async def test_a_conversation_in_a_thread_survives_a_restart(fixture_knowledge: Knowledge, tmp_path) -> None:
    store = MemoryStore()
    adapter = make_adapter(fixture_knowledge, store, tmp_path)
    interaction = FakeInteraction(adapter)
    await adapter.on_refund(interaction, None)
    opening = interaction.response.send_message.calls[0]
    assert opening["content"] == "Refund and dispute advice for <@7>"
    assert opening["allowed_mentions"].everyone is False
    thread_posts = interaction.thread.send.calls
    question = thread_posts[-1]
    assert question["content"] == "Which of these is closest to your situation?"
    ids = custom_ids(question["view"])
    assert ids[0].startswith("rb:c:7:") and ids[0].endswith(":refund")

    restarted = make_adapter(fixture_knowledge, store, tmp_path)  # a new process, the same store
    clicked = await click(restarted, ids[0], label="The client wants a refund")
    edited = clicked.response.edits.calls[0]["view"]
    assert edited.children[0].disabled and edited.children[0].label == "✓ The client wants a refund"
    next_question = clicked.followup.send.calls[-1]
    assert next_question["content"].startswith("What kind of contract is it?")
    hourly = next(i for i in custom_ids(next_question["view"]) if i.endswith(":hourly"))
    done = await click(restarted, hourly)
    card = done.followup.send.calls[-1]
    assert card["embed"].title == "Review period"
    assert card["embed"].fields[0].value == "Hourly review period"
    feedback = custom_ids(card["view"])
    assert feedback[0].startswith("rb:f:7:yes:")
    thanks = await click(restarted, feedback[0])
    assert thanks.followup.send.calls[0] == {"content": "Thanks, glad it helped.", "ephemeral": True}


async def test_a_stale_button_is_refused(fixture_knowledge: Knowledge, tmp_path) -> None:
    adapter = make_adapter(fixture_knowledge, MemoryStore(), tmp_path)
    interaction = FakeInteraction(adapter)
    await adapter.on_refund(interaction, None)
    first = custom_ids(interaction.thread.send.calls[-1]["view"])
    await click(adapter, first[0])
    again = await click(adapter, first[1])
    assert "already answered" in again.followup.send.calls[0]["content"]


def test_more_than_five_choices_become_a_select_menu() -> None:
    choices = [Choice(id=f"c{i}", label=f"Choice {i}") for i in range(7)] + [Choice(id="unknown", label="I don't know",
                                                                                 role="unknown")]
    view = question_view(Question(token="q1.1", prompt="Which?", choices=choices))
    select = view.children[0].item  # type: ignore[attr-defined]
    assert isinstance(select, discord.ui.Select) and select.custom_id == "rb:s:q1.1"
    assert [o.value for o in select.options] == [f"c{i}" for i in range(7)]
    assert view.children[1].custom_id == "rb:c:q1.1:unknown"
    assert ChoiceSelect.__discord_ui_compiled_template__.fullmatch(select.custom_id)
    assert ChoiceButton.__discord_ui_compiled_template__.fullmatch("rb:c:q1.1:unknown")


async def test_answer_points_a_card_at_a_member_with_autocomplete(fixture_knowledge: Knowledge, tmp_path) -> None:
    """Who may use /answer is the command tree's check (tests/adapters/test_discord_gateway.py)."""
    adapter = make_adapter(fixture_knowledge, MemoryStore(), tmp_path)
    for moderator in (user(roles=[SimpleNamespace(name="Mods", id=1)]), user(manage_messages=True)):
        posted = FakeInteraction(adapter, member=moderator)
        target = SimpleNamespace(mention="<@99>", id=99)
        await adapter.on_answer(posted, "keep", target)  # type: ignore[arg-type]
        call = posted.followup.send.calls[0]
        assert call["embed"].title == "Released money is yours" and call["content"] == "<@99>"
        assert [u.id for u in call["allowed_mentions"].users] == [99]
    choices = await adapter.complete_answer("auto")
    assert choices[0].value == "auto-release" and len(choices) <= 25


async def test_faq_is_ephemeral_with_post_buttons(fixture_knowledge: Knowledge, tmp_path) -> None:
    adapter = make_adapter(fixture_knowledge, MemoryStore(), tmp_path)
    interaction = FakeInteraction(adapter)
    await adapter.on_faq(interaction, "released money")
    call = interaction.response.send_message.calls[0]
    assert call["ephemeral"] is True and "**Released money is yours** (`released-money`)" in call["content"]
    posted = await click(adapter, custom_ids(call["view"])[0], channel_id=10)
    assert posted.followup.send.calls[0]["embed"].title == "Released money is yours"


async def test_member_text_never_pings(fixture_knowledge: Knowledge, tmp_path) -> None:
    adapter = make_adapter(fixture_knowledge, MemoryStore(), tmp_path)
    interaction = FakeInteraction(adapter)
    await adapter.on_refund(interaction, "@everyone @here <@&123> help, contract 21405998")
    opening = interaction.response.send_message.calls[0]
    assert "@everyone" not in opening["content"] and "<@&123>" not in opening["content"]
    assert "21405998" not in opening["content"]
    for call in [opening, *interaction.thread.send.calls]:
        mentions = call["allowed_mentions"]
        assert not (mentions.everyone or mentions.users or mentions.roles)


async def test_other_bots_are_ignored_and_dms_converse(fixture_knowledge: Knowledge, tmp_path) -> None:
    adapter = make_adapter(fixture_knowledge, MemoryStore(), tmp_path)
    me = SimpleNamespace(id=1, mention="<@1>")
    channel = SimpleNamespace(id=77, send=Sent())
    bot_message = SimpleNamespace(author=SimpleNamespace(bot=True, id=2), content="hi", guild=None, channel=channel,
                                  mentions=[])
    await adapter.on_message(bot_message, me)  # type: ignore[arg-type]
    assert channel.send.calls == []
    dm = SimpleNamespace(author=SimpleNamespace(bot=False, id=3), content="hello", guild=None, channel=channel,
                         mentions=[])
    await adapter.on_message(dm, me)  # type: ignore[arg-type]
    assert channel.send.calls[-1]["content"] == "Which of these is closest to your situation?"


def test_long_replies_fit_discord_limits() -> None:
    parts = messages(Text(markdown="line\n" * 1000))
    assert len(parts) == 3 and all(len(p["content"]) <= MESSAGE_LIMIT for p in parts)
    first, more = messages(Guidance(id="g", tree="t", outcome="o", verdict="v", verdict_label="V", title="T" * 300,
                                    body="b" * 5000, basis=["x" * 2000]))
    embed = first["embed"]
    assert len(embed.title) == 256 and len(embed.description) == EMBED_DESCRIPTION
    assert more["embed"].description == "b" * (5000 - EMBED_DESCRIPTION), "the rest continues in a second message"
    for part in (first, more):
        assert all(len(f.value) <= 1024 for f in part["embed"].fields) and len(part["embed"]) <= 6000


def test_the_client_registers_its_commands_and_needs_no_privileged_intent(fixture_knowledge, tmp_path) -> None:
    settings = Settings(database=tmp_path / "db.sqlite3")
    client = RefundClient(Engine(fixture_knowledge, MemoryStore()), settings.discord_options())
    assert {c.name for c in client.tree.get_commands()} == {"refund", "answer", "faq", "reload-policy",
                                                            "This advice is wrong", "Save as draft answer"}
    assert client.intents.message_content is False
    typed = Settings(database=tmp_path / "d", discord_message_content=True).discord_options()
    assert RefundClient(Engine(fixture_knowledge, MemoryStore()), typed).intents.message_content


def test_serve_without_a_token_says_so(tmp_path, capsys: pytest.CaptureFixture,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.app.cli import main

    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.delenv("REFUNDBOT_DISCORD_TOKEN", raising=False)
    assert main(["--database", str(tmp_path / "db.sqlite3"), "serve", "discord"]) == 2
    assert "DISCORD_TOKEN" in capsys.readouterr().out


def test_guidance_shows_its_points_and_folds_the_rest_in_a_spoiler() -> None:
    advice = Guidance(id="g", tree="t", outcome="o", verdict="v", verdict_label="V", title="T", body="Do this.",
                      points=[GuidancePoint(id="a", text="First point.")],
                      more=[GuidancePoint(id="b", text="Second point.")])
    embed = messages(advice)[0]["embed"]
    assert embed.description == "Do this.\n- First point."
    more = next(f for f in embed.fields if f.name.startswith("More"))
    assert more.value == "||- Second point.||"


def test_corrections_beside_a_question_fit_the_message_as_secondary_buttons() -> None:
    """A question with a select menu, its controls and the most facts read back (8) stays within Discord's
    five rows; each correction is a button whose custom id the persistent item parses back."""
    answers = [Choice(id=f"c{i}", label=f"Choice {i}") for i in range(7)]
    controls = [Choice(id="unknown", label="I don't know", role="unknown"),
                Choice(id="back", label="Back", role="back")]
    changes = [Choice(id=f"change:fact_number_{i}", label=f"Change: fact {i}", role="change") for i in range(8)]
    view = question_view(Question(token="q12.34", prompt="Which?", choices=answers + controls + changes), owner=7)
    items = [getattr(child, "item", child) for child in view.children]  # a dynamic item wraps its button
    buttons = [item for item in items if isinstance(item, discord.ui.Button)]
    assert [b.label for b in buttons[2:]] == [c.label for c in changes]
    assert all(b.style is discord.ButtonStyle.secondary for b in buttons)
    for button in buttons[2:]:
        assert button.custom_id and len(button.custom_id) <= 100
        match = ChoiceButton.__discord_ui_compiled_template__.fullmatch(button.custom_id)
        assert match and match["choice"].startswith("change:fact_number_")
