"""Ask a moderator: a person when the bot cannot help.

On any guidance, and where no situation fitted, the member may ask for a moderator. The adapter posts in
the conversation's thread a summary (the facts as the member confirmed them, the path the tree took, the
advice given: nothing the member typed, no personal data) under the moderators' mention. If no moderator
answers in the thread within `remind_after_seconds`, the thread is reminded once; if none has answered
`escalate_after_seconds` after that, the summary goes to the escalation channel. The waiting handoffs live
in the shared store (bot.record.handoffs); while serving, a background task calls `Desk.run_due`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Literal

from pydantic import BaseModel, Field

from bot.conversation.walk import walk
from bot.messages import HandoffNote, key_digest
from bot.pack.loading import Knowledge
from bot.record import Session
from bot.record.handoffs import Handoff, HandoffStore, place_of
from bot.safety.redact import redact

log = logging.getLogger(__name__)
ASKED = "A member would like a moderator's help with the advice in this conversation."
REMINDER = "Reminder: no moderator has answered here yet. A member is waiting for help with this advice."
NOT_DONE = "A moderator can be asked once I've given my advice (or found that none of my situations fits)."
ALREADY = "A moderator has already been asked in this conversation; they will answer here."
RETRY_SECONDS = 60  # a step whose post failed is tried again after this


class HandoffTimes(BaseModel):
    """When a waiting handoff is chased (settings: `handoff`)."""

    remind_after_seconds: float = Field(default=3600, gt=0, description="No moderator answer in the thread "
                                        "this long after the member asked: remind the thread, once.")
    escalate_after_seconds: float = Field(default=3600, gt=0, description="Still none this long after the "
                                          "reminder: post the summary to the escalation channel.")
    check_every_seconds: float = Field(default=30, gt=0, description="How often a serving bot looks for "
                                       "handoffs due.")


def summary(session: Session, knowledge: Knowledge) -> str:
    """What a moderator needs, in the pack's own words: the facts as confirmed (free text left out), the path,
    the advice given. Redacted again all the same: it is posted where anyone in the channel reads it."""
    path, advice = ["the situation menu", "Something else"], "none: no situation fitted; the closest canonical " \
        "answers and the marketplace's support were suggested"
    facts = {name: value for name, value in session.facts.items() if name not in session.prefilled}
    unknown = [name for name in session.unknown if name in knowledge.facts]
    tree = knowledge.trees.get(session.tree) if session.tree else None
    if tree is not None and session.advice:
        result = walk(knowledge.trees, tree.id, session.facts,
                      knowledge.unknown_among(session.facts, session.unknown, session.reopened))
        if result.outcome is not None:
            used = result.facts_used
            facts = {name: session.facts[name] for name in used if name in session.facts}
            unknown = [name for name in used if name not in session.facts]
            path = [tree.title, *(f"{step.node} ({step.condition})" for step in result.path), result.outcome.id]
            advice = f"{result.outcome.title} ({knowledge.verdict_label(result.outcome.verdict)})"
    said = [knowledge.facts[name].describe(value) for name, value in facts.items()
            if name in knowledge.facts and knowledge.facts[name].type != "text"]
    said += [f"{knowledge.facts[name].label}: not known" for name in unknown if name in knowledge.facts]
    text = "\n".join([f"- **Facts as confirmed:** {'; '.join(said) or 'none'}",
                      f"- **Path:** {' → '.join(path)}", f"- **Advice given:** {advice}"])
    return redact(text).text


Post = Callable[[HandoffNote], Awaitable[None]]  # an adapter posting a reminder or an escalation


def note(handoff: Handoff, stage: Literal["asked", "reminder", "escalation"], lead: str) -> HandoffNote:
    return HandoffNote(stage=stage, lead=lead, summary=handoff.summary, channel=handoff.channel,
                       thread=handoff.thread, mention=handoff.mention,
                       link=handoff.link if stage == "escalation" else "")


class Desk:
    """The handoffs of every platform, over one store, on the engine's clock."""

    def __init__(self, store: HandoffStore, times: HandoffTimes | None = None,
                 clock: Callable[[], float] = time.time):
        self.store, self.times, self.clock = store, times or HandoffTimes(), clock

    async def ask(self, session: Session, knowledge: Knowledge, platform: str, channel: str, thread: str,
                  mention: str, link: str = "") -> HandoffNote | None:
        """The post calling the moderators; None when one is already waiting here."""
        now = self.clock()
        handoff = Handoff(platform=platform, channel=channel, thread=thread, conversation=key_digest(session.key),
                          mention=mention, summary=summary(session, knowledge), link=link, asked_at=now,
                          due_at=now + self.times.remind_after_seconds)
        if not await self.store.add(handoff):
            return None
        return note(handoff, "asked", ASKED)

    async def withdraw(self, platform: str, channel: str, thread: str = "") -> None:
        """The post calling the moderators could not be made: nothing waits for an answer to it."""
        await self.store.remove(place_of(platform, channel, thread))

    async def waiting(self, platform: str, channel: str, thread: str = "") -> bool:
        return await self.store.get(place_of(platform, channel, thread)) is not None

    async def answered(self, platform: str, channel: str, thread: str = "") -> bool:
        """A moderator wrote in the thread: nothing more is chased."""
        return await self.store.remove(place_of(platform, channel, thread))

    async def run_due(self, platform: str, post: Post) -> list[Literal["reminder", "escalation"]]:
        """Take each step due on this platform: remind, then escalate. Returns the steps taken."""
        taken: list[Literal["reminder", "escalation"]] = []
        for handoff in await self.store.due(platform, self.clock()):
            now = self.clock()
            if handoff.stage == "asked":
                then: Handoff | None = handoff.model_copy(update={
                    "stage": "reminded", "due_at": now + self.times.escalate_after_seconds})
                posting = note(handoff, "reminder", REMINDER)
            else:
                then = None
                waited = max(1, round((now - handoff.asked_at) / 60))
                posting = note(handoff, "escalation", f"No moderator has answered a member's request for help "
                                                      f"in {waited} minutes:")
            if not await self.store.advance(handoff, then):
                continue  # another instance took this step, or a moderator answered meanwhile
            try:
                await post(posting)
            except Exception:
                log.exception("could not post the %s of handoff %s; trying again in %d s", posting.stage,
                              handoff.conversation, RETRY_SECONDS)
                retry = handoff.model_copy(update={"due_at": now + RETRY_SECONDS})
                if then is None:
                    await self.store.add(retry)
                else:
                    await self.store.advance(then, retry)
                continue
            taken.append("reminder" if then is not None else "escalation")
        return taken

    async def pending(self) -> int:
        return await self.store.count()
