"""Reading members as they write, on the shipped pack: free text read like an opening at any point,
corrections that re-walk the tree and say what changed, and what follows guidance."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.conversation.engine import Engine
from bot.conversation.followup import another_situation, answer_card
from bot.conversation.guidance import build_guidance
from bot.conversation.walk import walk
from bot.messages import AnswerCard, Guidance, Question, Reply, Text
from bot.pack.loading import Knowledge, load_knowledge
from bot.reading import reader_for
from bot.record.audit import AuditLog
from bot.record.memory import MemoryStore
from bot.record.session import Session
from tests.conftest import Member, guidance

WAITING = "the client never released the milestone I submitted 10 days ago, fixed price, it was funded"


@pytest.fixture(scope="module")
def shipped() -> Knowledge:
    return load_knowledge()


@pytest.fixture
def member(shipped: Knowledge, tmp_path: Path) -> Member:
    return Member(Engine(shipped, MemoryStore(), AuditLog(tmp_path / "audit.sqlite3")))


def said(replies: list[Reply]) -> str:
    return "\n".join(getattr(r, "markdown", "") or getattr(r, "prompt", "") or getattr(r, "title", "")
                     for r in replies)


async def facts(member: Member) -> dict:
    session = await member.engine.store.load(member.key.as_string())
    assert session is not None
    return session.facts


async def advised(member: Member) -> Guidance:
    """The README conversation, up to its guidance."""
    await member.say(WAITING)
    return guidance(await member.say("yes"))


async def test_a_description_at_the_menu_is_read_for_its_facts(member: Member) -> None:
    await member.say("hi")
    replies = await member.say("the client closed the contract and wants the escrow back, I did half of the work")
    assert "Noted:" in said(replies) and "part of the work done" in said(replies)
    assert (await facts(member))["work_done"] == "partial"
    assert isinstance(replies[-1], Question) and replies[-1].prompt.startswith("I understood:")
    advice = guidance(await member.say("yes"))
    assert advice.verdict == "partial_refund_recommended"


async def test_facts_stated_later_replace_earlier_ones_and_the_confirmation_says_so(member: Member) -> None:
    await member.say("the client wants the escrow back, the contract was closed, I did all the work")
    replies = await member.say("sorry, I only did half of the work")
    assert (await facts(member))["work_done"] == "partial"
    assert "**part of the work done** instead of all the work done" in said(replies)


async def test_a_correction_mid_conversation_changes_the_fact_and_the_tree(member: Member) -> None:
    await member.say(WAITING)
    assert member.question and member.question.prompt.startswith("I understood:")
    replies = await member.say("actually it was hourly")
    assert "**hourly** instead of fixed-price" in said(replies)
    assert (await facts(member))["contract_type"] == "hourly"
    advice = guidance(await member.say("yes"))
    assert advice.tree == "hourly", "the walk re-derives the situation from the corrected fact"


async def test_no_i_did_submit_it_corrects_rather_than_answers(member: Member) -> None:
    await member.say("the client hasn't released my milestone, fixed price, it was funded, I haven't submitted it yet")
    replies = await member.say("no, I did submit it")
    assert (await facts(member))["work_submitted"] is True
    assert "work submitted for approval** instead of work not submitted" in said(replies)


async def test_after_guidance_thanks_get_one_line(member: Member) -> None:
    await advised(member)
    replies = await member.say("thanks!")
    assert len(replies) == 1 and isinstance(replies[0], Text) and replies[0].markdown.startswith("You're welcome")
    assert "Which of these is closest" not in said(replies)


async def test_after_guidance_a_follow_up_is_answered_with_the_facts_kept(member: Member) -> None:
    await advised(member)
    replies = await member.say("but can he still open a dispute?")
    assert any(isinstance(r, AnswerCard) and "dispute" in r.title.lower() for r in replies)
    assert "Which of these is closest" not in said(replies)
    assert (await facts(member))["days_since_submission"] == 10


async def test_after_guidance_a_correction_says_how_the_advice_changes(member: Member) -> None:
    before = await advised(member)
    replies = await member.say("actually it was 20 days ago")
    after = guidance(replies)
    assert after.outcome != before.outcome
    assert replies[0].markdown == (  # type: ignore[union-attr]
        f"Noted: submitted 20 days ago instead of submitted 10 days ago. The advice changes from “{before.title}” "
        f"to “{after.title}”.")
    replies = await member.say("no, I didn't submit it")
    assert "work not submitted instead of work submitted for approval" in said(replies)
    # "all the work done" was assumed from the submission: with that gone, it is asked
    assert member.question is not None and member.question.prompt.startswith("How much of the work")
    replies = await member.say("all of it")
    if not any(isinstance(r, Guidance) for r in replies):  # an assumption it now rests on is confirmed first
        replies = await member.say("yes")
    assert guidance(replies).outcome == "unreleased_submit"


@pytest.mark.parametrize("told", ["no, it was hourly, not fixed price", "change: it was an hourly contract"])
async def test_after_guidance_a_correction_without_actually_is_still_a_correction(member: Member, told: str) -> None:
    """A "no, …" or "change: …" after the advice puts the fact right; it is not a follow-up answered from the
    advice's own lines, which would leave the member thinking the change was made."""
    await advised(member)
    replies = await member.say(told)
    assert said(replies).startswith("Noted: hourly instead of fixed-price. The advice")
    assert (await facts(member))["contract_type"] == "hourly"


async def test_after_guidance_a_dispute_denied_leaves_the_refund_request_told(member: Member) -> None:
    await member.say("fixed price, I delivered all the work and submitted it, the client opened a dispute to get the "
                     "escrow back")
    answered = [any(isinstance(r, Guidance) for r in await member.say("1")) for _ in range(3)]
    assert any(answered), "the advice is reached by confirming what was read"
    replies = await member.say("actually he didnt file a dispute yet, he only sent an escrow refund request")
    assert said(replies).startswith("Noted: a refund request is waiting instead of a dispute is open")
    assert (await facts(member))["stage"] == "refund_requested"


async def test_after_guidance_hourly_instead_of_fixed_price_rewalks(member: Member) -> None:
    await advised(member)
    replies = await member.say("actually it was hourly")
    assert said(replies).startswith("Noted: hourly instead of fixed-price. The advice")


async def test_restart_still_starts_over(member: Member) -> None:
    await advised(member)
    replies = await member.say("restart")
    assert member.engine.library.current.pack.welcome in said(replies)
    assert await facts(member) == {}


async def test_a_range_across_the_tree_threshold_is_asked_back(member: Member) -> None:
    await member.say(WAITING.replace(" 10 days ago", "") + ", the contract is still open, he hasn't said anything")
    assert member.question and member.question.prompt.startswith("How many days ago")
    replies = await member.say("less than 20 days")
    assert "could be either side of 14" in said(replies)
    replies = await member.say("more than 14 days")
    assert "I'll take “more than 14 days” as submitted 15 days ago" in said(replies)
    assert (await facts(member))["days_since_submission"] == 15


