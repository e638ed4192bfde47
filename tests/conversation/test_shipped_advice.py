"""The shipped pack, end to end through the engine: advice found wrong when tried as a new user would,
the ways out of a conversation, and the facts that are read but never asked."""

from __future__ import annotations

import pytest

from bot.conversation.engine import Engine
from bot.messages import AnswerCard, Guidance, Question, Text
from bot.pack.loading import Knowledge, load_knowledge
from bot.record.memory import MemoryStore
from tests.conftest import Member, guidance


@pytest.fixture(scope="module")
def shipped() -> Knowledge:
    return load_knowledge()


@pytest.fixture
def member(shipped: Knowledge) -> Member:
    return Member(Engine(shipped, MemoryStore()))


async def advice_for(member: Member, message: str) -> Guidance:
    """Open with the message, confirm what was read, answer "I don't know" to anything else."""
    replies = await member.say(message)
    for _ in range(12):
        found = [r for r in replies if isinstance(r, Guidance)]
        if found:
            return found[0]
        question = member.question
        assert question is not None, replies
        ids = [c.id for c in question.choices]
        replies = await member.click("yes" if "yes" in ids and question.prompt.startswith("I understood") else
                                     "unknown" if "unknown" in ids else ids[0])
    raise AssertionError("no guidance after twelve answers")


def point_ids(advice: Guidance) -> list[str]:
    return [p.id for p in advice.all_points()]


async def test_a_chargeback_with_a_negative_balance_and_a_hold_goes_to_support_at_once(member: Member) -> None:
    advice = await advice_for(member, "the client did a chargeback, now my balance is negative and my account is "
                                      "on hold. should i decline his refund?")
    assert advice.verdict == "contact_support" and advice.tree == "support"
    assert "decline" not in advice.body.lower()
    assert "support_negative_balance" in point_ids(advice)


async def test_a_fact_the_triage_and_the_entered_tree_both_use_is_confirmed_and_listed_once(member: Member) -> None:
    replies = await member.say("the client did a chargeback and my balance is negative")
    confirm = member.question
    assert confirm is not None and confirm.prompt.startswith("I understood"), replies
    assert [c.label for c in confirm.choices].count("Change: a reversed or charged-back payment") == 1
    advice = guidance(await member.click("yes"))
    assert advice.basis.count("a reversed or charged-back payment") == 1


async def test_released_money_is_not_said_to_be_disputable_as_escrow(member: Member) -> None:
    advice = await advice_for(member, "the client released the milestone for the logo I delivered and now he wants "
                                      "a refund of it")
    assert advice.verdict == "keep_released_funds"
    assert "released_is_out_of_escrow" in point_ids(advice)
    assert "escrow refund" not in advice.full_text().lower()


async def test_manual_hours_are_not_called_protected(member: Member) -> None:
    advice = await advice_for(member, "hourly contract, I added my hours as manual time and the client stopped "
                                      "answering. will I be paid?")
    assert point_ids(advice)[0] == "manual_time_unprotected"
    assert "answer_hours_dispute" not in point_ids(advice), "the Work Diary defence assumes tracked time"


async def test_a_client_is_told_the_escrow_comes_back_after_7_days_of_silence(member: Member) -> None:
    advice = await advice_for(member, "I hired a developer, he disappeared, I want my escrow back")
    assert advice.verdict == "client_request_refund"
    assert "client_escrow_refund_request" in point_ids(advice)
    assert "**7 days**" in advice.full_text()


async def test_five_stars_for_a_refund_is_reported_as_manipulation(member: Member) -> None:
    advice = await advice_for(member, "the client released the milestone but says he'll give me five stars if I "
                                      "refund him, otherwise one star")
    assert point_ids(advice)[0] == "feedback_manipulation"


def test_each_side_pays_its_own_arbitration_fee(shipped: Knowledge) -> None:
    answer = shipped.answers.get("arbitration-costs")
    assert answer is not None and "Each side pays its own" in answer.body and "split" not in answer.body


def test_released_money_for_no_work_is_not_labelled_escrow(shipped: Knowledge) -> None:
    outcome = shipped.outcome("refund_unearned_released")
    assert outcome is not None and "escrow" not in shipped.verdict_label(outcome.verdict).lower()


