"""The conversation engine on the fixture pack: questions follow from what the tree still needs."""

from __future__ import annotations

import asyncio

from bot.conversation.engine import Engine
from bot.messages import BACK, UNKNOWN, Guidance, Inbound, Question, Text
from bot.record.audit import AuditLog
from bot.record.memory import MemoryStore
from bot.record.session import Session
from bot.safety.limits import Limits
from tests.conftest import Member, guidance, last


async def test_vague_opening_asks_the_situation_with_every_tree(member: Member) -> None:
    replies = await member.say("hi")
    assert isinstance(replies[0], Text)
    question = last(replies)
    assert isinstance(question, Question)
    assert [c.id for c in question.choices] == ["refund", "waiting", "something_else"]


async def test_choices_by_click_number_and_words_reach_guidance(member: Member) -> None:
    await member.say("hello")
    await member.click("refund")
    assert member.question and member.question.prompt == "What kind of contract is it?"
    await member.say("1")  # fixed-price, by number
    assert member.question and member.question.prompt == "Has the client released the milestone?"
    replies = await member.say("yes it was")
    advice = guidance(replies)
    assert advice.outcome == "keep"
    assert advice.verdict == "keep_released_funds"
    assert advice.basis == ["fixed-price", "payment released"]
    assert [c.answer_id for c in advice.citations if c.answer_id] == ["released-money"]
    assert advice.disclaimer
    assert advice.id, "guidance is recorded in the audit log"


async def test_i_dont_know_follows_the_unknown_branch(member: Member) -> None:
    await member.say("hi")
    await member.click("refund")
    await member.click(UNKNOWN)
    replies = await member.say("I don't know")
    advice = guidance(replies)
    assert advice.outcome == "ask_support"
    assert "payment released: not known" in advice.basis


async def test_back_undoes_the_last_answer(member: Member) -> None:
    await member.say("hi")
    await member.click("refund")
    await member.click("hourly")
    assert member.question is None  # hourly goes straight to guidance
    await member.say("restart")
    await member.click("refund")
    await member.click("fixed")
    replies = await member.click(BACK)
    question = last(replies)
    assert isinstance(question, Question) and question.prompt == "What kind of contract is it?"
    replies = await member.click("catalog")
    assert isinstance(last(replies), Question)


async def test_a_stale_button_is_refused_and_the_current_question_shown(member: Member) -> None:
    await member.say("hi")
    first = member.question
    assert first is not None
    await member.click("refund")
    replies = await member.click("waiting", token=first.token)
    assert isinstance(replies[0], Text) and replies[0].tone == "error"
    assert isinstance(last(replies), Question)
    assert last(replies).prompt == "What kind of contract is it?"


async def test_a_double_click_is_answered_once(member: Member) -> None:
    await member.say("hi")
    first = member.question
    assert first is not None
    await member.click("refund")
    assert await member.click("refund", token=first.token) == [], "the same click again says nothing"
    replies = await member.click("waiting", token=first.token)
    assert "already answered" in replies[0].markdown, "another choice on an answered question is told"


async def test_the_last_click_delivered_twice_gets_the_guidance_once(member: Member) -> None:
    await member.say("hi")
    await member.click("refund")
    await member.click("fixed")
    last_question = member.question
    assert last_question is not None
    assert guidance(await member.click("yes"))
    assert await member.click("yes", token=last_question.token) == [], \
        "the click that ended the conversation, delivered again, says nothing (not 'that conversation has ended')"


async def test_a_forged_click_on_a_number_question_is_refused_not_stored(member: Member, engine) -> None:
    await member.say("hi")
    await member.click("waiting")
    await member.say("yes")
    assert member.question and member.question.prompt == "How many days ago did you submit?"
    replies = await member.click("refund")
    assert isinstance(replies[0], Text) and replies[0].tone == "error"
    assert isinstance(last(replies), Question) and last(replies).prompt == "How many days ago did you submit?"
    session = await engine.store.load(member.key.as_string())
    assert "days_since_submission" not in session.facts


async def test_a_garbled_answer_gets_a_specific_error_and_the_same_question(member: Member) -> None:
    await member.say("hi")
    await member.click("refund")
    token = member.question.token if member.question else None
    replies = await member.say("purple elephants")
    assert isinstance(replies[0], Text) and replies[0].tone == "error"
    question = last(replies)
    assert isinstance(question, Question) and question.token == token, "a re-prompt keeps its buttons valid"


async def test_numbers_and_durations_are_parsed(member: Member) -> None:
    await member.say("hi")
    await member.click("waiting")
    await member.click("yes")
    replies = await member.say("two weeks ago")
    advice = guidance(replies)
    assert advice.outcome == "wait_more"  # 14 days is not < 14
    assert "submitted 14 days ago" in advice.basis


async def test_help_shows_the_fact_help_and_repeats_the_question(member: Member) -> None:
    await member.say("hi")
    await member.click("refund")
    replies = await member.say("help")
    assert isinstance(replies[0], Text) and "Fixed-price contracts pay per milestone" in replies[0].markdown
    assert isinstance(last(replies), Question)


