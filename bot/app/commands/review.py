"""`refundbot review [--all]` and `refundbot review export ID`: the advice members marked Not helpful or
moderators called wrong, and its export as a policy test."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.app.commands import settings_from
from bot.app.commands.output import add_format_option, print_json, wants_json
from bot.app.commands.tables import table
from bot.app.runtime import open_audit
from bot.pack.loading import default_knowledge_dir


def cmd_list(args: argparse.Namespace) -> int:
    from bot.maintain.review import entries

    listed = entries(open_audit(settings_from(args)), include_exported=args.all)
    if wants_json(args):
        print_json([e.as_json() for e in listed])
        return 0
    if not listed:
        print("The review queue is empty.")
        return 0
    rows = []
    for entry in listed:
        d = entry.decision
        when = datetime.fromtimestamp(entry.item.at, UTC).strftime("%Y-%m-%d %H:%M")
        who = "moderator" if entry.item.source == "moderator" else "not helpful"
        rows.append((entry.item.id, when, who, d.platform if d else "-", f"{d.tree}/{d.outcome}" if d else "(gone)",
                     d.verdict if d else "-", entry.item.verdict or "-", "exported" if entry.item.exported_to else ""))
    print(table(("id", "when", "why", "platform", "advice", "verdict", "wanted", ""), rows))
    for entry in listed:
        d = entry.decision
        if d is None:
            continue
        facts = ", ".join(f"{k}={'?' if v is None else v}" for k, v in sorted((d.facts or {}).items()))
        print(f"\n{entry.item.id}. facts: {facts or '(not recorded)'}\n   path: {' → '.join(d.steps) or '-'}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from bot.maintain.review import ReviewError, export

    settings = settings_from(args)
    try:
        written = export(open_audit(settings), args.id, settings.knowledge_dir or default_knowledge_dir(),
                         args.to, args.verdict)
    except ReviewError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote review item {args.id} as a policy test to {written}; `refundbot policy test` runs it")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    review = commands.add_parser("review", help="advice marked Not helpful or called wrong, and its export as "
                                                "a policy test")
    review.add_argument("--all", action="store_true", help="include items already exported")
    add_format_option(review)
    review.set_defaults(run=cmd_list)
    actions = review.add_subparsers(dest="review_command", metavar="ACTION")
    export = actions.add_parser("export", help="write an item as a policy test in the pack's tests/")
    export.add_argument("id", type=int)
    export.add_argument("--to", type=Path, metavar="FILE", help="the tests file (default: the pack's "
                                                                "tests/review.yaml)")
    export.add_argument("--verdict", help="the verdict the advice should give (default: the moderator's; "
                                          "without one, today's outcome is pinned for you to edit)")
    export.set_defaults(run=cmd_export)
