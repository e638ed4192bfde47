"""Load and validate a pack with a generated 2,000-node tree, beside a bare libyaml parse of the same bytes.

    python bench/policy_load.py [--nodes N] [--repeat N] [--quick]

The floor is `yaml.load(..., Loader=yaml.CLoader)` of every file the loader reads, so the ratio is what
line-keeping, the refusal of aliases, pydantic validation and the load-time checks cost over parsing alone.
"""

from __future__ import annotations

import copy
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from _common import Row, parser, report

from bot.pack.loading import default_knowledge_dir, load_knowledge

FACT = "milestone_funded"  # a yes/no fact of the shipped pack


def _outcome_template() -> dict[str, Any]:
    """A shipped outcome as data, so the generated ones follow the current schema without being written here."""
    shipped = load_knowledge()
    outcome = next(o for t in shipped.trees.values() for o in t.outcomes)
    return outcome.model_dump(mode="json", exclude_defaults=True) | {"points": []}  # no points file needed


def generate(pack: Path, nodes: int) -> list[Path]:
    """The shipped pack settings, facts and answers, and one tree: a chain of yes/no nodes, each with an
    'I don't know' branch, ending in one of 20 outcomes. Returns every file the loader will read."""
    shipped = default_knowledge_dir()
    (pack / "policy").mkdir(parents=True)
    for name in ("pack.yaml", "facts.yaml"):
        text = (shipped / "policy" / name).read_text()
        (pack / "policy" / name).write_text(text.replace("  start: start\n", ""))  # the chain is the only tree
    shutil.copytree(shipped / "answers", pack / "answers")
    lines = ["trees:", "  - id: generated", "    title: A generated tree", "    start: n0", "    nodes:"]
    for i in range(nodes):
        nxt = f"n{i + 1}" if i + 1 < nodes else "o_end"
        lines += [f"      - id: n{i}", f"        fact: {FACT}", "        branches:",
                  f"          - {{when: {{equals: true}}, goto: {nxt}}}",
                  f"          - {{when: {{equals: false}}, goto: o{i % 20}}}",
                  f"          - {{when: {{unknown: true}}, goto: o{(i + 1) % 20}}}"]
    template = _outcome_template()
    outcomes = [copy.deepcopy(template) | {"id": outcome, "title": f"Outcome {outcome}"}
                for outcome in [*(f"o{i}" for i in range(20)), "o_end"]]
    dumped = yaml.safe_dump({"outcomes": outcomes}, sort_keys=False, width=1000)
    lines += ["    " + line for line in dumped.splitlines()]
    (pack / "policy" / "generated.yaml").write_text("\n".join(lines) + "\n")
    return sorted(pack.rglob("*.yaml"))


def bare_parse(files: list[Path]) -> None:
    for path in files:
        yaml.load(path.read_bytes(), Loader=yaml.CLoader)  # the floor: libyaml, nothing else


def main() -> None:
    options = parser(__doc__)
    options.add_argument("--nodes", type=int, default=2000)
    options.add_argument("--repeat", type=int, default=15)
    args = options.parse_args()
    repeat = 2 if args.quick else args.repeat
    with tempfile.TemporaryDirectory() as directory:
        pack = Path(directory) / "pack"
        files = generate(pack, args.nodes)
        size = sum(p.stat().st_size for p in files)
        loads, parses = [], []
        for _ in range(repeat):  # interleaved, so both see the same machine
            started = time.perf_counter()
            knowledge = load_knowledge(pack)
            loads.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            bare_parse(files)
            parses.append((time.perf_counter() - started) * 1000)
        assert len(knowledge.trees["generated"].nodes) == args.nodes
    report(f"policy load: {args.nodes:,} nodes, {len(files)} files, {size / 1024:,.0f} KiB, {repeat} loads", [
        Row("load + validate, median", statistics.median(loads), statistics.median(parses), "ms", at_most=1.5,
            limit=200),
        Row("load + validate, best", min(loads), min(parses), "ms", at_most=1.5, limit=200),
    ], ["floor: yaml.load with libyaml's CLoader of the same files"])


if __name__ == "__main__":
    main()
