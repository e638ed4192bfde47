"""The reading every typed reply must get, table-driven, on the shipped pack's yes/no, choice and number
questions: the issue's quoted replies, replies from the eval cases and the real-threads corpus, and their
everyday variants (negation, hedges, near-misses, qualifiers)."""

from __future__ import annotations

import pytest

from bot.conversation.answering import stated_in
from bot.messages import UNKNOWN
from bot.pack.loading import Knowledge, load_knowledge
from bot.reading.typed import Parsed, read_reply
from bot.reading.words import reply_words_for

ASK = "ask"  # asked back: which of two choices, or whether to take a hedged answer
ERR = "not read"  # not an answer: the member is told so and the question asked again
NEITHER = "neither"  # neither yes nor no (a promise of what may happen): the yes/no question is asked again
ASKED = "asked"  # a question of the member's own: no answer, whatever words it holds
Y, N, U = True, False, UNKNOWN

YES_NO = {  # reply → reading, for "Did you submit the work…?" and the like
    "work_submitted": [
        ("yes", Y), ("Yes.", Y), ("yess", Y), ("yesss", Y), ("YES!", Y), ("y", Y), ("yeah", Y), ("yep", Y),
        ("yup", Y), ("Yep, he did", Y), ("yes I did", Y), ("i did", Y), ("I did submit it", Y),
        ("i submitted it", Y), ("submitted", Y), ("yes, I submitted it", Y), ("of course", Y), ("sure", Y),
        ("correct", Y), ("that's right", Y), ("absolutely", Y), ("definitely", Y), ("ok", Y), ("1", Y),
        ("no", N), ("No.", N), ("noo", N), ("n", N), ("nope", N), ("nah", N), ("i did not", N),
        ("I didn't", N), ("i didnt", N), ("no i didn't", N), ("no, I didn't", N), ("not yet", N), ("never", N),
        ("not", N), ("i haven't", N), ("I have not", N), ("i havent yet", N), ("no I haven't submitted", N),
        ("i did not submit it", N), ("haven't submitted yet", N), ("2", N), ("nope, not yet", N),
        ("no not yet", N), ("nope not yet", N), ("no not really", N),
        ("i just send the zip in chat, i didnt press anything", N),
        ("I sent the first version thru upwork, he asked changes, the fixed one is not sent yet", N),
        ("no clue", U), ("dunno", U), ("i dunno", U), ("no idea", U), ("not sure", U), ("I'm not sure", U),
        ("idk", U), ("don't know", U), ("I don't know", U), ("can't remember", U), ("don't remember", U),
        ("I think so", ASK), ("probably", ASK), ("probably not", ASK), ("maybe", ASK), ("i think i did", ASK),
        ("I guess not", ASK), ("yes he didn't", ASK),
        ("not yet, still working on it", N), ("most of it", N), ("nearly finished", N),
    ],
    "milestone_released": [
        ("he did not", N), ("it was not", N), ("he didn't", N), ("he didnt", N), ("it wasnt", N),
        ("he hasn't", N), ("he has not released it", N), ("not released", N), ("he didnt pay", N),
        ("no he never paid", N), ("they didn't", N), ("the client did not", N), ("it is not", N),
        ("he did", Y), ("it was", Y), ("he has", Y), ("yes it was", Y), ("client paid me", Y),
        ("he paid me", Y), ("he released it", Y), ("the client released it", Y), ("paid", Y),
        ("he aproved milestone", Y), ("he approved the milestone", Y), ("he relased it", Y), ("it was paid", Y),
        ("yes he released it", Y), ("i got paid", Y), ("no clue", U), ("not sure tbh", U), ("no idea", U),
        ("who knows", U), ("hard to say", U),
    ],
    "milestone_funded": [
        ("yes it was funded", Y), ("it was", Y), ("it is", Y), ("he funded it", Y), ("funded", Y),
        ("it was not", N), ("it wasn't", N), ("not funded", N), ("he never funded it", N), ("he didn't fund it", N),
        ("nope", N), ("no idea", U), ("probably", ASK),
        # a promise is not what happened; a contradiction is asked back
        ("he will fund it tomorrow", N), ("he said he would fund it", N), ("she says she will", NEITHER),
        ("he would if I start first", NEITHER), ("he could, but he hasn't", N), ("he won't", N),
        ("yes he never funded it", ASK), ("I don't think so", ASK), ("i doubt it", ASK),
        # the other party never said: not known; a question, a story or puzzlement is no answer
        ("he didnt say", U), ("he never said", U), ("she didn't tell me", U),
        ("what does funded mean", ASKED), ("what happens if it wasnt?", ASKED),
        ("what if he doesnt reply at all?", ASKED), ("does it matter? he just doesnt pay", ASKED),
        ("my cat is sick and i am tired", NEITHER), ("he is busy with his wedding", NEITHER),
        ("it is what it is", NEITHER),
    ],
}

