"""`refundbot policy impact [--against DIR|GIT_REF]`: what a policy edit would change for members who already
asked (recorded decisions) and for the corpus cases. Exits 3 when something would change, for CI and pre-merge
checks."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from bot.app.commands import settings_from
from bot.app.commands.output import add_format_option, print_json, wants_json
from bot.app.runtime import open_audit
from bot.pack.loading import default_knowledge_dir, load_knowledge

CHANGED = 3  # distinct from 1 (a broken pack) and 2 (bad input)


def cmd_impact(args: argparse.Namespace) -> int:
    from bot.maintain.eval import CasesError, load_cases
    from bot.maintain.impact import default_case_files, format_impact, impact
    from bot.maintain.packsource import PackSourceError, pack_at

    settings = settings_from(args)
    directory = settings.knowledge_dir or default_knowledge_dir()
    working = load_knowledge(directory)
    files = args.cases if args.cases is not None else default_case_files(Path.cwd())
    try:
        cases = [(os.path.relpath(path), case) for path in files for case in load_cases(path)]
    except CasesError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    recorded = settings.database_url or settings.database.exists()
    decisions = open_audit(settings).decisions() if recorded else []
    try:
        with pack_at(args.against, directory) as other:
            against = load_knowledge(other)
            report = asyncio.run(impact(working, against, decisions, cases))
    except PackSourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if wants_json(args):
        print_json({**report.as_json(), "against": {**report.as_json()["against"], "name": args.against}})
    else:
        print(format_impact(report, args.against))
    return CHANGED if report.changed else 0


def register(actions: argparse._SubParsersAction) -> None:
    impact = actions.add_parser(
        "impact", help="replay recorded decisions and the corpus through this pack and another; exit 3 if any "
                       "would change")
    impact.add_argument("--against", default="HEAD", metavar="DIR|GIT_REF",
                        help="the pack to compare with: a directory, or a git revision of the working pack "
                             "(default HEAD: what your uncommitted edits change)")
    impact.add_argument("--cases", type=Path, action="append", metavar="FILE",
                        help="a YAML file of cases (repeatable); default tests/cases/*.yaml and "
                             "../shared/eval/*cases*.yaml under the current directory")
    add_format_option(impact)
    impact.set_defaults(run=cmd_impact)