async def test_a_hedged_answer_is_taken_only_when_confirmed(member: Member) -> None:
    await member.say("the client hasn't released my milestone, fixed price, it was funded")
    replies = await member.say("I think so")
    assert "shall I take that as **Yes**" in said(replies) and "work_submitted" not in await facts(member)
    await member.say("yes")
    assert (await facts(member))["work_submitted"] is True


async def test_control_characters_are_never_echoed(member: Member) -> None:
    await member.say("the client closed the contract and wants the escrow back, fixed price")
    replies = await member.say("\x1b]0;pwned\x07\x1b[2Jpurple\u202e elephants")
    shown = said(replies)
    assert "purple elephants" in shown
    assert not any(ch in shown for ch in "\x1b\x07\u202e") and "[2J" not in shown


# Implications that always hold, each read from a message that states only the premise.
ALWAYS = [
    ("the client released the milestone", "milestone_funded", True),
    ("the milestone was never funded", "milestone_released", False),
    ("the client wants the escrow back", "milestone_funded", True),
    ("the client wants the escrow back", "milestone_released", False),
    ("I haven't started the work yet", "milestone_released", False),
]


@pytest.mark.parametrize(("message", "fact", "value"), ALWAYS)
def test_implications_that_always_hold(shipped: Knowledge, message: str, fact: str, value: bool) -> None:
    reader = reader_for(shipped)
    assert reader is not None
    assert reader.read(message).facts[fact] is value


def test_a_release_does_not_imply_a_submission(shipped: Knowledge) -> None:
    """Clients release before anything is submitted ("released it by mistake before he finished")."""
    reader = reader_for(shipped)
    assert reader is not None
    assert "work_submitted" not in reader.read("the client released the milestone").facts


async def test_a_client_asking_for_released_money_back_is_not_told_to_use_the_escrow(member: Member) -> None:
    await member.say("i accidentally released the milestone before the freelancer finished. can i get it back?")
    assert (await facts(member))["client_requested_refund_of"] == "released"
    advice = guidance(await member.click("yes"))
    assert advice.outcome == "client_released"
    assert "escrow" not in advice.body  # the route is the freelancer's agreement; escrow comes after, if any is left
    assert advice.all_points()[0].id == "client_released_only_by_agreement"


ENDED = "the client ended the contract, fixed price, it was funded, should i refund?"


def corrections(question: Question | None) -> list[str]:
    assert question is not None
    return [c.id for c in question.choices if c.role == "change"]


async def test_the_next_question_reads_back_what_was_read_and_answering_it_confirms_them(member: Member) -> None:
    await member.say(ENDED)
    question = member.question
    assert question is not None
    read_back, _, asked = question.prompt.partition("\n\n")
    assert read_back.startswith("I understood: you are the freelancer; fixed-price;")
    assert "milestone funded" in read_back
    assert asked == "How much of the work for this milestone have you done?"
    assert corrections(question)[:2] == ["change:asker_role", "change:contract_type"]
    advice = guidance(await member.click("complete"))  # no separate "Right?": the answer confirmed them
    assert advice.verdict == "file_dispute"
    session = await member.engine.store.load(member.key.as_string())
    assert session is not None and not session.prefilled


async def test_a_change_button_beside_a_question_asks_that_fact_and_the_others_stand(member: Member) -> None:
    await member.say(ENDED)
    await member.click("change:contract_type")
    assert member.question and member.question.prompt == "What kind of contract is it?"
    assert corrections(member.question) == []  # the others were seen beside the question: they stand
    await member.click("hourly")
    assert (await facts(member))["contract_type"] == "hourly"


@pytest.mark.parametrize("typed", ["6", "change: fixed-price", "Change fixed price"])
async def test_a_correction_can_be_typed_by_its_number_or_its_words(member: Member, typed: str) -> None:
    await member.say(ENDED)
    assert member.question and member.question.choices[5].id == "change:contract_type"  # as the console numbers it
    await member.say(typed)
    assert member.question and member.question.prompt == "What kind of contract is it?"


async def test_a_buttons_label_pasted_is_that_button_not_a_story(member: Member) -> None:
    """"Change: you want the escrow back" read as a story would state a refund of escrow (and so fixed-price)."""
    await member.say("I'm the client on an hourly contract, his hours this week look padded. Can I refuse to pay "
                     "for this? should I just end the contract now?")
    assert member.question and "change:client_requested_refund_of" in corrections(member.question)
    before = await facts(member)
    await member.say("Change: you want billed hours back")
    assert member.question and member.question.prompt.endswith("What do you want back from the freelancer?")
    assert (await facts(member))["contract_type"] == before["contract_type"] == "hourly"


NOT_RELEASED = "fixed price, funded milestone, the client still hasn't released the money. what do i do"


@pytest.mark.parametrize("typed", ["change the client is not answering", "change client not answering",
                                   "Change: the client is not answering (no release, no change request)"])
async def test_a_change_typed_in_part_is_that_button_and_its_question_comes_next(member: Member, typed: str) -> None:
    """The "not" of a read-back's words is no "No" to the question waiting, and the fact picked is asked at once,
    before what the advice needs next: another question would look as if the change were ignored."""
    await member.say(NOT_RELEASED)
    question = member.question
    assert question and "change:client_response" in corrections(question)
    assert question.prompt.endswith("Did you submit the work for this milestone (request milestone approval)?")
    await member.say(typed)
    assert member.question and member.question.prompt.endswith("what has the client done about the milestone?")
    assert "work_submitted" not in await facts(member)


async def test_a_change_typed_that_names_no_one_button_is_not_taken_for_one(member: Member) -> None:
    await member.say(NOT_RELEASED)
    await member.say("change it")
    assert member.question and member.question.prompt.endswith("(request milestone approval)?")
    assert "client_response" in await facts(member)


async def test_a_client_is_offered_the_refund_buttons_as_a_client(member: Member) -> None:
    await member.say("I'm the client on a fixed contract. He hasn't done anything. Can I refuse to pay for this?")
    await member.click("change:client_requested_refund_of")
    assert member.question and member.question.prompt.endswith("What do you want back from the freelancer?")
    labels = [c.label for c in member.question.choices]
    assert "Money I already released" in labels and "Money already released to me" not in labels


async def test_a_value_put_right_is_read_back_without_laying_the_misreading_on_the_member(member: Member) -> None:
    await member.say("im a freelancer, hourly contract, my client disputed this week's hours, all tracked")
    replies = await member.say("no - it is last week's hours")
    assert "last week's hours (instead of this week's hours, as I had it before)" in said(replies)
    assert "as you said" not in said(replies)