async def test_conversations_of_different_members_are_separate(engine) -> None:
    alice, bob = Member(engine, "alice"), Member(engine, "bob")
    await alice.say("hi")
    await bob.say("hi")
    await alice.click("waiting")
    await bob.click("refund")
    assert alice.question and alice.question.prompt == "Did you submit the work?"
    assert bob.question and bob.question.prompt == "What kind of contract is it?"


async def test_feedback_is_recorded_once_guidance_exists(member: Member, engine) -> None:
    await member.say("hi")
    await member.click("refund")
    advice = guidance(await member.click("hourly"))
    thanks = await engine.feedback(advice.id, helpful=True)
    assert thanks.tone == "info"
    unknown = await engine.feedback("no-such-id", helpful=False)
    assert unknown.tone == "error"
    assert isinstance(advice, Guidance)


async def test_something_else_and_i_dont_know_at_the_menu_end_with_answers_not_the_menu_again(engine) -> None:
    for way in ("something_else", "unknown"):
        member = Member(engine, user=way)
        await member.say("hello")
        replies = await member.click(way)
        [text] = replies
        assert isinstance(text, Text) and "canonical answers closest to it" in text.markdown
        assert member.question is None, "no menu again: the conversation ends with a way out"


async def test_what_adapters_ask_besides_a_turn(member: Member, tmp_path) -> None:
    """The adapters' one face (tests/app/test_architecture.py keeps them off the store and the library)."""
    engine = member.engine
    assert not await engine.has_conversation(member.key)
    await member.say("hello")
    assert await engine.has_conversation(member.key) and await engine.has_conversation(member.key, open_only=True)
    await member.click("refund")
    await member.say("1")
    guidance(await member.say("yes"))
    assert await engine.has_conversation(member.key)
    assert not await engine.has_conversation(member.key, open_only=True)  # advised: a mention starts anew

    assert await engine.first_delivery("slack-event:Ev1") and not await engine.first_delivery("slack-event:Ev1")
    assert engine.search_answers("released money")[0].answer.id == "released-money"
    assert engine.search_answers("   ") == []
    assert [a.id for a in engine.complete_answer("auto")] == ["auto-release"]

    reloaded = await engine.reload_policy()
    assert reloaded.tone == "info" and reloaded.markdown.endswith("is already loaded; nothing changed.")


async def test_a_turn_says_whether_it_answered_the_question_it_names(member: Member) -> None:
    """Only an answer the engine took lets an adapter take the question's buttons away."""
    engine = member.engine
    await member.say("hello")
    situation = member.question
    assert situation is not None

    def click(choice: str, token: str, user: str = "u1") -> Inbound:
        return Inbound(key=member.key.model_copy(update={"user": user}), choice=choice, question=token)

    assert not (await engine.turn(click("refund", situation.token, user="u2"))).answered  # another member's
    assert not (await engine.turn(click("no_such_choice", situation.token))).answered  # asked again, same token
    taken = await engine.turn(click("refund", situation.token))
    assert taken.answered and isinstance(last(taken.replies), Question)
    contract = last(taken.replies)
    assert isinstance(contract, Question)
    double = await engine.turn(click("refund", situation.token))
    assert not double.answered and double.replies == []  # the first click did everything
    assert not (await engine.turn(click("waiting", situation.token))).answered  # stale: already answered
    misread = await engine.turn(Inbound(key=member.key, text="purple", question=contract.token))
    assert not misread.answered  # a form's text that answers nothing: the question stays
    typed = await engine.turn(Inbound(key=member.key, text="hourly", question=contract.token))
    assert typed.answered and guidance(typed.replies).outcome == "hourly_window"


class _GatedStore(MemoryStore):
    """A real in-memory store whose loads wait at a gate, counting the turns inside one at once."""

    def __init__(self) -> None:
        super().__init__(ttl_seconds=3600)
        self.gate = asyncio.Event()
        self.inside = self.most_inside = 0

    async def load(self, key: str) -> Session | None:
        self.inside += 1
        self.most_inside = max(self.most_inside, self.inside)
        await self.gate.wait()
        self.inside -= 1
        return await super().load(key)


async def test_turns_beyond_the_bound_wait_until_one_finishes(fixture_knowledge, tmp_path) -> None:
    store = _GatedStore()
    engine = Engine(fixture_knowledge, store, AuditLog(tmp_path / "audit.sqlite3"), limits=Limits(turns_at_once=3))
    members = [Member(engine, f"m{number}") for number in range(10)]
    turns = [asyncio.create_task(m.say("hi")) for m in members]
    for _ in range(20):  # ample ticks for every turn that may start to reach the gate
        await asyncio.sleep(0)
    assert store.inside == 3
    store.gate.set()
    for replies in await asyncio.gather(*turns):
        assert isinstance(last(replies), Question)
    assert store.most_inside == 3