CHOICES = {
    "work_done": [
        ("not done yet", ASK), ("not finished", ASK), ("not finished yet", ASK), ("not complete", ASK),
        ("I have not done anything", "none"), ("i haven't done anything", "none"), ("almost done", "partial"),
        ("nearly finished", "partial"), ("mostly done", "partial"), ("I only did the first draft", "partial"),
        ("half", "partial"), ("about half", "partial"), ("part of it", "partial"), ("some", "partial"),
        ("partly", "partial"), ("done", "complete"), ("all of it", "complete"), ("all", "complete"),
        ("finished", "complete"), ("everything", "complete"), ("i did everything", "complete"),
        ("i finished it", "complete"), ("completed", "complete"), ("complete", "complete"),
        ("nothing", "none"), ("nothing yet", "none"), ("none", "none"), ("none yet", "none"),
        ("all of it except the tests", "partial"), ("everything except the final logo", "partial"),
        ("done except the last page", "partial"), ("all but the last page", "partial"),
        ("not yet", "none"), ("he did not", "none"), ("nope", "none"), ("barely anything", "partial"),
        ("95%", "partial"), ("100%", "complete"),
        ("not started", "none"), ("i haven't started", "none"), ("zero", "none"), ("1", "none"), ("2", "partial"),
        ("3", "complete"), ("dunno", U), ("no clue", U), ("not sure", U), ("probably all of it", ASK),
        ("its just a general question, no contract", U),
        ("i think half", ASK), ("all of it or part", ASK), ("finishd", "complete"), ("everthing", "complete"),
    ],
    "contract_ended_by": [
        ("i didnt end it", ASK), ("I didn't end it", ASK), ("i did not end it", ASK), ("he ended it", "client"),
        ("no he didnt end it, it's still open", "nobody"),
        ("the client ended it", "client"), ("client", "client"), ("the client", "client"),
        ("he closed the contract", "client"), ("they closed it", "client"), ("i ended it", "freelancer"),
        ("I closed it", "freelancer"), ("i did", "freelancer"), ("me, i ended it", "freelancer"),
        ("myself", "freelancer"), ("still open", "nobody"), ("it is still open", "nobody"), ("open", "nobody"),
        ("nobody", "nobody"), ("no one", "nobody"), ("not ended", "nobody"), ("it's still active", "nobody"),
        ("the client didn't end it", ASK), ("he didn't", ERR), ("i", ERR), ("me", ERR), ("him", ERR),
        ("no idea", U), ("not sure", U), ("i think he ended it", ASK),
    ],
    "contract_type": [
        ("there was no contract, it was just a test they asked for in chat", U), ("no contract", U),
        ("hourly", "hourly"), ("Hourly.", "hourly"), ("hourly contract", "hourly"), ("per hour", "hourly"),
        ("hourlly", "hourly"), ("fixed", "fixed"), ("fixed price", "fixed"), ("Fixed-price", "fixed"),
        ("milestones", "fixed"), ("it was a fixed price one", "fixed"), ("catalog", "catalog"),
        ("its a catalog project", "catalog"), ("project catalog", "catalog"), ("not hourly", ASK),
        ("hourly or fixed", ASK), ("probably hourly", ASK), ("no idea", U), ("2", "hourly"), ("1", "fixed"),
        ("it is not fixed price, it is hourly", "hourly"), ("not fixed, hourly", "hourly"),
    ],
    "client_requested_refund_of": [
        ("the money still in escrow", "escrow"), ("escrow", "escrow"), ("escrow refund", "escrow"),
        ("money already released to me", "released"), ("released money", "released"), ("already paid", "released"),
        ("billed hours", "hourly_payment"), ("hours", "hourly_payment"), ("nothing", "none"),
        ("no refund", "none"), ("not the escrow", ASK), ("no clue", U),
    ],
    "asker_role": [
        ("freelancer", "freelancer"), ("im the freelancer", "freelancer"), ("client obviously", "client"),
        ("the client, I paid for it", "client"), ("the client, i hired him", "client"), ("I hired him", "client"),
        ("the one paying", "client"), ("both lol", ERR),
    ],
}

