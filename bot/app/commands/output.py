"""How commands print: a table for people (`tables.table`, the one printer), or `--format json` for programs."""

from __future__ import annotations

import argparse
import json
from typing import Any


def add_format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text (tables, for people) or json (one document, for programs)")


def wants_json(args: argparse.Namespace) -> bool:
    return getattr(args, "format", "text") == "json"


def print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str))
