"""Limits, personal data and echoed member text: refused input changes nothing stored."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from bot.conversation.engine import Engine
from bot.messages import Question, Text
from bot.pack.loading import Knowledge
from bot.record.audit import AuditLog
from bot.record.memory import MemoryStore
from bot.safety.limits import Limits, RateLimiter
from bot.safety.redact import redact
from bot.safety.sanitize import member_text
from tests.conftest import Member, last

SEED_000 = (
    "Contract ID 21405998, the client is asking for a refund and I'm about to pay him back. He approved the "
    "web layout design and released the first milestone himself, I never pushed him."
)


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def make_engine(knowledge: Knowledge, tmp_path: Path, clock: Clock, **limits: float) -> Engine:
    return Engine(knowledge, MemoryStore(ttl_seconds=10**9, clock=clock), AuditLog(tmp_path / "a.sqlite3"),
                  clock=clock, limits=Limits(**limits))


async def test_an_over_long_message_is_refused_and_nothing_stored(fixture_knowledge, tmp_path) -> None:
    engine = make_engine(fixture_knowledge, tmp_path, Clock(), max_message_chars=100)
    member = Member(engine)
    await member.say("hi")
    before = await engine.store.load(member.key.as_string())
    replies = await member.say("x" * 101)
    assert replies[0] == Text(markdown="Your message is 101 characters long; I can read at most 100. "
                                       "Please send a shorter one.", tone="error")
    assert [type(r) for r in replies[1:]] == [Question]  # the question waiting, asked again
    after = await engine.store.load(member.key.as_string())
    assert before is not None and after is not None
    assert (after.facts, after.tree, after.pending, after.turns) == (before.facts, before.tree, before.pending,
                                                                     before.turns)


async def test_rate_limit_says_slow_down_and_processes_nothing(fixture_knowledge, tmp_path) -> None:
    clock = Clock()
    engine = make_engine(fixture_knowledge, tmp_path, clock, rate_limit_messages=3, rate_limit_seconds=10)
    member = Member(engine)
    await member.say("hi")
    await member.click("refund")
    await member.click("fixed")
    stored = await engine.store.load(member.key.as_string())
    replies = await member.click("yes")
    assert len(replies) == 1 and replies[0].tone == "error" and "Slow down" in replies[0].markdown
    assert await engine.store.load(member.key.as_string()) == stored
    other = Member(engine, user="someone-else")
    assert isinstance(last(await other.say("hi")), Question), "the limit is per member"
    clock.now += 11
    replies = await member.click("yes", token=stored.pending.token if stored and stored.pending else None)
    assert replies[-1].kind == "guidance"


async def test_over_the_limit_a_member_is_warned_once_then_nothing_is_said(fixture_knowledge, tmp_path) -> None:
    clock = Clock()
    engine = make_engine(fixture_knowledge, tmp_path, clock, rate_limit_messages=3, rate_limit_seconds=10)
    member = Member(engine)
    for _ in range(3):
        await member.say("hi")
    refused = [await member.say("hi") for _ in range(57)]
    assert "Slow down" in refused[0][0].markdown
    assert refused[1:] == [[]] * 56, "one warning per stretch over the limit, then silence"
    clock.now += 11
    assert await member.say("hi") != []
    await member.say("hi")
    await member.say("hi")
    assert "Slow down" in (await member.say("hi"))[0].markdown, "over the limit again: warned again"


def test_rate_limiter_window_slides() -> None:
    clock = Clock()
    limiter = RateLimiter(2, 10, clock)
    assert limiter.allow("a") and limiter.allow("a") and not limiter.allow("a")
    assert limiter.retry_after("a") == pytest.approx(10)
    clock.now += 10.5
    assert limiter.allow("a")


async def test_a_conversation_over_its_turn_limit_starts_afresh(fixture_knowledge, tmp_path) -> None:
    engine = make_engine(fixture_knowledge, tmp_path, Clock(), max_turns=3)
    member = Member(engine)
    await member.say("hi")
    await member.say("nonsense")
    await member.say("more nonsense")
    replies = await member.say("refund")
    assert isinstance(replies[0], Text) and "gone on too long" in replies[0].markdown
    session = await engine.store.load(member.key.as_string())
    assert session is not None and session.turns == 1


async def test_a_conversation_older_than_the_limit_starts_afresh(fixture_knowledge, tmp_path) -> None:
    clock = Clock()
    engine = make_engine(fixture_knowledge, tmp_path, clock, max_conversation_age_seconds=3600)
    member = Member(engine)
    await member.say("hi")
    await member.click("refund")
    clock.now += 3601
    replies = await member.click("fixed")
    assert "gone on too long" in replies[0].markdown
    question = last(replies)
    assert isinstance(question, Question)
    assert [c.id for c in question.choices] == ["refund", "waiting", "something_else"]


async def test_personal_data_is_redacted_before_storage_with_one_reminder(fixture_knowledge, tmp_path) -> None:
    engine = make_engine(fixture_knowledge, tmp_path, Clock())
    member = Member(engine)
    replies = await member.say(SEED_000)
    reminder = replies[0]
    assert isinstance(reminder, Text) and "contract or offer id" in reminder.markdown
    await member.say("my email is jane.doe@example.com, call +1 415 555 0134")
    await member.say("restart")
    replies = await member.say("contract #31415926 again")
    assert not any("removed what looked like personal data" in getattr(r, "markdown", "") for r in replies), \
        "the reminder is given once per member"
    raw = engine.store._sessions[member.key.as_string()]  # what is actually stored
    for secret in ("21405998", "jane.doe", "555 0134", "31415926"):
        assert secret not in raw


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Contract ID 21405998, the client wants a refund", "Contract [id removed], the client wants a refund"),
        ("offer #1234567 was accepted", "offer [id removed] was accepted"),
        ("milestone id: 98765432 is funded", "milestone [id removed] is funded"),
        ("write to jane.doe@example.com", "write to [email removed]"),
        ("call me on +44 20 7946 0958 tomorrow", "call me on [phone number removed] tomorrow"),
        ("my card 4111 1111 1111 1111 was charged", "my card [card number removed] was charged"),
        ("see upwork.com/jobs/~01a2b3c4d5e6f7a8b9", "see upwork.com/jobs/[id removed]"),
        ("paid $1,250.50 for 3 milestones, submitted 14 days ago on 2024-05-12",
         "paid $1,250.50 for 3 milestones, submitted 14 days ago on 2024-05-12"),
        ("a 5000 dollar project, milestone 2 of 3", "a 5000 dollar project, milestone 2 of 3"),
    ],
)
def test_redaction(text: str, expected: str) -> None:
    assert redact(text).text == expected


def test_luhn_failing_long_numbers_are_not_called_cards() -> None:
    result = redact("order 1234 5678 9012 3456 is it")
    assert "card number" not in result.kinds


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        ("hey @everyone and @here", ["@everyone", "@here"]),
        ("<!channel> <!here> <!everyone> <@U0123ABC> <!subteam^S0123>", ["<!channel>", "<!here>", "<@U0123ABC>",
                                                                          "<!subteam^S0123>"]),
        ("<@&123456789012345678> <#C0123>", ["<@&123456789012345678>", "<#C0123>"]),
        ("[click](https://evil.example/x)", ["](https://"]),
        ("<https://evil.example|bank.com>", ["<https://evil.example|"]),
        ("[[Official refund form](x)](https://evil.example)", ["](https://", "]("]),
        ("[[[a](b)](c)](https://evil.example)", ["]("]),
        ("<https://evil.example|<https://x.example|label>>", ["|"]),
    ],
)
def test_member_text_never_pings_or_hides_links(text: str, forbidden: list[str]) -> None:
    safe = member_text(text)
    for token in forbidden:
        assert token not in safe
    assert "evil.example" in safe or "evil" not in text, "a link's real target stays visible"


async def test_garbled_answers_are_quoted_back_sanitised(member: Member) -> None:
    await member.say("hi")
    await member.click("refund")
    replies = await member.say("@everyone contract 21405998")
    error = replies[-2] if len(replies) > 1 else replies[0]
    shown = " ".join(getattr(r, "markdown", "") for r in replies)
    assert "@everyone" not in shown and "21405998" not in shown
    assert isinstance(error, Text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("call me on 555 0123 tonight", "call me on [phone number removed] tonight"),
        ("or 555-0123", "or [phone number removed]"),
        ("IBAN DE89 3704 0044 0532 0130 00 please", "IBAN [bank account removed] please"),
        ("to GB29NWBK60161331926819", "to [bank account removed]"),
        ("write to name(at)gmail dot com", "write to [email removed]"),
        ("jane [at] mail [dot] co [dot] uk", "[email removed]"),
        ("paid $300 1500 times", "paid $300 1500 times"),  # money is not a phone number
    ],
)
def test_redaction_of_local_phones_ibans_and_spelled_out_emails(text: str, expected: str) -> None:
    assert redact(text).text == expected


@pytest.mark.parametrize(
    "text",
    ["\x1b]0;pwned\x07title", "\x1b[2J\x1b[Hclear", "bell\x07", "\x9b31mred", "bidi\u202eevil\u2066",
     "zero\u200bwidth\ufeff", "null\x00byte", "\x1bPdcs\x1b\\end"],
)
def test_member_text_has_no_control_or_formatting_characters(text: str) -> None:
    safe = member_text(text)
    assert all(ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf") for ch in safe), repr(safe)
    assert "[2J" not in safe and "0;pwned" not in safe and "31m" not in safe


async def test_a_nested_link_typed_at_a_question_is_quoted_back_as_plain_text(member: Member) -> None:
    await member.say("hi")
    await member.click("refund")
    await member.click("fixed")
    replies = await member.say("[[Official refund form](x)](https://evil.example) **now**")
    error = replies[0]
    assert isinstance(error, Text) and "evil.example" in error.markdown
    assert "](" not in error.markdown, "no markdown link in the bot's own words"
    assert r"\*\*now\*\*" in error.markdown, "member text is escaped, never formatted"