async def test_a_denial_typed_at_the_read_back_corrects_the_fact_read(member: Member) -> None:
    """A fact read regardless of mood ("the promise is the point") is still corrected by its denial."""
    await member.say("I'm the client on an hourly contract. The freelancer went 8 hours over the weekly limit and "
                     "I promised a bonus for the extra hours. Do I have to pay it?")
    assert (await facts(member))["promised_later"] is True
    replies = await member.say("I never promised him a bonus")
    assert (await facts(member))["promised_later"] is False
    assert "**nothing was promised for later** instead of" in said(replies)


async def test_a_typed_answer_is_not_taken_for_a_correction_that_shares_its_words(member: Member) -> None:
    await member.say(ENDED)  # "Change: milestone funded" is shown beside "How much … have you done?"
    await member.say("all of it")
    session = await member.engine.store.load(member.key.as_string())
    assert session is not None and session.facts["work_done"] == "complete" and session.done


async def test_a_forged_correction_is_refused_and_changes_nothing(member: Member) -> None:
    await member.say(ENDED)
    before = await facts(member)
    replies = await member.click("change:days_since_submission")  # never shown: a forged or stale click
    assert any(isinstance(r, Text) and r.tone == "error" for r in replies)
    assert await facts(member) == before


async def test_a_question_answered_by_typing_a_number_carries_no_corrections(member: Member) -> None:
    await member.say("fixed price milestone, funded, I submitted it last week")
    assert "change:work_submitted" in corrections(member.question)  # beside "Has the client released it?"
    await member.say("no")
    assert member.question and member.question.free_text and corrections(member.question) == []
    advice = guidance(await member.say("3 days"))  # the facts read were confirmed by the answer before
    assert advice.verdict == "wait_for_auto_release"


async def test_a_client_with_submitted_work_is_told_to_review_it_before_the_automatic_release(member: Member) -> None:
    # a client reports a submission as the work it holds: how much was delivered is theirs to say, never implied
    await member.say("As a client: my freelancer delivered all the code but im not happy with it, milestone is $500 in "
                     "escrow, he submitted it 5 days ago. what do i do?")
    question = member.question
    assert question is not None and "submitted 5 days ago" in question.prompt  # the deadline counts from it
    advice = guidance(await member.click("yes"))
    assert advice.outcome == "client_review_submission"
    shown = [p.id for p in advice.all_points()]
    assert "client_request_changes_in_review" in shown and "client_review_auto_releases" in shown
    (deadline,) = advice.deadlines  # the last day of the client's review, worked out from "5 days ago"
    assert "+ 14 days" in deadline.text and "released to the freelancer automatically that day" in deadline.text


async def test_a_member_asking_to_have_a_review_removed_is_told_removal_ended(member: Member) -> None:
    await member.say("client left me 1 star review after i refused a refund. can i get it removed?")
    for answer in ("fixed", "released", "complete"):  # contract, which money, how much was done
        replies = await member.click(answer)
    shown = [p.id for p in guidance(replies).all_points()]
    assert "no_feedback_removal" in shown


async def test_a_correction_to_hourly_takes_away_what_only_a_fixed_price_contract_has(member: Member) -> None:
    await member.say(ENDED)  # read: fixed-price, funded, the client wants the escrow back
    replies = await member.say("actually it was hourly")
    known = await facts(member)
    assert known["contract_type"] == "hourly"
    assert "milestone_funded" not in known and "client_requested_refund_of" not in known
    assert "no longer the client wants the escrow back" in said(replies)


async def test_a_later_message_is_read_with_what_the_conversation_already_knows(member: Member) -> None:
    await member.say("the client released my fixed price milestone last week")
    replies = await member.say("he wants a refund now")
    assert "the client wants released money back" in said(replies)  # "a refund" of what was released
    assert (await facts(member))["client_requested_refund_of"] == "released"


def test_a_phrase_resting_on_another_fact_needs_it_said_or_known(shipped: Knowledge) -> None:
    reader = reader_for(shipped)
    assert reader is not None
    assert "client_requested_refund_of" not in reader.read("he wants a refund now").facts
    known = reader.read("he wants a refund now", known={"milestone_released": True}).facts
    assert known["client_requested_refund_of"] == "released"
    # what the text itself says wins over what was known
    said_here = reader.read("he never released it and wants a refund", known={"milestone_released": True}).facts
    assert said_here.get("client_requested_refund_of") != "released"


async def test_a_question_of_its_own_mid_conversation_gets_its_canonical_answer_then_the_question(
        member: Member) -> None:
    await member.say("the client hasn't released my fixed price milestone")
    waiting = member.question
    assert waiting is not None and "funded" in waiting.prompt
    replies = await member.say("how much does arbitration cost in a dispute?")
    cards = [r for r in replies if isinstance(r, AnswerCard)]
    assert cards and "arbitration" in cards[0].title.lower()
    assert member.question is not None and "funded" in member.question.prompt  # the question waits, unchanged
    assert not any(isinstance(r, Text) and r.tone == "error" for r in replies)
    await member.engine.audit.flush()  # type: ignore[union-attr]
    assert member.engine.audit.rows("SELECT answer_id, how FROM answers_posted") == [  # type: ignore[union-attr]
        (cards[0].id, "mid-conversation")]
    garbled = await member.say("blah blah whatever")  # no question of its own: the usual error
    assert any(isinstance(r, Text) and r.tone == "error" for r in garbled)
    about = await member.say("how do I check if the milestone was funded?")  # about the question itself
    assert any(isinstance(r, Text) and "Active & funded" in r.markdown for r in about)  # its help
    assert not any(isinstance(r, AnswerCard) for r in about)
    assert member.question is not None and "funded" in member.question.prompt


async def test_asking_about_ending_an_hourly_contract_mid_conversation_gets_the_hourly_answer(member: Member) -> None:
    await member.say("hourly contract, the client says he won't pay for last week's 12 hrs")
    replies = await member.say("what if i just end the contract?")
    cards = [r for r in replies if isinstance(r, AnswerCard)]
    assert [c.id for c in cards] == ["ending-an-hourly-contract"], "not the fixed-price answer, and not none"
    assert member.question is not None


@pytest.mark.parametrize("asked", ["how do i check if it was funded?", "what's escrow?"])
async def test_a_question_about_the_question_in_other_words_gets_its_help_not_an_answer(member: Member,
                                                                                        asked: str) -> None:
    await member.say("the client hasn't released my fixed price milestone")
    replies = await member.say(asked)  # "funded" alone must not answer Yes
    assert any(isinstance(r, Text) and "Active & funded" in r.markdown for r in replies)
    assert "milestone_funded" not in await facts(member)
    assert member.question is not None and "funded" in member.question.prompt


@pytest.mark.parametrize(("reply", "side"), [
    ("client obviously", "client"), ("im the freelancer", "freelancer"), ("freelancer lol", "freelancer"),
    ("freelancer here", "freelancer"), ("the client paid me outside upwork and vanished", "freelancer")])
