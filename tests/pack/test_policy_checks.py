"""Every load-time check of a knowledge pack, asserting the error text: file, line and node."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.pack.loading import load_knowledge
from bot.pack.yamlfile import PolicyError
from tests.conftest import FIXTURE_PACK

TREES = "policy/trees.yaml"


def broken_pack(tmp_path: Path, file: str, old: str, new: str) -> Path:
    """A copy of the fixture pack with one edit; the edit must apply exactly once."""
    pack = tmp_path / "pack"
    shutil.copytree(FIXTURE_PACK, pack)
    path = pack / file
    text = path.read_text()
    assert text.count(old) == 1, f"the edit {old!r} must match once in {file}"
    path.write_text(text.replace(old, new))
    return pack


def problems(pack: Path) -> list[str]:
    with pytest.raises(PolicyError) as caught:
        load_knowledge(pack)
    return [str(p) for p in caught.value.problems]


def line_of(pack: Path, file: str, text: str) -> int:
    lines = (pack / file).read_text().splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_the_fixture_pack_is_valid() -> None:
    knowledge = load_knowledge(FIXTURE_PACK)
    assert set(knowledge.trees) == {"refund", "waiting"}


@pytest.mark.parametrize(
    ("old", "new", "at", "expected"),
    [
        ("goto: return_escrow}", "goto: nowhere}", "goto: nowhere",
         "tree 'refund', node 'released': unknown node or outcome 'nowhere'"),
        ("fact: milestone_released", "fact: milestone_paid", "- id: released",
         "tree 'refund', node 'released': unknown fact 'milestone_paid'"),
        ("          - {when: {unknown: true}, goto: ask_support}\n", "", "- id: released",
         "tree 'refund', node 'released': no path for \"I don't know\" on fact 'milestone_released'"),
        ("          - {when: {equals: false}, goto: return_escrow}\n", "", "- id: released",
         "tree 'refund', node 'released': branches on 'milestone_released' cover neither every value "
         "nor have a default: missing false"),
        ("{when: {equals: hourly}, goto: hourly_window}", "{when: {equals: weekly}, goto: hourly_window}",
         "equals: weekly", "tree 'refund', node 'contract': 'weekly' is not a value of choice fact 'contract_type'"),
        ("{when: {lt: 14}, goto: wait}", "{when: {lt: 14}, goto: submitted}", "- id: submitted",
         "tree 'waiting', node 'submitted': cycle: submitted → days → submitted"),
        ("start: submitted", "start: days", "- id: submitted",
         "tree 'waiting', node 'submitted': unreachable node"),
        ("verdict: contact_support\n        title: Ask support\n        action: \"1. Ask support.\"",
         "verdict: panic\n        title: Ask support\n        action: \"1. Ask support.\"", "- id: ask_support",
         "tree 'refund', outcome 'ask_support': unknown verdict 'panic'"),
        ("answers: [auto-release]\n        sources: [{title: Protection, url: \"https://example.org/protection\", "
         "checked: 2026-11-26}]\n"
         "      - id: wait_more", "answers: [no-such-answer]\n        sources: [{title: Protection, url: "
         "\"https://example.org/protection\", checked: 2026-11-26}]\n      - id: wait_more", "- id: wait\n",
         "tree 'waiting', outcome 'wait': cites unknown canonical answer 'no-such-answer'"),
        ("  - id: waiting", "  - id: refund", "  - id: refund\n",
         "tree 'refund': duplicate tree id (first defined at policy/trees.yaml:2)"),
        ("      - id: days\n", "      - id: submitted\n", "      - id: submitted\n",
         "tree 'waiting', node 'submitted': duplicate node id (first defined at policy/trees.yaml:49)"),
        ("      - id: wait_more", "      - id: wait", "      - id: wait\n",
         "tree 'waiting', outcome 'wait': duplicate outcome id (first defined at policy/trees.yaml:62)"),
    ],
    ids=["unknown goto", "unknown fact", "no unknown path", "uncovered value", "bad value", "cycle", "unreachable",
         "unknown verdict", "dangling answer", "duplicate tree", "duplicate node", "duplicate outcome"],
)
def test_tree_checks_name_file_line_and_node(tmp_path: Path, old: str, new: str, at: str, expected: str) -> None:
    pack = broken_pack(tmp_path, TREES, old, new)
    found = problems(pack)
    text = (pack / TREES).read_text()
    line = text[: text.rindex(at)].count("\n") + 1  # `at` starts the reported line (its last occurrence)
    assert any(p.startswith(f"{TREES}:{line}: {expected}") for p in found), found


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    pack = broken_pack(tmp_path, TREES, "goto: return_escrow}", "goto: nowhere}")
    path = pack / TREES
    path.write_text(path.read_text().replace("fact: work_submitted", "fact: work_sent"))
    found = problems(pack)
    assert any("unknown node or outcome 'nowhere'" in p for p in found)
    assert any("unknown fact 'work_sent'" in p for p in found)


def test_duplicate_fact_and_choice_ids(tmp_path: Path) -> None:
    pack = broken_pack(tmp_path, "policy/facts.yaml", "  - id: amount", "  - id: work_submitted")
    found = problems(pack)
    first = line_of(pack, "policy/facts.yaml", "- id: work_submitted")
    assert any(p.startswith("policy/facts.yaml:") and "fact 'work_submitted': duplicate fact id "
               f"(first defined at policy/facts.yaml:{first})" in p for p in found), found


def test_schema_errors_name_the_field_and_line(tmp_path: Path) -> None:
    pack = broken_pack(tmp_path, "policy/facts.yaml", "    type: yes_no\n    label: payment released",
                       "    type: maybe\n    label: payment released")
    found = problems(pack)
    line = line_of(pack, "policy/facts.yaml", "- id: milestone_released")
    assert any(p.startswith(f"policy/facts.yaml:{line}: id 'milestone_released': facts.type: Input should be")
               for p in found), found


def test_unknown_keys_are_refused(tmp_path: Path) -> None:
    pack = broken_pack(tmp_path, TREES, "    start: contract", "    start: contract\n    begin: contract")
    assert any("Extra inputs are not permitted" in p and p.startswith(f"{TREES}:2: id 'refund'")
               for p in problems(pack))


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    pack = broken_pack(tmp_path, TREES, "    start: contract", "    start: [contract")
    line = line_of(pack, TREES, "start: [contract")
    assert any(p.startswith(f"{TREES}:{line + 1}: invalid YAML") for p in problems(pack))


def test_yaml_aliases_are_refused(tmp_path: Path) -> None:
    pack = broken_pack(tmp_path, "answers/answers.yaml", "    tags: [refund]", "    tags: &t [refund]\n    x: *t")
    line = line_of(pack, "answers/answers.yaml", "&t")
    expected = f"answers/answers.yaml:{line}: invalid YAML: YAML anchors and aliases (&name, *name) are not allowed"
    expected += " in policy files"
    assert expected in problems(pack)


def test_answers_checks(tmp_path: Path) -> None:
    pack = broken_pack(tmp_path, "answers/answers.yaml", "aliases: [autorelease, 14 days]",
                       "aliases: [autorelease, keep]")
    pack_path = pack / "answers/answers.yaml"
    pack_path.write_text(pack_path.read_text().replace(
        "    body: A submitted milestone is released automatically after fourteen days.\n"
        "    sources: [{title: Protection, url: \"https://example.org/protection\", checked: 2026-11-26}]\n",
        "    body: A submitted milestone is released automatically after fourteen days.\n"))
    found = problems(pack)
    line = line_of(pack, "answers/answers.yaml", "- id: auto-release")
    assert f"answers/answers.yaml:{line}: answer 'auto-release': alias 'keep' is already used by answer " \
           "'released-money' (answers/answers.yaml:2)" in found
    assert f"answers/answers.yaml:{line}: answer 'auto-release': no sources: every canonical answer cites one" \
        in found


def test_policy_test_checks(tmp_path: Path) -> None:
    pack = broken_pack(tmp_path, "tests/tests.yaml", "facts: {work_submitted: false}, expect: {outcome: submit}",
                       "facts: {work_sent: false}, expect: {outcome: nothing}")
    found = problems(pack)
    assert any("test 'submit': unknown fact 'work_sent'" in p for p in found)
    assert any("test 'submit': tree 'waiting' has no outcome 'nothing'" in p for p in found)


def test_not_a_pack(tmp_path: Path) -> None:
    [problem] = problems(tmp_path)
    assert "not a knowledge pack: no policy/ directory" in problem


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    laughs = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    laughs += [f"{c}: &{c} [{', '.join(['*' + p] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
    pack = broken_pack(tmp_path, "answers/answers.yaml", "answers:\n", "\n".join(laughs) + "\nanswers:\n")
    assert any("answers/answers.yaml:1: invalid YAML: YAML anchors and aliases (&name, *name) are not allowed" in p
               for p in problems(pack))


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    pack = broken_pack(tmp_path, "answers/answers.yaml", "    tags: [refund]", "    tags: " + "[" * 60 + "]" * 60)
    assert any("answers/answers.yaml:5: invalid YAML: nesting deeper than 40 levels" in p for p in problems(pack))


def test_huge_files_are_refused(tmp_path: Path) -> None:
    pack = broken_pack(tmp_path, "answers/answers.yaml", "    body: Money released", "    body: " + "x" * 1_100_000)
    assert "answers/answers.yaml:1: file is larger than 1000000 bytes" in problems(pack)


def test_python_tags_are_refused(tmp_path: Path) -> None:
    pack = broken_pack(tmp_path, "answers/answers.yaml", "    tags: [refund]",
                       "    tags: !!python/object/apply:os.system [echo owned]")
    assert any(p.startswith("answers/answers.yaml:5: invalid YAML: unsupported tag tag:yaml.org,2002:python/object")
               for p in problems(pack))


@pytest.mark.parametrize(("new", "expected"), [
    ("    ask_when: {contract_type: {equals: fixed}}\n",
     "fact 'work_submitted': ask_when is only for facts with ask: false"),
    ("    ask: false\n    ask_when: {contract_kind: {equals: fixed}}\n",
     "fact 'work_submitted': ask_when: condition on unknown fact 'contract_kind'"),
    ("    ask: false\n    ask_when: {contract_type: {equals: fixd}}\n",
     "fact 'work_submitted', ask_when: 'fixd' is not a value of choice fact 'contract_type'"),
    ("    worded:\n      - {when: {asker: {equals: client}}, question: Did the freelancer submit it?}\n",
     "fact 'work_submitted': worded: condition on unknown fact 'asker'"),
    ("    worded:\n      - {when: {asker_role: {equals: client}}}\n",
     "fact 'work_submitted': worded: says nothing"),
    ("    worded:\n      - {when: {asker_role: {equals: client}}, summaries: {done: you did}}\n",
     "fact 'work_submitted': worded: summaries are only for choice facts, not yes_no"),
    ("    ask: false\n    ask_unless: {contract_type: {equals: hourly}}\n",
     "fact 'work_submitted': ask_unless is only for facts that are asked"),
    ("    ask_unless: {contract_kind: {equals: hourly}}\n",
     "fact 'work_submitted': ask_unless: condition on unknown fact 'contract_kind'"),
])
def test_ask_when_and_worded_are_checked(tmp_path: Path, new: str, expected: str) -> None:
    label = "    label: work submitted\n"
    pack = broken_pack(tmp_path, "policy/facts.yaml", label, new + label)
    found = problems(pack)
    assert any(expected in p for p in found), found


def test_a_fact_is_not_asked_while_its_ask_unless_holds(tmp_path: Path) -> None:
    from bot.conversation.walk import walk

    label = "    label: payment released\n"
    pack = broken_pack(tmp_path, "policy/facts.yaml", label,
                       label + "    ask_unless: {contract_type: {equals: catalog}, work_submitted: {unknown: true}}\n")
    knowledge = load_knowledge(pack)
    catalog = {"contract_type": "catalog"}
    assert walk(knowledge.trees, "refund", catalog, knowledge.unknown_among(catalog, [])).outcome is not None
    assert "milestone_released" in knowledge.unknown_among(catalog, [])  # not asked: the walk goes on
    said = {"contract_type": "catalog", "milestone_released": True}  # stated all the same: it counts
    assert "milestone_released" not in knowledge.unknown_among(said, [])
    submitted = {"contract_type": "catalog", "work_submitted": True}  # the condition no longer holds: asked
    assert walk(knowledge.trees, "refund", submitted, knowledge.unknown_among(submitted, [])).needs == \
        "milestone_released"


def test_a_node_that_does_not_ask_takes_its_unknown_branch_until_the_fact_is_said(tmp_path: Path) -> None:
    from bot.conversation.walk import walk

    node = "      - id: released\n        fact: milestone_released\n"
    pack = broken_pack(tmp_path, TREES, node, node + "        ask: false\n")
    knowledge = load_knowledge(pack)
    fixed = {"contract_type": "fixed"}
    result = walk(knowledge.trees, "refund", fixed)
    assert result.needs is None and result.outcome is not None and result.outcome.id == "ask_support"
    said = {"contract_type": "fixed", "milestone_released": True}
    assert walk(knowledge.trees, "refund", said).outcome.id == "keep"  # type: ignore[union-attr]
    asked = walk(load_knowledge(FIXTURE_PACK).trees, "refund", fixed)  # the same node as shipped asks
    assert asked.needs == "milestone_released"


@pytest.mark.parametrize(("new", "expected"), [
    ("    worded:\n      - {when: {asker_role: {equals: client}}, summaries: {fixd: fixed for you}}\n",
     "fact 'contract_type': worded: summaries name 'fixd', which is not one of its choices (fixed, hourly, catalog)"),
    ("    worded:\n      - {when: {asker_role: {equals: client}}, labels: {fixd: Fixed for you}}\n",
     "fact 'contract_type': worded: labels name 'fixd', which is not one of its choices (fixed, hourly, catalog)"),
    ("    worded:\n      - {when: {asker_role: {equals: client}}, says_yes: it is fixed}\n",
     "fact 'contract_type': worded: says_yes and says_no are only for yes_no facts, not choice"),
])
def test_a_wordings_read_backs_must_fit_its_fact(tmp_path: Path, new: str, expected: str) -> None:
    label = "    label: contract type\n"
    pack = broken_pack(tmp_path, "policy/facts.yaml", label, label + new)
    found = problems(pack)
    assert any(expected in p for p in found), found


def test_a_wording_reads_a_value_back_for_the_members_it_names() -> None:
    fact = load_knowledge().facts["client_requested_refund_of"]
    assert fact.describe("escrow") == "the client wants the escrow back"
    assert fact.describe("escrow", {"asker_role": "client"}) == "you want the escrow back"
    assert fact.describe("escrow", {"asker_role": "freelancer"}) == "the client wants the escrow back"
    assert fact.describe("none", {"asker_role": "client"}) == "no refund asked"  # no wording for it: the fact's own
    feedback = load_knowledge().facts["asks_about_feedback"]  # a client asks of the feedback they leave
    assert feedback.describe(True, {"asker_role": "client"}).startswith("you ask about the feedback you leave")
    assert feedback.describe(True, {"asker_role": "freelancer"}) == "you ask about the feedback they may leave"
