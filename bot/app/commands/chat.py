"""`refundbot chat`: the console adapter."""

from __future__ import annotations

import argparse
import asyncio

from bot.app.commands import settings_from


def cmd_chat(args: argparse.Namespace) -> int:
    from adapters.console import Console
    from bot.app.runtime import make_engine

    engine = make_engine(settings_from(args))
    return asyncio.run(Console(engine, conversation=args.conversation).run())


def register(commands: argparse._SubParsersAction) -> None:
    chat = commands.add_parser("chat", help="talk to the bot in this terminal")
    chat.add_argument("--conversation", default="default", help="a name, to keep several conversations apart")
    chat.set_defaults(run=cmd_chat)
