"""`refundbot serve slack|discord` and `refundbot discord sync`: wire an engine to a platform adapter.

Serving goes through bot.app.serving: health, readiness and metrics endpoints, logs of every turn,
and a graceful stop on SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

from bot.app.commands import settings_from
from bot.app.runtime import make_engine
from bot.app.serving import Listener, Ops, serve
from bot.app.settings import Settings


def cmd_serve_slack(args: argparse.Namespace) -> int:
    from adapters.slack.handoff import SlackHandoffs
    from adapters.slack.serving import SlackHTTP, SlackSocket, traced_app

    settings = settings_from(args)
    options = settings.slack_options()

    async def run() -> None:
        engine = make_engine(settings)
        ops = Ops(engine)
        app = await traced_app(engine, options, [ops.metrics.api_trace("slack")])
        listener: Listener
        if args.socket:
            listener = SlackSocket(app, options)
        else:  # health, readiness and metrics beside /slack/events
            listener = SlackHTTP(app, engine, options, host=args.host, port=args.port, routes=ops.routes(),
                                 shutdown_timeout=settings.shutdown_grace_seconds)
        handoffs = SlackHandoffs(app.client, options.escalation_channel) if options.moderator_group else None
        await serve(listener, ops, grace_seconds=settings.shutdown_grace_seconds, health_port=args.health_port,
                    handoffs=handoffs, handoff_every=settings.handoff.check_every_seconds,
                    purge_every=settings.purge_interval_seconds)

    return _run_or_explain(run)


def cmd_serve_discord(args: argparse.Namespace) -> int:
    from adapters.discord.bot import RefundClient, token_of
    from adapters.discord.serving import DiscordGateway

    settings = settings_from(args)

    async def run() -> None:
        options = settings.discord_options()
        token = token_of(options)
        engine = make_engine(settings)
        ops = Ops(engine)
        client = RefundClient(engine, options, http_trace=ops.metrics.api_trace("discord"))
        handoffs = client.adapter.handoffs(client.get_partial_messageable) if options.moderator_role else None
        await serve(DiscordGateway(client, token), ops, grace_seconds=settings.shutdown_grace_seconds,
                    health_port=args.health_port, handoffs=handoffs,
                    handoff_every=settings.handoff.check_every_seconds,
                    purge_every=settings.purge_interval_seconds)

    return _run_or_explain(run)


def cmd_discord_sync(args: argparse.Namespace) -> int:
    from adapters.discord.bot import RefundClient, sync, token_of

    settings: Settings = settings_from(args)

    async def register() -> None:
        options = settings.discord_options()
        token = token_of(options)
        synced = await sync(RefundClient(make_engine(settings), options), token, guild=args.guild)
        print(f"synced {synced} commands {'to guild ' + str(args.guild) if args.guild else 'globally'}")

    return _run_or_explain(register)


def _run_or_explain(main: Callable[[], Coroutine[Any, Any, None]]) -> int:
    """Run the adapter; a missing token or a bad option is a message and exit 2, not a traceback."""
    try:
        asyncio.run(main())
    except ValueError as exc:
        print(f"error: {exc}")
        return 2
    except OSError as exc:  # a port already taken, an address not on this host
        print(f"error: cannot serve: {exc}")
        return 2
    return 0


def _health_port(parser: argparse.ArgumentParser, where: str) -> None:
    parser.add_argument("--health-port", type=int, metavar="PORT",
                        help=f"serve /healthz, /readyz and /metrics on this port{where}")


def register(commands: argparse._SubParsersAction) -> None:
    serve_parser = commands.add_parser("serve", help="run the bot on a chat platform")
    platforms = serve_parser.add_subparsers(dest="platform", required=True, metavar="PLATFORM")
    slack = platforms.add_parser("slack", help="Slack (Bolt): HTTP mode, or Socket Mode with --socket")
    slack.add_argument("--host", default="0.0.0.0",
                       help="address to listen on (default 0.0.0.0, every interface; 127.0.0.1 behind a local proxy)")
    slack.add_argument("--port", type=int, default=3000, help="HTTP port (default 3000)")
    slack.add_argument("--socket", action="store_true", help="Socket Mode (needs SLACK_APP_TOKEN)")
    _health_port(slack, " (HTTP mode serves them on --port too)")
    slack.set_defaults(run=cmd_serve_slack)
    discord = platforms.add_parser("discord", help="Discord (discord.py), with DISCORD_TOKEN")
    _health_port(discord, "")
    discord.set_defaults(run=cmd_serve_discord)

    discord_tools = commands.add_parser("discord", help="Discord set-up")
    actions = discord_tools.add_subparsers(dest="discord_command", required=True, metavar="ACTION")
    sync = actions.add_parser("sync", help="register the slash commands, globally or for one guild")
    sync.add_argument("--guild", type=int, help="a guild id: commands appear at once there (for testing)")
    sync.set_defaults(run=cmd_discord_sync)
