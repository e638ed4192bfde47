"""Answers tied to outcomes: validate warns when an outcome's advice changed after the answer was reviewed."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from bot.app.cli import main
from tests.conftest import FIXTURE_PACK


def run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_an_answer_reviewed_against_its_outcomes_goes_stale_when_their_advice_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture,
) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(FIXTURE_PACK, pack)
    answers = pack / "answers" / "answers.yaml"
    answers.write_text("# the fixture's answers\n" + answers.read_text().replace(
        "    aliases: [released, keep]\n", "    aliases: [released, keep]\n    outcomes: [keep, return_escrow]\n"))
    code, out = run(capsys, "policy", "validate", str(pack))
    assert code == 0
    assert "answer 'released-money' explains outcome 'keep' but was never reviewed against its advice" in out

    code, out = run(capsys, "--knowledge", str(pack), "answers", "reviewed", "released-money")
    assert code == 0, out
    code, out = run(capsys, "--knowledge", str(pack), "answers", "reviewed", "released-money")  # again: replaced
    assert code == 0, out
    text = answers.read_text()
    assert text.startswith("# the fixture's answers\n") and text.count("reviewed:") == 1
    stamped = yaml.safe_load(text)["answers"]
    assert stamped[0]["reviewed"]["checked"] == date.today() and set(stamped[0]["reviewed"]["advice"]) == {
        "keep", "return_escrow"}
    assert stamped[1]["id"] == "auto-release" and "reviewed" not in stamped[1]
    code, out = run(capsys, "policy", "validate", str(pack))
    assert code == 0 and "warning: answer" not in out

    trees = pack / "policy" / "trees.yaml"
    trees.write_text(trees.read_text().replace('action: "1. Decline the refund."', 'action: "1. Refuse the refund."'))
    code, out = run(capsys, "policy", "validate", str(pack))
    assert code == 0
    assert (f"answer 'released-money': the advice of outcome 'keep' changed after the answer was reviewed on "
            f"{date.today().isoformat()}") in out
    assert "outcome 'return_escrow'" not in out

    answers.write_text(answers.read_text().replace("outcomes: [keep, return_escrow]", "outcomes: [kept]"))
    code, out = run(capsys, "policy", "validate", str(pack))
    assert code == 1 and "answer 'released-money': unknown outcome 'kept'" in out
    code, out = run(capsys, "--knowledge", str(FIXTURE_PACK), "answers", "reviewed", "auto-release")
    assert code == 2 and "names no outcomes" in out


def test_a_hash_of_digits_only_is_stamped_as_text(tmp_path: Path, capsys: pytest.CaptureFixture,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(FIXTURE_PACK, pack)
    answers = pack / "answers" / "answers.yaml"
    answers.write_text(answers.read_text().replace(
        "    aliases: [released, keep]\n", "    aliases: [released, keep]\n    outcomes: [keep]\n"))
    monkeypatch.setattr("bot.maintain.answer_review.advice_hash", lambda outcome, points: "1234567890")
    monkeypatch.setattr("bot.pack.answer_checks.advice_hash", lambda outcome, points: "1234567890")
    code, out = run(capsys, "--knowledge", str(pack), "answers", "reviewed", "released-money")
    assert code == 0, out
    assert yaml.safe_load(answers.read_text())["answers"][0]["reviewed"]["advice"] == {"keep": "1234567890"}
