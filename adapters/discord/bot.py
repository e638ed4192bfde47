"""The Discord client: slash commands, mentions, DMs and thread messages, all over the engine.

`refundbot serve discord` and `refundbot discord sync` (bot.app) build the engine and call `run` / `sync`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord import app_commands
from pydantic import BaseModel, SecretStr

from adapters.discord.render import NO_PINGS, messages, quote_member
from adapters.discord.views import DYNAMIC_ITEMS, PostAnswerButton, answered_view, feedback_view, question_view
from bot.conversation.engine import Engine
from bot.messages import ConversationKey, Guidance, Inbound, Question, Reply

log = logging.getLogger(__name__)
PLATFORM = "discord"
Send = Callable[..., Awaitable[Any]]


def key_for(guild: discord.abc.Snowflake | None, channel_id: int | None, user_id: int) -> ConversationKey:
    # A thread or DM channel is the conversation's place: one member's conversation per channel.
    return ConversationKey(platform=PLATFORM, workspace=str(guild.id) if guild else "", channel=str(channel_id),
                           user=str(user_id))


class DiscordOptions(BaseModel):
    """What the Discord adapter needs from the bot's settings."""

    token: SecretStr | None = None
    message_content: bool = False  # the privileged intent: members may type answers in threads
    moderator_role: str | None = None  # a role name or id; Manage Messages also counts


class DiscordAdapter:
    """What the bot does for each Discord event; the client only wires events to these methods."""

    def __init__(self, engine: Engine, options: DiscordOptions):
        self.engine, self.options = engine, options

    async def send_replies(self, replies: list[Reply], send: Send) -> None:
        for reply in replies:
            for kwargs in messages(reply):
                if isinstance(reply, Question):
                    kwargs["view"] = question_view(reply)
                elif isinstance(reply, Guidance) and reply.id:
                    kwargs["view"] = feedback_view(reply)
                await send(**kwargs)

    # --- conversations -----------------------------------------------------------------------

    async def on_refund(self, interaction: discord.Interaction, situation: str | None) -> None:
        channel = interaction.channel
        opening = f"Refund and dispute advice for {interaction.user.mention}"
        if situation:
            opening += "\n" + quote_member(situation)
        if interaction.guild is None or isinstance(channel, discord.Thread):
            await interaction.response.send_message(opening, allowed_mentions=NO_PINGS)
            key = key_for(interaction.guild, interaction.channel_id, interaction.user.id)
            await self.send_replies(await self.engine.handle(Inbound(key=key, text=situation)),
                                    interaction.followup.send)
            return
        await interaction.response.send_message(opening, allowed_mentions=NO_PINGS)
        try:
            started = await interaction.original_response()
            thread = await started.create_thread(name="Refund advice", auto_archive_duration=1440)
        except (discord.Forbidden, discord.HTTPException):  # threads not allowed here: answer privately
            key = key_for(interaction.guild, interaction.channel_id, interaction.user.id)
            replies = await self.engine.handle(Inbound(key=key, text=situation))
            await self.send_replies(replies, lambda **kw: interaction.followup.send(ephemeral=True, **kw))
            return
        key = key_for(interaction.guild, thread.id, interaction.user.id)
        await self.send_replies(await self.engine.handle(Inbound(key=key, text=situation)), thread.send)

    async def on_message(self, message: discord.Message, me: discord.abc.User) -> None:
        if message.author.bot:
            return  # other bots, and ourselves
        text = message.content.replace(me.mention, "").replace(f"<@!{me.id}>", "").strip()
        if message.guild is None:
            key = key_for(None, message.channel.id, message.author.id)
            await self.send_replies(await self.engine.handle(Inbound(key=key, text=text)), message.channel.send)
            return
        mentioned = me in message.mentions
        if isinstance(message.channel, discord.Thread):
            key = key_for(message.guild, message.channel.id, message.author.id)
            if mentioned or await self.engine.store.load(key.as_string()) is not None:
                await self.send_replies(await self.engine.handle(Inbound(key=key, text=text)), message.channel.send)
            return
        if mentioned:
            thread = await message.create_thread(name="Refund advice", auto_archive_duration=1440)
            key = key_for(message.guild, thread.id, message.author.id)
            await self.send_replies(await self.engine.handle(Inbound(key=key, text=text or None)), thread.send)

    async def on_choice(self, interaction: discord.Interaction, token: str, choice: str, label: str) -> None:
        # Acknowledge first (Discord's 3-second deadline), whatever the store's latency; replies follow up.
        await interaction.response.edit_message(view=answered_view(label))
        key = key_for(interaction.guild, interaction.channel_id, interaction.user.id)
        replies = await self.engine.handle(Inbound(key=key, choice=choice, question=token))
        ephemeral = bool(interaction.message and interaction.message.flags.ephemeral)
        await self.send_replies(replies, lambda **kw: interaction.followup.send(ephemeral=ephemeral, **kw))

    async def on_feedback(self, interaction: discord.Interaction, guidance_id: str, helpful: bool) -> None:
        # Defer before recording: the write may wait for another process, and Discord waits 3 seconds.
        await interaction.response.defer(ephemeral=True, thinking=True)
        thanks = await self.engine.feedback(guidance_id, helpful)
        await interaction.followup.send(thanks.markdown, ephemeral=True)

    # --- moderators ------------------------------------------------------------------------

    def is_moderator(self, interaction: discord.Interaction) -> bool:
        roles = getattr(interaction.user, "roles", None)
        if roles is None:
            return False  # a User, not a guild Member: in DMs nobody moderates
        wanted = self.options.moderator_role
        if wanted and any(role.name == wanted or str(role.id) == wanted for role in roles):
            return True
        return interaction.permissions.manage_messages  # resolved by Discord for this channel

    async def on_answer(self, interaction: discord.Interaction, name: str, member: discord.Member | None) -> None:
        if not self.is_moderator(interaction):
            await interaction.response.send_message(
                "Only moderators can post canonical answers. Try `/faq` to search them.", ephemeral=True)
            return
        answer = self.engine.find_answer(name)
        if answer is None:
            await interaction.response.send_message(
                f"No canonical answer is called “{discord.utils.escape_mentions(name)[:80]}”. Try `/faq`.",
                ephemeral=True, allowed_mentions=NO_PINGS)
            return
        card = self.engine.answer_card(answer, PLATFORM, how="answer")
        [kwargs] = messages(card)
        if member is not None:  # the one ping a moderator asked for
            kwargs.update(content=member.mention, allowed_mentions=discord.AllowedMentions(users=[member]))
        await interaction.response.send_message(**kwargs)

    async def complete_answer(self, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=f"{a.title} ({a.id})"[:100], value=a.id)
                for a in self.engine.library.current.answers.complete(current, limit=25)]

    async def on_faq(self, interaction: discord.Interaction, query: str) -> None:
        hits = self.engine.library.current.answers.search(query)
        if not hits:
            await interaction.response.send_message("No canonical answer matches. Try other words.", ephemeral=True)
            return
        view = discord.ui.View(timeout=None)
        lines = []
        for number, hit in enumerate(hits[:5], 1):
            lines.append(f"{number}. **{hit.answer.title}** (`{hit.answer.id}`)")
            view.add_item(PostAnswerButton(hit.answer.id))
        await interaction.response.send_message("\n".join(lines), view=view, ephemeral=True,
                                                allowed_mentions=NO_PINGS)

    async def on_post_answer(self, interaction: discord.Interaction, answer_id: str) -> None:
        answer = self.engine.find_answer(answer_id)
        if answer is None:
            await interaction.response.send_message("That answer no longer exists.", ephemeral=True)
            return
        card = self.engine.answer_card(answer, PLATFORM, how="faq")
        await interaction.response.send_message("Posted.", ephemeral=True)
        [kwargs] = messages(card)
        await interaction.followup.send(**kwargs)

    async def on_reload(self, interaction: discord.Interaction) -> None:
        if not self.is_moderator(interaction):
            await interaction.response.send_message("Only moderators can reload the policy.", ephemeral=True)
            return
        await interaction.response.send_message(self.engine.library.reload().summary()[:2000], ephemeral=True)


