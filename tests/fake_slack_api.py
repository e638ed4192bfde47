"""A local stand-in for Slack's Web API: answers like Slack and records every call, as bolt-python's tests do.

`fail` makes the next calls of a method fail as Slack's do (`not_in_channel` with HTTP 200, `ratelimited`
with HTTP 429 and Retry-After); failed calls are kept apart, in `failed`."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web


class FakeSlackAPI:
    def __init__(self, admins: frozenset[str] = frozenset(), groups: dict[str, list[str]] | None = None):
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.failed: list[tuple[str, dict[str, Any]]] = []
        self._faults: dict[str, list[tuple[int, str]]] = {}
        self.admins, self.groups = admins, groups or {}
        self._ts = 1000
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def start(self) -> str:
        app = web.Application()
        app.router.add_route("*", "/{method}", self._handle)  # slack_sdk sends some methods as GET
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}/"
        return self.url

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        raw = await request.text()
        if request.method == "GET":
            payload: dict[str, Any] = dict(request.query)
        elif request.content_type == "application/json":
            payload = json.loads(raw or "{}")
        else:
            payload = dict(parse_qsl(raw))
            for field in ("blocks", "attachments"):
                if isinstance(payload.get(field), str):
                    payload[field] = json.loads(payload[field])
        faults = self._faults.get(method)
        if faults:
            status, error = faults.pop(0)
            self.failed.append((method, payload))
            headers = {"Retry-After": "0"} if status == 429 else None
            return web.json_response({"ok": False, "error": error}, status=status, headers=headers)
        self.calls.append((method, payload))
        return web.json_response(self._answer(method, payload))

    def fail(self, method: str, error: str, times: int = 1) -> None:
        """The next `times` calls of `method` fail with `error` (`ratelimited` is an HTTP 429)."""
        status = 429 if error == "ratelimited" else 200
        self._faults.setdefault(method, []).extend([(status, error)] * times)

    def _answer(self, method: str, payload: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1", "user": "refundbot"}
        if method in ("chat.postMessage", "chat.update"):
            self._ts += 1
            return {"ok": True, "channel": payload.get("channel"), "ts": payload.get("ts") or f"{self._ts}.000100"}
        if method == "users.info":
            user = payload.get("user", "")
            return {"ok": True, "user": {"id": user, "is_admin": user in self.admins, "is_owner": False}}
        if method == "chat.getPermalink":
            ts = str(payload.get("message_ts", "")).replace(".", "")
            return {"ok": True, "channel": payload.get("channel"),
                    "permalink": f"https://example.slack.com/archives/{payload.get('channel')}/p{ts}"}
        if method == "usergroups.users.list":
            return {"ok": True, "users": self.groups.get(payload.get("usergroup", ""), [])}
        return {"ok": True}

    def posted(self, method: str = "chat.postMessage") -> list[dict[str, Any]]:
        return [payload for name, payload in self.calls if name == method]

    async def wait_for(self, method: str, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while len(self.posted(method)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} {method} calls, got {self.calls}")
            await asyncio.sleep(0.01)
        return self.posted(method)
