"""Load-time checks of advice points, tree entries and start trees, and the sources due for a re-check."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.pack.loading import load_knowledge
from bot.pack.point_checks import stale_sources
from tests.conftest import FIXTURE_PACK
from tests.pack.test_policy_checks import broken_pack, line_of, problems

POINTS = "policy/points.yaml"
TREES = "policy/trees.yaml"


def test_an_outcome_naming_an_unknown_point_is_refused(tmp_path: Path) -> None:
    pack = broken_pack(tmp_path, TREES, "points: [days_left]", "points: [days_left, no_such_point]")
    line = line_of(pack, TREES, "      - id: wait")
    assert f"policy/trees.yaml:{line}: tree 'waiting', outcome 'wait': unknown point 'no_such_point'" in problems(pack)


def test_a_point_no_outcome_uses_is_refused(tmp_path: Path) -> None:
    pack = broken_pack(tmp_path, TREES, "points: [days_left]", "points: []")
    line = line_of(pack, POINTS, "- id: days_left")
    assert (f"policy/points.yaml:{line}: point 'days_left': no outcome or follow-up uses this point, so no member "
            "can see it") in problems(pack)


def test_a_point_covering_an_unknown_point_or_itself_is_refused(tmp_path: Path) -> None:
    pack = broken_pack(tmp_path, POINTS, "- id: days_left\n", "- id: days_left\n    covers: [days_left, nope]\n")
    line = line_of(pack, POINTS, "- id: days_left")
    found = problems(pack)
    assert f"policy/points.yaml:{line}: point 'days_left': covers 'days_left': a point cannot cover itself" in found
    assert f"policy/points.yaml:{line}: point 'days_left': covers 'nope': unknown point" in found


FOLLOW_UP = """follow_ups:
  - id: if_refused
    asked: ['what if (?:he|she) refuses']
    cases:
      - when: {contract_type: {equals: fixed}}
        points: [days_left]
