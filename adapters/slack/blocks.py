"""Neutral replies as Block Kit, within Slack's limits, with member text escaped.

Neutral markdown becomes mrkdwn: `**bold**` → `*bold*`, `[label](url)` → `<url|label>`. Everything is
escaped first (`&`, `<`, `>`), so text a member typed can never form `<!channel>`, `<@U…>` or a link, and
backslash-escaped characters (member text quoted by the engine) are set aside from the conversion. Long
text is split before it is escaped, at line breaks or between words, so no `&amp;` or link is cut.
"""

from __future__ import annotations

import json
import re
from typing import Any

from bot.conversation.text import clip, split
from bot.messages import AnswerCard, Drafts, Guidance, HandoffNote, Question, Reply, Text
from bot.safety import markdown as neutral
from bot.safety.sanitize import member_text

SECTION_LIMIT = 3000
BUTTON_TEXT_LIMIT = 75
HEADER_LIMIT = 150
MAX_BLOCKS = 50
BUTTONS_PER_ACTIONS = 25

CHOICE_ACTION = "refund_choice"
FEEDBACK_ACTION = "refund_feedback"
POST_ANSWER_ACTION = "refund_post_answer"
DRAFTS_ACTION = "refund_drafts"
HANDOFF_ACTION = "refund_handoff"
MORE_ACTION = "refund_more"
MORE_BLOCK = "more"
ASK_MODERATOR = "Ask a moderator"

_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CHANNEL_ID = re.compile(r"[CG][A-Z0-9]+")

Block = dict[str, Any]


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mrkdwn(markdown: str) -> str:
    """Neutral markdown as Slack mrkdwn: escaped, then our own links and bold restored."""
    text = escape(neutral.set_aside(markdown))
    text = _LINK.sub(lambda m: f"<{m[2]}|{m[1]}>", text)
    return neutral.put_back(_BOLD.sub(r"*\1*", text), escape)


def rendered_length(markdown: str) -> int:
    return len(mrkdwn(markdown))


def fit(markdown: str, limit: int = SECTION_LIMIT) -> str:
    """As much of the markdown as fits in `limit` once rendered, cut between words, with "…" if cut."""
    parts = split(markdown, limit - 1, rendered_length)
    return mrkdwn(parts[0]) + ("…" if len(parts) > 1 else "") if parts else ""


def quote_member(text: str) -> str:
    """Member text to echo: sanitised (no pings, no personal data), escaped, as a quote."""
    return "> " + escape(member_text(text)).replace("\n", "\n> ")



