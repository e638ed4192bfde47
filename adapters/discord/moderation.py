"""Moderators' message commands (right-click a message → Apps): "This advice is wrong", with the verdict they
would give (it joins the review queue), and "Save as draft answer" (written for a maintainer, never posted)."""

from __future__ import annotations

import re
from typing import Any, Protocol

import discord
from discord import app_commands

from adapters.discord.render import NO_PINGS
from adapters.discord.views import FeedbackButton
from bot.conversation.engine import Engine


class DiscordAdapter(Protocol):
    """What these commands need of the client's adapter (`adapters.discord.bot.DiscordAdapter`)."""

    engine: Engine

    def is_moderator(self, interaction: discord.Interaction) -> bool: ...

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

    async def callback(self, interaction: discord.Interaction) -> None:
        adapter = _adapter(interaction)
        if not adapter.is_moderator(interaction):
            await interaction.response.send_message("Only moderators can do this.", ephemeral=True)
            return
        verdict = self.item.values[0] if self.item.values else ""
        said = await adapter.engine.report_wrong(self.guidance_id, verdict)
        await interaction.response.send_message(said.markdown, ephemeral=True, allowed_mentions=NO_PINGS)


async def on_wrong_advice(adapter: DiscordAdapter, interaction: discord.Interaction, message: discord.Message) -> None:
    if not adapter.is_moderator(interaction):
        await interaction.response.send_message("Only moderators can do this.", ephemeral=True)
        return
    guidance_id = guidance_id_of(message)
    if guidance_id is None:
        await interaction.response.send_message("That message is not the bot's advice.", ephemeral=True)
        return
    view = discord.ui.View(timeout=None)
    view.add_item(VerdictSelect(guidance_id, adapter.engine.verdicts()))
    await interaction.response.send_message("Which verdict should this advice have given?", view=view,
                                            ephemeral=True)


async def on_save_draft(adapter: DiscordAdapter, interaction: discord.Interaction, message: discord.Message) -> None:
    if not adapter.is_moderator(interaction):
        await interaction.response.send_message("Only moderators can do this.", ephemeral=True)
        return
    said = adapter.engine.save_draft(message.content or "", "discord", link=message.jump_url)
    await interaction.response.send_message(said.markdown, ephemeral=True, allowed_mentions=NO_PINGS)


def context_menus(adapter: DiscordAdapter) -> list[app_commands.ContextMenu]:
    async def wrong(interaction: discord.Interaction, message: discord.Message) -> None:
        await on_wrong_advice(adapter, interaction, message)

    async def draft(interaction: discord.Interaction, message: discord.Message) -> None:
        await on_save_draft(adapter, interaction, message)

    return [app_commands.ContextMenu(name=WRONG_ADVICE, callback=wrong),
            app_commands.ContextMenu(name=SAVE_DRAFT, callback=draft)]


MODERATION_ITEMS = (VerdictSelect,)