NUMBERS = [  # "How many days ago did you submit the work?": the value and, for a range, its bounds
    ("10", 10, 10, 10), ("about 10 days", 10, 10, 10), ("around a week", 7, 7, 7), ("roughly 3 days", 3, 3, 3),
    ("15+", 15, 15, None), ("14+ days", 14, 14, None), ("more than 14 days", 15, 15, None),
    ("over 2 weeks", 15, 15, None), ("over two weeks ago", 15, 15, None), ("at least 15 days", 15, 15, None),
    ("less than 10 days", 9, 0, 9), ("under a week", 6, 0, 6), ("less than 20 days", 19, 0, 19),
    ("two weeks", 14, 14, 14), ("two weeks ago", 14, 14, 14), ("a fortnight", 14, 14, 14), ("3 days", 3, 3, 3),
    ("yesterday", 1, 1, 1), ("today", 0, 0, 0), ("a month ago", 30, 30, 30), ("ten", 10, 10, 10),
    ("10 days ago", 10, 10, 10), ("like 3 days", 3, 3, 3), ("almost two weeks", 13, 13, 13),
    ("nearly 2 weeks", 13, 13, 13), ("a few days", 3, 3, 3), ("a couple of days", 2, 2, 2),
    ("5 days", 5, 5, 5), ("20", 20, 20, 20), ("twenty days", 20, 20, 20), ("about 3 weeks", 21, 21, 21),
    ("a week and a half", 10, 10, 10), ("13 or 14 days", 13, 13, 14), ("about 14 or 15", 14, 14, 15),
    ("15ish", 15, 15, 15), ("10-ish days", 10, 10, 10),
]
NUMBER_REPLIES = [("no clue", U), ("dunno", U), ("not sure", U), ("soon-ish", None), ("a while", None),
                  ("probably 10", ASK), ("i think 15", ASK), ("1000000", "ten years"), ("99999 days", "ten years"),
                  ("11/3", "two days"), ("since 11/3", "two days")]


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge()


def read(knowledge: Knowledge, fact_id: str, reply: str) -> Parsed:
    fact = knowledge.facts[fact_id]
    options = ([("yes", "Yes"), ("no", "No")] if fact.type == "yes_no" else
               [(c.id, c.label) for c in fact.choices])
    return read_reply(fact, options, reply, reply_words_for(knowledge), stated_in(knowledge))


def check(parsed: Parsed, expected: object) -> None:
    if expected == ASK:
        assert parsed.value is None and parsed.error and ("?" in parsed.error), parsed
    elif expected == NEITHER:
        assert parsed.value is None and "yes or a no" in (parsed.error or ""), parsed
    elif expected == ASKED:
        assert parsed.value is None and "is a question, not an answer" in (parsed.error or ""), parsed
    elif expected == ERR:
        assert parsed.value is None and "isn't one of the choices" in (parsed.error or ""), parsed
    else:
        assert parsed.error is None and parsed.value == expected and type(parsed.value) is type(expected), parsed


CASES = [(f, r, e) for table in (YES_NO, CHOICES) for f, rows in table.items() for r, e in rows]


def test_the_table_holds_at_least_200_replies() -> None:
    assert len(CASES) + len(NUMBERS) + len(NUMBER_REPLIES) >= 200


@pytest.mark.parametrize(("fact", "reply", "expected"), CASES, ids=[f"{f}:{r}" for f, r, _ in CASES])
def test_yes_no_and_choice_replies(knowledge: Knowledge, fact: str, reply: str, expected: object) -> None:
    check(read(knowledge, fact, reply), expected)


