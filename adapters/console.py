"""The terminal adapter: `refundbot chat`.

Interactive on a terminal (numbered choices, a prompt); scriptable when stdin is not a terminal:
one line per turn, plain text out, exit 0 once guidance is given. The conversation is kept after
guidance: the next run (or the next line, interactively) can thank, correct a detail or ask a follow-up.
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
        lines += [f"  {number}. {choice.label}" for number, choice in enumerate(reply.choices, 1)]
        if reply.free_text:
            lines.append("  (type your answer, or: I don't know, back, help, restart)")
        else:
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
        """Converse until guidance (scripted) or until quit / end of input (interactive)."""
        resumed = await self.engine.resume(self.key)
        if resumed:
            self.say("Picking up where you left off.")
            self.show(resumed)
        elif self.interactive:
            self.say("Describe your situation (for example: the client wants a refund). Type 'quit' to leave.")
        while (line := self.read()) is not None:
            if self.interactive and line.strip().lower() in ("quit", "exit"):
                return 0
            if not line.strip():
                continue
            replies = await self.engine.handle(Inbound(key=self.key, text=line))
            self.show(replies)
            guidance = next((r for r in replies if isinstance(r, Guidance)), None)
            if guidance and not self.interactive:
                return 0
            if guidance and not await self.ask_feedback(guidance):
                return 0
        if not self.interactive:
            self.say("Input ended before the advice was reached; run `refundbot chat` again to continue.")
            return 1
        return 0

    def show(self, replies: list[Reply]) -> None:
        for reply in replies:
            self.say(render(reply))
            self.say("")

    async def ask_feedback(self, guidance: Guidance) -> bool:
        """Asks whether the guidance helped; False when the member leaves instead ('quit' or end of input)."""
        self.say("Was this helpful? (y/n, or press Enter to skip)")
        line = self.read()
        answer = (line or "").strip().lower()
        if line is None or answer in ("quit", "exit"):
            return False
        if answer[:1] in ("y", "n") and guidance.id:
            self.show([await self.engine.feedback(guidance.id, answer.startswith("y"))])
        self.say("Ask a follow-up or correct a detail; 'restart' for another situation, 'quit' to leave.")
        return True
