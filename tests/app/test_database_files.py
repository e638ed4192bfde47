"""A database file the bot cannot use: one line saying what is wrong with which path and what to do, exit
status 1, for every command that opens it; a damaged or empty file is never written to."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app.cli import main
from tests.conftest import FIXTURE_PACK

ROOT = Path(__file__).parents[2]
# Every command that opens the database, with what it needs to get that far.
COMMANDS = [["chat"], ["stats"], ["answers", "list"], ["serve", "slack"], ["serve", "discord"],
            ["discord", "sync"]]
TOKENS = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "secret", "DISCORD_TOKEN": "discord-test"}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in os.environ if n.startswith("REFUNDBOT_")]:
        monkeypatch.delenv(name)
    for name, value in TOKENS.items():
        monkeypatch.setenv(name, value)


def good_database(path: Path) -> Path:
    """A sound database with a conversation in it, as `refundbot chat` leaves it."""
    process = refundbot(path, "chat", stdin="hello\n")
    assert process.returncode == 1 and path.stat().st_size > 0, process.stderr
    return path


def refundbot(database: Path, *argv: str, stdin: str = "", wrap: list[str] | None = None,
              **popen: object) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "bot", "--knowledge", str(FIXTURE_PACK), "--database", str(database), *argv]
    return subprocess.run([*(wrap or []), *command], input=stdin, capture_output=True, text=True, cwd=ROOT,
                          timeout=60, env={**os.environ, **TOKENS}, **popen)  # type: ignore[call-overload]


def one_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    return lines[0]


def run_in_process(capsys: pytest.CaptureFixture, database: Path, *argv: str) -> tuple[int, str]:
    code = main(["--knowledge", str(FIXTURE_PACK), "--database", str(database), *argv])
    return code, capsys.readouterr().err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def damage(path: Path) -> None:
    """Overwrite pages in the middle of the file, as a failing disk or a bad copy would."""
    with path.open("r+b") as file:
        file.seek(4096)
        file.write(os.urandom(8192))


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_refuses_a_damaged_file_in_one_line_and_leaves_it(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture,
) -> None:
    database = tmp_path / "bot.sqlite3"
    database.write_bytes(b"this is not a database, it is somebody's notes " * 200)
    before = digest(database)
    code, err = run_in_process(capsys, database, *command)
    line = one_error_line(err)
    assert code == 1
    assert line == (f"error: the database {database} is damaged (file is not a database), so it was left "
                    "untouched; restore it from a backup, or run again with --move-aside-corrupt to set it aside "
                    "and start a new one")
    assert digest(database) == before and sorted(p.name for p in tmp_path.iterdir()) == ["bot.sqlite3"]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_refuses_an_empty_file_instead_of_starting_over(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture,
) -> None:
    database = tmp_path / "bot.sqlite3"
    database.touch()
    code, err = run_in_process(capsys, database, *command)
    assert code == 1
    assert one_error_line(err).startswith(f"error: the database {database} is empty (0 bytes): whatever it held "
                                          "is gone, so it was left untouched; restore it from a backup, or run "
                                          "again with --move-aside-corrupt")
    assert database.stat().st_size == 0


def test_a_file_damaged_past_its_first_page_is_found_at_start(tmp_path: Path) -> None:
    database = good_database(tmp_path / "bot.sqlite3")
    conn = sqlite3.connect(database, isolation_level=None)  # enough sessions that the damage hits the tables
    conn.executemany("INSERT INTO sessions VALUES (?, ?, 1e12)", [(f"k{n}", "{}" * 500) for n in range(100)])
    conn.close()  # the last connection out writes the journal back into the file
    damage(database)
    before = digest(database)
    process = refundbot(database, "chat", stdin="hello\n")
    assert process.returncode == 1
    assert one_error_line(process.stderr).startswith(f"error: the database {database} is damaged (")
    assert process.stdout == "" and digest(database) == before


def test_a_directory_that_does_not_exist(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    database = tmp_path / "no-such-directory" / "bot.sqlite3"
    code, err = run_in_process(capsys, database, "chat")
    assert code == 1
    assert one_error_line(err) == (f"error: cannot open the database {database}: the directory {database.parent} "
                                   "does not exist; create it, or choose another file with --database")
    assert not database.parent.exists()


def test_the_default_location_is_created(tmp_path: Path) -> None:
    data = tmp_path / "data"
    process = subprocess.run([sys.executable, "-m", "bot", "--knowledge", str(FIXTURE_PACK), "stats"],
                             capture_output=True, text=True, cwd=ROOT, timeout=60,
                             env={**os.environ, "XDG_DATA_HOME": str(data), "HOME": str(tmp_path)})
    assert process.returncode == 0, process.stderr
    assert (data / "refundbot" / "refundbot.sqlite3").is_file()


def namespaces() -> None:
    """Skip unless a private mount namespace can be made (to mount a small disk, or a read-only view)."""
    if not shutil.which("unshare"):
        pytest.skip("needs unshare (util-linux) for a private mount namespace")
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"user namespaces unavailable here: {probe.stderr.decode().strip()}")


def read_only(path: Path) -> list[str]:
    """Make `path` read-only for the command; returns what to run it under. Root ignores file modes, so for
    root the path is bind-mounted read-only in a private mount namespace (the same EROFS a read-only disk gives)."""
    if os.geteuid() != 0:
        path.chmod(0o555 if path.is_dir() else 0o444)
        return []
    namespaces()
    return ["unshare", "-rm", "sh", "-c",
            f"mount --bind {path} {path} && mount -o remount,bind,ro {path} && exec \"$@\"", "sh"]


def test_a_read_only_file(tmp_path: Path) -> None:
    database = good_database(tmp_path / "bot.sqlite3")
    before = digest(database)
    process = refundbot(database, "chat", stdin="hello\n", wrap=read_only(database))
    assert process.returncode == 1
    assert one_error_line(process.stderr) == (
        f"error: cannot use the database {database}: the file is read-only; make it writable (chmod u+rw), "
        "or choose another file with --database")
    assert digest(database) == before


def test_a_directory_that_cannot_be_written(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    database = good_database(tmp_path / "data" / "bot.sqlite3")
    process = refundbot(database, "stats", wrap=read_only(database.parent))
    database.parent.chmod(0o755)
    assert process.returncode == 1
    assert one_error_line(process.stderr) == (
        f"error: cannot use the database {database}: the directory {database.parent} is not writable (SQLite "
        "keeps its journal beside the file); make it writable, or choose another file with --database")


def test_a_full_disk(tmp_path: Path) -> None:
    """A real full disk: a small tmpfs in a private mount namespace, filled up, the database on it."""
    namespaces()
    source = good_database(tmp_path / "bot.sqlite3")
    disk = tmp_path / "disk"
    disk.mkdir()
    database = disk / "bot.sqlite3"
    fill = (f"mount -t tmpfs -o size=1m tmpfs {disk} && cp {source} {database} && "
            f"(head -c 2000000 /dev/zero > {disk}/filler 2>/dev/null; true) && exec \"$@\"")
    process = refundbot(database, "chat", stdin="hello\n", wrap=["unshare", "-rm", "sh", "-c", fill, "sh"])
    assert process.returncode == 1
    assert one_error_line(process.stderr) == (
        f"error: cannot write the database {database}: the disk is full; free some space and run again "
        "(what was saved before is kept)")


def test_move_aside_only_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    database = tmp_path / "bot.sqlite3"
    database.write_bytes(b"\x00garbage" * 1000)
    before = digest(database)
    assert run_in_process(capsys, database, "stats")[0] == 1

    code = main(["--knowledge", str(FIXTURE_PACK), "--database", str(database), "--move-aside-corrupt", "stats"])
    captured = capsys.readouterr()
    assert code == 0
    [kept] = [p for p in tmp_path.iterdir() if p.name.startswith("bot.sqlite3.corrupt-")]
    assert captured.err == (f"The database {database} was damaged or empty: it is kept as {kept}; "
                            "starting a new one.\n")
    assert digest(kept) == before, "the damaged file is kept as it was"
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT COUNT(*) FROM guidance").fetchone() == (0,)

    code = main(["--knowledge", str(FIXTURE_PACK), "--database", str(database), "--move-aside-corrupt", "stats"])
    assert code == 0 and capsys.readouterr().err == "", "a sound database is never moved"
    assert len(list(tmp_path.glob("bot.sqlite3.corrupt-*"))) == 1
