"""`refundbot stats [--since DATE] [--paths]`: what members ask, what the bot advises, how it is received, and
where in the pack real conversations go."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from bot.app.commands import knowledge_from, settings_from
from bot.app.commands.output import add_format_option, print_json, wants_json
from bot.app.commands.tables import table
from bot.app.runtime import open_audit
from bot.record.audit import AuditLog


def _since(text: str) -> float:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)") from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def _ratio(helpful: int, unhelpful: int) -> str:
    return f"{helpful / (helpful + unhelpful):.0%}" if helpful + unhelpful else "-"


def cmd_stats(args: argparse.Namespace) -> int:
    audit = open_audit(settings_from(args))
    if args.paths:
        return _paths(args, audit)
    stats = audit.stats(args.since or 0.0)
    feedback = [(tree, helpful or 0, unhelpful or 0, _ratio(helpful or 0, unhelpful or 0))
                for tree, helpful, unhelpful, _ in stats["feedback"]]
    if wants_json(args):
        print_json({"trees": [{"tree": t, "guidance": n} for t, n in stats["trees"]],
                    "verdicts": [{"verdict": v, "count": n} for v, n in stats["verdicts"]],
                    "answers": [{"answer": a, "posts": n} for a, n in stats["answers"]],
                    "feedback": [{"tree": t, "helpful": h, "not_helpful": u} for t, h, u, _ in feedback]})
        return 0
    print("Most asked situations\n" + table(("tree", "guidance given"), stats["trees"]))
    print("\nVerdicts\n" + table(("verdict", "count"), stats["verdicts"]))
    print("\nCanonical answers posted\n" + table(("answer", "posts"), stats["answers"]))
    print("\nFeedback\n" + table(("tree", "helpful", "not helpful", "helpful ratio"), feedback))
    return 0


def _paths(args: argparse.Namespace, audit: AuditLog) -> int:
    from bot.maintain.paths import paths

    knowledge = knowledge_from(args)
    since = args.since or 0.0
    report = paths(knowledge, audit.decisions(since), audit.way_outs(since))
    if wants_json(args):
        print_json(report.as_json())
        return 0
    ended = [(tree, outcome, knowledge.verdict_label(verdict), n) for (tree, outcome, verdict), n
             in report.ended.most_common()]
    print("Where conversations ended\n" + table(("tree", "outcome", "verdict", "conversations"), ended))
    rows = [(t.tree, t.decisions, f"{sum(1 for n in t.outcomes.values() if n)}/{len(t.outcomes)}",
             f"{sum(1 for n in t.branches.values() if n)}/{len(t.branches)}") for t in report.trees]
    print("\nThe pack, as real conversations walk it\n"
          + table(("tree", "ended here", "outcomes reached", "branches taken"), rows))
    never = [f"  never reached in {t.tree}: {item}" for t in report.trees for item in t.never]
    if never:
        print("\n".join(never))
    other = sum(report.way_outs.values())
    share = f" ({other / report.conversations:.0%})" if report.conversations else ""
    print(f"\nEnded at \"something else\" (no situation fitted): {other} of {report.conversations} "
          f"conversations{share}")
    if report.gone:
        print(f"{report.gone} conversations ended in outcomes this pack no longer has")
    if report.without_steps:
        print(f"{report.without_steps} conversations were recorded before the branches taken were kept")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    stats = commands.add_parser("stats", help="most asked situations, verdicts, answers posted, feedback; "
                                              "--paths: where in the pack conversations go")
    stats.add_argument("--since", type=_since, metavar="DATE", help="only records from this date (YYYY-MM-DD)")
    stats.add_argument("--paths", action="store_true",
                       help="the outcomes and branches real conversations reach, those they never do, and how "
                            "often none of the situations fitted")
    add_format_option(stats)
    stats.set_defaults(run=cmd_stats)
