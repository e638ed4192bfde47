"""The Discord handlers on discord.py's own Interaction objects, built from gateway payloads."""

from __future__ import annotations

import discord
import pytest

from adapters.discord.bot import DiscordAdapter, DiscordOptions, build_commands
from adapters.discord.views import DYNAMIC_ITEMS
from bot.conversation.engine import Engine
from bot.messages import ConversationKey, Inbound
from bot.pack.loading import Knowledge
from bot.record.audit import AuditLog
from bot.record.memory import MemoryStore
from tests.discord_gateway import MANAGE_MESSAGES, Gateway


@pytest.fixture
def gateway(fixture_knowledge: Knowledge, tmp_path) -> Gateway:
    engine = Engine(fixture_knowledge, MemoryStore(), AuditLog(tmp_path / "db.sqlite3"))
    return Gateway(DiscordAdapter(engine, DiscordOptions(moderator_role="Mods")))


def command(gateway: Gateway, name: str) -> discord.app_commands.Command:
    adapter = gateway.state._get_client().adapter
    return next(c for c in build_commands(adapter) if c.name == name)


async def test_answer_checks_real_roles_and_permissions(gateway: Gateway) -> None:
    answer = command(gateway, "answer")
    await answer.callback(gateway.command("answer", {"name": "keep"}), name="keep", member=None)
    refusal = gateway.responses[-1]
    assert refusal["data"]["flags"] == 64 and refusal["data"]["content"].startswith("Only moderators")
    await answer.callback(gateway.command("answer", {"name": "keep"}, roles=[Gateway.MODS_ROLE]), name="keep",
                          member=None)
    assert gateway.responses[-1]["type"] == 5, "deferred before the post is recorded"
    posted = gateway.followups[-1]
    assert posted["embeds"][0]["title"] == "Released money is yours" and "flags" not in posted
    assert posted["allowed_mentions"] == {"parse": []}
    await answer.callback(gateway.command("answer", {"name": "keep"}, permissions=MANAGE_MESSAGES), name="keep",
                          member=None)
    assert gateway.followups[-1]["embeds"][0]["title"] == "Released money is yours"


async def test_autocomplete_answers_with_names_and_aliases(gateway: Gateway) -> None:
    adapter = gateway.state._get_client().adapter
    interaction = gateway.command("answer", {"name": "auto"}, autocomplete=True)
    await interaction.response.autocomplete(await adapter.complete_answer("auto"))
    choices = gateway.responses[-1]["data"]["choices"]
    assert gateway.responses[-1]["type"] == 8 and choices[0]["value"] == "auto-release"


async def test_a_click_on_a_persistent_button_after_a_restart(gateway: Gateway) -> None:
    adapter = gateway.state._get_client().adapter
    key_channel = Gateway.CHANNEL_ID
    # The conversation started earlier in this channel (a thread, in real use); the process restarted since.
    key = ConversationKey(platform="discord", workspace="42", channel=str(key_channel), user="7")
    question = (await adapter.engine.handle(Inbound(key=key, text="hi")))[-1]
    custom_id = f"rb:c:{question.token}:refund"
    interaction = gateway.click(custom_id)
    for item_class in DYNAMIC_ITEMS:
        match = item_class.__discord_ui_compiled_template__.fullmatch(custom_id)
        if match:
            item = await item_class.from_custom_id(interaction, discord.ui.Button(custom_id=custom_id,
                                                                                  label="Refund"), match)
            await item.callback(interaction)
    update = gateway.responses[-1]
    assert update["type"] == 7  # the question message is updated in place
    assert update["data"]["components"][0]["components"][0]["disabled"] is True
    followup = gateway.followups[-1]
    assert followup["content"].startswith("What kind of contract is it?")
    assert followup["allowed_mentions"] == {"parse": []}
    assert [c["custom_id"] for c in followup["components"][0]["components"]][:3] == [
        f"rb:c:7:{t}" for t in ("q1.2:fixed", "q1.2:hourly", "q1.2:catalog")]
