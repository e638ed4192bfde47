"""`refundbot eval CASES.yaml [--json]`: the community's cases through the real engine."""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path

from bot.commands import knowledge_from


def cmd_eval(args: argparse.Namespace) -> int:
    from bot.eval import format_table, load_cases, run_eval

    cases = load_cases(args.cases)
    report = asyncio.run(run_eval(knowledge_from(args), cases))
    if args.json:
        print(json.dumps({"totals": report.totals(),
                          "cases": [c.model_dump() | {"agrees": c.agrees} for c in report.cases]}, indent=2))
    else:
        print(format_table(report))
    return 0 if args.min_agreement is None or report.agreement >= args.min_agreement else 1


def register(commands: argparse._SubParsersAction) -> None:
    evaluate = commands.add_parser("eval", help="measure the advice on cases (verdicts, questions, pre-filled facts)")
    evaluate.add_argument("cases", type=Path, help="a YAML list of cases (see ../shared/eval/README.md)")
    evaluate.add_argument("--json", action="store_true", help="print JSON instead of a table")
    evaluate.add_argument("--min-agreement", type=float, help="exit 1 when verdict agreement is below this (0-1)")
    evaluate.set_defaults(run=cmd_eval)
