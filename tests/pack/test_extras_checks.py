"""Load-time checks of durations, deadlines and outcome extras: every name they use must exist."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.pack.loading import load_knowledge
from tests.conftest import FIXTURE_PACK
from tests.pack.test_policy_checks import problems

SOURCE = '{title: Help, url: "https://example.org/help", checked: 2026-11-26}'
DEADLINES = f"""
durations:
  - {{id: review, days: 14, label: the review, sources: [{SOURCE}]}}
deadlines:
  - id: release
    since: days_since_submission
    add: review
    coming: "{{start}} + {{days}} days = {{due}}"
    passed: "That date has passed: {{due}}"
outcome_extras:
  - outcome: wait
    deadlines: [release]
"""


def pack_with(tmp_path: Path, extra: str) -> Path:
    pack = tmp_path / "pack"
    shutil.copytree(FIXTURE_PACK, pack)
    (pack / "policy" / "deadlines.yaml").write_text(extra)
    return pack


def test_a_sound_deadline_loads_and_points_may_name_a_duration(tmp_path: Path) -> None:
    pack = pack_with(tmp_path, DEADLINES)
    points = pack / "policy" / "points.yaml"
    points.write_text(points.read_text().replace("minus: [14, days_since_submission]", "minus: [review, "
                                                                                        "days_since_submission]"))
    knowledge = load_knowledge(pack)
    assert knowledge.durations["review"].days == 14
    assert knowledge.extras["wait"].deadlines == ["release"]


def test_unknown_durations_facts_deadlines_and_outcomes_are_refused(tmp_path: Path) -> None:
    broken = (DEADLINES.replace("add: review", "add: reviewing").replace("since: days_since_submission",
                                                                         "since: work_submitted")
              .replace("deadlines: [release]", "deadlines: [release, never]").replace("outcome: wait",
                                                                                    "outcome: waiting_long")
              .replace("{due}\"\n", "{due} {when}\"\n"))
    found = problems(pack_with(tmp_path, broken))
    assert any("deadline 'release': since: 'work_submitted' is not a number fact in days" in p for p in found)
    assert any("deadline 'release': add: unknown duration 'reviewing'" in p for p in found)
    assert any("deadline 'release': {when} is neither a fact nor one of start" in p for p in found)
    assert any("outcomeextras 'waiting_long': no tree has this outcome" in p for p in found)
    assert any("outcomeextras 'waiting_long': unknown deadline 'never'" in p for p in found)


def test_a_point_naming_an_unknown_duration_is_refused(tmp_path: Path) -> None:
    pack = pack_with(tmp_path, DEADLINES)
    points = pack / "policy" / "points.yaml"
    points.write_text(points.read_text().replace("minus: [14, days_since_submission]",
                                                 "minus: [reviews, days_since_submission]"))
    assert any("compute 'days_left': 'reviews' is not a number or money fact" in p for p in problems(pack))


def drafts_problems(tmp_path: Path, template: str) -> list[str]:
    extra = DEADLINES + f"""    drafts:
      - id: note
        to: other_party
        title: A note
        template: {json.dumps(template)}
"""
    return problems(pack_with(tmp_path, extra))


@pytest.mark.parametrize(("template", "problem"), [
    ("{{ ''.__class__.__mro__ }}", "“.__class__” reaches outside the data"),
    ("{{ contract_type.upper() }}", "Call is not allowed"),
    ("{% include 'secrets.txt' %}", "Include is not allowed"),
    ("{% import 'x' as y %}", "Import is not allowed"),
    ("{% for c in range(9) %}{{ c }}{% endfor %}", "For is not allowed"),
    ("{{ lipsum }}", "{{ lipsum }} names nothing a draft is given"),
    ("{{ contract_type | attr('x') }}", "filter 'attr' is not allowed"),
    ("{{ release.__globals__ }}", "“.__globals__” reaches outside the data"),
    ("{% if x %}", "template line 1"),
])
def test_a_draft_reaching_outside_its_data_is_refused_at_load_time(tmp_path: Path, template: str,
                                                                   problem: str) -> None:
    found = drafts_problems(tmp_path, template)
    assert any("outcomeextras 'wait', draft 'note'" in p and problem in p for p in found), found


def test_a_draft_naming_facts_durations_and_deadline_fields_loads(tmp_path: Path) -> None:
    template = "{{ contract_type | upper }} {{ review }} {% if release is defined %}{{ release.due }}{% endif %}"
    extra = DEADLINES + f"""    drafts:
      - {{id: note, to: support, title: A note, template: {json.dumps(template)}}}
"""
    assert load_knowledge(pack_with(tmp_path, extra)).extras["wait"].drafts[0].id == "note"
