"""Persistent components and forms: their custom_ids carry what the engine needs, so they work after a restart.

`discord.ui.DynamicItem` parses the ids; the client registers these classes at start-up
(`add_dynamic_items`), so a button shown yesterday is handled by today's process. A conversation's
components carry its member's id, and `interaction_check` turns away anyone else's click. Ids from before
the owner was added (no owner part) still parse, and are not checked.

Every view is stopped before it is sent: dynamic items are dispatched by their class, so nothing needs
keeping per message, and discord.py then stores no view for the life of the process.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

import discord

from bot.conversation.text import clip
from bot.messages import Choice, Guidance, Question

BUTTONS_MAX = 5  # more choices than this: select menus
SELECT_MAX = 25  # options in one select menu (Discord's limit); more go in another menu
MENUS_MAX = 4  # rows of a message are 5: the control buttons keep one
LABEL_LIMIT = 80
OPTION_LIMIT = 100
CUSTOM_ID_LIMIT = 100
MODAL_TITLE = 45
INPUT_LABEL = 45
TYPE_ANSWER = "Type my answer"
ASK_MODERATOR = "Ask a moderator"
_OWNER = r"(?:(?P<owner>\d+):)?"  # optional: ids sent before owners were added have none
NOT_YOURS = "This is someone else's conversation; start your own with `/refund`."


class ComponentHandler(Protocol):
    """What a click is handed to: the client's adapter (`RefundClient.adapter`)."""

    async def on_choice(self, interaction: discord.Interaction, token: str, choice: str, label: str) -> None: ...

    async def on_typed(self, interaction: discord.Interaction, token: str, text: str) -> None: ...

    async def on_feedback(self, interaction: discord.Interaction, guidance_id: str, helpful: bool) -> None: ...

    async def on_post_answer(self, interaction: discord.Interaction, answer_id: str) -> None: ...

    async def on_drafts(self, interaction: discord.Interaction) -> None: ...

    async def on_handoff(self, interaction: discord.Interaction) -> None: ...


def _adapter(interaction: discord.Interaction) -> ComponentHandler:
    return interaction.client.adapter  # type: ignore[attr-defined]


def _custom_id(kind: str, owner: int | None, *parts: str) -> str:
    custom_id = ":".join(["rb", kind, *([str(owner)] if owner else []), *parts])
    if len(custom_id) > CUSTOM_ID_LIMIT:  # cut, it would no longer parse: a pack with such ids is a bug
        raise ValueError(f"custom_id over {CUSTOM_ID_LIMIT} characters: {custom_id!r}")
    return custom_id


def _owner(match: re.Match[str]) -> int | None:
    return int(match["owner"]) if match["owner"] else None


async def owner_only(interaction: discord.Interaction, owner: int | None) -> bool:
    """The conversation's member may click; anyone else is told so, privately, and nothing changes."""
    if owner is None or interaction.user.id == owner:
        return True
    await interaction.response.send_message(NOT_YOURS, ephemeral=True)
    return False


class ChoiceButton(discord.ui.DynamicItem[discord.ui.Button],
                   template=rf"rb:c:{_OWNER}(?P<token>[\w.]+):(?P<choice>[\w:-]+)"):
    def __init__(self, token: str, choice: str, label: str = "", style: discord.ButtonStyle | None = None,
                 owner: int | None = None):
        self.token, self.choice, self.owner = token, choice, owner
        super().__init__(discord.ui.Button(label=clip(label, LABEL_LIMIT) or choice,
                                           custom_id=_custom_id("c", owner, token, choice),
                                           style=style or discord.ButtonStyle.secondary))

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str]) -> ChoiceButton:
        return cls(match["token"], match["choice"], getattr(item, "label", None) or "", owner=_owner(match))

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await owner_only(interaction, self.owner)

    async def callback(self, interaction: discord.Interaction) -> None:
        await _adapter(interaction).on_choice(interaction, self.token, self.choice, self.item.label or self.choice)


