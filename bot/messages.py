"""Neutral message types exchanged between platform adapters and the engine.

Adapters turn platform events into an `Inbound` and render each `Reply` in their own idiom
(buttons, embeds, numbered lists). Markdown here is one neutral dialect: `**bold**`, `*italic*`,
`[label](url)`, `- ` bullets and `1. ` numbered steps; adapters convert it.
"""

from __future__ import annotations

import hashlib
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

# Ids of the control choices every question offers next to its own choices.
UNKNOWN = "unknown"
BACK = "back"


class ConversationKey(BaseModel):
    """Where a conversation lives: one member in one thread of one channel of one workspace."""

    model_config = ConfigDict(frozen=True)

    platform: str
    workspace: str = ""  # Slack team id, Discord guild id; empty for DMs and the console
    channel: str = ""
    thread: str = ""
    user: str

    def as_string(self) -> str:
        return ":".join((self.platform, self.workspace, self.channel, self.thread, self.user))

    def digest(self) -> str:
        return key_digest(self.as_string())

    def member(self) -> str:
        """The member across all their conversations on this platform (for rate limits, reminders)."""
        return ":".join((self.platform, self.workspace, self.user))


def key_digest(key: str) -> str:
    """A stable hash of a conversation key, for logs and audit records that must not hold user ids."""
    return hashlib.sha256(key.encode()).hexdigest()[:16]


class Inbound(BaseModel):
    """One member action: free text, or a choice picked from a question's buttons."""

    key: ConversationKey
    text: str | None = None  # length is checked by the engine, which refuses over-long text with a message
    choice: str | None = Field(default=None, max_length=200)  # a Choice.id
    question: str | None = Field(default=None, max_length=100)  # the Question.token the choice belongs to


class Choice(BaseModel):
    id: str
    label: str
    role: Literal["answer", "unknown", "back", "change"] = "answer"  # change: correct a fact read from the message


class Text(BaseModel):
    kind: Literal["text"] = "text"
    markdown: str
    tone: Literal["info", "error"] = "info"
    ask_moderator: bool = False  # the conversation ended without advice: offer "Ask a moderator" (as on guidance)


class Question(BaseModel):
    kind: Literal["question"] = "question"
    token: str  # identifies this question instance; echoed back in Inbound.question
    prompt: str
    help: str | None = None
    choices: list[Choice] = Field(default_factory=list)
    free_text: bool = False  # the answer is typed (a number, an amount), not picked


class Citation(BaseModel):
    title: str
    url: str | None = None
    answer_id: str | None = None  # a canonical answer's id


class PathStep(BaseModel):
    """One decision on the way to guidance: the node, the fact it read, and the branch taken."""

    node: str
    fact: str
    answer: str  # the fact's value as read back, or "not known"
    condition: str  # the condition that matched, or "default"
    goto: str


class GuidancePoint(BaseModel):
    id: str  # the pack's point id, for evaluation and feedback
    text: str  # Markdown, the member's facts filled in


class Draft(BaseModel):
    """A message the member can copy and send, already filled in."""

    id: str
    to: Literal["other_party", "support", "dispute"]
    title: str
    text: str  # plain text: it is copied as it stands


class Guidance(BaseModel):
    kind: Literal["guidance"] = "guidance"
    id: str  # the audit record id; feedback refers to it
    tree: str
    outcome: str
    verdict: str
    verdict_label: str
    title: str
    body: str  # the main action
    deadlines: list[GuidancePoint] = Field(default_factory=list)  # concrete dates worked out, after the action
    points: list[GuidancePoint] = Field(default_factory=list)  # what else matters here, most important first
    more: list[GuidancePoint] = Field(default_factory=list)  # further points, folded where the platform can
    citations: list[Citation] = Field(default_factory=list)
    basis: list[str] = Field(default_factory=list)  # the facts the advice relied on, as read back
    path: list[PathStep] = Field(default_factory=list)  # how the tree got there, for explanations
    evidence_heading: str = ""
    evidence: list[str] = Field(default_factory=list)  # Markdown items: what to gather before writing or disputing
    drafts_heading: str = ""
    drafts: list[Draft] = Field(default_factory=list)  # offered after the guidance, shown copyable
    disclaimer: str = ""

    def lead_markdown(self) -> str:
        """The main action, the dates worked out and the points shown with it, as one Markdown text."""
        return "\n".join([self.body.strip(), *(f"- {d.text}" for d in self.deadlines),
                          *(f"- {p.text}" for p in self.points)])

    def evidence_markdown(self) -> str:
        return "\n".join(f"- {item}" for item in self.evidence)

    def more_markdown(self) -> str:
        return "\n".join(f"- {p.text}" for p in self.more)

    def all_points(self) -> list[GuidancePoint]:
        return [*self.points, *self.more]

    def full_text(self) -> str:
        """The advice the member reads, as one text (what two members' guidance is compared by): the action, the
        dates worked out, the points and what to gather."""
        return "\n".join([self.body, *(d.text for d in self.deadlines), *(p.text for p in self.all_points()),
                          *self.evidence])


class Drafts(BaseModel):
    """The drafts of the last guidance, shown again; platforms show them to the member only."""

    kind: Literal["drafts"] = "drafts"
    heading: str
    drafts: list[Draft]


class HandoffNote(BaseModel):
    """A post calling a person: in the conversation's thread when asked and as a reminder, then in the
    escalation channel. Adapters put the moderators' mention (and nothing else that notifies) before `lead`."""

    stage: Literal["asked", "reminder", "escalation"]
    lead: str  # neutral markdown: what is asked of the moderators
    summary: str  # neutral markdown: the facts as confirmed, the path, the advice given; nothing the member typed
    channel: str  # the conversation's place (the escalation goes to the platform's escalation channel instead)
    thread: str = ""
    mention: str  # the only one notified: a Slack user group id, a Discord role id
    link: str = ""  # to the conversation (on the escalation)

    def markdown(self) -> str:
        return f"{self.lead}\n{self.summary}"


class AnswerCard(BaseModel):
    """A canonical answer, as posted by a moderator."""

    kind: Literal["answer"] = "answer"
    id: str
    title: str
    body: str
    sources: list[str] = Field(default_factory=list)
    url: str | None = None  # its page on the pack's site, when one is published (`site_url`)


Reply = Annotated[Text | Question | Guidance | Drafts | AnswerCard, Field(discriminator="kind")]