async def test_naming_a_side_at_the_role_question_gives_that_side(member: Member, reply: str, side: str) -> None:
    await member.say("hi")
    assert member.question is not None and "freelancer or the client" in member.question.prompt
    await member.say(reply)
    assert (await facts(member))["asker_role"] == side


async def test_a_side_named_at_another_question_does_not_change_the_member_s_side(member: Member) -> None:
    await member.say("my client wants a refund")
    replies = await member.say("freelancer")  # typed at the contract-type question
    assert (await facts(member))["asker_role"] == "freelancer"
    assert not any(isinstance(r, Text) and "instead of" in r.markdown for r in replies)


async def test_an_answer_with_more_said_beside_it_keeps_both(member: Member) -> None:
    await member.say("i finished the milestone, client hasnt released payment yet")
    await member.say("yes")  # funded
    replies = await member.say("yes, 4 days ago")  # submitted, and when
    known = await facts(member)
    assert known["work_submitted"] is True and known["days_since_submission"] == 4
    assert "Noted: **submitted 4 days ago**" in said(replies)
    assert guidance(replies).verdict == "wait_for_auto_release"  # not asked again whether it was submitted


async def test_a_correction_that_says_i_did_is_about_what_it_names(member: Member) -> None:
    await member.say("the client hasn't released my fixed price milestone, it was funded")
    await member.say("no")  # not submitted
    replies = await member.say("wait, I did submit it")
    known = await facts(member)
    assert known["work_submitted"] is True and "contract_ended_by" not in known  # "I did" is not "I ended it"
    assert "work submitted" in said(replies)


async def test_a_question_of_its_own_gets_an_answer_written_for_the_members_side(member: Member) -> None:
    await member.say("I'm the client, the freelancer wants the milestone released but the work is bad, fixed price")
    assert (await facts(member))["milestone_released"] is False  # wanted released is not released
    replies = await member.say("what if he declines and opens a dispute?")
    cards = [r for r in replies if isinstance(r, AnswerCard)]
    assert cards and cards[0].id != "when-you-can-dispute"  # the freelancer's answer is not offered to a client
    feedback = await member.say("will she be able to leave me bad feedback?")  # answered as a point of the advice
    assert (await facts(member))["asks_about_feedback"] is True and "Noted:" in said(feedback)
    unanswered = await member.say("how do top rated freelancers keep their badge?")  # no answer for anyone here
    assert "no canonical answer on that one" in said(unanswered)
    assert not any(isinstance(r, Text) and r.tone == "error" for r in unanswered)
    assert member.question is not None


async def test_a_freelancer_asking_mid_conversation_gets_the_freelancers_answer(member: Member) -> None:
    await member.say("the client hasn't released my fixed price milestone")
    replies = await member.say("when can a freelancer open a dispute?")
    assert [r.id for r in replies if isinstance(r, AnswerCard)] == ["when-you-can-dispute"]


def test_a_choice_is_not_offered_where_it_cannot_be(shipped: Knowledge) -> None:
    from bot.conversation.questions import ask_fact
    from bot.record import Session

    fact = shipped.facts["client_requested_refund_of"]
    hourly = ask_fact(Session(key="k", policy_version="v", facts={"contract_type": "hourly"}), fact)
    fixed = ask_fact(Session(key="k", policy_version="v", facts={"contract_type": "fixed"}), fact)
    assert "escrow" not in [c.id for c in hourly.choices]  # hourly contracts have no escrow
    assert "escrow" in [c.id for c in fixed.choices]


async def test_a_day_count_no_calendar_holds_is_asked_again_not_a_crash(member: Member) -> None:
    replies = await member.say("I submitted the work 1000000 days ago and the client hasn't released it, "
                               "fixed price, funded")
    assert "days_since_submission" not in await facts(member)  # not read: no date is that far back
    assert isinstance(replies[-1], Question) and "How many days ago" in replies[-1].prompt
    replies = await member.say("1000000")
    assert "more than ten years back" in said(replies)
    assert "days_since_submission" not in await facts(member)
    await member.say("10")
    assert guidance(await member.say("yes")).verdict == "wait_for_auto_release"


async def test_a_correction_drops_what_was_read_on_the_strength_of_the_corrected_fact(member: Member) -> None:
    await member.say("client released the milestone and now wants his money back")
    assert (await facts(member))["client_requested_refund_of"] == "released"
    replies = await member.say("actually he never released it, the money is still in escrow")
    assert "no longer the client wants released money back" in said(replies)
    now = await facts(member)
    assert now["milestone_released"] is False and "client_requested_refund_of" not in now
    assert "client_approved_work" not in now  # assumed from the release, which is gone
    assert member.question is not None and "What is the client asking" in member.question.prompt


async def test_a_correction_about_the_release_leaves_the_work_done_as_it_was(member: Member) -> None:
    await member.say("client released the milestone and wants his money back, fixed price")
    await member.say("all of it")
    replies = await member.say("sorry, he didn't release it, it's still in escrow")  # "he didn't" is no work reply
    assert "no work done" not in said(replies)
    assert (await facts(member))["work_done"] == "complete"
    replies = await member.say("the escrow")
    while not any(isinstance(r, Guidance) for r in replies):
        replies = await member.say("yes")
    assert guidance(replies).verdict == "file_dispute"


async def test_a_question_of_the_members_own_after_advice_is_answered_and_the_advice_stands(member: Member) -> None:
    await member.say("client released the milestone and now wants a refund, I did all the work, fixed price")
    advice = guidance(await member.say("yes"))
    replies = await member.say("what about my JSS?")
    assert said(replies).startswith("On that, for your situation:") and "Job Success Score" in said(replies)
    assert not any(isinstance(r, Guidance) for r in replies) and "advice" not in said(replies).split("\n")[0]
    session = await member.engine.store.load(member.key.as_string())
    assert session is not None and session.advice == advice.outcome  # the advice stands
    feedback = await member.say("can he leave a bad review?")
    assert "reply to it publicly" in said(feedback)


@pytest.mark.parametrize("told", ["sorry I meant 30 days", "actually it's been 30 days", "30 days, not 10"])
async def test_a_day_count_corrected_after_advice_without_ago(member: Member, told: str) -> None:
    before = await advised(member)
    replies = await member.say(told)
    assert said(replies).startswith("Noted: submitted 30 days ago instead of submitted 10 days ago. The advice changes")
    assert guidance(replies).outcome != before.outcome


async def test_a_chargeback_asked_about_after_the_advice_is_answered_for_the_side_asking(member: Member) -> None:
    await member.say("im the client, hourly contract. my freelancer billed 30 hours three weeks ago for code that "
                     "doesnt work and he ignores me")
    guidance(await member.say("yes"))
    replies = await member.say("can I just do a chargeback with my bank then?")
    assert "Don't file a chargeback with your card company" in said(replies)