def test_no_advice_offers_feedback_removal(shipped: Knowledge) -> None:
    texts = [o.action for t in shipped.trees.values() for o in t.outcomes]
    texts += [p.text for p in shipped.points.values()] + [a.body for a in shipped.answers]
    for text in texts:
        if "remov" in text.lower():
            assert "3 September 2024" in text, text


async def test_an_off_topic_message_gets_one_line_on_what_the_bot_covers(member: Member, shipped) -> None:
    replies = await member.say("how do I write a good proposal for a web design job on the marketplace")
    assert isinstance(replies[0], Text) and replies[0].markdown == shipped.pack.off_topic, "no answer on 'write'"


@pytest.mark.parametrize("asked", ["how do i write a good proposal?", "how do I get more clients?"])
async def test_an_off_topic_question_while_one_waits_gets_the_line_then_the_question(member: Member, shipped,
                                                                                   asked: str) -> None:
    await member.say("hi")
    waiting = member.question
    replies = await member.say(asked)
    assert [r.markdown for r in replies if isinstance(r, Text)] == [shipped.pack.off_topic]
    assert not any(isinstance(r, AnswerCard) for r in replies)
    assert member.question is not None and waiting is not None and member.question.prompt == waiting.prompt
    on_topic = await member.say("what should i write to him?")  # a question of the pack's own still gets its answer
    assert any(isinstance(r, AnswerCard) for r in on_topic)


async def test_facts_only_read_are_never_asked(member: Member, shipped: Knowledge) -> None:
    await member.say("hi")
    asked: list[str] = []
    for _ in range(12):
        question = member.question
        if question is None:
            break
        session = await member.engine.store.load(member.key.as_string())
        assert session and session.pending
        asked.append(session.pending.fact or session.pending.kind)
        ids = [c.id for c in question.choices]
        await member.click("unknown" if "unknown" in ids else ids[0])
    silent = {f.id for f in shipped.facts.values() if not f.ask}
    assert asked and not silent & set(asked), asked


async def test_a_read_fact_the_member_corrects_is_asked_even_if_never_asked_otherwise(member: Member) -> None:
    await member.say("my client filed a chargeback and the payment was reversed")
    question = member.question
    assert isinstance(question, Question) and "a reversed or charged-back payment" in question.prompt
    await member.click("change")
    if member.question and member.question.prompt == "Which one should I change?":
        await member.click("support_issue")
    # Asked again, with what else was read put back beside it ("I understood: you are the freelancer").
    assert member.question and "Is this about your account or a payment" in member.question.prompt
    advice = guidance(await member.click("account_hold"))
    assert advice.outcome == "support_account"


async def test_a_refund_asked_of_unsaid_money_is_asked_which_and_the_answer_implies_the_rest(member: Member) -> None:
    """Which money a refund is of is never asked of everyone, but it is of a freelancer who said a refund was
    asked without saying which (`ask_when`); answering "the escrow" then implies a funded milestone, so the
    funding is not asked."""
    await member.say("my client asked me for a refund but i delivered everything")
    asked: list[str] = []
    advice = None
    for _ in range(8):
        session = await member.engine.store.load(member.key.as_string())
        assert session and session.pending, "the conversation ended without guidance"
        asked.append(session.pending.fact or session.pending.kind)
        choice = {"contract_type": "fixed", "client_requested_refund_of": "escrow"}.get(
            session.pending.fact or "", "yes")
        found = [r for r in await member.click(choice) if isinstance(r, Guidance)]
        if found:
            advice = found[0]
            break
    assert "client_requested_refund_of" in asked and "milestone_funded" not in asked, asked
    assert advice is not None and advice.verdict == "file_dispute", asked


async def test_a_member_who_says_no_refund_was_asked_is_not_asked_which_money(member: Member) -> None:
    replies = await member.say("the client never released the milestone i submitted, fixed price")
    for _ in range(8):
        session = await member.engine.store.load(member.key.as_string())
        if session is None or session.pending is None:
            break
        assert session.pending.fact != "client_requested_refund_of"
        question = member.question
        assert question is not None, replies
        ids = [c.id for c in question.choices]
        replies = await member.click("yes" if "yes" in ids else "unknown" if "unknown" in ids else ids[0])


