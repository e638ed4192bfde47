"""`refundbot serve slack|discord` and `refundbot discord sync`: run a platform adapter."""

from __future__ import annotations

import argparse

from bot.app.commands import settings_from


def cmd_serve_slack(args: argparse.Namespace) -> int:
    from adapters.slack.app import serve

    return serve(settings_from(args), port=args.port, socket=args.socket)


def cmd_serve_discord(args: argparse.Namespace) -> int:
    from adapters.discord.bot import serve

    return serve(settings_from(args))


def cmd_discord_sync(args: argparse.Namespace) -> int:
    from adapters.discord.bot import sync

    return sync(settings_from(args), guild=args.guild)


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