@pytest.mark.parametrize(("opening", "asked", "answer"), [
    # no day told to count from: the advice's own time limit
    ("im the freelancer. mediation failed on my $600 fixed milestone, i got the arbitration notice",
     "how long do i have exactly", "7 days after the notice"),
    # the advice's worked-out dates are among its lines
    ("fixed price, funded milestone, I submitted it 9 days ago and the client is silent",
     "what if he never releases it?", "released to you automatically"),
    # what to do, asked on its own: the advice's step, with its date
    ("fixed price, funded milestone, I submitted it 9 days ago and the client is silent",
     "do i have to do anything?", "Wait for the client's 14-day review"),
    ("fixed price, funded milestone, I submitted it 9 days ago and the client is silent",
     "so what should I do now?", "released to you automatically"),
    ("fixed price, funded milestone, I submitted it 9 days ago and the client is silent",
     "ok what do i do first?", "Wait for the client's 14-day review"),
    ("fixed price, funded milestone, I submitted it 9 days ago and the client is silent",
     "do i need to do anything or is it automatic", "Wait for the client's 14-day review"),
    # "how long to…" with no day told: the advice's own time limit
    ("im the freelancer. mediation failed on my $600 fixed milestone, i got the arbitration notice",
     "how long to respond?", "7 days after the notice"),
])
async def test_a_follow_up_in_its_own_words_finds_the_point_of_the_advice(member: Member, opening: str, asked: str,
                                                                           answer: str) -> None:
    await member.say(opening)
    guidance(await member.say("yes"))
    replies = await member.say(asked)
    assert said(replies).startswith("From the advice above:") and answer in said(replies)


SUBMITTED = "fixed price, funded $400 milestone, I submitted it 5 days ago and the client says he won't pay"
CLIENT_ESCROW = "I hired a developer, he delivered half, I want my $300 escrow back. fixed price"


@pytest.mark.parametrize(("opening", "asked", "answer"), [
    (SUBMITTED, "what if he refuses to release it?", "only **Request changes** on the submission"),
    (SUBMITTED, "what happens to the money if i end it today?", "Don't end the contract while submitted work"),
    (SUBMITTED, "when can i withdraw?", "five-day security period"),
    (WAITING, "should I resubmit?", "A new submission restarts the 14 days"),
    (CLIENT_ESCROW, "what if he rejects it?", "A freelancer who declines your escrow refund request opens one"),
    (CLIENT_ESCROW, "how long until the money is back on my card?", "about five business days"),
    ("I hired a developer, he delivered nothing, I want my $300 escrow back", "what if he doesn't respond?",
     "if they do not answer within **7 days**"),
    ("I hired a developer, he delivered nothing, I want my $300 escrow back", "ok but what if he never answers",
     "if they do not answer within **7 days**"),
    # a negation spelled without its apostrophe
    ("im the client, i ended the fixed contract and asked for the escrow back, he didnt deliver",
     "what if he doesnt respond?", "7 days"),
    (CLIENT_ESCROW, "can i ask him to redo it instead?", "**Request changes**"),
])
async def test_a_follow_up_question_gets_the_answer_for_the_members_side_and_stage(
        member: Member, opening: str, asked: str, answer: str) -> None:
    await member.say(opening)
    advice = guidance(await member.say("yes"))
    replies = await member.say(asked)
    assert said(replies).startswith("On that, for your situation:") and answer in said(replies)
    session = await member.engine.store.load(member.key.as_string())
    assert session is not None and session.advice == advice.outcome  # a question changes nothing of the story


async def test_a_tag_question_after_advice_is_asked_not_told(member: Member) -> None:
    await member.say("im the client on an hourly contract, he added 5 manual hours last week i dont think he worked")
    guidance(await member.say("yes"))
    replies = await member.say("the other 20 tracked hours, those are fine right?")
    assert "Noted:" not in said(replies)
    session = await member.engine.store.load(member.key.as_string())
    assert session is not None and session.facts.get("hours_tracked") is False


async def test_a_what_if_question_after_advice_is_answered_not_taken_as_told(member: Member) -> None:
    await member.say(SUBMITTED)
    advice = guidance(await member.say("yes"))
    replies = await member.say("what if he asks for changes on day 13, does the 14 days start over?")
    assert "A new submission restarts the 14 days" in said(replies)
    session = await member.engine.store.load(member.key.as_string())
    assert session is not None and session.advice == advice.outcome and "client_response" not in session.facts


async def test_what_the_first_message_says_once_the_side_is_answered_is_read_then(member: Member) -> None:
    replies = await member.say("i ended the contract by mistake, escrow gone")
    assert "contract_ended_by" not in await facts(member)  # "I" is nobody's side yet
    assert member.question is not None and "freelancer or the client" in member.question.prompt
    replies = await member.say("I'm the freelancer")
    assert (await facts(member))["contract_ended_by"] == "freelancer"
    assert "you ended the contract" in said(replies)
    session = await member.engine.store.load(member.key.as_string())
    assert session is not None and not session.read_if  # used, then let go


SUBMITTED = "my client hasnt released my milestone payment, i submitted the work 5 days ago"


@pytest.mark.parametrize("asked", ["what happens if it wasnt?", "what if he doesnt reply at all?",
                                   "does it matter? he just doesnt pay", "what does funded mean"])
async def test_a_question_typed_at_a_yes_no_question_is_not_taken_for_an_answer(member: Member, asked: str) -> None:
    await member.say(SUBMITTED)
    replies = await member.say(asked)
    known = await facts(member)
    assert "milestone_funded" not in known and "asks_how_it_works" not in known
    assert isinstance(replies[-1], Question) and "funded" in replies[-1].prompt  # the question, again


@pytest.mark.parametrize("reply", ["he didnt say", "he never said", "not decided yet"])
async def test_the_other_party_never_saying_is_i_dont_know(member: Member, reply: str) -> None:
    await member.say(SUBMITTED)
    await member.say(reply)
    session = await member.engine.store.load(member.key.as_string())
    assert session is not None and "milestone_funded" in session.unknown


@pytest.mark.parametrize("confirm", ["yes", "i think so", "yep"])
async def test_a_hedge_asked_back_is_taken_by_a_yes_or_by_saying_it_again(member: Member, confirm: str) -> None:
    await member.say(SUBMITTED)
    asked_back = await member.say("i think so")
    assert "shall I take that as **Yes**? Say **yes** to confirm it" in said(asked_back)
    assert "milestone_funded" not in await facts(member)
    advice = guidance(await member.say(confirm))
    assert (await facts(member))["milestone_funded"] is True and advice.verdict == "wait_for_auto_release"


async def test_a_no_to_a_hedge_asked_back_is_an_answer_of_its_own(member: Member) -> None:
    await member.say(SUBMITTED)
    await member.say("probably")
    await member.say("no")
    assert (await facts(member))["milestone_funded"] is False


