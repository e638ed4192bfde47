"""A serving bot's life: its operators' endpoints, its metrics and logs, and a shutdown that drops nothing.

On SIGTERM (or SIGINT) the process reports not ready, stops accepting (the HTTP port closes, the
socket or gateway stops being read), finishes the turns in flight within `shutdown_grace_seconds`,
closes the platform's connections and the stores (every record is written as it happens; closing
checkpoints SQLite), and returns, so the command exits 0.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from aiohttp import web

from bot.app.collector import collector_for_serving
from bot.app.handoffs import start_handoff_watch
from bot.app.health import Health, readiness_checks
from bot.app.inflight import InFlight
from bot.app.logs import log_event
from bot.app.metrics import Metrics
from bot.conversation.engine import Engine
from bot.messages import HandoffNote
from bot.pack.reloader import start_reloader
from bot.pack.versions import KnowledgeLibrary, ReloadResult
from bot.reading.phrases import prepare_readers
from bot.record.session import purge_every as purge_expired

log = logging.getLogger(__name__)


class Listener(Protocol):
    """A platform's way in (adapters/*/serving.py)."""

    name: str

    async def start(self) -> asyncio.Future[None] | None:
        """Begin accepting; return a future that ends if the listener stops on its own (or None)."""

    async def stop_accepting(self) -> None: ...

    async def close(self) -> None:
        """Close the platform connections, once the turns in flight are done."""


class Handoffs(Protocol):
    """A platform posting the reminders and escalations of Ask a moderator (adapters/*/handoff.py)."""

    platform: str

    async def post(self, note: HandoffNote) -> None: ...


class Ops:
    """Metrics, event logs and health for one engine."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.metrics = Metrics()
        self.health = Health(engine.library, readiness_checks(engine.store, engine.audit))
        engine.listeners += [self.metrics.observe, log_event]
        engine.library.listeners.append(self.metrics.reloaded)
        self.metrics.policy_loaded(engine.library.current.version)

    async def serve_metrics(self, _: web.Request) -> web.Response:
        body, content_type = self.metrics.exposition()
        return web.Response(body=body, headers={"Content-Type": content_type})

    def routes(self) -> list[web.RouteDef]:
        return [web.get("/healthz", self.health.healthz), web.get("/readyz", self.health.readyz),
                web.get("/metrics", self.serve_metrics)]

    async def start_server(self, host: str, port: int) -> tuple[web.AppRunner, int]:
        """The endpoints on a port of their own (Socket Mode, Discord); the port actually bound."""
        app = web.Application()
        app.add_routes(self.routes())
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        return runner, site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]


async def close_stores(engine: Engine) -> None:
    if engine.handoffs is not None:
        await engine.handoffs.store.close()
    await engine.store.close()
    if engine.audit is not None:
        await engine.audit.aclose()  # what waits for PostgreSQL is written now, or logged as lost


@contextmanager
def readers_built(library: KnowledgeLibrary) -> Iterator[None]:
    """The pack's readers built before serving, and after each reload in the reload's own thread: built on
    first use instead, the first member's turn would wait about a second (and they are then frozen with the
    pack, see bot.app.collector)."""
    def rebuild(result: ReloadResult) -> None:
        if result.changed:
            prepare_readers(library.current)

    prepare_readers(library.current)
    library.listeners.append(rebuild)
    try:
        yield
    finally:
        library.listeners.remove(rebuild)


async def serve(listener: Listener, ops: Ops, *, grace_seconds: float, health_host: str = "0.0.0.0",
                health_port: int | None = None, handoffs: Handoffs | None = None,
                handoff_every: float = 30, purge_every: float = 600) -> None:
    """Run until SIGTERM or SIGINT, then shut down gracefully (see the module's docstring)."""
    with readers_built(ops.engine.library), collector_for_serving(ops.engine.library):
        await _serve(listener, ops, grace_seconds=grace_seconds, health_host=health_host, health_port=health_port,
                     handoffs=handoffs, handoff_every=handoff_every, purge_every=purge_every)


async def _serve(listener: Listener, ops: Ops, *, grace_seconds: float, health_host: str,
                 health_port: int | None, handoffs: Handoffs | None, handoff_every: float,
                 purge_every: float) -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    in_flight = InFlight()
    in_flight.install()
    health_runner = None
    reloader = start_reloader(ops.engine.library)
    purging = loop.create_task(purge_expired(ops.engine.store, purge_every), name="session-purge")
    chasing = (start_handoff_watch(ops.engine, handoffs.platform, handoffs.post, handoff_every)
               if handoffs is not None and ops.engine.handoffs is not None else None)
    try:
        if health_port is not None:
            health_runner, bound = await ops.start_server(health_host, health_port)
            log.info("health, readiness and metrics on port %d", bound, extra={"event": "health", "health_port": bound})
        ended = await in_flight.start(listener.start())
        stopping: asyncio.Future[Any] = asyncio.ensure_future(stop.wait())
        await asyncio.wait([stopping, *([ended] if ended else [])], return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if ended is not None and ended.done():
            ended.result()  # the listener stopped on its own: its error is the command's
            return
        ops.health.draining = True
        log.info("shutting down: accepting no new requests", extra={"event": "shutdown"})
        reloader.cancel()
        purging.cancel()
        if chasing is not None:
            chasing.cancel()
        await listener.stop_accepting()
        log.info("finishing %d task(s) in flight", len(in_flight.pending()), extra={"event": "draining"})
        cancelled = await in_flight.finish(grace_seconds)
        if cancelled:
            log.error("%d task(s) still running after %g s were cancelled", cancelled, grace_seconds)
    finally:
        reloader.cancel()
        purging.cancel()
        if chasing is not None:
            chasing.cancel()
        await listener.close()
        await close_stores(ops.engine)
        if health_runner is not None:
            await health_runner.cleanup()
        in_flight.uninstall()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)
    log.info("stopped cleanly", extra={"event": "stopped"})
