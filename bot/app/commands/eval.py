"""`refundbot eval CASES.yaml [--json]`: the community's cases through the real engine."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.app.commands import knowledge_from
from bot.app.commands.tables import table

if TYPE_CHECKING:
    from bot.maintain.eval import Report


def cmd_eval(args: argparse.Namespace) -> int:
    from bot.maintain.eval import CasesError, load_cases, run_eval

    try:
        report = asyncio.run(run_eval(knowledge_from(args), load_cases(args.cases), args.cases))
    except CasesError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:  # JSON Lines: one object per case, then the summary
        for case in report.cases:
            print(json.dumps({"id": case.id, "verdict": case.verdict, "expected": case.expected,
                              "correct": case.agrees, "given": case.given,
                              "questions": case.questions, "tree": case.tree,
                              "prefilled": {"right": case.prefilled_right, "wrong": case.prefilled_wrong,
                                            "unjudged": case.prefilled_unjudged, "stated": case.stated},
                              "points": {"shown": case.points, "expected": case.expected_points,
                                         "made": case.points_made, "wrong": case.wrong_points}}))
        print(json.dumps(report.totals()))
    else:
        print(format_table(report))
    return 0  # a measurement, whatever the agreement


def format_table(report: Report) -> str:
    rows = []
    for c in report.cases:
        made = f"{len(c.points_made)}/{len(c.expected_points)}" if c.expected_points else "-"
        rows.append((c.id, c.expected, c.verdict or "-", "yes" if c.agrees else "NO", c.questions,
                     f"{len(c.prefilled_right)}/{c.stated}", ", ".join(c.prefilled_wrong) or "-", made,
                     ", ".join(c.wrong_points) or "-"))
    lines = [table(("case", "expected", "verdict", "ok", "questions", "pre-filled right", "wrong", "points made",
                    "wrong points"), rows)]
    totals = report.totals()
    lines += ["", f"verdict agreement {totals['agreement']:.0%} of {totals['cases']} cases "
              f"({report.given_agreement:.0%} with the stated facts given exactly, no reading); "
              f"facts pre-filled {totals['prefill_recall']:.0%} of those stated, {totals['prefill_wrong']:.0%} of "
              f"pre-filled wrong; {totals['mean_questions']:.2f} questions asked on average"]
    if report.point_recall is not None:
        lines.append(f"points: {report.point_recall:.0%} of the experts' points made; "
                     f"{report.wrong_point_rate or 0:.1%} of points shown wrong for the case")
    lines.append(f"{report.distinct_texts} distinct guidance texts for {totals['cases']} cases")
    return "\n".join(lines)


def register(commands: argparse._SubParsersAction) -> None:
    evaluate = commands.add_parser(
        "eval", help="measure the advice on cases (verdicts, questions, pre-filled facts, points)")
    evaluate.add_argument("cases", type=Path, help="a YAML list of cases (see ../shared/eval/README.md)")
    evaluate.add_argument("--json", action="store_true", help="one JSON object per case and a summary object")
    evaluate.set_defaults(run=cmd_eval)
