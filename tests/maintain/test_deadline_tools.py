"""`policy validate` renders every draft with every combination it can meet; `policy explain` shows the
deadlines worked out."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.maintain.drafts_render import render_all
from bot.maintain.explain import explain
from bot.pack.loading import load_knowledge
from tests.maintain.test_policy_tools import run
from tests.pack.test_extras_checks import DEADLINES, pack_with


def with_draft(tmp_path: Path, template: str) -> Path:
    return pack_with(tmp_path, DEADLINES + f"""    drafts:
      - {{id: note, to: support, title: A note, template: "{template}"}}
""")


def test_a_draft_that_fails_for_a_reachable_combination_fails_validate(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture) -> None:
    pack = with_draft(tmp_path, "Paid {{ amount }}, due {{ release.due }}")  # neither guarded
    _, problems = render_all(load_knowledge(pack))
    assert problems == ["outcome 'wait', draft 'note' fails with amount=not known, release=not known: "
                        "'amount' is undefined"]
    code, out = run(capsys, "policy", "validate", str(pack))
    assert code == 1 and "error: outcome 'wait', draft 'note' fails with amount=not known" in out


def test_a_guarded_draft_renders_in_every_combination(tmp_path: Path) -> None:
    pack = with_draft(tmp_path, "{% if amount is defined %}Paid {{ amount }}{% endif %}"
                                "{% if release is defined and release.passed %} since {{ release.due }}{% endif %}")
    rendered, problems = render_all(load_knowledge(pack))
    assert problems == [] and rendered == 3 * 3  # amount: not known, $50, $1,200.50; release: not known, coming, passed


def test_explain_shows_the_deadlines_worked_out(tmp_path: Path) -> None:
    knowledge = load_knowledge()
    now = datetime(2026, 11, 26, 10, tzinfo=UTC).timestamp()
    shown = explain(knowledge, None, {}, "the client never released the milestone I submitted on 16 Nov, fixed "
                                         "price, it was funded, he is silent", now=now)
    assert ("deadlines (today 26 Nov 2026, UTC):\n  + auto_release (coming): days_since_submission=10 → 16 Nov 2026 "
            "+ client_review 14 days = 30 Nov 2026") in shown
