"""Reading members' words with the shipped language files: routing, facts, negation, tense, evidence."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.knowledge import Knowledge, default_knowledge_dir, load_knowledge
from bot.messages import Question
from bot.policy.yamlfile import PolicyError
from bot.sessions.memory import MemoryStore
from tests.conftest import Member, guidance, last


@pytest.fixture(scope="module")
def shipped() -> Knowledge:
    return load_knowledge()


def read(knowledge: Knowledge, text: str):
    assert knowledge.reader is not None
    return knowledge.reader.read(text)


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("The client approved and released the milestone and now he wants a refund", "released_refund"),
        ("the client ended the contract and sent an escrow refund request", "escrow_refund"),
        ("I submitted 5 days ago and the client still hasn't released the payment", "unreleased_milestone"),
        ("I started working before the milestone was funded", "unfunded_work"),
        ("he wants to pay me through PayPal outside the platform", "unfunded_work"),
        ("my hourly client disputed last week's hours", "hourly"),
        ("will a full refund hurt my JSS?", "jss"),
        ("a buyer purchased my catalog project but wants something else", "catalog"),
        ("he approved it and now wants extra revisions for free", "scope_creep"),
        ("the client disappeared two weeks ago, stopped answering", "unresponsive_client"),
        ("I'm a client, how do I get my money back from the freelancer?", "client_refund"),
        ("client asked for a refund after I was paid for the milestone", "released_refund"),
        ("it has been 12 days since I submitted and no payment yet", "unreleased_milestone"),
        ("client approved the milestone but keeps asking for more revisions", "scope_creep"),
    ],
)
def test_routing(shipped: Knowledge, text: str, tree: str) -> None:
    assert read(shipped, text).tree == tree


@pytest.mark.parametrize("text", ["hi", "help", "hello, anyone here?", "the client wants a refund"])
def test_vague_or_ambiguous_messages_are_not_routed(shipped: Knowledge, text: str) -> None:
    assert read(shipped, text).tree is None


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        ("he released the first milestone", "milestone_released", True),
        ("he didn't release the milestone", "milestone_released", False),
        ("the client has not yet released it, the payment is still in escrow", "milestone_released", False),
        ("the milestone is not funded yet", "milestone_funded", False),
        ("it's a fixed price contract", "contract_type", "fixed"),
        ("hourly contract, time tracker hours", "contract_type", "hourly"),
        ("he ended the contract yesterday", "contract_ended_by", "client"),
        ("I submitted two weeks ago", "days_since_submission", 14),
        ("I delivered the design ten days ago", "days_since_submission", 10),
        ("I haven't started yet", "work_done", "none"),
    ],
)
def test_facts_with_negation_and_durations(shipped: Knowledge, text: str, fact: str, value: object) -> None:
    assert read(shipped, text).facts.get(fact) == value


def test_a_hypothetical_states_nothing(shipped: Knowledge) -> None:
    reading = read(shipped, "he was going to release the milestone")
    assert "milestone_released" not in reading.facts


def test_implications_fill_only_what_the_message_does_not_say(shipped: Knowledge) -> None:
    reading = read(shipped, "he released the milestone")
    assert reading.facts["milestone_funded"] is True
    implied = next(e for e in reading.evidence if e.fact == "milestone_funded")
    assert implied.words == "(implied by milestone_released=True)"


def test_implications_do_not_chain(shipped: Knowledge) -> None:
    reading = read(shipped, "client released only half of the payment and asked for the rest back")
    assert reading.facts["client_approved_work"] is True  # implied by the release
    assert "work_done" not in reading.facts, "not implied from an implication: half was released"


def test_evidence_names_the_words_and_the_rule(shipped: Knowledge) -> None:
    reading = read(shipped, "Fixed-price job. He didn't release the milestone.")
    evidence = {e.fact: e for e in reading.evidence}
    assert evidence["milestone_released"].words == "didn't release"
    assert evidence["milestone_released"].rule.startswith("language/facts.yaml:")
    assert evidence["contract_type"].value == "fixed"


async def test_facts_read_are_confirmed_and_can_be_corrected(shipped: Knowledge) -> None:
    member = Member(Engine(shipped, MemoryStore()))
    replies = await member.say("Fixed-price contract, the milestone was funded and I did all the work. Now the client "
                               "closed the contract and sent an escrow refund request.")
    question = last(replies)
    assert isinstance(question, Question)
    assert question.prompt == "I understood: milestone funded; all the work done. Right?"
    assert [c.label for c in question.choices] == ["Yes", "Change something"]
    await member.click("change")
    assert member.question and member.question.prompt == "Which one should I change?"
    await member.click("work_done")
    assert member.question and member.question.prompt.startswith("How much of the work")
    replies = await member.click("partial")
    assert member.question and member.question.prompt == "I understood: milestone funded. Right?"
    advice = guidance(await member.click("yes"))
    assert advice.outcome == "escrow_settle_partial"


async def test_a_described_situation_answers_the_situation_question(shipped: Knowledge) -> None:
    member = Member(Engine(shipped, MemoryStore()))
    await member.say("hello")
    replies = await member.say("my client disappeared and stopped answering")
    question = last(replies)
    assert isinstance(question, Question) and question.prompt == "What kind of contract is it?"


def test_language_file_errors_name_file_and_line(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(default_knowledge_dir(), pack, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    facts = pack / "language" / "facts.yaml"
    text = facts.read_text()
    facts.write_text(text.replace("  - fact: top_rated", "  - fact: top_rated_plus", 1)
                     .replace('value: hourly}', 'value: weekly}', 1))
    with pytest.raises(PolicyError) as caught:
        load_knowledge(pack)
    found = [str(p) for p in caught.value.problems]
    lines = facts.read_text().splitlines()
    line_of = {key: next(i for i, line in enumerate(lines, 1) if key in line)
               for key in ("fact: top_rated_plus", "value: weekly")}
    assert f"language/facts.yaml:{line_of['fact: top_rated_plus']}: phrases for 'top_rated_plus': unknown fact" in found
    assert any(p.startswith(f"language/facts.yaml:{line_of['value: weekly']}: phrases for 'contract_type': 'weekly' "
                            "is not a value of choice fact") for p in found)


def test_a_bad_regular_expression_is_refused_with_its_line(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(default_knowledge_dir(), pack, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    facts = pack / "language" / "facts.yaml"
    facts.write_text(facts.read_text().replace('{words: "unfunded|', '{words: "(unfunded|', 1))
    with pytest.raises(PolicyError) as caught:
        load_knowledge(pack)
    line = next(i for i, text in enumerate(facts.read_text().splitlines(), 1) if '"(unfunded|' in text)
    [problem] = [str(p) for p in caught.value.problems]
    assert problem.startswith(f"language/facts.yaml:{line}: ") and "not a valid regular expression" in problem
