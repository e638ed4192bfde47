"""Moderators' commands: the rule who may use them, declared once, and the message commands (right-click a message →
Apps): "This advice is wrong", with the verdict they would give (it joins the review queue), and "Save as draft
answer" (written for a maintainer, never posted).

The rule is Discord's own: `moderators_only` hides a command by default from members without Manage Messages (a
server's admins can grant it to the moderator role under Integrations), keeps it out of DMs, and checks every use
(the moderator role, or Manage Messages in the channel). A refused use raises `NotModerator`, which the command
tree's one error handler (`adapters.discord.bot.RefundTree`) tells the member privately.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

import discord
from discord import app_commands

from adapters.discord.render import NO_PINGS
from adapters.discord.views import FeedbackButton
from bot.conversation.engine import Engine

ONLY_MODERATORS = "Only moderators can do this."
Gated = TypeVar("Gated", app_commands.Command[Any, Any, Any], app_commands.ContextMenu)


class DiscordAdapter(Protocol):
    """What these commands need of the client's adapter (`adapters.discord.bot.DiscordAdapter`)."""

    engine: Engine

    def is_moderator(self, interaction: discord.Interaction) -> bool: ...


class NotModerator(app_commands.CheckFailure):
    """A moderators' command used by someone else; the message is what they are told."""


def moderators_only(refusal: str = ONLY_MODERATORS) -> Callable[[Gated], Gated]:
    """The moderator rule on an app command or context menu (see the module's docstring)."""

    async def moderator(interaction: discord.Interaction) -> bool:
        if _adapter(interaction).is_moderator(interaction):
            return True
        raise NotModerator(refusal)

    def gate(command: Gated) -> Gated:
        command = app_commands.default_permissions(manage_messages=True)(command)
        return app_commands.check(moderator)(app_commands.guild_only(command))

    return gate

WRONG_ADVICE = "This advice is wrong"
SAVE_DRAFT = "Save as draft answer"
SELECT_MAX = 25


def guidance_id_of(message: discord.Message) -> str | None:
    """The audit record id a guidance message carries in its feedback buttons' custom ids."""
    for row in message.components:
        for child in getattr(row, "children", [row]):
            found = FeedbackButton.__discord_ui_compiled_template__.fullmatch(getattr(child, "custom_id", None) or "")
            if found:
                return found["id"]
    return None


def _adapter(interaction: discord.Interaction) -> DiscordAdapter:
    return interaction.client.adapter  # type: ignore[attr-defined]


class VerdictSelect(discord.ui.DynamicItem[discord.ui.Select], template=r"rb:w:(?P<id>\w+)"):
    """The verdict a moderator would give instead; the guidance id travels in the custom id."""

    def __init__(self, guidance_id: str, verdicts: dict[str, str] | None = None):
        self.guidance_id = guidance_id
        options = [discord.SelectOption(label=label[:100], value=verdict)
                   for verdict, label in list((verdicts or {}).items())[:SELECT_MAX]]
        super().__init__(discord.ui.Select(custom_id=f"rb:w:{guidance_id}", placeholder="The verdict it should give",
                                           options=options or [discord.SelectOption(label="-", value="-")]))

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str]) -> VerdictSelect:
        made = cls(match["id"])
        made.item = item  # type: ignore[assignment]  # discord.py dispatches the Select this template names
        return made

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Shown only to the moderator who asked; the rule holds for a crafted click all the same."""
        if _adapter(interaction).is_moderator(interaction):
            return True
        await interaction.response.send_message(ONLY_MODERATORS, ephemeral=True)
        return False

    async def callback(self, interaction: discord.Interaction) -> None:
        adapter = _adapter(interaction)
        verdict = self.item.values[0] if self.item.values else ""
        await interaction.response.defer(ephemeral=True, thinking=True)  # before the write: Discord's 3 seconds
        said = await adapter.engine.report_wrong(self.guidance_id, verdict)
        await interaction.followup.send(said.markdown, ephemeral=True, allowed_mentions=NO_PINGS)


async def on_wrong_advice(adapter: DiscordAdapter, interaction: discord.Interaction, message: discord.Message) -> None:
    guidance_id = guidance_id_of(message)
    if guidance_id is None:
        await interaction.response.send_message("That message is not the bot's advice.", ephemeral=True)
        return
    view = discord.ui.View(timeout=None)
    view.add_item(VerdictSelect(guidance_id, adapter.engine.verdicts()))
    await interaction.response.send_message("Which verdict should this advice have given?", view=view,
                                            ephemeral=True)


async def on_save_draft(adapter: DiscordAdapter, interaction: discord.Interaction, message: discord.Message) -> None:
    said = adapter.engine.save_draft(message.content or "", "discord", link=message.jump_url)
    await interaction.response.send_message(said.markdown, ephemeral=True, allowed_mentions=NO_PINGS)


def context_menus(adapter: DiscordAdapter) -> list[app_commands.ContextMenu]:
    async def wrong(interaction: discord.Interaction, message: discord.Message) -> None:
        await on_wrong_advice(adapter, interaction, message)

    async def draft(interaction: discord.Interaction, message: discord.Message) -> None:
        await on_save_draft(adapter, interaction, message)

    gate = moderators_only()
    return [gate(app_commands.ContextMenu(name=WRONG_ADVICE, callback=wrong)),
            gate(app_commands.ContextMenu(name=SAVE_DRAFT, callback=draft))]


MODERATION_ITEMS = (VerdictSelect,)
