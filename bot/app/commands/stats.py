"""`refundbot stats [--since DATE]`: what members ask, what the bot advises, and how it is received."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from bot.app.commands import settings_from
from bot.app.commands.tables import table
from bot.app.runtime import open_audit


def _since(text: str) -> float:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)") from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def cmd_stats(args: argparse.Namespace) -> int:
    stats = open_audit(settings_from(args)).stats(args.since or 0.0)
    print("Most asked situations\n" + table(("tree", "guidance given"), stats["trees"]))
    print("\nVerdicts\n" + table(("verdict", "count"), stats["verdicts"]))
    print("\nCanonical answers posted\n" + table(("answer", "posts"), stats["answers"]))
    feedback = [(tree, helpful or 0, unhelpful or 0,
                 f"{helpful / (helpful + unhelpful):.0%}" if (helpful or 0) + (unhelpful or 0) else "-")
                for tree, helpful, unhelpful, _ in stats["feedback"]]
    print("\nFeedback\n" + table(("tree", "helpful", "not helpful", "helpful ratio"), feedback))
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    stats = commands.add_parser("stats", help="most asked situations, verdicts, answers posted, feedback")
    stats.add_argument("--since", type=_since, metavar="DATE", help="only records from this date (YYYY-MM-DD)")
    stats.set_defaults(run=cmd_stats)
