"""Shared helpers for the benchmark scripts: options, percentiles, the figure-beside-floor table, a throwaway
redis-server.

Every script takes `--quick` (a few iterations: tests/bench runs each one that way, so a bench that no longer
runs fails CI) and prints one row per figure: the figure, its floor measured in the same run, their ratio
and the target. Absolute times swing on a shared machine; the ratio to a floor measured alongside does not.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a fresh clone: python bench/x.py

# The real cases shipped and beside the project: members' own openings, with the facts to answer questions from.
CASE_FILES = [*sorted((ROOT / "tests" / "cases").glob("*.yaml")), *sorted((ROOT.parent / "shared" / "eval").glob(
    "*_cases.yaml"))]


def parser(doc: str | None) -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    options.add_argument("--quick", action="store_true", help="a few iterations: does it still run? (the tests)")
    return options


def percentile(samples: Sequence[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def mean(samples: Sequence[float]) -> float:
    return sum(samples) / len(samples)


@dataclass(frozen=True)
class Row:
    """One figure beside its floor. `at_most`: the ratio target; `limit`: an absolute one, on the figure."""

    name: str
    figure: float
    floor: float
    unit: str  # "ms", "turns/s", "MiB", "bytes"
    at_most: float | None = None
    limit: float | None = None
    higher_is_better: bool = False  # throughput: the ratio is floor / figure, so that it reads "times slower"

    @property
    def ratio(self) -> float:
        if self.higher_is_better:
            return self.floor / self.figure if self.figure else math.inf
        return self.figure / self.floor if self.floor else math.inf

    @property
    def holds(self) -> bool | None:
        if self.at_most is None and self.limit is None:
            return None
        ratio_ok = self.at_most is None or self.ratio <= self.at_most
        limit_ok = self.limit is None or self.figure < self.limit
        return ratio_ok and limit_ok

    def target(self) -> str:
        parts = ([f"ratio ≤ {self.at_most:g}×"] if self.at_most is not None else []) + \
                ([f"< {self.limit:g} {self.unit}"] if self.limit is not None else [])
        return ", ".join(parts) or "-"


def _number(value: float, unit: str) -> str:
    if unit in ("turns/s", "req/s", "bytes"):
        return f"{value:,.0f} {unit}"
    return f"{value:,.{3 if value < 1 else 2 if value < 10 else 1}f} {unit}"


def report(title: str, rows: Sequence[Row], notes: Sequence[str] = ()) -> None:
    """The table every bench prints: figure, floor, ratio (figure ÷ floor, or floor ÷ figure for a rate)."""
    print(f"{title} ({machine()})")
    table = [(r.name, _number(r.figure, r.unit), _number(r.floor, r.unit), f"{r.ratio:.2f}×", r.target(),
              {None: "-", True: "yes", False: "NO"}[r.holds]) for r in rows]
    print_table(("figure", "value", "floor", "ratio", "target", "holds"), table)
    for note in notes:
        print(note)


def machine() -> str:
    model = ""
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
    except (OSError, StopIteration):
        model = platform.processor() or platform.machine()
    return f"{os.cpu_count()} cores, {model}, Python {platform.python_version()}, {reader_build()}"


def reader_build() -> str:
    """Whether setup.py compiled the reader (mypyc) or it runs as plain Python: the figures differ about 2×."""
    from bot.reading import compiled

    return "reader compiled (mypyc)" if compiled() else "reader plain Python"


def print_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    cells = [[str(c) for c in header], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for number, row in enumerate(cells):
        print("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))))
        if number == 0:
            print("  ".join("-" * w for w in widths))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


@contextmanager
def redis_url() -> Iterator[str | None]:
    """A throwaway redis-server on a free port, or None where the binary is missing."""
    binary = shutil.which("redis-server")
    if binary is None:
        yield None
        return
    port = free_port()
    with tempfile.TemporaryDirectory() as directory:
        process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                    "--appendonly", "no", "--dir", directory],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for_port(port, 5)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            process.terminate()
            process.wait(timeout=10)
