"""Liveness and readiness of a serving bot, for a load balancer or an orchestrator.

`/healthz`: the process is up and its event loop answers. `/readyz`: the knowledge pack is loaded,
every configured store answers (each implements `bot.record.readiness.Readiness`), and the process
is not shutting down; the JSON body names each check and says which failed and why.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from aiohttp import web

from bot.pack.versions import KnowledgeLibrary
from bot.record.readiness import Readiness

CHECK_TIMEOUT_SECONDS = 2.0  # a hung store is a failed check, not a hung probe


def readiness_checks(*stores: object) -> list[Readiness]:
    """The stores that can be asked (a memory store has nothing to check)."""
    return [store for store in stores if isinstance(store, Readiness)]


class Health:
    def __init__(self, library: KnowledgeLibrary, checks: Iterable[Readiness],
                 timeout: float = CHECK_TIMEOUT_SECONDS):
        self.library, self.checks, self.timeout = library, list(checks), timeout
        self.draining = False  # set on SIGTERM: the orchestrator stops sending work here

    async def _ask(self, check: Readiness) -> dict[str, Any]:
        try:
            await asyncio.wait_for(check.check_ready(), self.timeout)
        except TimeoutError:
            return {"ok": False, "error": f"no answer within {self.timeout:g} s"}
        except Exception as exc:  # the store's own error says best what is wrong
            return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        return {"ok": True}

    async def readiness(self) -> dict[str, Any]:
        # A bot never starts on a pack that fails validation, and a bad reload keeps the last good one.
        checks: dict[str, dict[str, Any]] = {"pack": {"ok": True, "policy_version": self.library.current.version}}
        results = await asyncio.gather(*(self._ask(check) for check in self.checks))
        checks.update({check.readiness_name: result for check, result in zip(self.checks, results, strict=True)})
        if self.draining:
            checks["shutdown"] = {"ok": False, "error": "shutting down: finishing the turns in flight"}
        failed = [name for name, result in checks.items() if not result["ok"]]
        return {"status": "not ready" if failed else "ready", "failed": failed, "checks": checks}

    async def healthz(self, _: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def readyz(self, _: web.Request) -> web.Response:
        body = await self.readiness()
        return web.json_response(body, status=503 if body["failed"] else 200)
