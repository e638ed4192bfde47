"""The console adapter: rendering, and whole piped conversations through `refundbot chat`."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from adapters.console import Console, render
from bot.conversation.engine import Engine
from bot.messages import Choice, Citation, Guidance, Question, Text
from bot.record.audit import AuditLog
from bot.record.sqlite import SQLiteStore
from tests.conftest import FIXTURE_PACK

ROOT = Path(__file__).parents[2]


def chat(stdin: str, database: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """`refundbot chat` as a member would pipe it, on the fixture pack."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFUNDBOT_")}
    return subprocess.run(
        [sys.executable, "-m", "bot", "--knowledge", str(FIXTURE_PACK), "--database", str(database), "chat", *extra],
        input=stdin, capture_output=True, text=True, timeout=60, cwd=ROOT, env=env,
    )


def test_a_piped_conversation_reaches_guidance_and_exits_0(tmp_path: Path) -> None:
    # The fixture pack has no language files, so the opening line is followed by the situation question.
    result = chat("the client wants a refund\nthe client wants a refund\nfixed price\nyes\n", tmp_path / "db.sqlite3")
    assert result.returncode == 0, result.stderr
    assert "== Keep it ==" in result.stdout
    assert "Verdict: Keep the released money" in result.stdout
    assert "Based on: fixed-price; payment released" in result.stdout
    assert "Released money is yours (canonical answer 'released-money')" in result.stdout
    assert "Not the marketplace's support; not legal advice." in result.stdout


def test_back_restart_help_and_i_dont_know_work_when_piped(tmp_path: Path) -> None:
    script = "\n".join(["hello", "2", "help", "restart", "1", "back", "1", "1", "I don't know"]) + "\n"
    result = chat(script, tmp_path / "db.sqlite3")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.count("Which of these is closest to your situation?") >= 3  # opening, restart, back
    assert "Fixed-price contracts pay per milestone." not in out  # help on the 'waiting' tree's first question
    assert "Answer with a number or the words of a choice" in out  # help text for a fact without its own
    assert "Verdict: Contact support" in out
    assert "payment released: not known" in out


def test_input_that_ends_early_exits_1_and_the_conversation_resumes(tmp_path: Path) -> None:
    database = tmp_path / "db.sqlite3"
    first = chat("the client wants a refund\n1\n1\n", database)
    assert first.returncode == 1
    assert "Input ended before the advice was reached" in first.stdout
    second = chat("no\n", database)
    assert second.returncode == 0, second.stderr
    assert "Picking up where you left off." in second.stdout
    assert "Has the client released the milestone?" in second.stdout
    assert "Verdict: Return escrow for work not done" in second.stdout


def test_separate_conversations_by_name(tmp_path: Path) -> None:
    database = tmp_path / "db.sqlite3"
    chat("the client wants a refund\n", database, "--conversation", "a")
    other = chat("hello\n", database, "--conversation", "b")
    assert "Picking up where you left off." not in other.stdout


def test_a_broken_pack_is_refused_with_its_problems(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--knowledge", str(tmp_path), "--database", str(tmp_path / "d"), "chat"],
        input="", capture_output=True, text=True, timeout=60, cwd=ROOT,
    )
    assert result.returncode == 1
    assert "not a knowledge pack: no policy/ directory" in result.stderr
    assert "Traceback" not in result.stderr


async def interactive(knowledge, tmp_path: Path, typed: str) -> tuple[str, AuditLog]:
    """An interactive console session on the fixture pack, its lines typed in order: what it printed (it must
    exit 0), and the audit log."""
    audit = AuditLog(tmp_path / "db.sqlite3")
    engine = Engine(knowledge, SQLiteStore(tmp_path / "db.sqlite3"), audit)
    stdout = io.StringIO()
    assert await Console(engine, stdin=io.StringIO(typed), stdout=stdout, interactive=True).run() == 0
    return stdout.getvalue(), audit


async def test_interactive_mode_asks_for_feedback(fixture_knowledge, tmp_path: Path) -> None:
    shown, audit = await interactive(fixture_knowledge, tmp_path, "hello\nthe client wants a refund\nhourly\ny\nquit\n")
    assert "Was this helpful?" in shown
    assert "Thanks, glad it helped." in shown
    assert audit.rows("SELECT helpful FROM guidance") == [(1,)]


async def test_quit_at_the_feedback_question_leaves(fixture_knowledge, tmp_path: Path) -> None:
    shown, _ = await interactive(fixture_knowledge, tmp_path,
                                 "hello\nthe client wants a refund\nhourly\nquit\nthe client wants a refund\n")
    assert shown.rstrip().endswith("Was this helpful? (y/n, or press Enter to skip)\n>")


def test_render_numbers_choices_and_spells_out_links() -> None:
    question = Question(token="q", prompt="**Which?**", choices=[Choice(id="a", label="A"), Choice(id="b", label="B")])
    assert render(question).splitlines()[:3] == ["Which?", "  1. A", "  2. B"]
    typed = Question(token="q", prompt="How many days?", choices=[Choice(id="unknown", label="I don't know")],
                     free_text=True)
    assert render(typed).splitlines()[1] == "  - I don't know", "a number typed here is the answer, not a pick"
    assert render(Text(markdown="see [rules](https://example.org)", tone="error")) == \
        "! see rules (https://example.org)"
    guidance = Guidance(id="1", tree="t", outcome="o", verdict="v", verdict_label="V", title="T", body="1. Do it.",
                        citations=[Citation(title="Rule", url="https://example.org/r")])
    assert "  - Rule (https://example.org/r)" in render(guidance)


def test_the_readme_conversation_on_the_shipped_pack(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFUNDBOT_")}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--database", str(tmp_path / "db.sqlite3"), "chat"],
        input="the client never released the milestone I submitted 10 days ago, fixed price, it was funded\nyes\n",
        capture_output=True, text=True, timeout=60, cwd=ROOT, env=env,
    )
    assert result.returncode == 0, result.stderr
    assert ("I understood: you are the freelancer; fixed-price; milestone funded; payment not released; work "
            "submitted for approval; submitted 10 days ago. Right?") in result.stdout
    assert "Verdict: Wait for the automatic release" in result.stdout
    assert "- You submitted 10 days ago, so about 4 days of the client's review window remain." in result.stdout


def test_lines_after_the_advice_are_read_as_follow_ups(tmp_path: Path) -> None:
    database = tmp_path / "db.sqlite3"
    result = chat("the client wants a refund\nthe client wants a refund\nfixed price\nyes\nthanks\n", database)
    assert result.returncode == 0, result.stderr
    assert "Verdict: Keep the released money" in result.stdout
    assert "or say restart for another situation" in result.stdout  # the line after the advice, answered
    again = chat("thanks again\n", database)  # a later run on a conversation already advised
    assert again.returncode == 0, again.stderr
    assert "Input ended before the advice was reached" not in again.stdout


async def test_a_follow_up_typed_at_the_feedback_question_is_read_as_one(fixture_knowledge, tmp_path: Path) -> None:
    shown, audit = await interactive(fixture_knowledge, tmp_path,
                                     "hello\nthe client wants a refund\nhourly\nthanks a lot\nquit\n")
    assert "or say restart for another situation" in shown  # answered as a follow-up
    assert audit.rows("SELECT helpful FROM guidance") == [(None,)]  # no rating taken from it
