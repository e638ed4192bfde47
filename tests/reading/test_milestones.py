"""A long story names several milestones: a release told of one named apart is not a release of the milestone
whose money is still at stake (`other_milestones` in knowledge/language/facts.yaml)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.pack.loading import default_knowledge_dir, load_knowledge
from bot.pack.yamlfile import PolicyError
from bot.reading.phrases import PatternReader, reader_for


@pytest.fixture(scope="module")
def reader() -> PatternReader:
    built = reader_for(load_knowledge())
    assert built is not None
    return built


@pytest.mark.parametrize("message", [
    "M1 was released last month. M2 is funded and I submitted it 10 days ago, the client is silent",
    "opened a dispute for my last milestone, delivered and submitted. the first two milestones were released fine",
    "M1 (research, $250) was approved and paid last week. M2 ($750) he funded on monday, then asked for it back",
    "Ms1 was released ($300) but ms2 was funded, $700, and he never delivered it. Did I lose the 700?",
    "the $1500 milestone (there was a $500 M1 for the prototype, released) is in mediation now",
    # the milestone named as the object of the release
    "family emergency, client already paid M1, and M2 (250) is funded but i havent started it",
    # a new clause after the release is no object of it ("…was paid I added milestone 2")
    "client here. after the first milestone was paid I added milestone 2 and funded it ($300). he hasn't started",
])
def test_a_release_of_a_milestone_named_apart_is_not_one_of_the_milestone_at_stake(reader: PatternReader,
                                                                                    message: str) -> None:
    facts = reader.read(message).facts
    assert facts.get("milestone_released") is not True
    assert facts.get("client_approved_work") is not True


def test_work_not_started_on_a_milestone_named_apart_says_nothing_of_the_one_at_stake(reader: PatternReader) -> None:
    facts = reader.read("M1 ($200) was released in october. M2 ($400) i submitted 5 days ago, no answer yet. "
                        "M3 ($300) is funded but i havent started. now he asks a refund of M1, he found a bug").facts
    assert facts.get("work_done") != "none"


@pytest.mark.parametrize("message", [
    "M1 $200 released weeks ago. M2 $450 funded, I submitted the final files 6 days ago. M3 was never funded",
    "M2 ($500) was funded, I finished it and hit submit 4 days ago. M3 isnt funded yet but he said go ahead",
])
def test_a_later_milestone_never_funded_says_nothing_of_the_submitted_one(reader: PatternReader, message: str) -> None:
    assert reader.read(message).facts.get("milestone_funded") is not False


@pytest.mark.parametrize("message", [
    # one milestone named: the story is of it
    "Milestone 1 was released and now he wants a refund, I had submitted everything",
    # nothing at stake on the other milestone: both were released
    "M1 design released, M2 development released last friday, now he wants a blog too",
    # the release and the money at stake are told of the same milestone
    "M2 was released and then he opened a dispute on M2 to get it back. M1 is not started",
])
def test_a_release_stays_where_no_other_milestone_is_at_stake(reader: PatternReader, message: str) -> None:
    assert reader.read(message).facts.get("milestone_released") is True


def test_other_milestones_naming_an_unknown_fact_is_refused_with_its_line(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(default_knowledge_dir(), pack, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    facts = pack / "language" / "facts.yaml"
    text = facts.read_text()
    facts.write_text(text.replace("  facts: [milestone_released, client_approved_work, work_done, milestone_funded]",
                                  "  facts: [milestone_released, milestone_paid]", 1)
                     .replace("stage: [dispute_open, mediation_offer, arbitration]}",
                              "stage: [dispute_open, appeal]}", 1))
    with pytest.raises(PolicyError) as caught:
        load_knowledge(pack)
    line = next(i for i, row in enumerate(facts.read_text().splitlines(), 1) if row == "other_milestones:")
    found = [str(problem) for problem in caught.value.problems]
    assert f"language/facts.yaml:{line + 1}: other_milestones: unknown fact 'milestone_paid'" in found  # its first key
    assert any("other_milestones at_stake: 'appeal' is not a value of choice fact 'stage'" in p for p in found)


def test_a_reply_sets_milestones_apart_as_an_opening_does(reader: PatternReader) -> None:
    message = "M1 was released last month. M2 is funded and I submitted it 10 days ago"
    assert reader.stated(message, "milestone_released") is None
    assert reader.stated("Milestone 1 was released, he wants the money back", "milestone_released") is True
