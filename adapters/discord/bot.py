"""The Discord client: slash commands, mentions, DMs and thread messages, all over the engine.

`refundbot serve discord` and `refundbot discord sync` (bot.app) build the engine and call `run` / `sync`.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import discord
from discord import app_commands
from pydantic import BaseModel, SecretStr

from adapters.discord.boundary import guarded
from adapters.discord.handoff import DiscordHandoffs
from adapters.discord.moderation import MODERATION_ITEMS, NotModerator, context_menus, moderators_only
from adapters.discord.render import MESSAGE_LIMIT, NO_PINGS, drafts_content, handoff_message, messages, opening_line
from adapters.discord.views import (
    DYNAMIC_ITEMS,
    PostAnswerButton,
    answered_view,
    feedback_view,
    handoff_view,
    question_view,
    sent,
    submit_answer_form,
)
from bot.conversation.engine import Engine
from bot.conversation.text import clip
from bot.messages import ConversationKey, Guidance, Inbound, Question, Reply, Text
from bot.safety.sanitize import quoted

log = logging.getLogger(__name__)
PLATFORM = "discord"
Send = Callable[..., Awaitable[Any]]
SITUATION_MAX = 2000  # the engine's default limit on one message (Limits.max_message_chars), told to Discord
THREAD_PERMISSIONS = {"create_public_threads": "Create Public Threads",
                      "send_messages_in_threads": "Send Messages in Threads"}


def missing_thread_permissions(permissions: discord.Permissions) -> list[str]:
    """What the bot lacks to hold a conversation in a thread of this channel, as Discord names it."""
    return [label for name, label in THREAD_PERMISSIONS.items() if not getattr(permissions, name)]


def no_thread_note(missing: list[str], instead: str) -> str:
    lacking = " and ".join(f"**{m}**" for m in missing) or "**Create Public Threads** or **Send Messages in Threads**"
    return f"-# I can't hold this conversation in a thread here (I need {lacking}), so I'm {instead}."


def key_for(guild: discord.abc.Snowflake | None, channel_id: int | None, user_id: int) -> ConversationKey:
    # A thread or DM channel is the conversation's place: one member's conversation per channel.
    return ConversationKey(platform=PLATFORM, workspace=str(guild.id) if guild else "", channel=str(channel_id),
                           user=str(user_id))


class DiscordOptions(BaseModel):
    """What the Discord adapter needs from the bot's settings."""

    token: SecretStr | None = None
    message_content: bool = False  # the privileged intent: members may type answers in threads
    moderator_role: str | None = None  # a role name or id; Manage Messages also counts. Ask a moderator mentions it
    escalation_channel: int | None = None  # where an unanswered call for a moderator goes after the reminder