@pytest.mark.parametrize(("reply", "value", "low", "high"), NUMBERS, ids=[r for r, *_ in NUMBERS])
def test_number_replies(knowledge: Knowledge, reply: str, value: int, low: int | None, high: int | None) -> None:
    parsed = read(knowledge, "days_since_submission", reply)
    assert (parsed.error, parsed.value, parsed.low, parsed.high) == (None, value, low, high)


@pytest.mark.parametrize(("reply", "expected"), NUMBER_REPLIES, ids=[r for r, _ in NUMBER_REPLIES])
def test_number_replies_that_are_not_numbers(knowledge: Knowledge, reply: str, expected: object) -> None:
    parsed = read(knowledge, "days_since_submission", reply)
    if expected is None:
        assert parsed.value is None and "whole number" in (parsed.error or "")
    elif expected == "two days":  # 11 March or 3 November: never read as 11 days
        assert parsed.value is None and "could be two different days" in (parsed.error or "")
    elif expected == "ten years":  # no date that far back: asked again, saying why
        assert parsed.value is None and "more than ten years back" in (parsed.error or "")
    else:
        check(parsed, expected)


def test_a_reply_that_could_mean_two_choices_names_both(knowledge: Knowledge) -> None:
    assert read(knowledge, "work_done", "not done yet").error == (
        "“not done yet”: so is it **None yet** or **Part of it**?")
    assert read(knowledge, "contract_ended_by", "i didnt end it").error == (
        "“i didnt end it”: so is it **The client ended it** or **It is still open**?")
    assert read(knowledge, "contract_type", "hourly or fixed").error == (
        "“hourly or fixed” could mean **Fixed-price (milestones)** or **Hourly**. Which one?")


def test_a_hedged_answer_is_asked_back_naming_the_reading(knowledge: Knowledge) -> None:
    assert read(knowledge, "work_submitted", "probably not").error == (
        "“probably not”: shall I take that as **No**? Say **yes** to confirm it, or say **I don't know** if "
        "you're not sure.")
    assert read(knowledge, "work_submitted", "probably not").proposed is False
    assert read(knowledge, "work_submitted", "i dont think so").proposed is False


@pytest.mark.parametrize(("said", "proposed"), [("i dont think i did", False), ("i don't think he did", False),
                                                ("i doubt he did", False), ("i think he did", True),
                                                ("i dont think he didn't", True)])
def test_a_doubt_turns_the_answer_it_hedges(knowledge: Knowledge, said: str, proposed: bool) -> None:
    assert read(knowledge, "milestone_funded", said).proposed is proposed


def test_no_choice_synonym_is_a_single_pronoun(knowledge: Knowledge) -> None:
    pronouns = {"i", "me", "him", "her", "they", "them", "he", "she", "it", "we", "us", "you"}
    for fact in knowledge.facts.values():
        for choice in fact.choices:
            assert not pronouns & {s.lower() for s in choice.synonyms}, (fact.id, choice.id)


def test_none_of_the_choices_is_the_none_choice_or_not_knowing(knowledge: Knowledge) -> None:
    assert read(knowledge, "client_requested_refund_of", "none of those").value == "none"
    assert read(knowledge, "support_issue", "none of those").value == "none"
    assert read(knowledge, "contract_type", "none of those").value == UNKNOWN  # no "none" among its choices
    assert read(knowledge, "contract_type", "neither").value == UNKNOWN


@pytest.mark.parametrize(("said", "proposed"), [("idk maybe 10 days", 10), ("not sure, about 2 weeks", 14),
                                                ("dunno, like 5", 5)])
def test_a_guess_after_i_dont_know_keeps_its_number_and_is_asked_back(knowledge: Knowledge, said: str,
                                                                      proposed: int) -> None:
    reply = read(knowledge, "days_since_submission", said)
    assert reply.proposed == proposed and reply.value is None and "shall I take that as" in (reply.error or "")


def test_i_dont_know_with_no_number_stays_i_dont_know(knowledge: Knowledge) -> None:
    assert read(knowledge, "days_since_submission", "idk, it was a while ago").value == "unknown"
    assert read(knowledge, "milestone_funded", "not sure 2 i think").value == "unknown"  # a yes/no keeps it
