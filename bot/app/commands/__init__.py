"""The `refundbot` sub-commands, one module per group; each module exposes `register(commands)`.

`register` receives argparse's sub-parsers action, adds its parsers and sets `run=` on each to a
function taking the parsed arguments and returning an exit code.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from bot.app.logs import configure_logging
from bot.app.settings import Settings, load_settings
from bot.pack.loading import Knowledge, load_knowledge

Command = Callable[[argparse.Namespace], int]


def settings_from(args: argparse.Namespace) -> Settings:
    """The settings, with logging configured from them (`log_level`, `log_format`; `-v` means DEBUG)."""
    settings = load_settings(args.config, knowledge_dir=getattr(args, "knowledge", None),
                             database=getattr(args, "database", None))
    configure_logging("DEBUG" if getattr(args, "verbose", False) else settings.log_level, settings.log_format)
    return settings


def knowledge_from(args: argparse.Namespace) -> Knowledge:
    return load_knowledge(settings_from(args).knowledge_dir)
