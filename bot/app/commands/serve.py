"""`refundbot serve slack|discord` and `refundbot discord sync`: wire an engine to a platform adapter."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable

from bot.app.commands import settings_from
from bot.app.runtime import make_engine, start_housekeeping
from bot.app.settings import Settings
from bot.pack.reloader import start_reloader


def cmd_serve_slack(args: argparse.Namespace) -> int:
    from adapters.slack.app import build_app, run

    settings = settings_from(args)
    options = settings.slack_options()

    async def serve() -> None:
        engine = make_engine(settings)
        app = build_app(engine, options)
        start_reloader(engine.library)
        start_housekeeping(engine, settings)
        await run(app, options, port=args.port, socket=args.socket)

    return _run_or_explain(serve)


def cmd_serve_discord(args: argparse.Namespace) -> int:
    from adapters.discord.bot import RefundClient, run, token_of

    settings = settings_from(args)

    async def serve() -> None:
        options = settings.discord_options()
        token = token_of(options)
        engine = make_engine(settings)
        start_reloader(engine.library)
        start_housekeeping(engine, settings)
        await run(RefundClient(engine, options), token)

    return _run_or_explain(serve)


def cmd_discord_sync(args: argparse.Namespace) -> int:
    from adapters.discord.bot import RefundClient, sync, token_of

    settings: Settings = settings_from(args)

    async def register() -> None:
        options = settings.discord_options()
        token = token_of(options)
        synced = await sync(RefundClient(make_engine(settings), options), token, guild=args.guild)
        print(f"synced {synced} commands {'to guild ' + str(args.guild) if args.guild else 'globally'}")

    return _run_or_explain(register)


def _run_or_explain(main: Callable[[], Awaitable[None]]) -> int:
    """Run the adapter; a missing token or a bad option is a message and exit 2, not a traceback."""
    try:
        asyncio.run(main())
    except ValueError as exc:
        print(f"error: {exc}")
        return 2
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser("serve", help="run the bot on a chat platform")
    platforms = serve.add_subparsers(dest="platform", required=True, metavar="PLATFORM")
    slack = platforms.add_parser("slack", help="Slack (Bolt): HTTP mode, or Socket Mode with --socket")
    slack.add_argument("--port", type=int, default=3000, help="HTTP port (default 3000)")
    slack.add_argument("--socket", action="store_true", help="Socket Mode (needs SLACK_APP_TOKEN)")
    slack.set_defaults(run=cmd_serve_slack)
    discord = platforms.add_parser("discord", help="Discord (discord.py), with DISCORD_TOKEN")
    discord.set_defaults(run=cmd_serve_discord)

    discord_tools = commands.add_parser("discord", help="Discord set-up")
    actions = discord_tools.add_subparsers(dest="discord_command", required=True, metavar="ACTION")
    sync = actions.add_parser("sync", help="register the slash commands, globally or for one guild")
    sync.add_argument("--guild", type=int, help="a guild id: commands appear at once there (for testing)")
    sync.set_defaults(run=cmd_discord_sync)