class ChoiceSelect(discord.ui.DynamicItem[discord.ui.Select],
                   template=rf"rb:s:{_OWNER}(?P<token>[\w.]+)(?::(?P<page>\d+))?"):
    """One menu of up to 25 of a question's choices; a question with more has one menu per 25."""

    def __init__(self, token: str, choices: list[Choice] | None = None, owner: int | None = None, page: int = 0,
                 pages: int = 1):
        self.token, self.owner = token, owner
        options = [discord.SelectOption(label=clip(c.label, OPTION_LIMIT), value=c.id) for c in (choices or [])]
        placeholder = "Choose…" if pages == 1 else f"Choose… ({page + 1} of {pages})"
        custom_id = _custom_id("s", owner, token, *([str(page)] if page else []))
        super().__init__(discord.ui.Select(custom_id=custom_id, placeholder=placeholder,
                                           options=options or [discord.SelectOption(label="-", value="-")]))

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str]) -> ChoiceSelect:
        made = cls(match["token"], owner=_owner(match))
        made.item = item  # type: ignore[assignment]  # discord.py dispatches the Select this template names
        return made

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await owner_only(interaction, self.owner)

    async def callback(self, interaction: discord.Interaction) -> None:
        picked = self.item.values[0] if self.item.values else ""
        labels = {o.value: o.label for o in self.item.options}
        await _adapter(interaction).on_choice(interaction, self.token, picked, labels.get(picked, picked))


class AnswerForm(discord.ui.Modal):
    """A typed answer without reading messages (no message-content intent): one text box. Like the buttons,
    its custom_id carries the question and the member, and it is stopped before it is sent: its submission is
    handled by `submit_answer_form` from the client's events, so a form opened before a restart still works."""

    def __init__(self, token: str, prompt: str, owner: int | None = None):
        super().__init__(title=clip("Your answer", MODAL_TITLE), custom_id=_custom_id("m", owner, token))
        self.add_item(discord.ui.TextInput(label=clip(prompt, INPUT_LABEL), placeholder=clip(prompt, OPTION_LIMIT),
                                           max_length=200, custom_id=FORM_INPUT))
        self.stop()


FORM_INPUT = "answer"
_FORM = re.compile(rf"rb:m:{_OWNER}(?P<token>[\w.]+)")


async def submit_answer_form(interaction: discord.Interaction) -> bool:
    """An `AnswerForm` submitted, whenever it was opened: its answer goes to the adapter. False for any other
    interaction (buttons and commands have their own dispatch)."""
    data: Any = interaction.data or {}
    form = _FORM.fullmatch(str(data.get("custom_id", "")))
    if interaction.type is not discord.InteractionType.modal_submit or form is None:
        return False
    if await owner_only(interaction, _owner(form)):
        # a row of components, or a label around one component (how newer clients send a form's fields)
        boxes = [box for row in data.get("components", []) for box in row.get("components", [row.get("component")])
                 if isinstance(box, dict)]
        text = next((str(box.get("value") or "") for box in boxes if box.get("custom_id") == FORM_INPUT), "")
        await _adapter(interaction).on_typed(interaction, form["token"], text)
    return True


class TypeAnswerButton(discord.ui.DynamicItem[discord.ui.Button], template=rf"rb:t:{_OWNER}(?P<token>[\w.]+)"):
    """Opens the form for a question answered in words or numbers (how many days, how much)."""

    def __init__(self, token: str, owner: int | None = None):
        self.token, self.owner = token, owner
        super().__init__(discord.ui.Button(label=TYPE_ANSWER, custom_id=_custom_id("t", owner, token),
                                           style=discord.ButtonStyle.primary, emoji="✏️"))

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str]) -> TypeAnswerButton:
        return cls(match["token"], _owner(match))

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await owner_only(interaction, self.owner)

    async def callback(self, interaction: discord.Interaction) -> None:
        prompt = interaction.message.content.split("\n", 1)[0] if interaction.message else ""
        await interaction.response.send_modal(AnswerForm(self.token, prompt or "Your answer", self.owner))


class FeedbackButton(discord.ui.DynamicItem[discord.ui.Button],
                     template=rf"rb:f:{_OWNER}(?P<helpful>yes|no):(?P<id>\w+)"):
    def __init__(self, helpful: bool, guidance_id: str, owner: int | None = None):
        self.helpful, self.guidance_id, self.owner = helpful, guidance_id, owner
        super().__init__(discord.ui.Button(
            label="Helpful" if helpful else "Not helpful",
            custom_id=_custom_id("f", owner, "yes" if helpful else "no", guidance_id),
            style=discord.ButtonStyle.success if helpful else discord.ButtonStyle.secondary))

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str]) -> FeedbackButton:
        return cls(match["helpful"] == "yes", match["id"], _owner(match))

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await owner_only(interaction, self.owner)

    async def callback(self, interaction: discord.Interaction) -> None:
        await _adapter(interaction).on_feedback(interaction, self.guidance_id, self.helpful)