async def test_a_client_is_asked_what_the_freelancer_did_not_what_they_did(member: Member) -> None:
    await member.say("the freelancer i hired sent work that doesnt match what we agreed, fixed price, funded")
    for _ in range(6):
        question = member.question
        assert question is not None
        if "work for this milestone" in question.prompt:
            break
        ids = [c.id for c in question.choices]
        await member.click("yes" if "yes" in ids else ids[0])
    assert question.prompt.endswith("\n\nHow much of the work for this milestone has the freelancer delivered?")
    shown = await member.say("help")
    assert any(isinstance(r, Text) and "delivered to you" in r.markdown for r in shown), shown


async def test_a_freelancer_is_asked_what_they_did(member: Member) -> None:
    await member.say("the client ended the contract, fixed price, it was funded, should i refund?")
    question = member.question
    assert question is not None
    assert question.prompt.endswith("\n\nHow much of the work for this milestone have you done?")


async def test_a_client_is_not_told_to_submit_the_milestone(member: Member) -> None:
    advice = await advice_for(member, "I'm the client. The freelancer submitted the milestone 3 days ago, what now?")
    assert advice.outcome == "client_review_submission"
    # verdicts.md: submitted through the contract, the review window running: the automatic release's verdict
    assert advice.verdict == "wait_for_auto_release"
    assert advice.verdict_label == "Review the submission before it is released"


async def test_a_client_asked_to_release_before_the_work_is_done_is_not_told_to_settle(member: Member) -> None:
    advice = await advice_for(member, "my freelancer wants me to release the milestone before he finishes the work, "
                                      "should I? it is funded, he did part of it")
    assert advice.outcome == "client_release_after_review"
    assert "client_no_upfront_payment" in point_ids(advice)


async def test_a_general_question_is_answered_without_questions_about_a_milestone(shipped: Knowledge) -> None:
    member = Member(Engine(shipped, MemoryStore()))
    replies = await member.say("how can I protect myself as a new freelancer from clients who don't pay? "
                               "fixed price")
    asked = []
    for _ in range(6):
        question = member.question
        if question is None:
            break
        asked.append(question.prompt)
        ids = [c.id for c in question.choices]
        replies = await member.click("yes" if "yes" in ids and question.prompt.startswith("I understood")
                                     else "unknown")
    advice = guidance(replies)
    assert advice.verdict == "request_milestone_approval" and "only_escrow_is_protected" in point_ids(advice)
    assert not any("funded" in q or "released" in q or "submit the work" in q for q in asked), asked
    # a member who names a milestone's state is asked about the rest of it
    specific = Member(Engine(shipped, MemoryStore()))
    await specific.say("how does payment work? I submitted my fixed price milestone yesterday")
    assert specific.question is not None and "funded" in specific.question.prompt


async def test_a_fact_only_a_point_added_anywhere_rests_on_is_read_back_before_the_advice(member: Member) -> None:
    await member.say("the client released my fixed price milestone for work I finished, now he says "
                     "one star unless I refund him")
    question = member.question
    assert question is not None and question.prompt.startswith("I understood")
    assert "feedback is being traded or threatened" in question.prompt  # feedback_manipulation rests on it


async def test_a_point_the_told_facts_already_leave_out_asks_nothing_of_its_own(member: Member) -> None:
    # "no work done" leaves out the paid-contract score point, so its "payment released" is not read back
    await member.say("i just accepted an offer and then my computer crashed. i cant do the job now and he needs it "
                     "fast, so i'd like to return his escrow immediately so he can hire someone else. how do i do "
                     "that? and will it affect my rating or JSS? please help")
    assert member.question is not None and "freelancer or the client" in member.question.prompt
    replies = await member.click(next(c.id for c in member.question.choices if "freelancer" in c.label.lower()))
    advice = guidance(replies)
    assert advice.verdict == "end_contract"
    assert "jss_answer_ending" in point_ids(advice) and "jss_answer_ending_paid" not in point_ids(advice)


async def test_a_paid_contract_the_freelancer_closes_is_not_called_a_zero_pay_one(member: Member) -> None:
    advice = await advice_for(member, "fixed price project is finished, all 3 milestones were paid, but the client "
                                      "never closes the contract. should I end it myself? will it hurt my JSS?")
    assert "jss_answer_ending_paid" in point_ids(advice) and "jss_answer_ending" not in point_ids(advice)