class DiscordAdapter:
    """What the bot does for each Discord event; the client only wires events to these methods."""

    def __init__(self, engine: Engine, options: DiscordOptions):
        self.engine, self.options = engine, options

    async def send_replies(self, replies: list[Reply], send: Send, owner: int, *, in_guild: bool = True) -> None:
        """Each reply in one or more messages, its components (owned by the member) on the last. `in_guild`:
        moderators can be called here (never in DMs)."""
        ask = in_guild and bool(self.options.moderator_role) and self.engine.moderators_callable
        for reply in replies:
            parts = messages(reply, typing=self.options.message_content)
            for kwargs in parts[:-1]:
                await send(**kwargs)
            last = parts[-1]
            if isinstance(reply, Question):
                last["view"] = question_view(reply, owner)
            elif isinstance(reply, Guidance) and (reply.id or reply.drafts or ask):
                last["view"] = feedback_view(reply, owner, ask)
            elif isinstance(reply, Text) and reply.ask_moderator and ask:
                last["view"] = handoff_view(owner)
            await send(**last)

    async def _reply(self, key: ConversationKey, text: str | None, send: Send, owner: int,
                     before: list[Reply] | None = None, *, admitted: bool = False) -> None:
        replies = await self.engine.handle(Inbound(key=key, text=text), admitted=admitted)
        await self.send_replies([*(before or []), *replies], send, owner, in_guild=bool(key.workspace))

    async def _in_thread(self, make: Callable[[], Awaitable[discord.Thread]], guild: discord.Guild, owner: int,
                         text: str | None) -> bool:
        """Converse in a new thread; False when it cannot be made or posted in (an empty one is removed)."""
        try:
            thread = await make()
        except discord.HTTPException as exc:  # Forbidden, or threads turned off in this channel
            log.warning("cannot open a thread in guild %s: %s", guild.id, exc)
            return False
        replies = await self.engine.handle(Inbound(key=key_for(guild, thread.id, owner), text=text), admitted=True)
        try:
            await self.send_replies(replies[:1], thread.send, owner)
        except discord.Forbidden as exc:
            log.warning("cannot post in thread %s: %s; answering in its channel", thread.id, exc)
            with contextlib.suppress(discord.HTTPException):
                await thread.delete()
            return False
        await self.send_replies(replies[1:], thread.send, owner)
        return True

    # --- conversations -----------------------------------------------------------------------

    async def admitted(self, interaction: discord.Interaction, key: ConversationKey | None = None) -> bool:
        """The member's action counted against the rate limit before anything is posted for it; when over it,
        the warning privately, once, and after that the interaction acknowledged without a word (a component
        silently; a command's "thinking…" deleted at once)."""
        replies = await self.engine.admit(key or self._key(interaction))
        if replies is None:
            return True
        if replies:
            await interaction.response.send_message(**messages(replies[0])[0], ephemeral=True)
        elif interaction.type == discord.InteractionType.component:
            await interaction.response.defer()
        else:
            await interaction.response.defer(ephemeral=True)
            await interaction.delete_original_response()
        return False

    @guarded
    async def on_refund(self, interaction: discord.Interaction, situation: str | None) -> None:
        owner = interaction.user.id
        if not await self.admitted(interaction):  # before the opening and its thread: a flood makes no threads
            return
        await self.engine.check_store()  # before the opening: a store that is down must not leave an empty thread
        await interaction.response.send_message(opening_line(interaction.user.mention, situation),
                                                allowed_mentions=NO_PINGS)
        if interaction.guild is None or isinstance(interaction.channel, discord.Thread):
            key = key_for(interaction.guild, interaction.channel_id, owner)
            await self._reply(key, situation, interaction.followup.send, owner, admitted=True)
            return
        missing = missing_thread_permissions(interaction.app_permissions)  # Discord's own figure for this channel

        async def thread() -> discord.Thread:
            started = await interaction.original_response()
            return await started.create_thread(name="Refund advice", auto_archive_duration=1440)

        if not missing and await self._in_thread(thread, interaction.guild, owner, situation):
            return
        # No thread: the conversation goes on privately in this channel.
        note = Text(markdown=no_thread_note(missing, "answering you privately"))
        key = key_for(interaction.guild, interaction.channel_id, owner)
        await self._reply(key, situation, lambda **kw: interaction.followup.send(ephemeral=True, **kw), owner, [note],
                          admitted=True)

    @guarded
    async def on_message(self, message: discord.Message, me: discord.abc.User) -> None:
        if message.author.bot:
            return  # other bots, and ourselves
        if message.guild is not None:
            await self._moderator_answered(message)
        text = message.content.replace(me.mention, "").replace(f"<@!{me.id}>", "").strip()
        mentioned = me in message.mentions
        owner = message.author.id
        # Without the message-content intent (the default) a message that does not mention the bot arrives
        # empty: there is nothing to read, and answering it would only repeat the question.
        if not text and not mentioned:
            return
        if message.guild is None:
            await self._reply(key_for(None, message.channel.id, owner), text, message.channel.send, owner)
            return
        if isinstance(message.channel, discord.Thread):
            key = key_for(message.guild, message.channel.id, owner)
            if mentioned or await self.engine.has_conversation(key):
                await self._reply(key, text or None, message.channel.send, owner)
            return
        if mentioned:
            await self._from_mention(message, message.guild, text or None)

    async def _from_mention(self, message: discord.Message, guild: discord.Guild, text: str | None) -> None:
        """A mention in a channel: a thread for the conversation, or the channel itself if threads are barred."""
        owner = message.author.id
        key = key_for(guild, message.channel.id, owner)
        refused = await self.engine.admit(key)
        if refused is not None:  # before the thread: a flood of mentions must not make threads
            await self.send_replies(refused, message.channel.send, owner)
            return
        starting = not await self.engine.has_conversation(key, open_only=True)
        missing: list[str] = []
        if starting:
            missing = missing_thread_permissions(message.channel.permissions_for(guild.me))
            if not missing and await self._in_thread(
                    lambda: message.create_thread(name="Refund advice", auto_archive_duration=1440), guild, owner,
                    text):
                return
        before: list[Reply] = [Text(markdown=no_thread_note(missing, "answering here"))] if starting else []
        try:
            await self._reply(key, text, message.channel.send, owner, before, admitted=True)
        except discord.Forbidden as exc:  # not even the channel: nothing reaches the member
            log.warning("cannot post in channel %s of guild %s: %s", message.channel.id, guild.id, exc)

    @guarded
    async def on_choice(self, interaction: discord.Interaction, token: str, choice: str, label: str) -> None:
        """A choice clicked by the conversation's member (the component's owner check turned anyone else away)."""
        await self._answer(interaction, Inbound(key=self._key(interaction), choice=choice, question=token), label)

    @guarded
    async def on_typed(self, interaction: discord.Interaction, token: str, text: str) -> None:
        """A typed answer sent from the form (`AnswerForm`); the question's message shows what was typed."""
        await self._answer(interaction, Inbound(key=self._key(interaction), text=text, question=token), text)

    def _key(self, interaction: discord.Interaction) -> ConversationKey:
        return key_for(interaction.guild, interaction.channel_id, interaction.user.id)

    async def _answer(self, interaction: discord.Interaction, inbound: Inbound, shown: str) -> None:
        """The question's components become `shown`, disabled, only once the engine took the answer: a stale,
        repeated or misread one leaves them for the member."""
        if not await self.admitted(interaction, inbound.key):  # the components stay, for when the limit allows
            return
        # Acknowledge first (Discord's 3-second deadline), whatever the store's latency; the message changes after.
        await interaction.response.defer()
        turn = await self.engine.turn(inbound, admitted=True)
        if turn.answered:
            await interaction.edit_original_response(view=answered_view(shown))
        ephemeral = bool(interaction.message and interaction.message.flags.ephemeral)
        await self.send_replies(turn.replies, lambda **kw: interaction.followup.send(ephemeral=ephemeral, **kw),
                                interaction.user.id, in_guild=interaction.guild is not None)

    @guarded
    async def on_drafts(self, interaction: discord.Interaction) -> None:
        """The member's own drafts, privately (the button's owner check turned anyone else away)."""
        if not await self.admitted(interaction):
            return
        drafts = await self.engine.drafts_of(self._key(interaction))
        first, *rest = drafts_content(drafts) if drafts else ["I no longer hold drafts for this conversation."]
        await interaction.response.send_message(first, ephemeral=True, allowed_mentions=NO_PINGS)
        for content in rest:
            await interaction.followup.send(content, ephemeral=True, allowed_mentions=NO_PINGS)

    @guarded
    async def on_handoff(self, interaction: discord.Interaction) -> None:
        """Ask a moderator: the summary where the conversation is, under the moderator role's mention alone."""
        if not await self.admitted(interaction):
            return
        guild, channel_id = interaction.guild, interaction.channel_id
        role = self._moderator_role(guild)
        if guild is None or role is None or channel_id is None:
            await interaction.response.send_message("Moderators can be asked in a server's channels, not here.",
                                                    ephemeral=True)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)  # the store is written first: 3 seconds
        asked = await self.engine.ask_moderator(self._key(interaction), str(channel_id), "", str(role.id),
                                                f"https://discord.com/channels/{guild.id}/{channel_id}")
        if isinstance(asked, Text):
            await interaction.followup.send(asked.markdown, ephemeral=True, allowed_mentions=NO_PINGS)
            return
        try:
            await interaction.channel.send(**handoff_message(asked))  # type: ignore[union-attr]
        except BaseException:
            await self.engine.handoff_not_posted(PLATFORM, str(channel_id))
            raise
        await interaction.followup.send("I've asked the moderators; one will answer here.", ephemeral=True)

    def _moderator_role(self, guild: discord.Guild | None) -> discord.Role | None:
        wanted = self.options.moderator_role
        if guild is None or not wanted:
            return None
        return next((r for r in guild.roles if str(r.id) == wanted or r.name == wanted), None)

    async def _moderator_answered(self, message: discord.Message) -> None:
        """A moderator writing where a member asked for one: the request is answered (no reminder, no escalation).
        Read from the message's author and channel alone: it works without the message-content intent."""
        channel = str(message.channel.id)
        if not self.options.moderator_role or not await self.engine.handoff_waiting(PLATFORM, channel):
            return
        author = message.author
        role = self._moderator_role(message.guild)
        is_moderator = role is not None and role in getattr(author, "roles", [])
        if not is_moderator and isinstance(author, discord.Member):
            with contextlib.suppress(discord.ClientException):  # a thread whose parent is not cached
                is_moderator = message.channel.permissions_for(author).manage_messages
        if is_moderator:
            await self.engine.moderator_replied(PLATFORM, channel)

    def handoffs(self, channel_for: Callable[[int], discord.abc.Messageable]) -> DiscordHandoffs:
        """What a serving bot's background task posts reminders and escalations with."""
        return DiscordHandoffs(channel_for, self.options.escalation_channel)

    @guarded
    async def on_feedback(self, interaction: discord.Interaction, guidance_id: str, helpful: bool) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)  # before the write: 3 seconds
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

    @guarded
    async def on_answer(self, interaction: discord.Interaction, name: str, member: discord.Member | None) -> None:
        answer = self.engine.find_answer(name)
        if answer is None:
            await interaction.response.send_message(
                f"No canonical answer is called “{quoted(name, 80)}”. Try `/faq`.",
                ephemeral=True, allowed_mentions=NO_PINGS)
            return
        await interaction.response.defer(thinking=True)  # recording the post is a write: answer Discord first
        card = self.engine.answer_card(answer, PLATFORM, how="answer")
        [kwargs] = messages(card)
        if member is not None:  # the one ping a moderator asked for
            kwargs.update(content=member.mention, allowed_mentions=discord.AllowedMentions(users=[member]))
        await interaction.followup.send(**kwargs)

    async def complete_answer(self, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=f"{a.title} ({a.id})"[:100], value=a.id)
                for a in self.engine.complete_answer(current, limit=25)]

    @guarded
    async def on_faq(self, interaction: discord.Interaction, query: str) -> None:
        hits = self.engine.search_answers(query)
        if not hits:
            await interaction.response.send_message("No canonical answer matches. Try other words.", ephemeral=True)
            return
        view = discord.ui.View(timeout=None)
        lines = []
        for number, hit in enumerate(hits[:5], 1):
            lines.append(f"{number}. **{hit.answer.title}** (`{hit.answer.id}`)")
            view.add_item(PostAnswerButton(hit.answer.id))
        await interaction.response.send_message("\n".join(lines), view=sent(view), ephemeral=True,
                                                allowed_mentions=NO_PINGS)

    @guarded
    async def on_post_answer(self, interaction: discord.Interaction, answer_id: str) -> None:
        answer = self.engine.find_answer(answer_id)
        if answer is None:
            await interaction.response.send_message("That answer no longer exists.", ephemeral=True)
            return
        card = self.engine.answer_card(answer, PLATFORM, how="faq")
        await interaction.response.send_message("Posted.", ephemeral=True)
        [kwargs] = messages(card)
        await interaction.followup.send(**kwargs)

    @guarded
    async def on_reload(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)  # loading a pack takes a while
        reloaded = await self.engine.reload_policy()
        await interaction.followup.send(clip(reloaded.markdown, MESSAGE_LIMIT), ephemeral=True)


