"""`refundbot site build DIR`: the knowledge pack as a static site (see bot.maintain.site)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.app.commands import knowledge_from


def cmd_build(args: argparse.Namespace) -> int:
    from bot.maintain.site import SiteError, build_site

    knowledge = knowledge_from(args)
    try:
        built = build_site(knowledge, args.directory)
    except SiteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Wrote {built.answers} answer pages and {built.trees} tree pages; open {built.directory / 'index.html'}")
    for page in built.removed:
        print(f"  removed {page} (no longer in the pack)")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    site = commands.add_parser("site", help="the knowledge pack as a static site to publish and link")
    actions = site.add_subparsers(dest="site_command", required=True, metavar="ACTION")
    build = actions.add_parser("build", help="write the site (answers, trees with diagrams, a searchable index)")
    build.add_argument("directory", type=Path, metavar="DIR", help="a new or empty directory, or an earlier build")
    build.set_defaults(run=cmd_build)
