"""Persistent components: their custom_ids carry what the engine needs, so they work after a restart.

`discord.ui.DynamicItem` parses the ids; the client registers these classes at start-up
(`add_dynamic_items`), so a button shown yesterday is handled by today's process.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

import discord

from bot.messages import Choice, Guidance, Question

BUTTONS_MAX = 5  # more choices than this: a select menu
SELECT_MAX = 25
LABEL_LIMIT = 80
CUSTOM_ID_LIMIT = 100


class ComponentHandler(Protocol):
    """What a click is handed to: the client's adapter (`RefundClient.adapter`)."""

    async def on_choice(self, interaction: discord.Interaction, token: str, choice: str, label: str) -> None: ...

    async def on_feedback(self, interaction: discord.Interaction, guidance_id: str, helpful: bool) -> None: ...

    async def on_post_answer(self, interaction: discord.Interaction, answer_id: str) -> None: ...

    async def on_drafts(self, interaction: discord.Interaction) -> None: ...


def _adapter(interaction: discord.Interaction) -> ComponentHandler:
    return interaction.client.adapter  # type: ignore[attr-defined]


class ChoiceButton(discord.ui.DynamicItem[discord.ui.Button], template=r"rb:c:(?P<token>[\w.]+):(?P<choice>[\w-]+)"):
    def __init__(self, token: str, choice: str, label: str = "", style: discord.ButtonStyle | None = None):
        self.token, self.choice = token, choice
        custom_id = f"rb:c:{token}:{choice}"[:CUSTOM_ID_LIMIT]
        super().__init__(discord.ui.Button(label=label[:LABEL_LIMIT] or choice, custom_id=custom_id,
                                           style=style or discord.ButtonStyle.secondary))

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str]) -> ChoiceButton:
        return cls(match["token"], match["choice"], item.label or "")

    async def callback(self, interaction: discord.Interaction) -> None:
        await _adapter(interaction).on_choice(interaction, self.token, self.choice, self.item.label or self.choice)


class ChoiceSelect(discord.ui.DynamicItem[discord.ui.Select], template=r"rb:s:(?P<token>[\w.]+)"):
    def __init__(self, token: str, choices: list[Choice] | None = None):
        self.token = token
        options = [discord.SelectOption(label=c.label[:100], value=c.id) for c in (choices or [])[:SELECT_MAX]]
        super().__init__(discord.ui.Select(custom_id=f"rb:s:{token}", placeholder="Choose…",
                                           options=options or [discord.SelectOption(label="-", value="-")]))

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Select,
                             match: re.Match[str]) -> ChoiceSelect:
        made = cls(match["token"])
        made.item = item
        return made

    async def callback(self, interaction: discord.Interaction) -> None:
        picked = self.item.values[0] if self.item.values else ""
        labels = {o.value: o.label for o in self.item.options}
        await _adapter(interaction).on_choice(interaction, self.token, picked, labels.get(picked, picked))


class FeedbackButton(discord.ui.DynamicItem[discord.ui.Button], template=r"rb:f:(?P<helpful>yes|no):(?P<id>\w+)"):
    def __init__(self, helpful: bool, guidance_id: str):
        self.helpful, self.guidance_id = helpful, guidance_id
        super().__init__(discord.ui.Button(
            label="Helpful" if helpful else "Not helpful", custom_id=f"rb:f:{'yes' if helpful else 'no'}:{guidance_id}",
            style=discord.ButtonStyle.success if helpful else discord.ButtonStyle.secondary))

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str]) -> FeedbackButton:
        return cls(match["helpful"] == "yes", match["id"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await _adapter(interaction).on_feedback(interaction, self.guidance_id, self.helpful)


class PostAnswerButton(discord.ui.DynamicItem[discord.ui.Button], template=r"rb:p:(?P<id>[a-z0-9-]+)"):
    def __init__(self, answer_id: str):
        self.answer_id = answer_id
        super().__init__(discord.ui.Button(label="Post", custom_id=f"rb:p:{answer_id}"[:CUSTOM_ID_LIMIT],
                                           style=discord.ButtonStyle.primary))

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str]) -> PostAnswerButton:
        return cls(match["id"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await _adapter(interaction).on_post_answer(interaction, self.answer_id)


class DraftsButton(discord.ui.DynamicItem[discord.ui.Button], template=r"rb:d"):
    """Shows the clicker the drafts of their own conversation, privately (the key comes from the click)."""

    def __init__(self, label: str = "Drafts to send"):
        super().__init__(discord.ui.Button(label=label[:LABEL_LIMIT], custom_id="rb:d",
                                           style=discord.ButtonStyle.secondary))

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str]) -> DraftsButton:
        return cls(item.label or "Drafts to send")

    async def callback(self, interaction: discord.Interaction) -> None:
        await _adapter(interaction).on_drafts(interaction)


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (ChoiceButton, ChoiceSelect, FeedbackButton,
                                                                 PostAnswerButton, DraftsButton)


def question_view(question: Question) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    answers = [c for c in question.choices if c.role == "answer"]
    controls = [c for c in question.choices if c.role != "answer"]
    if len(answers) > BUTTONS_MAX:
        view.add_item(ChoiceSelect(question.token, answers))
    else:
        for choice in answers:
            view.add_item(ChoiceButton(question.token, choice.id, choice.label, discord.ButtonStyle.primary))
    for choice in controls:
        view.add_item(ChoiceButton(question.token, choice.id, choice.label))
    return view


def feedback_view(guidance: Guidance) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    if guidance.id:
        view.add_item(FeedbackButton(True, guidance.id))
        view.add_item(FeedbackButton(False, guidance.id))
    if guidance.drafts:
        view.add_item(DraftsButton(guidance.drafts_heading))
    return view


def answered_view(chosen: str) -> discord.ui.View:
    """What replaces a question's components once answered: the choice, disabled."""
    view = discord.ui.View(timeout=None)
    view.add_item(discord.ui.Button(label=f"✓ {chosen}"[:LABEL_LIMIT], disabled=True,
                                    style=discord.ButtonStyle.success))
    return view
