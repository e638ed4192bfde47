"""Typed answers: numbers, durations, money, yes/no and choices, with specific errors for the rest."""

from __future__ import annotations

from typing import Literal

import pytest

from bot.pack.loading import load_knowledge
from bot.pack.model import Fact
from bot.reading.typed import Parsed, Stated, control_word, read_reply
from bot.reading.words import ReplyWords, reply_words_for


# One kind of answer at a time, as the engine asks them (read_reply reads every kind).
def parse_yes_no(text: str, words: ReplyWords | None = None) -> Parsed:
    return read_reply(Fact(id="yes_no", type="yes_no", label="", question=""), [("yes", "Yes"), ("no", "No")],
                      text, words)


def parse_number(text: str, unit: Literal["days"] | None, words: ReplyWords | None = None) -> Parsed:
    return read_reply(Fact(id="number", type="number", label="", question="", unit=unit), [], text, words)


def parse_money(text: str, words: ReplyWords | None = None) -> Parsed:
    return read_reply(Fact(id="money", type="money", label="", question=""), [], text, words)


def match_choice(fact: Fact | None, options: list[tuple[str, str]], text: str,
                 words: ReplyWords | None = None, stated: Stated | None = None) -> Parsed:
    return read_reply(fact if fact and fact.type == "choice" else None, options, text, words, stated)

OPTIONS = [("fixed", "Fixed-price"), ("hourly", "Hourly"), ("catalog", "Catalog project")]


@pytest.fixture(scope="module")
def words() -> ReplyWords:
    return reply_words_for(load_knowledge())


@pytest.mark.parametrize(("said", "days"), [("10", 10), ("two weeks ago", 14), ("a fortnight", 14), ("3 days", 3),
                                            ("yesterday", 1), ("a month ago", 30), ("ten", 10),
                                            # short units are units, not a bare count of days
                                            ("3 wks ago", 21), ("2wks", 14), ("two wks", 14), ("3 mos ago", 90),
                                            ("1 yr", 365), ("5 hrs", 0)])
def test_durations_in_days(said: str, days: int) -> None:
    assert parse_number(said, "days").value == days


def test_a_word_where_a_number_is_asked_is_refused_specifically() -> None:
    parsed = parse_number("soon-ish", "days")
    assert parsed.value is None and parsed.error == (
        "Please answer with a whole number, for example 10; “soon-ish” is not one.")


@pytest.mark.parametrize(("said", "amount"), [("250", 250.0), ("$1,200.50", 1200.5), ("1.5k", 1500.0), ("lots", None),
                                              ("2k", 2000.0), ("300 USD", 300.0), ("400 bucks", 400.0),
                                              ("it's $400", 400.0), ("like", None), ("400 days", None)])
def test_money(said: str, amount: float | None) -> None:
    parsed = parse_money(said)
    assert parsed.value == amount
    if amount is None:
        assert "Please give an amount in dollars" in (parsed.error or "")


@pytest.mark.parametrize(("said", "amount"), [("like 400 bucks", 400.0), ("it's about $400", 400.0),
                                              ("almost $1,000", 1000.0), ("like", None)])
def test_money_after_the_packs_qualifiers(words: ReplyWords, said: str, amount: float | None) -> None:
    assert parse_money(said, words).value == amount


@pytest.mark.parametrize(("said", "value"), [("yes", True), ("Yep, he did", True), ("nope", False),
                                             ("he didn't", False), ("not yet", False)])
def test_yes_no(said: str, value: bool, words: ReplyWords) -> None:
    assert parse_yes_no(said, words).value is value


def test_without_replies_yaml_the_plain_yes_and_no_still_read() -> None:
    assert parse_yes_no("yes").value is True and parse_yes_no("n").value is False


def test_choices_by_number_label_id_and_contained_words(words: ReplyWords) -> None:
    assert match_choice(None, OPTIONS, "2").value == "hourly"
    assert match_choice(None, OPTIONS, "  FIXED-PRICE ").value == "fixed"
    assert match_choice(None, OPTIONS, "it was a catalog project", words).value == "catalog"
    assert match_choice(None, OPTIONS, "7").error == "There is no choice 7: answer with a number from 1 to 3."
    assert match_choice(None, OPTIONS, "hourly or fixed-price").error == (
        "“hourly or fixed-price” could mean **Fixed-price** or **Hourly**. Which one?")


def test_a_choice_copied_with_its_number_is_that_choice() -> None:
    changes = [("yes", "Yes"), ("change:contract_type", "Change: hourly"),
               ("change:client_requested_refund_of", "Change: the client wants billed hours back")]
    assert match_choice(None, changes, "3. Change: the client wants billed hours back").value == \
        "change:client_requested_refund_of"
    assert match_choice(None, OPTIONS, "2) Hourly").value == "hourly"
    assert match_choice(None, OPTIONS, "2 Fixed-price").value != "hourly"  # a number beside another's words


@pytest.mark.parametrize(("said", "command"), [("Back", "back"), ("start over", "restart"), ("?", "help"),
                                               ("I don’t know", "unknown"), ("idk", "unknown"), ("yes", None)])
def test_control_words(said: str, command: str | None) -> None:
    assert control_word(said) == command