@pytest.mark.parametrize("leave", ["quit", "stop", "never mind", "forget it", "ok stop"])
async def test_leaving_in_words_ends_the_conversation_and_the_next_message_starts_afresh(member: Member,
                                                                                         leave: str) -> None:
    await member.say(SUBMITTED)
    assert "stopped" in said(await member.say(leave))
    session = await member.engine.store.load(member.key.as_string())
    assert session is not None and session.done and session.pending is None
    await member.say("hello")
    assert "milestone_funded" not in await facts(member) and "days_since_submission" not in await facts(member)


@pytest.mark.parametrize("again", ["restart please", "start again", "/restart", "new question"])
async def test_starting_over_in_words(member: Member, again: str) -> None:
    await member.say(SUBMITTED)
    await member.say(again)
    assert "days_since_submission" not in await facts(member)


async def test_puzzlement_at_a_question_gets_its_help(member: Member) -> None:
    await member.say(SUBMITTED)
    replies = await member.say("sorry i dont get it")
    assert "Active & funded" in said(replies) and "milestone_funded" not in await facts(member)


async def test_another_situation_after_the_advice_is_read_afresh(member: Member) -> None:
    await member.say("client disputed my hours on hourly contract")
    guidance(await member.say("yes"))
    replies = await member.say("thanks. another question, different client: he wants a refund of money he paid me "
                               "last month, the work was delivered")
    assert "Another situation" in said(replies)
    known = await facts(member)
    assert known.get("contract_type") != "hourly" and known.get("client_requested_refund_of") == "released"


async def test_chat_emphasis_does_not_hide_a_word(shipped: Knowledge) -> None:
    reader = reader_for(shipped)
    assert reader is not None
    assert reader.read("my client wants a **refund** for the milestone").facts.get("stage") == \
        reader.read("my client wants a refund for the milestone").facts.get("stage") == "refund_requested"


async def test_drafts_claim_only_what_the_member_said(member: Member) -> None:
    await member.say("client refuses to pay for the milestone. i finished the work but never submitted it, i sent "
                     "the files by email. milestone is funded")
    replies = await member.say("yes")
    advice = next((r for r in replies if isinstance(r, Guidance)), None)
    if advice is None:  # a question more: answered as the member would
        advice = guidance(await member.say("no"))
    assert advice.drafts and not any("submitted it through the contract" in d.text for d in advice.drafts)
    assert not any("submission through the contract" in item for item in advice.evidence)
    assert any("The scope and our messages are in the contract room" in d.text for d in advice.drafts)


def test_a_split_is_proposed_in_a_draft_only_for_work_said_to_be_partly_done(shipped: Knowledge) -> None:
    facts = {"asker_role": "freelancer", "contract_type": "fixed", "stage": "refund_requested",
             "client_requested_refund_of": "escrow", "milestone_funded": True, "milestone_released": False}
    unknown = frozenset({"work_done", "work_submitted", "client_uses_work"})
    for told, offered in (({}, False), ({"work_done": "partial"}, True)):
        result = walk(shipped.trees, "escrow_refund", {**facts, **told}, unknown - told.keys())
        assert result.outcome is not None and result.outcome.id == "escrow_settle_partial"
        advice = build_guidance(shipped, result, {**facts, **told}, set(unknown - told.keys()))
        assert any("Part of this milestone's work is done and delivered" in d.text for d in advice.drafts) == offered


async def test_an_hours_dispute_answer_claims_the_tracker_only_when_told(member: Member) -> None:
    await member.say("client disputed my hours on hourly contract")
    advice = guidance(await member.say("yes"))
    assert advice.drafts and not any("desktop app" in d.text for d in advice.drafts)
    await member.say("actually all of them were tracked with the desktop app")
    session = await member.engine.store.load(member.key.as_string())
    assert session is not None and any("tracked with the desktop app" in d.text for d in session.drafts)


async def test_an_answer_behind_a_terminal_escape_is_read_as_typed(member: Member) -> None:
    await member.say(SUBMITTED)
    await member.say("\x1b[2Jyes")
    assert (await facts(member))["milestone_funded"] is True


async def test_a_message_too_long_is_refused_and_the_question_waiting_asked_again(member: Member) -> None:
    await member.say(SUBMITTED)
    replies = await member.say("x " * 1500)
    assert "characters long" in said(replies) and isinstance(replies[-1], Question)
    assert "funded" in replies[-1].prompt


async def test_a_long_number_is_not_echoed_as_a_choice(member: Member) -> None:
    await member.say("hi")
    replies = await member.say("5550123")
    assert "5550123" not in said(replies)


async def test_a_follow_up_is_answered_from_this_members_advice_before_any_canonical_answer(member: Member) -> None:
    await member.say("client released the payment 3 days ago and now he is asking for full refund saying he changed "
                     "his mind. i delivered everything he asked")
    guidance(await member.say("yes thats right"))
    replies = await member.say("can he still dispute?")
    assert said(replies).startswith("On that, for your situation:") and "takes it to a dispute" in said(replies)


@pytest.mark.parametrize("asked", ["is arbitration worth it for 500?", "he also asked to pay me via paypal instead is "
                                                                      "that ok?"])
async def test_a_question_after_the_advice_changes_no_fact(member: Member, asked: str) -> None:
    advice = await advised(member)
    known = dict(await facts(member))
    await member.say(asked)
    session = await member.engine.store.load(member.key.as_string())
    assert session is not None and session.facts == known and session.advice == advice.outcome


@pytest.mark.parametrize(("text", "another"), [
    ("thanks. another question, different client: he wants a refund", True),
    ("new problem: on hourly this time", True),
    ("also on another job im the client", True),
    ("he is a new client, does that matter?", False),
    ("ok and a new client wants me to start before he funds, is that fine?", True),
    ("the client now wants a new milestone for the changes", False),
    ("what about my other milestone?", False),
    ("wait it was 1,200 not 300, i mixed it up with another job", False),
])
def test_what_counts_as_another_situation(text: str, another: bool) -> None:
    assert another_situation(text) is another



async def test_thanks_then_a_question_is_answered_not_taken_as_a_correction(member: Member) -> None:
    await advised(member)
    replies = await member.say("thanks. but if i end it can he leave me a bad review?")
    assert "On that, for your situation:" in said(replies) and "feedback" in said(replies)
    assert "Noted:" not in said(replies)
    assert "contract_ended_by" not in await facts(member), "a question's 'if I end it' is not a correction"


@pytest.mark.parametrize(("told", "days"), [("3 days ago", 3), ("yesterday", 1), ("it came 2 days ago", 2)])
async def test_the_day_the_advice_asked_for_is_read_in_short(member: Member, told: str, days: int) -> None:
    await member.say("client ended my contract and asked refund of the escrow 300 dollar, but i delivered everything")
    advice = guidance(await member.say("yes"))
    assert any("Tell me the day the escrow refund request came" in d.text for d in advice.deadlines)
    replies = await member.say(told)
    assert (await facts(member))["days_since_refund_request"] == days
    assert "Accept or decline it by then" in said(replies)


