"""Property-based tests: no input sequence crashes the engine; no corrupted policy file gives a traceback.

Marked slow (10,000 examples each); `pytest -m "not slow"` leaves them out while you work.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.conversation.engine import Engine
from bot.messages import BACK, UNKNOWN, AnswerCard, ConversationKey, Guidance, Inbound, Question, Reply, Text
from bot.pack.loading import Knowledge, load_knowledge
from bot.pack.yamlfile import PolicyError
from bot.record.memory import MemoryStore
from bot.safety.limits import Limits
from tests.conftest import FIXTURE_PACK

EXAMPLES = 10_000
pytestmark = pytest.mark.slow

WORDS = ["yes", "no", "1", "2", "3", "7", "0", "-1", "99999999999999999999", "back", "restart", "help",
         "I don't know", "idk", "hourly", "fixed price", "two weeks ago", "$1,200", "the client wants a refund",
         "@everyone", "<!channel>", "", " ", "\x00", "🙂", "ＹＥＳ", "n̶o̶", "1e309", "nan", "1.5",
         "Contract ID 21405998"]

action = st.one_of(
    st.tuples(st.just("text"), st.sampled_from(WORDS)),
    st.tuples(st.just("text"), st.text(max_size=80)),
    st.tuples(st.just("click"), st.sampled_from(["refund", "waiting", "fixed", "hourly", "catalog", "yes", "no",
                                                 "keep", "change", UNKNOWN, BACK, "nonsense", ""])),
    st.tuples(st.just("stale"), st.sampled_from(["q0.1", "q9.9", "", "x" * 100])),
)


def _ends_well(replies: list[Reply]) -> bool:
    final = replies[-1]
    if isinstance(final, Question | Guidance):
        return True
    # A conversation may also end on a way out: the menu's "Something else" or "I don't know", or the member
    # leaving ("stop").
    return isinstance(final, Text) and final.markdown.startswith(("That conversation has ended",
                                                                  "None of my situations fits", "OK, I've stopped"))


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge(FIXTURE_PACK)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actions=st.lists(action, min_size=1, max_size=12))
def test_any_sequence_of_answers_ends_in_a_question_or_an_outcome(knowledge: Knowledge, actions) -> None:
    engine = Engine(knowledge, MemoryStore(), limits=Limits(rate_limit_messages=1000))
    key = ConversationKey(platform="prop", user="u")

    async def converse() -> None:
        question: Question | None = None
        advised = False
        clicked: set[tuple[str | None, str | None]] = set()
        for kind, value in actions:
            if kind == "text":
                message = Inbound(key=key, text=value)
            elif kind == "click":
                message = Inbound(key=key, choice=value, question=question.token if question else None)
            else:
                message = Inbound(key=key, choice="yes", question=value)
            replies = await engine.handle(message)
            repeated = message.choice is not None and (message.question, message.choice) in clicked
            clicked.add((message.question, message.choice))
            if not replies and repeated:
                continue  # the same click again (a double click) is answered once, by the first
            assert replies, f"no reply to {message}"
            # After guidance the conversation stays open: thanks and follow-ups may be answered in a line, or
            # with a canonical answer.
            assert _ends_well(replies) or (advised and isinstance(replies[-1], (Text, AnswerCard))), replies
            advised = advised or any(isinstance(r, Guidance) for r in replies)
            questions = [r for r in replies if isinstance(r, Question)]
            question = questions[-1] if questions else question

    asyncio.run(converse())


def _corrupt(text: str, data: st.DataObject) -> str:
    kind = data.draw(st.sampled_from(["delete", "insert", "swap", "replace", "truncate", "indent"]))
    lines = text.splitlines(keepends=True)
    if kind == "delete":
        start = data.draw(st.integers(0, len(text) - 1))
        return text[:start] + text[start + data.draw(st.integers(1, 40)):]
    if kind == "insert":
        at = data.draw(st.integers(0, len(text)))
        junk = data.draw(st.one_of(st.text(max_size=20), st.sampled_from(
            [":", "- ", "{", "}", "[", "&a", "*a", "!!python/object:os.system", "\t", "'", '"', "? ", "|", "%"])))
        return text[:at] + junk + text[at:]
    if kind == "swap" and len(lines) > 1:
        i, j = data.draw(st.integers(0, len(lines) - 1)), data.draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
        return "".join(lines)
    if kind == "replace":
        token = data.draw(st.sampled_from(["true", "false", "fixed", "goto", "when", "id", "refund", "14", "unknown"]))
        other = data.draw(st.sampled_from(["null", "0", "[]", "{}", "yes", "hourly", "goto", "x", "-1", '""']))
        return text.replace(token, other, 1)
    if kind == "truncate":
        return text[: data.draw(st.integers(0, len(text)))]
    i = data.draw(st.integers(0, len(lines) - 1)) if lines else 0
    if lines:
        lines[i] = data.draw(st.sampled_from(["", " ", "   ", "\t"])) + lines[i]
    return "".join(lines)


@pytest.fixture(scope="module")
def scratch_pack():
    with tempfile.TemporaryDirectory() as directory:
        pack = Path(directory) / "pack"
        shutil.copytree(FIXTURE_PACK, pack)
        yield pack


FILES = sorted(str(p.relative_to(FIXTURE_PACK)) for p in FIXTURE_PACK.rglob("*.yaml"))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                      HealthCheck.function_scoped_fixture])
@given(data=st.data(), file=st.sampled_from(FILES))
def test_a_corrupted_policy_file_gives_a_validation_error_never_a_traceback(scratch_pack: Path, data, file) -> None:
    original = (FIXTURE_PACK / file).read_text()
    corrupted = _corrupt(original, data)
    target = scratch_pack / file
    target.write_text(corrupted)
    try:
        load_knowledge(scratch_pack)
    except PolicyError as exc:
        assert exc.problems, "a refusal always says why"
        assert all(p.file and p.line >= 1 and p.message for p in exc.problems)
    finally:
        target.write_text(original)
