"""Every benchmark still runs: each script in bench/, in its quick mode, must exit 0 and print its figures,
each beside its floor with their ratio. Behaviour only: no timing is asserted here (the figures are bench/'s)."""

from __future__ import annotations

import math
import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).parents[2] / "bench"
SCRIPTS = sorted(p.name for p in BENCH.glob("*.py") if not p.name.startswith("_"))
HEADER = re.compile(r"^figure\s+value\s+floor\s+ratio\s+target\s+holds$", re.MULTILINE)
ROW = re.compile(r"^(?P<name>\S.*?)\s{2,}(?P<value>[\d,.]+ \S+)\s{2,}(?P<floor>[\d,.]+ \S+)\s{2,}(?P<ratio>\S+)×",
                 re.MULTILINE)


def test_every_bench_is_tested() -> None:
    assert {"engine.py", "policy_load.py", "answers_search.py", "slack_http.py", "memory.py",
            "reading.py"} <= set(SCRIPTS)


@pytest.mark.parametrize("script", SCRIPTS)
def test_bench_runs_and_prints_figures_beside_floors(script: str) -> None:
    done = subprocess.run([sys.executable, str(BENCH / script), "--quick"], capture_output=True, text=True,
                          timeout=600, cwd=BENCH.parent)
    assert done.returncode == 0, done.stderr[-3000:]
    assert HEADER.search(done.stdout), done.stdout
    rows = ROW.findall(done.stdout)
    assert rows, done.stdout
    for name, _, _, ratio in rows:
        assert math.isfinite(float(ratio)) and float(ratio) > 0, f"{script}: {name} has ratio {ratio}"
