"""Neutral replies as Discord messages: content, embeds and component views, within Discord's limits."""

from __future__ import annotations

import discord

from bot.conversation.text import clip, split
from bot.messages import AnswerCard, Drafts, Guidance, HandoffNote, Question, Reply, Text
from bot.safety.sanitize import member_text

MESSAGE_LIMIT = 2000
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
FIELD_VALUE = 1024
FOOTER = 2048
FIELDS_MAX = 25
EMBED_TOTAL = 6000  # all of an embed's text together (and of all the embeds of one message)
NO_PINGS = discord.AllowedMentions.none()



def quote_member(text: str) -> str:
    """Member text to echo: sanitised, mentions and markdown escaped (allowed_mentions is off as well)."""
    safe = discord.utils.escape_markdown(discord.utils.escape_mentions(member_text(text)))
    return "> " + safe.replace("\n", "\n> ")


def opening_line(mention: str, situation: str | None) -> str:
    """The first message of `/refund`: who it is for and their words, quoted and clipped to one message."""
    line = f"Refund and dispute advice for {mention}"
    if not situation:
        return line
    return clip(line + "\n" + quote_member(situation), MESSAGE_LIMIT)


def whole_lines(lines: list[str], limit: int, separator: str = "\n") -> str:
    """As many whole lines as fit in `limit`, then "and N more": a link is never cut in half."""
    for shown in range(len(lines), 0, -1):
        rest = len(lines) - shown
        text = separator.join(lines[:shown]) + (f"{separator}and {rest} more" if rest else "")
        if len(text) <= limit:
            return text
    return clip(lines[0], limit) if lines else ""


def _fields(guidance: Guidance) -> list[tuple[str, str]]:
    fields = [("Verdict", clip(guidance.verdict_label, FIELD_VALUE))]
    if guidance.more:  # behind a spoiler: Discord's own way to keep text folded until the member opens it
        for number, part in enumerate(split(guidance.more_markdown(), FIELD_VALUE - len("||||"))):
            fields.append(("More (click to open)" if number == 0 else "More (continued)", f"||{part}||"))
    if guidance.evidence:  # every item kept: a long list goes on in a second field
        heading = clip(guidance.evidence_heading, EMBED_TITLE - len(" (continued)"))
        for number, part in enumerate(split(guidance.evidence_markdown(), FIELD_VALUE)):
            fields.append((heading if number == 0 else f"{heading} (continued)", part))
    if guidance.basis:
        fields.append(("Based on", whole_lines(guidance.basis, FIELD_VALUE, "; ")))
    if guidance.citations:
        cited = [f"• [{c.title}]({c.url})" if c.url else f"• {c.title} (`/answer {c.answer_id}`)"
                 for c in guidance.citations]
        fields.append(("See", whole_lines(cited, FIELD_VALUE)))
    return fields


def guidance_embeds(guidance: Guidance) -> list[discord.Embed]:
    """The guidance in as many embeds as it needs, each within Discord's 6,000 characters in all (one
    message each): nothing is cut but the citations past a field's size, which say how many more there are."""
    colour = discord.Colour.blurple()
    lead = split(guidance.lead_markdown(), EMBED_DESCRIPTION) or [""]
    embeds = [discord.Embed(title=clip(guidance.title, EMBED_TITLE), description=lead[0], colour=colour)]
    embeds += [discord.Embed(description=part, colour=colour) for part in lead[1:]]
    for name, value in _fields(guidance):
        last = embeds[-1]
        if len(last) + len(name) + len(value) > EMBED_TOTAL or len(last.fields) >= FIELDS_MAX:
            last = discord.Embed(colour=colour)
            embeds.append(last)
        last.add_field(name=name, value=value, inline=False)
    if guidance.disclaimer:
        footer = clip(guidance.disclaimer, FOOTER)
        if len(embeds[-1]) + len(footer) > EMBED_TOTAL:
            embeds.append(discord.Embed(colour=colour))
        embeds[-1].set_footer(text=footer)
    return embeds


def drafts_content(drafts: Drafts) -> list[str]:
    """Each draft in a code block, which Discord shows copyable, in as many messages as they need (each
    within the limit, a block never cut open); sent ephemeral, mentions off."""
    fence = "`" * 3
    wrap = len(f"\n{fence}\n\n{fence}")
    blocks = []
    for draft in drafts.drafts:
        title = discord.utils.escape_markdown(draft.title)
        body = draft.text.replace(fence, chr(39) * 3)  # a fence inside would close the block
        for number, part in enumerate(split(body, MESSAGE_LIMIT - wrap - len(title) - len(" (continued)"))):
            blocks.append(f"{title}{' (continued)' if number else ''}\n{fence}\n{part}\n{fence}")
    messages = [f"**{discord.utils.escape_markdown(drafts.heading)}**"]
    for block in blocks:
        if len(messages[-1]) + 1 + len(block) <= MESSAGE_LIMIT:
            messages[-1] += "\n" + block
        else:
            messages.append(block)
    return messages


def handoff_message(note: HandoffNote) -> dict:
    """A call for a moderator: the role's mention, the only one allowed to notify anyone."""
    role = int(note.mention)
    link = f"\n{note.link}" if note.link else ""
    content = clip(f"<@&{role}> {note.lead}{link}\n{note.summary}", MESSAGE_LIMIT)
    return {"content": content, "allowed_mentions": discord.AllowedMentions(
        everyone=False, users=False, replied_user=False, roles=[discord.Object(id=role)])}


def answer_embed(card: AnswerCard) -> discord.Embed:
    embed = discord.Embed(title=clip(card.title, EMBED_TITLE), description=clip(card.body, EMBED_DESCRIPTION),
                          url=card.url, colour=discord.Colour.green())  # the title links the answer's page
    if card.sources:
        embed.add_field(name="Sources", value=clip("\n".join(card.sources), FIELD_VALUE), inline=False)
    embed.set_footer(text=f"Canonical answer: {card.id}")
    return embed


TYPE_HERE = "\n-# Type your answer here, or press **Type my answer**."
MENTION_ME = "\n-# Press **Type my answer**, or mention me with your answer."


def messages(reply: Reply, typing: bool = True) -> list[dict]:
    """Keyword arguments for one or more sends of a reply (views are added by the caller, to the last).
    `typing`: messages typed in a thread reach the bot (the message-content intent); else only mentions do."""
    if isinstance(reply, Text):
        prefix = "⚠️ " if reply.tone == "error" else ""
        parts = split(prefix + reply.markdown, MESSAGE_LIMIT)
        return [{"content": part, "allowed_mentions": NO_PINGS} for part in parts]
    if isinstance(reply, Question):
        text = reply.prompt + (f"\n-# {reply.help}" if reply.help else "")
        if reply.free_text:
            text += TYPE_HERE if typing else MENTION_ME
        return [{"content": clip(text, MESSAGE_LIMIT), "allowed_mentions": NO_PINGS}]
    if isinstance(reply, Guidance):
        return [{"embed": embed, "allowed_mentions": NO_PINGS} for embed in guidance_embeds(reply)]
    if isinstance(reply, AnswerCard):
        return [{"embed": answer_embed(reply), "allowed_mentions": NO_PINGS}]
    if isinstance(reply, Drafts):  # typed "drafts" in a thread: drafts stay private, behind the button
        return [{"content": f"Your drafts are private: use **{reply.heading}** under the advice.",
                 "allowed_mentions": NO_PINGS}]
    raise TypeError(f"cannot render {type(reply).__name__}")
