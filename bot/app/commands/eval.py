"""`refundbot eval CASES.yaml [--json]`: the community's cases through the real engine."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from bot.app.commands import knowledge_from


def cmd_eval(args: argparse.Namespace) -> int:
    from bot.maintain.eval import CasesError, format_table, load_cases, run_eval

    try:
        cases = load_cases(args.cases)
    except CasesError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    report = asyncio.run(run_eval(knowledge_from(args), cases))
    if args.json:  # JSON Lines: one object per case, then the summary
        for case in report.cases:
            print(json.dumps({"id": case.id, "verdict": case.verdict, "expected": case.expected,
                              "correct": case.agrees, "questions": case.questions, "tree": case.tree,
                              "prefilled": {"right": case.prefilled_right, "wrong": case.prefilled_wrong,
                                            "unjudged": case.prefilled_unjudged, "stated": case.stated},
                              "points": {"shown": case.points, "expected": case.expected_points,
                                         "made": case.points_made, "wrong": case.wrong_points}}))
        print(json.dumps(report.totals()))
    else:
        print(format_table(report))
    return 0  # a measurement, whatever the agreement


def register(commands: argparse._SubParsersAction) -> None:
    evaluate = commands.add_parser(
        "eval", help="measure the advice on cases (verdicts, questions, pre-filled facts, points)")
    evaluate.add_argument("cases", type=Path, help="a YAML list of cases (see ../shared/eval/README.md)")
    evaluate.add_argument("--json", action="store_true", help="one JSON object per case and a summary object")
    evaluate.set_defaults(run=cmd_eval)
