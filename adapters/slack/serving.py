"""Serving the Slack app: HTTP mode or Socket Mode, each with a graceful stop (bot.app.serving drives them).

HTTP mode serves extra routes (health, readiness, metrics) beside `/slack/events` and reports each
request refused for its signature or timestamp (adapters.slack.http answers those 401) to the engine's listeners.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.typedefs import Handler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.app import PLATFORM, SlackOptions, build_app
from adapters.slack.http import PATH as EVENTS_PATH
from adapters.slack.http import web_app
from bot.conversation.engine import Engine
from bot.conversation.events import Refused

log = logging.getLogger(__name__)


async def traced_app(engine: Engine, options: SlackOptions,
                     trace_configs: Iterable[aiohttp.TraceConfig] = ()) -> AsyncApp:
    """`build_app` with a Web API client on one aiohttp session (reused connections, traced calls)."""
    session = aiohttp.ClientSession(trace_configs=list(trace_configs))
    token = options.bot_token.get_secret_value() if options.bot_token else None
    try:
        return build_app(engine, options, client=AsyncWebClient(token=token, base_url=options.api_url,
                                                                session=session))
    except BaseException:
        await session.close()
        raise


async def close_client(app: AsyncApp) -> None:
    if app.client.session is not None:
        await app.client.session.close()


class SlackHTTP:
    name = "slack-http"

    def __init__(self, app: AsyncApp, engine: Engine, options: SlackOptions, *, host: str = "0.0.0.0",
                 port: int = 3000, routes: Iterable[web.RouteDef] = (), shutdown_timeout: float = 10.0):
        if options.signing_secret is None:
            raise ValueError("Slack needs SLACK_SIGNING_SECRET (see config/example.yaml)")
        self.app, self.engine, self.host, self.port = app, engine, host, port
        self.web_app = web_app(app, options.signing_secret.get_secret_value())  # the signature checked first
        self.web_app.add_routes(list(routes))
        self.web_app.middlewares.append(self._count_refusals)
        # No access log: it would record members' addresses; the engine's events say what happened.
        self.runner = web.AppRunner(self.web_app, access_log=None, shutdown_timeout=shutdown_timeout)

    @web.middleware
    async def _count_refusals(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        response = await handler(request)
        if request.path == EVENTS_PATH and response.status == 401:
            self.engine.emit(Refused(platform=PLATFORM, reason="signature"))
        return response

    async def start(self) -> None:
        await self.runner.setup()
        site = web.TCPSite(self.runner, self.host, self.port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        log.info("Slack app listening on %s:%d at %s", self.host, self.port, EVENTS_PATH,
                 extra={"event": "listening", "port": self.port})

    async def stop_accepting(self) -> None:
        # Closes the port, then waits for requests being answered (acks are quick; the work they
        # started runs in tasks of its own, which the caller waits for).
        if self.runner.server is not None:
            await self.runner.cleanup()

    async def close(self) -> None:
        await self.stop_accepting()  # a no-op after a graceful stop; not after a failed start
        await close_client(self.app)


class SlackSocket:
    name = "slack-socket"

    def __init__(self, app: AsyncApp, options: SlackOptions):
        if not options.app_token:
            raise ValueError("Socket Mode needs SLACK_APP_TOKEN (an xapp-… app-level token)")
        self.app, self.app_token = app, options.app_token.get_secret_value()
        self.handler: Any = None
        self.closed = False

    async def start(self) -> asyncio.Future[None] | None:
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        # Made here, not in __init__: the client starts its message processor when made, and the
        # handlers it spawns must belong to the caller's context (bot.app.inflight tracks them).
        self.handler = AsyncSocketModeHandler(self.app, self.app_token)
        await self.handler.connect_async()
        log.info("Slack app connected in Socket Mode", extra={"event": "listening"})
        return None

    async def stop_accepting(self) -> None:
        # The socket only brings events in; acks already sent, handlers reply through the Web API.
        if self.handler is not None and not self.closed:
            self.closed = True
            await self.handler.close_async()

    async def close(self) -> None:
        await self.stop_accepting()
        await close_client(self.app)
