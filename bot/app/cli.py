"""The `refundbot` command line: chat, serve, policy tools, eval, answers and stats.

Each command group lives in its own module under `bot.app.commands` and registers its parsers here.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pydantic import ValidationError
from pydantic_settings import SettingsError

from bot.app.commands import answers, chat, policy, review, serve, stats
from bot.app.commands import eval as evaluate
from bot.app.logs import configure_logging
from bot.pack.yamlfile import PolicyError

# One module per command group, in the order `refundbot --help` lists them.
COMMAND_GROUPS = [chat, policy, serve, evaluate, answers, stats, review]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="refundbot", description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, help="a YAML settings file (see config/example.yaml)")
    parser.add_argument("--knowledge", type=Path, help="the knowledge pack directory (default: the shipped one)")
    parser.add_argument("--database", type=Path, help="the SQLite file for sessions and the audit log")
    parser.add_argument("-v", "--verbose", action="store_true")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging("DEBUG" if args.verbose else "WARNING")  # until the settings say otherwise
    try:
        return args.run(args)
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


if __name__ == "__main__":
    raise SystemExit(main())
