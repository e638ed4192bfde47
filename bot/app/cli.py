"""The `refundbot` command line: chat, serve, policy tools, eval, answers, stats, review and the site.

Each command group lives in its own module under `bot.app.commands` and registers its parsers here.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pydantic import ValidationError
from pydantic_settings import SettingsError

from bot.app.commands import answers, chat, policy, review, serve, settings_from, site, stats
from bot.app.commands import eval as evaluate
from bot.app.logs import configure_logging
from bot.pack.yamlfile import PolicyError
from bot.record.database import MOVE_ASIDE_FLAG, DatabaseFileError, move_aside
from bot.record.sql import RecordUnavailable

# One module per command group, in the order `refundbot --help` lists them.
COMMAND_GROUPS = [chat, policy, serve, evaluate, answers, stats, review, site]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="refundbot", description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, help="a YAML settings file (see config/example.yaml)")
    parser.add_argument("--knowledge", type=Path, help="the knowledge pack directory (default: the shipped one)")
    parser.add_argument("--database", type=Path, help="the SQLite file for sessions and the audit log")
    parser.add_argument(MOVE_ASIDE_FLAG, action="store_true",
                        help="if the database file is damaged or empty, rename it (…corrupt-DATE) and start a new one")
    parser.add_argument("-v", "--verbose", action="store_true")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging("DEBUG" if args.verbose else "WARNING")  # until the settings say otherwise
    try:
        if args.move_aside_corrupt:
            _move_aside(settings_from(args).database)
        return args.run(args)
    except (DatabaseFileError, RecordUnavailable) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except PolicyError as exc:
        print(f"{len(exc.problems)} problem(s) in the knowledge pack:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except (ValidationError, SettingsError) as exc:
        print(f"error: invalid settings: {exc}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`refundbot … | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _move_aside(database: Path) -> None:
    moved = move_aside(database)
    if moved:
        print(f"The database {database} was damaged or empty: it is kept as {moved}; starting a new one.",
              file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
