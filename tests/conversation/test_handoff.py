"""Ask a moderator, platform aside: who may ask and when, the summary (nothing the member typed), and the
timer on a fake clock: a reminder once, then the escalation, each exactly on time and taken once."""

from __future__ import annotations

import pytest

from bot.conversation.engine import Engine
from bot.conversation.handoff import ALREADY, NOT_DONE, REMINDER, Desk, HandoffTimes
from bot.messages import ConversationKey, HandoffNote, Inbound, Question, Text
from bot.pack.loading import Knowledge
from bot.record.handoffs import MemoryHandoffs
from bot.record.memory import MemoryStore

REMIND, ESCALATE = 600.0, 1800.0


class Clock:
    def __init__(self, now: float = 1_700_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def desk_engine(fixture_knowledge: Knowledge, clock: Clock) -> Engine:
    times = HandoffTimes(remind_after_seconds=REMIND, escalate_after_seconds=ESCALATE)
    return Engine(fixture_knowledge, MemoryStore(clock=clock), clock=clock,
                  handoffs=Desk(MemoryHandoffs(), times, clock))


KEY = ConversationKey(platform="slack", workspace="T1", channel="C1", thread="1001.0001", user="U1")


async def talk(engine: Engine, *steps: str) -> None:
    """The first message, then one click per question, by its choice's id."""
    replies = await engine.handle(Inbound(key=KEY, text=steps[0]))
    for choice in steps[1:]:
        question = next(r for r in replies if isinstance(r, Question))
        replies = await engine.handle(Inbound(key=KEY, choice=choice, question=question.token))


async def ask(engine: Engine) -> HandoffNote | Text:
    return await engine.ask_moderator(KEY, "C1", "1001.0001", "S1", "https://example.slack.com/archives/C1/p1")


async def test_the_summary_holds_the_confirmed_facts_the_path_and_the_advice_and_nothing_typed(
        desk_engine: Engine) -> None:
    await talk(desk_engine, "I'm Jane Roe, jane@example.com, +1 415 555 0100: my client asks for money back",
               "refund", "fixed", "no")
    note = await ask(desk_engine)
    assert isinstance(note, HandoffNote) and note.stage == "asked" and note.mention == "S1"
    assert note.summary.splitlines() == [
        "- **Facts as confirmed:** fixed-price; payment not released",
        "- **Path:** The client wants a refund → contract (one of fixed, catalog) → released (= false) → "
        "return_escrow",
        "- **Advice given:** Return the escrow (Return escrow for work not done)",
    ]
    for typed in ("Jane", "Roe", "jane@", "555", "money back"):
        assert typed not in note.markdown(), typed


async def test_only_a_finished_conversation_of_ones_own_and_only_once(desk_engine: Engine) -> None:
    assert (await ask(desk_engine)) == Text(markdown="Only the member this conversation is with can ask a "
                                                     "moderator here.", tone="error")
    await talk(desk_engine, "hello")
    assert (await ask(desk_engine)) == Text(markdown=NOT_DONE, tone="error")
    await talk(desk_engine, "hello", "something_else")
    first = await ask(desk_engine)
    assert isinstance(first, HandoffNote)
    assert "- **Path:** the situation menu → Something else" in first.summary
    assert (await ask(desk_engine)) == Text(markdown=ALREADY)


async def test_remind_once_on_time_then_escalate_on_time(desk_engine: Engine, clock: Clock) -> None:
    posted: list[HandoffNote] = []

    async def post(note: HandoffNote) -> None:
        posted.append(note)

    await talk(desk_engine, "hello", "refund", "hourly")
    await ask(desk_engine)
    clock.now += REMIND - 1
    assert await desk_engine.chase_handoffs("slack", post) == 1 and posted == []
    clock.now += 1
    await desk_engine.chase_handoffs("slack", post)
    assert [(n.stage, n.lead, n.channel, n.thread) for n in posted] == [("reminder", REMINDER, "C1", "1001.0001")]
    await desk_engine.chase_handoffs("slack", post)
    clock.now += ESCALATE - 1
    await desk_engine.chase_handoffs("slack", post)
    assert len(posted) == 1, "reminded once"
    clock.now += 1
    assert await desk_engine.chase_handoffs("discord", post) == 1 and len(posted) == 1, "another platform's"
    assert await desk_engine.chase_handoffs("slack", post) == 0
    escalation = posted[-1]
    assert escalation.stage == "escalation" and escalation.link == "https://example.slack.com/archives/C1/p1"
    assert escalation.lead == "No moderator has answered a member's request for help in 40 minutes:"
    clock.now += 10 * ESCALATE
    await desk_engine.chase_handoffs("slack", post)
    assert len(posted) == 2


async def test_a_moderator_answer_stops_the_timer(desk_engine: Engine, clock: Clock) -> None:
    posted: list[HandoffNote] = []

    async def post(note: HandoffNote) -> None:
        posted.append(note)

    await talk(desk_engine, "hello", "refund", "hourly")
    await ask(desk_engine)
    assert await desk_engine.handoff_waiting("slack", "C1", "1001.0001")
    assert await desk_engine.moderator_replied("slack", "C1", "1001.0001")
    clock.now += REMIND + ESCALATE
    assert await desk_engine.chase_handoffs("slack", post) == 0 and posted == []


async def test_a_post_that_fails_is_tried_again(desk_engine: Engine, clock: Clock) -> None:
    attempts: list[str] = []

    async def failing_once(note: HandoffNote) -> None:
        attempts.append(note.stage)
        if len(attempts) == 1:
            raise ConnectionError("the platform is down")

    await talk(desk_engine, "hello", "refund", "hourly")
    await ask(desk_engine)
    clock.now += REMIND
    await desk_engine.chase_handoffs("slack", failing_once)
    await desk_engine.chase_handoffs("slack", failing_once)
    assert attempts == ["reminder"], "not before the retry delay"
    clock.now += 60
    await desk_engine.chase_handoffs("slack", failing_once)
    assert attempts == ["reminder", "reminder"]