"""


def test_a_point_only_a_follow_up_uses_is_reachable(tmp_path: Path) -> None:
    pack = broken_pack(tmp_path, TREES, "points: [days_left]", "points: []")
    (pack / "policy" / "follow_ups.yaml").write_text(FOLLOW_UP)
    knowledge = load_knowledge(pack)
    assert [f.id for f in knowledge.follow_ups] == ["if_refused"]


def test_a_follow_up_with_a_bad_phrasing_an_unknown_point_or_fact_is_refused(tmp_path: Path) -> None:
    pack = broken_pack(tmp_path, TREES, "points: [days_left]", "points: [days_left]  # unchanged")
    broken = (FOLLOW_UP.replace("'what if (?:he|she) refuses'", "'what if (he refuses'")
              .replace("points: [days_left]", "points: [days_left, no_such_point]")
              .replace("contract_type: {equals: fixed}", "contract: {equals: fixed}"))
    (pack / "policy" / "follow_ups.yaml").write_text(broken + broken.removeprefix("follow_ups:\n"))
    found = problems(pack)
    assert any(p.startswith("policy/follow_ups.yaml:2: follow-up 'if_refused': asked 'what if (he refuses' is no "
                            "regular expression: missing )") for p in found)
    assert "policy/follow_ups.yaml:5: follow-up 'if_refused': unknown point 'no_such_point'" in found
    assert "policy/follow_ups.yaml:5: follow-up 'if_refused': condition on unknown fact 'contract'" in found
    assert "policy/follow_ups.yaml:7: follow-up 'if_refused': duplicate follow-up id" in found


def test_point_conditions_placeholders_and_computations_name_real_facts(tmp_path: Path) -> None:
    pack = broken_pack(tmp_path, POINTS, "when: {days_since_submission: {lt: 14}}",
                       "when: {days_waited: {lt: 14}, contract_type: {equals: weekly}}")
    found = problems(pack)
    line = line_of(pack, POINTS, "- id: days_left")
    assert f"policy/points.yaml:{line}: point 'days_left': condition on unknown fact 'days_waited'" in found
    assert (f"policy/points.yaml:{line}: point 'days_left': 'weekly' is not a value of choice fact 'contract_type'"
            in found)
    pack = broken_pack(tmp_path / "2", POINTS, "text: \"The {amount} you were paid is yours.\"",
                       "text: \"The {amount_paid} you were paid is yours.\"")
    line = line_of(pack, POINTS, "- id: paid_amount_is_yours")
    assert (f"policy/points.yaml:{line}: point 'paid_amount_is_yours': {{amount_paid}} is neither a fact nor a "
            "computed value") in problems(pack)
    pack = broken_pack(tmp_path / "3", POINTS, "minus: [14, days_since_submission]", "minus: [14, contract_type]")
    line = line_of(pack, POINTS, "- id: days_left")
    assert (f"policy/points.yaml:{line}: point 'days_left': compute 'days_left': 'contract_type' is not a number "
            "or money fact") in problems(pack)


def test_a_point_without_sources_and_an_action_with_a_placeholder_are_refused(tmp_path: Path) -> None:
    pack = broken_pack(tmp_path, POINTS, '''    text: "A refund of released money is a request, not a duty."
    unless: {contract_type: {equals: catalog}}
    sources: [{title: Protection, url: "https://example.org/protection", checked: 2026-11-26}]''',
                       '''    text: "A refund of released money is a request, not a duty."
    unless: {contract_type: {equals: catalog}}''')
    line = line_of(pack, POINTS, "- id: refund_is_a_request")
    assert f"policy/points.yaml:{line}: point 'refund_is_a_request': cites no source" in problems(pack)
    pack = broken_pack(tmp_path / "2", TREES, 'action: "1. Wait for 14 days."',
                       'action: "1. Wait {days_since_submission} days."')
    assert any(p.endswith("outcome 'wait': the action has a {placeholder}: what varies with the facts goes in a "
                          "point") for p in problems(pack))


def test_a_source_without_a_checked_date_is_refused(tmp_path: Path) -> None:
    pack = broken_pack(tmp_path, POINTS, '''url: "https://example.org/protection", checked: 2025-01-10}''',
                       '''url: "https://example.org/protection"}''')
    assert any("checked: Field required" in p for p in problems(pack))


def test_sources_not_checked_for_a_year_are_listed_by_place() -> None:
    knowledge = load_knowledge(FIXTURE_PACK)
    stale = stale_sources(knowledge.trees.values(), knowledge.points.values(), knowledge.answers, date(2026, 1, 11))
    assert stale == ["point 'paid_amount_is_yours': source 'Protection' last checked 2025-01-10"]
    assert stale_sources(knowledge.trees.values(), knowledge.points.values(), knowledge.answers,
                         date(2026, 1, 10)) == [], "a year to the day is still current"


def test_branches_enter_only_known_trees_and_never_in_a_circle(tmp_path: Path) -> None:
    pack = broken_pack(tmp_path, TREES, "          - {when: {equals: hourly}, goto: hourly_window}",
                       "          - {when: {equals: hourly}, enter: waiting}\n"
                       "          - {when: {equals: catalog}, enter: nowhere}")
    pack_text = (pack / TREES).read_text().replace("{when: {one_of: [fixed, catalog]}, goto: released}",
                                                   "{when: {equals: fixed}, goto: released}")
    pack_text = pack_text.replace("          - {when: {unknown: true}, goto: submit}",
                                  "          - {when: {unknown: true}, enter: refund}")
    (pack / TREES).write_text(pack_text)
    found = problems(pack)
    assert any(p.endswith("tree 'refund', node 'contract': enters unknown tree 'nowhere'") for p in found)
    assert any("tree 'refund': trees enter each other in a circle: refund → waiting → refund" in p for p in found)


def test_a_start_tree_must_exist(tmp_path: Path) -> None:
    pack = broken_pack(tmp_path, "policy/pack.yaml", "  name: Test pack\n", "  name: Test pack\n  start: triage\n")
    assert any(p.endswith("pack: start names unknown tree 'triage'") for p in problems(pack))


def test_a_policy_test_can_expect_points_and_fails_naming_those_not_shown(tmp_path: Path) -> None:
    from bot.maintain.policytest import run_tests

    pack = broken_pack(tmp_path, "tests/tests.yaml",
                       "  - {name: keep, tree: refund, facts: {contract_type: fixed, milestone_released: true}, "
                       "expect: {outcome: keep}}",
                       "  - {name: keep, tree: refund, facts: {contract_type: fixed, milestone_released: true}, "
                       "expect: {outcome: keep, points: [paid_amount_is_yours]}}\n"
                       "  - {name: keep paid, tree: refund, facts: {contract_type: fixed, milestone_released: true, "
                       "amount: 40}, expect: {outcome: keep, points: [paid_amount_is_yours, refund_is_a_request]}}")
    results = {r.test.name: r for r in run_tests(load_knowledge(pack))}
    assert results["keep"].failure == ("expected points paid_amount_is_yours to be shown; shown: "
                                       "refund_is_a_request")
    assert results["keep paid"].passed and results["keep paid"].points == ("paid_amount_is_yours",
                                                                           "refund_is_a_request")


def test_a_policy_test_can_expect_points_hidden_and_names_only_real_points(tmp_path: Path) -> None:
    from bot.maintain.policytest import run_tests

    pack = broken_pack(tmp_path, "tests/tests.yaml",
                       "  - {name: keep, tree: refund, facts: {contract_type: fixed, milestone_released: true}, "
                       "expect: {outcome: keep}}",
                       "  - {name: keep, tree: refund, facts: {contract_type: fixed, milestone_released: true}, "
                       "expect: {outcome: keep, hidden_points: [paid_amount_is_yours]}}\n"
                       "  - {name: keep paid, tree: refund, facts: {contract_type: fixed, milestone_released: true, "
                       "amount: 40}, expect: {outcome: keep, hidden_points: [paid_amount_is_yours]}}\n"
                       "  - {name: typo, tree: refund, facts: {contract_type: fixed, milestone_released: true}, "
                       "expect: {outcome: keep, hidden_points: [paid_amount_is_your]}}")
    results = {r.test.name: r for r in run_tests(load_knowledge(pack))}
    assert results["keep"].passed
    assert results["keep paid"].failure == "expected points paid_amount_is_yours not to be shown"
    assert results["typo"].failure == "no point named paid_amount_is_your"


def _days_left_anywhere(tmp_path: Path) -> Path:
    """The fixture pack with `days_left` added anywhere it applies, and listed by no outcome."""
    pack = broken_pack(tmp_path, POINTS, "  - id: days_left\n    weight: 80\n",
                       "  - id: days_left\n    weight: 80\n    anywhere: true\n")
    trees = pack / TREES
    trees.write_text(trees.read_text().replace("        points: [days_left]\n", ""))
    return pack


def test_a_point_added_anywhere_joins_every_outcome_where_its_conditions_hold(tmp_path: Path) -> None:
    from bot.maintain.coverage import ANYWHERE, coverage
    from bot.maintain.policytest import run_tests

    knowledge = load_knowledge(_days_left_anywhere(tmp_path))
    keep = knowledge.outcomes["keep"]
    assert knowledge.points_of(keep) == ["refund_is_a_request", "paid_amount_is_yours", "days_left"]
    results = {r.test.name: r for r in run_tests(knowledge)}
    assert results["wait"].points == ("days_left",)  # no longer listed by `wait`, still shown there
    assert "days_left" not in results["keep"].points  # the condition (days since submission) is not met
    row = next(t for t in coverage(knowledge, list(results.values())) if t.tree == ANYWHERE)
    assert row.points == (1, 1) and row.missed == []


def test_a_point_added_anywhere_needs_a_condition_and_is_not_listed(tmp_path: Path) -> None:
    pack = _days_left_anywhere(tmp_path)
    trees = pack / TREES
    trees.write_text(trees.read_text().replace("points: [refund_is_a_request, paid_amount_is_yours]",
                                               "points: [refund_is_a_request, paid_amount_is_yours, days_left]"))
    points = pack / POINTS
    points.write_text(points.read_text().replace("    when: {days_since_submission: {lt: 14}}\n", ""))
    found = problems(pack)
    assert (f"policy/trees.yaml:{line_of(pack, TREES, '      - id: keep')}: tree 'refund', outcome 'keep': point "
            "'days_left' is added anywhere it applies; don't list it") in found
    assert (f"policy/points.yaml:{line_of(pack, POINTS, '- id: days_left')}: point 'days_left': a point added "
            "anywhere needs a `when`, or every guidance would show it") in found


def test_an_answer_condition_names_a_real_fact_and_a_value_it_can_have(tmp_path: Path) -> None:
    pack = broken_pack(tmp_path, "answers/answers.yaml", "    title: Released money is yours\n",
                       "    title: Released money is yours\n    unless: {asker_role: {equals: client}}\n")
    line = line_of(pack, "answers/answers.yaml", "  - id: released-money")
    assert f"answers/answers.yaml:{line}: answer 'released-money': condition on unknown fact 'asker_role'" \
        in problems(pack)
    pack = broken_pack(tmp_path / "two", "answers/answers.yaml", "    title: Released money is yours\n",
                       "    title: Released money is yours\n    unless: {contract_type: {equals: weekly}}\n")
    assert any("answer 'released-money'" in p and "weekly" in p for p in problems(pack))


def test_a_choice_condition_names_a_real_fact(tmp_path: Path) -> None:
    pack = broken_pack(tmp_path, "policy/facts.yaml", "      - {id: fixed,",
                       "      - {id: fixed, unless: {weekday: {equals: monday}},")
    assert any("choice 'fixed' unless: condition on unknown fact 'weekday'" in p for p in problems(pack))
