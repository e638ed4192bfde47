"""Deadlines from the member's own dates, on the shipped pack, with the clock fixed: the exact UTC date with
its arithmetic, a date that has passed, and a day said in the member's own words."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from bot.conversation.engine import Engine
from bot.messages import Guidance, Text
from bot.pack.loading import Knowledge, load_knowledge
from bot.reading.dates import counting_from, days_before
from bot.reading.phrases import reader_for
from bot.record.memory import MemoryStore
from tests.conftest import Member
from tests.conversation.test_shipped_advice import advice_for

THURSDAY = datetime(2026, 11, 26, 10, 0, tzinfo=UTC).timestamp()  # Thu 26 Nov 2026, 10:00 UTC
DAY = 86400.0


class Clock:
    def __init__(self, now: float = THURSDAY) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def shipped() -> Knowledge:
    return load_knowledge()


def member_at(shipped: Knowledge, clock: Clock) -> Member:
    return Member(Engine(shipped, MemoryStore(clock=clock), clock=clock))


def deadline(advice: Guidance, deadline_id: str) -> str:
    found = [d.text for d in advice.deadlines if d.id == deadline_id]
    assert found, f"no {deadline_id} in {advice.deadlines}"
    return found[0]


UNRELEASED = "fixed price, it was funded, he is silent. The client never released the milestone I submitted {}"


async def test_a_submission_date_in_the_members_words_gives_the_release_date(shipped: Knowledge) -> None:
    advice = await advice_for(member_at(shipped, Clock()), UNRELEASED.format("on 16 Nov"))
    assert advice.outcome == "unreleased_wait"
    assert ("You submitted on 16 Nov 2026: 16 Nov 2026 + 14 days = **30 Nov 2026** (UTC)."
            in deadline(advice, "auto_release"))
    assert "- You submitted on 16 Nov 2026" in advice.lead_markdown()  # shown right after the main action
    assert "about 4 days of the client's review window remain" in advice.full_text()  # 14 from durations.yaml


async def test_a_release_date_that_has_passed_says_so(shipped: Knowledge) -> None:
    advice = await advice_for(member_at(shipped, Clock()), UNRELEASED.format("20 days ago"))
    assert advice.outcome == "unreleased_overdue"
    assert deadline(advice, "auto_release").startswith(
        "That date has passed: you submitted on 6 Nov 2026, and 6 Nov 2026 + 14 days = 20 Nov 2026 (UTC), "
        "6 days ago.")


async def test_last_monday_counts_back_from_the_clock(shipped: Knowledge) -> None:
    advice = await advice_for(member_at(shipped, Clock()), UNRELEASED.format("last Monday"))
    assert "23 Nov 2026 + 14 days = **7 Dec 2026**" in deadline(advice, "auto_release")


@pytest.mark.parametrize("typed", ["on 2026-11-20", "20/11", "11/20"])
async def test_a_date_typed_as_the_answer_to_how_many_days(shipped: Knowledge, typed: str) -> None:
    member = member_at(shipped, Clock())
    await member.say(UNRELEASED.format("to him"))
    for _ in range(6):
        assert member.question is not None
        if member.question.prompt.startswith("How many days ago"):
            break
        await member.click("yes" if member.question.prompt.startswith("I understood") else "unknown")
    replies = await member.say(typed)
    advice = await advice_for_rest(member, replies)
    assert "20 Nov 2026 + 14 days = **4 Dec 2026**" in deadline(advice, "auto_release")


async def advice_for_rest(member: Member, replies: list) -> Guidance:
    for _ in range(6):
        found = [r for r in replies if isinstance(r, Guidance)]
        if found:
            return found[0]
        assert member.question is not None, replies
        replies = await member.click("yes" if member.question.prompt.startswith("I understood") else "unknown")
    raise AssertionError("no guidance")


async def test_days_said_yesterday_keep_their_date_the_next_day(shipped: Knowledge) -> None:
    clock = Clock()
    member = member_at(shipped, clock)
    replies = await member.say(UNRELEASED.format("10 days ago"))
    assert member.question is not None and member.question.prompt.startswith("I understood")
    clock.now += DAY  # the member confirms the next day: "10 days ago" still meant 16 Nov
    replies = await member.click("yes")
    advice = await advice_for_rest(member, replies)
    assert "You submitted on 16 Nov 2026: 16 Nov 2026 + 14 days = **30 Nov 2026**" in deadline(advice, "auto_release")


async def test_no_submission_day_asks_for_one_instead_of_a_date(shipped: Knowledge) -> None:
    member = member_at(shipped, Clock())
    advice = await advice_for(member, UNRELEASED.format("to him"))
    assert advice.outcome == "unreleased_wait"
    assert deadline(advice, "auto_release").startswith("Tell me the day you submitted")


async def test_the_day_an_escrow_refund_request_came_gives_the_last_day_to_answer(shipped: Knowledge) -> None:
    advice = await advice_for(member_at(shipped, Clock()), (
        "fixed price, the milestone was funded and I delivered all the work. The client asked for an escrow "
        "refund 3 days ago"))
    assert advice.outcome in ("escrow_dispute", "unreleased_dispute")
    assert ("The escrow refund request came on 23 Nov 2026: 23 Nov 2026 + 7 days = **30 Nov 2026** (UTC)."
            in deadline(advice, "answer_refund_request"))


async def test_the_day_a_dispute_was_opened_gives_the_clients_last_day(shipped: Knowledge) -> None:
    advice = await advice_for(member_at(shipped, Clock()), (
        "I opened a dispute on 12 Nov because the client refuses to release the funded fixed price milestone; "
        "I delivered all the work and I'm the freelancer"))
    assert advice.outcome == "dispute_stand_firm"
    assert deadline(advice, "client_answers_dispute").startswith(
        "That date has passed: the dispute was opened on 12 Nov 2026, and 12 Nov 2026 + 7 days = 19 Nov 2026 (UTC).")


@pytest.mark.parametrize(("told", "day"), [("it's been 3 days since he released", "23 Nov 2026"),
                                           ("he released it yesterday", "25 Nov 2026")])
async def test_the_day_a_payment_was_released_gives_the_day_it_reaches_the_balance(shipped: Knowledge, told: str,
                                                                                  day: str) -> None:
    advice = await advice_for(member_at(shipped, Clock()), (
        f"fixed price, I'm the freelancer. the client says he paid but i don't see the money in my account, {told}"))
    assert advice.outcome == "released_paid"
    due = {"23 Nov 2026": "28 Nov 2026", "25 Nov 2026": "30 Nov 2026"}[day]
    assert f"The payment was released on {day}: {day} + 5 days = **{due}** (UTC)" in deadline(advice,
                                                                                             "funds_available")


HOURS = "hourly contract, I tracked my hours with the desktop app and the client disputed my hours"


async def test_the_hourly_review_period_is_dated_from_the_clock(shipped: Knowledge) -> None:
    advice = await advice_for(member_at(shipped, Clock()), HOURS)
    assert advice.outcome == "hourly_disputed"
    assert deadline(advice, "hours_review_period") == (
        "For last week's hours (16 Nov 2026 to 22 Nov 2026), the client's review period runs from Mon 23 Nov 2026, "
        "12:00 UTC to **Fri 27 Nov 2026, 23:59 UTC**: they can dispute those hours only until then.")
    saturday = await advice_for(member_at(shipped, Clock(THURSDAY + 2 * DAY)), HOURS)
    assert deadline(saturday, "hours_review_period").startswith(
        "The review period for last week's hours (16 Nov 2026 to 22 Nov 2026) closed on Fri 27 Nov 2026, 23:59 UTC "
        "(today is Sat 28 Nov 2026)")  # the day it counts from, for a member who thinks it is another


async def test_this_weeks_hours_are_dated_to_next_weeks_review_and_older_hours_are_past_it(shipped: Knowledge) -> None:
    this_week = await advice_for(member_at(shipped, Clock()),
                                 "hourly job, i logged 30 hours this week with the tracker, the client says he will "
                                 "dispute them")
    assert deadline(this_week, "hours_review_this_week") == (
        "For this week's hours (23 Nov 2026 to 29 Nov 2026), the client's review period runs from Mon 30 Nov 2026, "
        "12:00 UTC to **Fri 4 Dec 2026, 23:59 UTC**: they can dispute those hours only then, after the week is billed.")
    assert not any(d.id == "hours_review_period" for d in this_week.deadlines)
    older = await advice_for(member_at(shipped, Clock()),
                             "client on hourly contract asked me to refund last month hours, tracked with the app")
    assert older.outcome == "hourly_past_review" and older.verdict == "hourly_dispute_window"
    assert not older.deadlines and not older.drafts


@pytest.mark.parametrize(("said", "back"), [
    ("3 nov", 23), ("on 3 nov", 23), ("nov 3rd", 23), ("the 3rd of november", 23), ("november 3, 2026", 23),
    ("2026-11-03", 23), ("last monday", 3), ("thursday", 7), ("3 dec", 358), ("last week", 7),
    ("20/11", 6), ("on 20/11", 6), ("11/20", 6), ("15/11/26", 11), ("since 20/11", 6), ("1/1", 329),
    ("the 20th", 6), ("i submitted it on the 3rd", 23), ("the 30th", 27),
    ("tuesday last week", 9), ("last week on friday", 6), ("monday of last week", 10), ("sunday last week", 4),
])
def test_named_days_count_back_from_the_day_read_on(said: str, back: int) -> None:
    with counting_from(date(2026, 11, 26)):
        assert days_before(said) == back


def test_without_a_day_to_count_from_no_date_is_read_and_a_future_day_is_refused() -> None:
    assert days_before("3 nov") is None
    with counting_from(date(2026, 11, 26)):
        assert days_before("2026-12-03") is None
        assert days_before("31 feb") is None
        assert days_before("11/3") is None  # 11 March or 3 November: no one day


def test_every_dispute_and_support_outcome_carries_an_evidence_list(shipped: Knowledge) -> None:
    wanting = {o.id for t in shipped.trees.values() for o in t.outcomes if o.verdict in ("file_dispute",
                                                                                          "contact_support")}
    without = sorted(o for o in wanting if not (shipped.extras.get(o) and shipped.extras[o].evidence))
    assert not without, f"dispute and support outcomes without evidence: {without}"


async def test_the_evidence_list_comes_with_the_guidance_and_is_kept(shipped: Knowledge) -> None:
    member = member_at(shipped, Clock())
    advice = await advice_for(member, UNRELEASED.format("20 days ago"))
    assert advice.evidence_heading == "What to gather"
    assert advice.evidence[0].startswith("The date you submitted the work through the contract")
    again = await member.say("checklist")
    assert again[0].markdown.startswith("**What to gather**\n- The date you submitted")  # type: ignore[union-attr]


async def test_a_draft_is_filled_with_the_conversations_dates(shipped: Knowledge) -> None:
    advice = await advice_for(member_at(shipped, Clock()), UNRELEASED.format("20 days ago"))
    draft = next(d for d in advice.drafts if d.id == "overdue_to_support")
    assert draft.to == "support"
    assert ("through the contract on 6 Nov 2026.\n14 days later, on 20 Nov 2026 (UTC), it should have been released "
            "automatically, but it has not been") in draft.text


@pytest.mark.parametrize(("opening", "deadline_id"), [
    (UNRELEASED.format("to him"), "auto_release"),
    ("I'm the client; the freelancer submitted the funded fixed price milestone and I haven't reviewed it",
     "client_review_ends"),
    ("the client ended the contract and requested the escrow back, I delivered all the work, fixed price",
     "answer_refund_request"),
])
async def test_the_day_asked_for_in_the_bots_own_words_gives_the_date(shipped: Knowledge, opening: str,
                                                                       deadline_id: str) -> None:
    """Each example the advice gives of how to tell it the day ("the request came on 3 Nov") works."""
    asked = deadline(await advice_for(member_at(shipped, Clock()), opening), deadline_id)
    examples = re.findall(r'"([^"]+)"', asked)
    assert asked.startswith("Tell me the day") and len(examples) == 2
    for example in examples:
        member = member_at(shipped, Clock())
        await advice_for(member, opening)
        replies = await member.say(example)
        dated = [r.markdown for r in replies if isinstance(r, Text) and " days = " in r.markdown]
        redone = [r for r in replies if isinstance(r, Guidance)]  # a day that changes the advice: advice anew
        assert dated or redone, (example, [getattr(r, "markdown", r) for r in replies])


async def test_a_client_whose_escrow_refund_request_went_unanswered_is_told_where_the_money_is(
        shipped: Knowledge) -> None:
    advice = await advice_for(member_at(shipped, Clock()), (
        "hello, i end contract with freelancer and request refund of escrow 500 usd, it was 8 days ago. freelancer "
        "not respond anything. where is my money? i not see it on my card"))
    assert advice.outcome == "client_refund_due" and advice.verdict == "client_request_refund"
    assert "refunded to you automatically" in advice.body and "(8 days ago)" in advice.full_text()


@pytest.mark.parametrize("asked", ["how many days do i have left?", "so what is my deadline exactly?",
                                   "am i too late?", "by when?"])
async def test_how_many_days_left_after_the_advice_is_answered_with_its_dates(shipped: Knowledge, asked: str) -> None:
    member = member_at(shipped, Clock())
    await advice_for(member, UNRELEASED.format("on 16 Nov"))
    replies = await member.say(asked)
    assert [r.markdown for r in replies if isinstance(r, Text)] == [
        "- You submitted on 16 Nov 2026: 16 Nov 2026 + 14 days = **30 Nov 2026** (UTC). If the client does "
        "nothing, the payment is released to you automatically that day, unless they release it or ask for "
        "changes first."]


async def test_a_refund_larger_than_the_balance_gathers_the_withdrawals_not_a_reversal_notice(
        shipped: Knowledge) -> None:
    advice = await advice_for(member_at(shipped, Clock()),
                              "the client asked a $900 refund but I already withdrew it, my balance is $40")
    assert advice.verdict == "contact_support"
    assert any(item.startswith("The refund asked for, and your withdrawals") for item in advice.evidence)
    assert not any("reversal, chargeback" in item for item in advice.evidence)


@pytest.mark.parametrize("told", [
    "I submitted it through upwork on 16 Nov",
    "I submitted everything on the platform on 16 November, so 10 days already",
    "submitted the milestone, it's been 10 days now",
    "I first submitted it a month ago, he asked for changes and I resubmitted on 16 Nov",  # the later one counts
])
async def test_a_submission_day_told_with_where_or_counted_after_it_is_read(shipped: Knowledge, told: str) -> None:
    advice = await advice_for(member_at(shipped, Clock()),
                              f"fixed price, funded, the client is silent and never released the milestone. {told}")
    assert "16 Nov 2026 + 14 days = **30 Nov 2026**" in deadline(advice, "auto_release")


@pytest.mark.parametrize(("told", "fact", "back"), [
    ("he ended the contract and 5 days ago sent an escrow refund request", "days_since_refund_request", 5),
    ("2 days ago he sent an escrow refund request for the whole $900", "days_since_refund_request", 2),
    ("today he sent a refund request for the escrow", "days_since_refund_request", 0),
    ("I chose not to pay the $400. That sent her the escrow refund request. That was 8 days ago",
     "days_since_refund_request", 8),
    ("I submitted the final milestone since the 3rd and today is the 28th, still in review", "days_since_submission",
     23),
    ("submitted my milestone on the 20th, nothing since", "days_since_submission", 6),
    ("i submitted it today", "days_since_submission", 0),
    ("Today they ended the contract and sent an escrow refund request for the full $1,400", "days_since_refund_request",
     0),
    ("Yesterday he ended the contract, and now there's an escrow refund request for all $300",
     "days_since_refund_request", 1),
    ("I submitted the milestone on Tuesday last week and no answer since", "days_since_submission", 9),
    # the days the member counts stand over the weekday they name
    ("submitted on monday, it's been 4 days, client silent", "days_since_submission", 4),
])
def test_the_day_told_of_a_refund_request_or_a_submission_is_read(shipped: Knowledge, told: str, fact: str,
                                                                  back: int) -> None:
    reader = reader_for(shipped)
    assert reader is not None
    with counting_from(date(2026, 11, 26)):
        assert reader.read(told).facts.get(fact) == back


async def test_a_dispute_of_hours_gets_the_day_to_answer_it_by(shipped: Knowledge) -> None:
    advice = await advice_for(member_at(shipped, Clock()),
                              "Got an email on tuesday: my client disputed 9 of my hours from last week, hourly "
                              "contract, all tracked with the app. how long do i have to respond?")
    assert deadline(advice, "answer_hours_dispute").startswith(
        "The client disputed the hours on 24 Nov 2026: 24 Nov 2026 + 3 days = **27 Nov 2026** (UTC).")


async def test_a_dispute_the_client_left_unanswered_past_its_7_days_goes_to_support(shipped: Knowledge) -> None:
    advice = await advice_for(member_at(shipped, Clock()),
                              "I opened a dispute on a $420 fixed price milestone after the client closed the contract "
                              "and asked for the escrow back, work submitted. The dispute page said he had 7 days to "
                              "respond, he never did. That was 12 days ago and nothing was released to me.")
    assert advice.outcome == "dispute_unanswered" and advice.verdict == "contact_support"
    assert deadline(advice, "client_answers_dispute").startswith(
        "That date has passed: the dispute was opened on 14 Nov")


@pytest.mark.parametrize("asked", ["and if he doesnt answer the dispute?", "and my JSS?"])
async def test_a_question_after_the_advice_is_no_day_for_the_deadline_it_asked_for(shipped: Knowledge,
                                                                                   asked: str) -> None:
    member = member_at(shipped, Clock())
    advice = await advice_for(member, "Client closed the contract and sent me an escrow refund request for the whole "
                                      "$1,200. I delivered all 3 chapters. what do i do")
    assert deadline(advice, "answer_refund_request").startswith("Tell me the day the escrow refund request came")
    replies = await member.say(asked)
    assert not any("refund request came" in r.markdown for r in replies if isinstance(r, Text))


def test_the_week_of_the_hours_disputed_is_not_the_day_the_dispute_was_opened(shipped: Knowledge) -> None:
    reader = reader_for(shipped)
    assert reader is not None
    with counting_from(date(2026, 11, 26)):
        facts = reader.read("Client opened a dispute on 14 hours from last week on my hourly contract").facts
    assert facts.get("hours_week") == "last_week" and "days_since_dispute_opened" not in facts
