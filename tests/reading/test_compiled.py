"""The reader compiled by setup.py (mypyc) and the same modules run as plain Python read alike: the compiled
ones are what serves where a compiler was at hand, the plain ones what runs everywhere else."""

from __future__ import annotations

import importlib.machinery
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.reading import compiled, stale_compiled

ROOT = Path(__file__).parents[2]
CASES = ROOT / "tests" / "cases"

# Run in this process (compiled) and in a child that has only the .py files of the package (plain).
READ_ALL = """
import json, sys
from pathlib import Path
from bot.pack.loading import load_knowledge
from bot.reading import compiled
from bot.reading.phrases import reader_for, reply_reader_for
assert not compiled(), "the child must read with the plain modules"
knowledge = load_knowledge()
texts = json.loads(Path(sys.argv[1]).read_text())
out = [[reader(knowledge).read(text).model_dump(mode="json") for reader in (reader_for, reply_reader_for)]
       for text in texts]
print(json.dumps(out))
"""


def test_the_compiled_reader_reads_the_corpus_as_the_plain_one(tmp_path: Path) -> None:
    if not compiled():
        reason = ("the reader is plain Python here (no compiler at install, or REFUNDBOT_PURE_PYTHON): there is no "
                  "compiled reading to compare")
        if os.environ.get("REFUNDBOT_REQUIRE_COMPILED") == "1":
            pytest.fail(reason + " (REFUNDBOT_REQUIRE_COMPILED=1)")
        pytest.skip(reason)
    texts = [text for path in sorted(CASES.glob("*.yaml")) for case in yaml.safe_load(path.read_text())
             for text in (case["message"], case.get("title", "")) if text]
    (tmp_path / "texts.json").write_text(json.dumps(texts))
    plain = tmp_path / "plain"
    for package in ("bot", "knowledge"):
        shutil.copytree(ROOT / package, plain / package, ignore=shutil.ignore_patterns("*.so", "__pycache__"))
    (tmp_path / "read_all.py").write_text(READ_ALL)
    child = subprocess.run([sys.executable, str(tmp_path / "read_all.py"), str(tmp_path / "texts.json")],
                           capture_output=True, text=True, cwd=plain, env={"PYTHONPATH": str(plain)}, check=True)
    from bot.pack.loading import load_knowledge
    from bot.reading.phrases import reader_for, reply_reader_for

    knowledge = load_knowledge()
    ours = [[reader(knowledge).read(text).model_dump(mode="json") for reader in (reader_for, reply_reader_for)]
            for text in texts]
    theirs = json.loads(child.stdout)
    assert len(theirs) == len(texts)
    for text, mine, plain_reading in zip(texts, ours, theirs, strict=True):
        assert mine == plain_reading, text


def test_a_module_edited_after_it_was_compiled_is_named(tmp_path: Path) -> None:
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    for name, compiled_first in (("phrases", True), ("typed", False)):
        source, built = tmp_path / f"{name}.py", tmp_path / f"{name}{suffix}"
        first, second = (built, source) if compiled_first else (source, built)
        first.write_text("")
        second.write_text("")
        os.utime(first, (1_000, 1_000))
        os.utime(second, (2_000, 2_000))
    (tmp_path / "plain.py").write_text("")  # never compiled: nothing to say
    assert stale_compiled(tmp_path) == ["phrases.py"]