def sections(markdown: str) -> list[Block]:
    parts = split(markdown, SECTION_LIMIT, rendered_length)
    return [{"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn(part)}} for part in parts]


def context(markdown: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": fit(markdown)}]}


def button(text: str, action_id: str, value: str, style: str | None = None) -> Block:
    element: Block = {"type": "button", "text": {"type": "plain_text", "text": clip(text, BUTTON_TEXT_LIMIT)},
                      "action_id": action_id, "value": value}
    if style:
        element["style"] = style
    return element


def question_blocks(question: Question) -> list[Block]:
    blocks = sections(question.prompt)
    buttons = [button(choice.label, f"{CHOICE_ACTION}:{index}", json.dumps({"t": question.token, "c": choice.id}))
               for index, choice in enumerate(question.choices)]
    for start in range(0, len(buttons), BUTTONS_PER_ACTIONS):
        blocks.append({"type": "actions", "block_id": f"choices:{question.token}:{start}",
                       "elements": buttons[start:start + BUTTONS_PER_ACTIONS]})
    if question.free_text:
        blocks.append(context("Type your answer in this thread."))
    if question.help:
        blocks.append(context(question.help))
    return blocks


def guidance_blocks(guidance: Guidance, ask_moderator: bool = False) -> list[Block]:
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": clip(guidance.title, HEADER_LIMIT)}},
        {"type": "section", "text": {"type": "mrkdwn", "text": f"*Verdict:* {escape(guidance.verdict_label)}"}},
        *sections(guidance.lead_markdown()),
    ]
    if guidance.more and guidance.id:  # Slack cannot fold a section: the rest opens in place on a click
        blocks.append({"type": "actions", "block_id": MORE_BLOCK, "elements": [
            button(f"More ({len(guidance.more)})", MORE_ACTION, guidance.id)]})
    elif guidance.more:  # nothing to open it from (no record): the rest, small, after a divider
        blocks += [{"type": "divider"}, context("More: " + guidance.more_markdown())]
    if guidance.evidence:
        blocks += sections(f"**{guidance.evidence_heading}**\n" + guidance.evidence_markdown())
    if guidance.basis:
        blocks.append(context("Based on: " + "; ".join(guidance.basis)))
    if guidance.citations:
        cited = [f"[{c.title}]({c.url})" if c.url else f"{c.title} (`/answer {c.answer_id}`)"
                 for c in guidance.citations]
        blocks += sections("*See:*\n" + "\n".join(f"• {c}" for c in cited))
    if guidance.disclaimer:
        blocks.append(context(guidance.disclaimer))
    buttons = [
        *([button("Helpful", f"{FEEDBACK_ACTION}:yes", guidance.id, "primary"),
           button("Not helpful", f"{FEEDBACK_ACTION}:no", guidance.id)] if guidance.id else []),
        # the drafts are private: the button shows them to the member who clicks
        *([button(guidance.drafts_heading, DRAFTS_ACTION, guidance.id or "-")] if guidance.drafts else []),
        *([button(ASK_MODERATOR, HANDOFF_ACTION, guidance.id or "-")] if ask_moderator else []),
    ]
    actions = {"type": "actions", "elements": buttons,
               **({"block_id": f"feedback:{guidance.id}"} if guidance.id else {})}
    return [*blocks[:MAX_BLOCKS - 1], *([actions] if buttons else [])]  # the buttons are never cut off


def opened(blocks: list[Block], more: str) -> list[Block]:
    """A posted guidance card with its "More" button replaced by the rest of the advice."""
    rest = [{"type": "divider"}, *sections("**More**\n" + more)]
    return [part for block in blocks for part in (rest if block.get("block_id") == MORE_BLOCK else [block])]


def drafts_blocks(drafts: Drafts) -> list[Block]:
    """Each draft as a preformatted block, which Slack shows copyable; escaped like any text."""
    blocks: list[Block] = [{"type": "header", "text": {"type": "plain_text", "text": clip(drafts.heading,
                                                                                         HEADER_LIMIT)}}]
    fence = "`" * 3
    for draft in drafts.drafts:
        blocks.append(context(f"**{neutral.escape(draft.title)}**"))
        body = draft.text.replace(fence, "'" * 3)  # a fence inside would close the block
        # split before escaping, as for any section, so that no "&amp;" is cut
        for part in split(body, SECTION_LIMIT - 2 * len(fence), lambda t: len(escape(t))):
            blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": f"{fence}{escape(part)}{fence}"}})
    return blocks[:MAX_BLOCKS]


def answer_blocks(card: AnswerCard, for_member: str | None = None) -> list[Block]:
    blocks: list[Block] = [{"type": "header", "text": {"type": "plain_text", "text": clip(card.title, HEADER_LIMIT)}}]
    if for_member:  # a user id the moderator named, validated by the caller: the one intended ping
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": f"<@{for_member}>"}})
    blocks += sections(card.body)
    if card.sources:
        blocks.append(context("Sources: " + " · ".join(card.sources)))
    if card.url:
        blocks.append(context(f"[This answer on the site]({card.url})"))
    return blocks[:MAX_BLOCKS]


def handoff_blocks(note: HandoffNote) -> tuple[str, list[Block]]:
    """A call for a moderator: the user group's mention is the one notification; all else is escaped."""
    mention = f"<!subteam^{note.mention}>"
    blocks: list[Block] = [{"type": "section", "text": {"type": "mrkdwn", "text": f"{mention} {fit(note.lead, 2000)}"}},
                           *sections(note.summary)]
    if note.link.startswith("https://"):
        blocks.append(context(f"[Go to the conversation]({note.link})"))
    elif note.stage == "escalation" and _CHANNEL_ID.fullmatch(note.channel):  # a link to it, not a ping
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": f"In <#{note.channel}>"}]})
    return f"{mention} {fit(note.lead, 2000)}", blocks[:MAX_BLOCKS]


def render(reply: Reply, ask_moderator: bool = False) -> tuple[str, list[Block]]:
    """(fallback text for notifications, escaped like the blocks, and the blocks). `ask_moderator`: moderators
    can be called here, so guidance and a conversation ended without advice offer it."""
    if isinstance(reply, Text):
        prefix = ":warning: " if reply.tone == "error" else ""
        blocks = sections(prefix + reply.markdown)[:MAX_BLOCKS - 1]
        if ask_moderator and reply.ask_moderator:
            blocks.append({"type": "actions", "elements": [button(ASK_MODERATOR, HANDOFF_ACTION, "-")]})
        return fit(reply.markdown), blocks
    if isinstance(reply, Question):
        return fit(reply.prompt), question_blocks(reply)[:MAX_BLOCKS]
    if isinstance(reply, Guidance):
        return fit(f"{reply.title} ({reply.verdict_label})"), guidance_blocks(reply, ask_moderator)
    if isinstance(reply, AnswerCard):
        return fit(reply.title), answer_blocks(reply)
    if isinstance(reply, Drafts):
        return fit(reply.heading), drafts_blocks(reply)
    raise TypeError(f"cannot render {type(reply).__name__}")
