"""Load and validate a generated knowledge pack with one 2,000-node tree.

    python bench/policy_load.py [--nodes N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from _common import print_table

from bot.pack.loading import default_knowledge_dir, load_knowledge


def generate(pack: Path, nodes: int) -> None:
    """A chain of yes/no nodes, each with an 'I don't know' branch, ending in one of 20 outcomes."""
    shutil.copytree(default_knowledge_dir() / "policy", pack / "policy", ignore=shutil.ignore_patterns("*.py"))
    shutil.copytree(default_knowledge_dir() / "answers", pack / "answers")
    lines = ["trees:", "  - id: generated", "    title: A generated tree", "    start: n0", "    nodes:"]
    for i in range(nodes):
        nxt = f"n{i + 1}" if i + 1 < nodes else "o_end"
        lines += [f"      - id: n{i}", "        fact: milestone_funded", "        branches:",
                  f"          - {{when: {{equals: true}}, goto: {nxt}}}",
                  f"          - {{when: {{equals: false}}, goto: o{i % 20}}}",
                  f"          - {{when: {{unknown: true}}, goto: o{(i + 1) % 20}}}"]
    lines.append("    outcomes:")
    for outcome in [*(f"o{i}" for i in range(20)), "o_end"]:
        lines += [f"      - id: {outcome}", "        verdict: contact_support", f"        title: Outcome {outcome}",
                  '        guidance: "1. Do the thing."', "        answers: [contact-support]",
                  '        sources: [{title: Support, url: "https://example.org/support"}]']
    (pack / "policy" / "generated.yaml").write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        pack = Path(directory) / "pack"
        generate(pack, args.nodes)
        size = (pack / "policy" / "generated.yaml").stat().st_size
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            knowledge = load_knowledge(pack)
            times.append(time.perf_counter() - started)
        assert len(knowledge.trees["generated"].nodes) == args.nodes
    print_table(("nodes", "outcomes", "file KiB", "best ms", "median ms"),
                [(args.nodes, 21, f"{size / 1024:,.0f}", f"{min(times) * 1000:.0f}",
                  f"{statistics.median(times) * 1000:.0f}")])


if __name__ == "__main__":
    main()