async def test_a_mediator_named_after_hourly_advice_does_not_make_the_contract_fixed_price(member: Member) -> None:
    await member.say("hourly contract, the client wants back the hours I billed last week")
    for _ in range(4):  # whatever is asked, until the advice
        replies = await member.say("I don't know")
        if any(isinstance(r, Guidance) for r in replies):
            break
    assert (await facts(member))["contract_type"] == "hourly"
    await member.say("now the mediator says I should refund it")
    assert (await facts(member))["contract_type"] == "hourly"


async def test_dunno_at_the_read_back_asks_which_fact_to_change_instead_of_looping(member: Member) -> None:
    replies = await member.say("the client wants a refund of the escrow, I did all the work")
    assert isinstance(replies[-1], Question)
    while not replies[-1].prompt.startswith("I understood:") or not replies[-1].prompt.endswith("Right?"):
        replies = await member.say("I don't know")  # any question before the read-back itself
    replies = await member.say("dunno")
    assert "isn't one of the choices" not in said(replies)
    question = replies[-1]
    assert isinstance(question, Question) and question.prompt == "Which one should I change?"
    assert "keep" in [c.id for c in question.choices], "and a way to keep them all"


async def test_a_client_reads_back_their_own_facts_in_their_own_words(member: Member) -> None:
    replies = await member.say("I'm the client. I hired a freelancer on fixed price and funded $300; he delivered "
                               "half then vanished. I want my escrow back")
    assert "you want the escrow back" in said(replies) and "the client wants" not in said(replies)
    assert (await facts(member))["freelancer_unresponsive"] is True
    guidance(await member.say("yes"))
    replies = await member.say("actually I ended the contract")
    assert "Noted: you ended the contract" in said(replies)
    assert (await facts(member))["contract_ended_by"] == "client"


async def test_a_freelancer_reads_back_the_client_in_the_third_person(member: Member) -> None:
    replies = await member.say("my client wants the escrow back, fixed price, I did nothing yet")
    assert "the client wants the escrow back" in said(replies)


async def test_hourly_after_mediation_advice_drops_the_escrow_facts_once(member: Member) -> None:
    """The milestone's funding is both tied to fixed-price and read on the strength of the mediation: the
    correction drops it once, and the advice is given again for hourly."""
    await member.say("the upwork mediator just recommended the client releases $500 of the $800 milestone to me and "
                     "the rest goes back to him. i did maybe 80% of the work. should i take it?")
    guidance(await member.say("yes"))
    replies = await member.say("wait actually it was hourly not fixed, sorry")
    assert "hourly instead of fixed-price" in said(replies)
    assert "milestone_funded" not in await facts(member)


@pytest.mark.parametrize("story", ["client disputed 9 hours of my last week",
                                   "client wants his money back for the logo i made"])
async def test_a_story_told_to_the_side_question_is_read_for_who_tells_it(member: Member, story: str) -> None:
    """"client", inside a story told in reply to "freelancer or client?", names the other party."""
    await member.say("hi")
    replies = await member.say(story)
    assert "I'll take that as: you are the freelancer." in said(replies)
    assert (await facts(member))["asker_role"] == "freelancer"


async def test_the_side_given_as_a_word_is_still_the_answer(member: Member) -> None:
    await member.say("hi")
    await member.say("client")
    assert (await facts(member))["asker_role"] == "client"


async def test_a_fact_changed_at_the_read_back_is_asked_again_though_the_advice_does_not_branch_on_it(
        member: Member) -> None:
    replies = await member.say("my client account got suspended. i did a chargeback with my bank")
    assert "you are the client" in said(replies)
    replies = await member.say("Change: you are the client")
    assert isinstance(replies[-1], Question) and "freelancer or the client" in replies[-1].prompt
    advice = guidance(await member.say("client"))
    assert advice.verdict == "contact_support" and "client_chargeback_filed" in [p.id for p in advice.all_points()]


async def test_an_ok_before_a_question_after_the_advice_is_no_thanks(member: Member) -> None:
    await advised(member)
    replies = await member.say("ok so what do i tell him")
    assert "You're welcome" not in said(replies)
    replies = await member.say("ok")
    assert "You're welcome" in said(replies)


@pytest.mark.parametrize(("reply", "side"), [("freelancer i think", "I'm the freelancer"),
                                             ("client i guess", "I'm the client")])
async def test_a_hedged_side_is_asked_back_as_said(member: Member, reply: str, side: str) -> None:
    await member.say("hi")
    replies = await member.say(reply)
    assert f"shall I take that as **{side}**?" in said(replies)
    assert "asker_role" not in await facts(member)


async def test_a_members_own_trade_answers_the_side_question(member: Member) -> None:
    await member.say("hi")
    await member.say("im a developer")
    assert (await facts(member))["asker_role"] == "freelancer"


async def test_an_amount_corrected_in_so_many_words_after_the_advice(member: Member) -> None:
    await member.say(WAITING + ", 300 dollars")
    guidance(await member.say("yes"))
    replies = await member.say("wait it was 1,200 not 300, i mixed it up with another job")
    assert "$1,200 at stake instead of $300 at stake" in said(replies)
    assert (await facts(member))["amount_usd"] == 1200


async def test_saying_no_after_the_advice_finds_the_step_on_declining(member: Member) -> None:
    await member.say("client ended the contract and requested the escrow back, fixed price, I delivered everything")
    guidance(await member.say("yes"))
    replies = await member.say("what if i just say no?")
    assert said(replies).startswith("On that, for your situation:\n- Declining the request opens a dispute")


async def test_a_hedged_answer_asked_back_survives_a_resume(member: Member) -> None:
    await member.say("the client never released my milestone, fixed price")
    await member.say("i dont think it was")
    resumed = await member.engine.resume(member.key)
    assert "shall I take it as **No**?" in said(resumed)
    await member.say("yes")
    assert (await facts(member))["milestone_funded"] is False


async def test_a_no_that_says_again_what_was_read_back_confirms_it(member: Member) -> None:
    await member.say("client funded 1st milestone $500 then asked me to refund the escrow. i havent even started. "
                     "do i approve?")
    assert member.question is not None and "no work done yet" in member.question.prompt
    advice = guidance(await member.say("nope havent started"))  # "no (I haven't)": agreeing, not changing
    assert advice.outcome == "escrow_return_unearned"


async def test_a_no_that_says_something_else_still_asks_what_to_change(member: Member) -> None:
    await member.say("client funded 1st milestone $500 then asked me to refund the escrow. i havent even started. "
                     "do i approve?")
    replies = await member.say("no, i did most of it")
    assert member.question is not None and not any(isinstance(r, Guidance) for r in replies)


