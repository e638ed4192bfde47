"""Neutral replies as Discord messages: content, embeds and component views, within Discord's limits."""

from __future__ import annotations

import discord

from bot.conversation.text import clip, split
from bot.messages import AnswerCard, Drafts, Guidance, Question, Reply, Text
from bot.safety.sanitize import member_text

MESSAGE_LIMIT = 2000
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
FIELD_VALUE = 1024
FOOTER = 2048
NO_PINGS = discord.AllowedMentions.none()



def quote_member(text: str) -> str:
    """Member text to echo: sanitised, mentions and markdown escaped (allowed_mentions is off as well)."""
    safe = discord.utils.escape_markdown(discord.utils.escape_mentions(member_text(text)))
    return "> " + safe.replace("\n", "\n> ")


def guidance_embed(guidance: Guidance) -> discord.Embed:
    embed = discord.Embed(title=clip(guidance.title, EMBED_TITLE),
                          description=clip(guidance.lead_markdown(), EMBED_DESCRIPTION),
                          colour=discord.Colour.blurple())
    embed.add_field(name="Verdict", value=clip(guidance.verdict_label, FIELD_VALUE), inline=False)
    if guidance.more:  # behind a spoiler: Discord's own way to keep text folded until the member opens it
        embed.add_field(name="More (click to open)", value=clip(f"||{guidance.more_markdown()}||", FIELD_VALUE),
                        inline=False)
    if guidance.evidence:
        embed.add_field(name=clip(guidance.evidence_heading, EMBED_TITLE),
                        value=clip(guidance.evidence_markdown(), FIELD_VALUE), inline=False)
    if guidance.basis:
        embed.add_field(name="Based on", value=clip("; ".join(guidance.basis), FIELD_VALUE), inline=False)
    if guidance.citations:
        cited = [f"[{c.title}]({c.url})" if c.url else f"{c.title} (`/answer {c.answer_id}`)"
                 for c in guidance.citations]
        embed.add_field(name="See", value=clip("\n".join(f"• {c}" for c in cited), FIELD_VALUE), inline=False)
    if guidance.disclaimer:
        embed.set_footer(text=clip(guidance.disclaimer, FOOTER))
    return embed


def drafts_content(drafts: Drafts) -> str:
    """Each draft in a code block, which Discord shows copyable; sent ephemeral, mentions off."""
    fence = "`" * 3
    parts = [f"**{drafts.heading}**"]
    for draft in drafts.drafts:
        parts.append(f"{draft.title}\n{fence}\n{draft.text.replace(fence, chr(39) * 3)}\n{fence}")
    return clip("\n".join(parts), MESSAGE_LIMIT)


def answer_embed(card: AnswerCard) -> discord.Embed:
    embed = discord.Embed(title=clip(card.title, EMBED_TITLE), description=clip(card.body, EMBED_DESCRIPTION),
                          colour=discord.Colour.green())
    if card.sources:
        embed.add_field(name="Sources", value=clip("\n".join(card.sources), FIELD_VALUE), inline=False)
    embed.set_footer(text=f"Canonical answer: {card.id}")
    return embed


def messages(reply: Reply) -> list[dict]:
    """Keyword arguments for one or more sends of a reply (views are added by the caller)."""
    if isinstance(reply, Text):
        prefix = "⚠️ " if reply.tone == "error" else ""
        parts = split(prefix + reply.markdown, MESSAGE_LIMIT)
        return [{"content": part, "allowed_mentions": NO_PINGS} for part in parts]
    if isinstance(reply, Question):
        text = reply.prompt + (f"\n-# {reply.help}" if reply.help else "")
        if reply.free_text:
            text += "\n-# Type your answer here."
        return [{"content": clip(text, MESSAGE_LIMIT), "allowed_mentions": NO_PINGS}]
    if isinstance(reply, Guidance):
        return [{"embed": guidance_embed(reply), "allowed_mentions": NO_PINGS}]
    if isinstance(reply, AnswerCard):
        return [{"embed": answer_embed(reply), "allowed_mentions": NO_PINGS}]
    if isinstance(reply, Drafts):  # typed "drafts" in a thread: drafts stay private, behind the button
        return [{"content": f"Your drafts are private: use **{reply.heading}** under the advice.",
                 "allowed_mentions": NO_PINGS}]
    raise TypeError(f"cannot render {type(reply).__name__}")
