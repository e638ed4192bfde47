"""The terminal adapter: `refundbot chat`.

Interactive on a terminal (numbered choices, a prompt); scriptable when stdin is not a terminal:
one line per turn, every line read, plain text out; exit 0 when the conversation has reached its advice.
The conversation is kept after guidance: the next line (or the next run) can thank, correct a detail or
ask a follow-up.
"""

from __future__ import annotations

import getpass
import re
import sys
from typing import TextIO

from bot.conversation.engine import Engine
from bot.messages import AnswerCard, ConversationKey, Draft, Drafts, Guidance, Inbound, Question, Reply, Text
from bot.safety import markdown as neutral

_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def plain(markdown: str) -> str:
    """Neutral markdown as terminal text: links spelled out, emphasis markers dropped, escapes shown as typed."""
    return neutral.put_back(_BOLD.sub(r"\1", _LINK.sub(r"\1 (\2)", neutral.set_aside(markdown))))


def draft_blocks(heading: str, drafts: list[Draft]) -> list[str]:
    """Each draft between rules, as it stands: copied from the terminal with nothing to strip."""
    lines = [f"{heading}:"]
    for draft in drafts:
        lines += ["", f"--- {draft.title} ---", draft.text, "---"]
    return lines


def render(reply: Reply) -> str:
    if isinstance(reply, Text):
        return ("! " if reply.tone == "error" else "") + plain(reply.markdown)
    if isinstance(reply, Question):
        lines = [plain(reply.prompt)]
        if reply.free_text:  # a number typed here is the answer ("3" days), so the choices are not numbered
            lines += [f"  - {choice.label}" for choice in reply.choices]
            lines.append("  (type your answer, or: I don't know, back, help, restart)")
        else:
            lines += [f"  {number}. {choice.label}" for number, choice in enumerate(reply.choices, 1)]
            lines.append("  (a number or the words; help, back and restart work too)")
        return "\n".join(lines)
    if isinstance(reply, Guidance):
        lines = [f"== {reply.title} ==", f"Verdict: {reply.verdict_label}", "", plain(reply.lead_markdown())]
        if reply.more:
            lines += ["", "More:", plain(reply.more_markdown())]
        if reply.evidence:
            lines += ["", f"{reply.evidence_heading}:", plain(reply.evidence_markdown())]
        if reply.basis:
            lines += ["", "Based on: " + "; ".join(reply.basis)]
        if reply.citations:
            lines += ["", "See:"]
            for citation in reply.citations:
                where = citation.url or f"canonical answer '{citation.answer_id}'"
                lines.append(f"  - {citation.title} ({where})")
        if reply.disclaimer:
            lines += ["", reply.disclaimer]
        if reply.drafts:  # offered after the guidance
            lines += ["", *draft_blocks(reply.drafts_heading, reply.drafts)]
        return "\n".join(lines)
    if isinstance(reply, Drafts):
        return "\n".join(draft_blocks(reply.heading, reply.drafts))
    if isinstance(reply, AnswerCard):
        return "\n".join([f"== {reply.title} ==", plain(reply.body).strip(), *map(plain, reply.sources),
                          *([f"On the site: {reply.url}"] if reply.url else [])])
    raise TypeError(f"cannot render {type(reply).__name__}")


class Console:
    def __init__(self, engine: Engine, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout,
                 conversation: str = "default", interactive: bool | None = None):
        self.engine = engine
        self.stdin, self.stdout = stdin, stdout
        self.interactive = stdin.isatty() if interactive is None else interactive
        self.key = ConversationKey(platform="console", channel="terminal", thread=conversation,
                                   user=getpass.getuser())

    def say(self, text: str) -> None:
        print(text, file=self.stdout, flush=True)

    def read(self) -> str | None:
        if self.interactive:
            self.stdout.write("> ")
            self.stdout.flush()
        line = self.stdin.readline()
        return None if line == "" else line.rstrip("\n")

    async def run(self) -> int:
        """Converse until the input ends (or 'quit', interactively): 1 when piped input ended short of advice."""
        resumed = await self.engine.resume(self.key)
        if resumed:
            self.say("Picking up where you left off.")
            self.show(resumed)
        elif self.interactive:
            self.say("Describe your situation (for example: the client wants a refund). Type 'quit' to leave.")
        line = self.read()
        while line is not None:
            if self.interactive and line.strip().lower() in ("quit", "exit"):
                return 0
            if not line.strip():
                line = self.read()
                continue
            replies = await self.engine.handle(Inbound(key=self.key, text=line))
            self.show(replies)
            guidance = next((r for r in replies if isinstance(r, Guidance)), None)
            line = await self.ask_feedback(guidance) if guidance and self.interactive else self.read()
        if self.interactive or await self.advised():
            return 0
        self.say("Input ended before the advice was reached; run `refundbot chat` again to continue.")
        return 1

    async def advised(self) -> bool:
        """Whether this conversation has reached its advice (in this run or an earlier one)."""
        return await self.engine.has_conversation(self.key) and \
            not await self.engine.has_conversation(self.key, open_only=True)

    def show(self, replies: list[Reply]) -> None:
        for reply in replies:
            self.say(render(reply))
            self.say("")

    async def ask_feedback(self, guidance: Guidance) -> str | None:
        """Asks whether the guidance helped; the member's next line to handle: a follow-up typed instead of an
        answer is read as one, 'quit' leaves, and None is the end of input."""
        self.say("Was this helpful? (y/n, or press Enter to skip)")
        line = self.read()
        answer = (line or "").strip().lower()
        if line is None or answer in ("quit", "exit"):
            return line
        if answer not in ("", "y", "n", "yes", "no"):
            return line  # "how do i end it?": a follow-up, not a rating
        if answer and guidance.id:
            self.show([await self.engine.feedback(guidance.id, answer.startswith("y"))])
        self.say("Ask a follow-up or correct a detail; 'restart' for another situation, 'quit' to leave.")
        return self.read()