def build_commands(adapter: DiscordAdapter) -> list[app_commands.Command]:
    @app_commands.command(name="refund", description="Get advice on a refund, escrow or dispute")
    @app_commands.describe(situation="Your situation in a sentence or two (optional)")
    async def refund(interaction: discord.Interaction, situation: str | None = None) -> None:
        await adapter.on_refund(interaction, situation)

    @app_commands.command(name="answer", description="Post a canonical answer (moderators)")
    @app_commands.describe(name="The answer's name or alias", member="Someone to point it at")
    async def answer(interaction: discord.Interaction, name: str, member: discord.Member | None = None) -> None:
        await adapter.on_answer(interaction, name, member)

    @answer.autocomplete("name")
    async def answer_names(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return await adapter.complete_answer(current)

    @app_commands.command(name="faq", description="Search the canonical answers")
    async def faq(interaction: discord.Interaction, query: str) -> None:
        await adapter.on_faq(interaction, query)

    @app_commands.command(name="reload-policy", description="Reload the advice policy (moderators)")
    async def reload_policy(interaction: discord.Interaction) -> None:
        await adapter.on_reload(interaction)

    return [refund, answer, faq, reload_policy]


def intents(options: DiscordOptions) -> discord.Intents:
    wanted = discord.Intents.default()  # guilds, guild and DM messages; not the privileged ones
    wanted.message_content = options.message_content  # typed answers in threads need it
    return wanted


class RefundClient(discord.Client):
    def __init__(self, engine: Engine, options: DiscordOptions):
        super().__init__(intents=intents(options), allowed_mentions=NO_PINGS)
        self.adapter = DiscordAdapter(engine, options)
        self.tree = app_commands.CommandTree(self)
        for command in build_commands(self.adapter):
            self.tree.add_command(command)

    async def setup_hook(self) -> None:
        self.add_dynamic_items(*DYNAMIC_ITEMS)  # buttons from before a restart keep working

    async def on_message(self, message: discord.Message) -> None:
        if self.user is not None:
            await self.adapter.on_message(message, self.user)


def token_of(options: DiscordOptions) -> str:
    if not options.token:
        raise ValueError("Discord needs DISCORD_TOKEN (see config/example.yaml)")
    return options.token.get_secret_value()


async def run(client: RefundClient, token: str) -> None:
    async with client:
        await client.start(token)


async def sync(client: RefundClient, token: str, guild: int | None = None) -> int:
    """Register the slash commands, globally or in one guild (where they appear at once); the count synced."""
    async with client:
        await client.login(token)
        target = discord.Object(id=guild) if guild else None
        if target:
            client.tree.copy_global_to(guild=target)
        return len(await client.tree.sync(guild=target))