@pytest.mark.parametrize("restated", ["its hourly", "im the freelancer"])
async def test_a_reply_that_says_again_what_was_read_back_confirms_it(member: Member, restated: str) -> None:
    await member.say("im the freelancer, hourly contract, the client disputed my hours from last week, all tracked "
                     "with the app")
    assert member.question is not None and member.question.prompt.startswith("I understood")
    replies = await member.say(restated)
    assert not any(isinstance(r, Text) and r.tone == "error" for r in replies)


async def test_a_correction_that_changes_the_advices_points_shows_the_advice_again(member: Member) -> None:
    await member.say("hourly contract, the client disputed last week's hours and wants them refunded")
    advice = guidance(await member.say("yes"))
    assert "manual_time_unprotected" in [p.id for p in advice.all_points()]
    replies = await member.say("my hours are all tracked")
    assert isinstance(replies[0], Text) and replies[0].markdown.endswith("now for that:")
    again = guidance(replies)
    assert again.outcome == advice.outcome and "manual_time_unprotected" not in [p.id for p in again.all_points()]


ESCROW_REFUND_OF_DELIVERED_WORK = ("Client closed the contract and sent me an escrow refund request for the whole "
                                   "$1,200. I delivered all 3 chapters. what do i do")

async def test_thanks_before_a_question_is_welcomed_and_the_question_answered(member: Member) -> None:
    await member.say(ESCROW_REFUND_OF_DELIVERED_WORK)
    guidance(await member.say("yes"))
    replies = await member.say("thx. what if he refuses the dispute?")
    assert said(replies).startswith("You're welcome.") and "opens a dispute" in said(replies)
    assert (await member.say("thank u"))[0].markdown.startswith("You're welcome")  # type: ignore[union-attr]


async def test_a_support_reason_read_wrongly_can_be_changed_to_none_of_them(member: Member) -> None:
    await member.say("my account is on hold and the client sent an escrow refund request for the $700 milestone, "
                     "I delivered everything and submitted it")
    question = member.question
    assert question is not None and any(c.id == "change:support_issue" for c in question.choices)
    await member.click("change:support_issue")
    assert member.question is not None and any(c.id == "none" for c in member.question.choices)
    replies = await member.say("none of these")
    assert not any(isinstance(r, Text) and r.tone == "error" for r in replies)
    assert (await facts(member))["support_issue"] == "none"


async def test_a_follow_up_about_the_threat_finds_the_line_on_threats(member: Member) -> None:
    await member.say("The developer says if I dont release the full $1000 milestone today hell leave me 1 star. I "
                     "hired him, fixed price, he delivered half.")
    guidance(await member.say("yes"))
    replies = await member.say("can I report him for the threat?")
    assert said(replies).startswith("On that, for your situation:") and "report it to support" in said(replies)


@pytest.mark.parametrize(("asked", "answer"), [
    ("what should i write to him", "talk-in-platform-messages"),
    ("can i get banned for this?", "can-i-get-banned"),
    ("what happens to the money meanwhile", "money-while-it-is-decided"),
])
async def test_a_follow_up_the_advice_has_no_line_for_gets_the_canonical_answer_on_it(
        member: Member, asked: str, answer: str) -> None:
    await member.say("fixed price, funded milestone, I submitted it 9 days ago and the client is silent")
    guidance(await member.say("yes"))
    replies = await member.say(asked)
    assert any(isinstance(r, AnswerCard) and r.id == answer for r in replies), said(replies)


async def test_an_amount_corrected_at_the_read_back_replaces_the_one_read(member: Member) -> None:
    await member.say("client wants a refund of the 150 escrow for milestone 3, i havent started it. fixed price")
    replies = await member.say("no the escrow is 500 not 150")
    assert "$500 at stake** instead of $150 at stake" in said(replies)
    assert (await facts(member))["amount_usd"] == 500


async def test_a_follow_up_on_released_money_is_not_offered_the_escrow_request_card(member: Member) -> None:
    await member.say("client released my $400 milestone 10 days ago and now asks for a full refund, he changed his "
                     "mind. i delivered everything")
    guidance(await member.say("yes"))
    replies = await member.say("what if mediation tells me to refund?")
    assert not any(isinstance(r, AnswerCard) and r.id == "escrow-refund-request" for r in replies), said(replies)


@pytest.mark.parametrize(("contract_type", "offered"), [("fixed", True), ("hourly", False), (None, True)])
def test_a_follow_up_is_offered_only_the_answers_written_for_its_contract_type(
        contract_type: str | None, offered: bool) -> None:
    knowledge = load_knowledge()
    facts = {"asker_role": "freelancer"} | ({"contract_type": contract_type} if contract_type else {})
    session = Session(key="k", policy_version=knowledge.version, facts=facts)
    card = answer_card(knowledge, "when is the payment released automatically after 14 days", session)
    assert (card is not None and card.id == "fourteen-day-auto-release") is offered


async def test_what_to_write_after_the_advice_gets_its_drafts(member: Member) -> None:
    await member.say(ESCROW_REFUND_OF_DELIVERED_WORK)
    advice = guidance(await member.say("yes"))
    assert advice.drafts
    replies = await member.say("what do i write to him?")
    assert any(getattr(r, "drafts", None) for r in replies)


async def test_a_no_followed_by_words_that_read_as_the_same_fact_is_still_a_correction(member: Member) -> None:
    await member.say("hourly contract, the client disputed my hours from last week, all tracked with the app")
    assert member.question is not None and "hourly" in member.question.prompt
    await member.say("no, hourly is what he wants to switch to")
    assert member.question is not None and member.question.prompt == "Which one should I change?"


async def test_not_knowing_which_fact_was_read_wrong_keeps_them_all(member: Member) -> None:
    await member.say("my freelancer did nothing and now i want my money back")
    await member.say("dunno")  # whether it was read right: which one, then
    assert member.question is not None and member.question.prompt == "Which one should I change?"
    read = await facts(member)
    replies = await member.say("idk")
    assert "keep them as I read them" in said(replies) and not any(
        isinstance(r, Text) and r.tone == "error" for r in replies)
    assert guidance(replies) and {k: v for k, v in (await facts(member)).items() if k in read} == read


async def test_changing_a_fact_the_message_only_implied_reads_what_rested_on_it_again(member: Member) -> None:
    # "can I get my money back?" is the escrow while "not released" is assumed; once released, the released money
    await member.say("I'm a client. I hired a designer for a fixed price brochure ($350), he delivered what I asked. "
                     "Our team went another direction. Can I get my money back somehow?")
    assert (await facts(member))["client_requested_refund_of"] == "escrow"
    await member.click("change:milestone_released")
    replies = await member.click("yes")
    assert "you want released money back" in said(replies)
    assert (await facts(member))["client_requested_refund_of"] == "released"
    advice = guidance(await member.click("yes"))
    assert "client_released_only_by_agreement" in [p.id for p in advice.all_points()]