def build_commands(adapter: DiscordAdapter) -> list[app_commands.Command | app_commands.ContextMenu]:
    @app_commands.command(name="refund", description="Get advice on a refund, escrow or dispute")
    @app_commands.describe(situation="Your situation in a sentence or two (optional)")
    async def refund(interaction: discord.Interaction,
                     situation: app_commands.Range[str, 1, SITUATION_MAX] | None = None) -> None:
        await adapter.on_refund(interaction, situation)

    @moderators_only("Only moderators can post canonical answers. Try `/faq` to search them.")
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

    @moderators_only("Only moderators can reload the policy.")
    @app_commands.command(name="reload-policy", description="Reload the advice policy (moderators)")
    async def reload_policy(interaction: discord.Interaction) -> None:
        await adapter.on_reload(interaction)

    return [refund, answer, faq, reload_policy, *context_menus(adapter)]


class RefundTree(app_commands.CommandTree[Any]):
    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError, /) -> None:
        """The one handler for the moderators' commands: anyone else is told privately, and nothing is done."""
        if isinstance(error, NotModerator):
            await interaction.response.send_message(str(error), ephemeral=True)
            return
        await super().on_error(interaction, error)


def command_tree(client: discord.Client, adapter: DiscordAdapter) -> RefundTree:
    """The slash commands and message commands over `adapter`, on `client`'s connection."""
    tree = RefundTree(client)
    for command in build_commands(adapter):
        tree.add_command(command)
    return tree


def intents(options: DiscordOptions) -> discord.Intents:
    wanted = discord.Intents.default()  # guilds, guild and DM messages; not the privileged ones
    wanted.message_content = options.message_content  # typed answers in threads need it
    return wanted


class RefundClient(discord.Client):
    def __init__(self, engine: Engine, options: DiscordOptions, *, http_trace: aiohttp.TraceConfig | None = None):
        traced: dict[str, Any] = {"http_trace": http_trace} if http_trace else {}
        super().__init__(intents=intents(options), allowed_mentions=NO_PINGS, **traced)
        self.adapter = DiscordAdapter(engine, options)
        self.tree = command_tree(self, self.adapter)

    async def setup_hook(self) -> None:
        self.add_dynamic_items(*DYNAMIC_ITEMS, *MODERATION_ITEMS)  # buttons from before a restart keep working

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        await submit_answer_form(interaction)  # forms are not kept per process: see AnswerForm

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