class PostAnswerButton(discord.ui.DynamicItem[discord.ui.Button], template=r"rb:p:(?P<id>[a-z0-9-]+)"):
    """On /faq's private list: only the member who searched sees it, so it carries no owner."""

    def __init__(self, answer_id: str):
        self.answer_id = answer_id
        super().__init__(discord.ui.Button(label="Post", custom_id=_custom_id("p", None, answer_id),
                                           style=discord.ButtonStyle.primary))

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str]) -> PostAnswerButton:
        return cls(match["id"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await _adapter(interaction).on_post_answer(interaction, self.answer_id)


class DraftsButton(discord.ui.DynamicItem[discord.ui.Button], template=r"rb:d(?::(?P<owner>\d+))?"):
    """Shows the member the drafts of their own conversation, privately (the key comes from the click)."""

    def __init__(self, label: str = "Drafts to send", owner: int | None = None):
        self.owner = owner
        super().__init__(discord.ui.Button(label=clip(label, LABEL_LIMIT) or "Drafts to send",
                                           custom_id=_custom_id("d", owner),
                                           style=discord.ButtonStyle.secondary))

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str]) -> DraftsButton:
        return cls(getattr(item, "label", None) or "Drafts to send", _owner(match))

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await owner_only(interaction, self.owner)

    async def callback(self, interaction: discord.Interaction) -> None:
        await _adapter(interaction).on_drafts(interaction)


class HandoffButton(discord.ui.DynamicItem[discord.ui.Button], template=r"rb:h(?::(?P<owner>\d+))?"):
    """Ask a moderator: the member's own conversation (the key comes from the click), owner-checked."""

    def __init__(self, owner: int | None = None):
        self.owner = owner
        super().__init__(discord.ui.Button(label=ASK_MODERATOR, custom_id=_custom_id("h", owner),
                                           style=discord.ButtonStyle.secondary, emoji="🙋"))

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str]) -> HandoffButton:
        return cls(_owner(match))

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await owner_only(interaction, self.owner)

    async def callback(self, interaction: discord.Interaction) -> None:
        await _adapter(interaction).on_handoff(interaction)


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (ChoiceButton, ChoiceSelect, TypeAnswerButton,
                                                                 FeedbackButton, PostAnswerButton, DraftsButton,
                                                                 HandoffButton)


def sent(view: discord.ui.View) -> discord.ui.View:
    """A view ready to send: stopped, so discord.py does not keep it (dynamic items need no keeping)."""
    view.stop()
    return view


def question_view(question: Question, owner: int | None = None) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    answers = [c for c in question.choices if c.role == "answer"]
    controls = [c for c in question.choices if c.role != "answer"]
    if len(answers) > BUTTONS_MAX:
        pages = [answers[i:i + SELECT_MAX] for i in range(0, len(answers), SELECT_MAX)][:MENUS_MAX]
        for number, page in enumerate(pages):
            view.add_item(ChoiceSelect(question.token, page, owner, number, len(pages)))
    else:
        for choice in answers:
            view.add_item(ChoiceButton(question.token, choice.id, choice.label, discord.ButtonStyle.primary, owner))
    if question.free_text:
        view.add_item(TypeAnswerButton(question.token, owner))
    for choice in controls:
        view.add_item(ChoiceButton(question.token, choice.id, choice.label, owner=owner))
    return sent(view)


def feedback_view(guidance: Guidance, owner: int | None = None, ask_moderator: bool = False) -> discord.ui.View:
    """Helpful / Not helpful on recorded guidance, the private drafts button when there are drafts, and Ask a
    moderator where moderators can be called."""
    view = discord.ui.View(timeout=None)
    if guidance.id:
        view.add_item(FeedbackButton(True, guidance.id, owner))
        view.add_item(FeedbackButton(False, guidance.id, owner))
    if guidance.drafts:
        view.add_item(DraftsButton(guidance.drafts_heading, owner))
    if ask_moderator:
        view.add_item(HandoffButton(owner))
    return sent(view)


def handoff_view(owner: int | None = None) -> discord.ui.View:
    """Ask a moderator, alone: under a conversation that ended without advice."""
    view = discord.ui.View(timeout=None)
    view.add_item(HandoffButton(owner))
    return sent(view)


def answered_view(chosen: str) -> discord.ui.View:
    """What replaces a question's components once answered: the choice, disabled."""
    view = discord.ui.View(timeout=None)
    view.add_item(discord.ui.Button(label=clip(f"✓ {chosen}", LABEL_LIMIT), disabled=True,
                                    style=discord.ButtonStyle.success))
    return sent(view)
