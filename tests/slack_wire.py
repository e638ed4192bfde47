"""Slack's side of the wire for the tests: the real Bolt app served over loopback HTTP exactly as
`refundbot serve slack` serves it, signed payloads of Slack's shapes posted to it, its Web API calls
going to the recording fake (tests/fake_slack_api.py)."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlencode

import aiohttp
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.app import build_app
from adapters.slack.http import PATH
from adapters.slack.serving import SlackHTTP
from bot.app.settings import Settings
from bot.conversation.engine import Engine
from tests.fake_slack_api import FakeSlackAPI

SECRET = "test-signing-secret"


class Slack:
    """Slack's side of the wire: signs and posts payloads to the app, like Slack does."""

    def __init__(self, url: str, api: FakeSlackAPI, engine: Engine):
        self.url, self.api, self.engine = url, api, engine
        self.http = aiohttp.ClientSession()

    async def post(self, body: str, content_type: str, timestamp: int | None = None, signature: str | None = None,
                   headers: dict[str, str] | None = None) -> int:
        stamp = str(timestamp or int(time.time()))
        signed = signature or SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body)
        async with self.http.post(self.url, data=body.encode(), headers={
            "Content-Type": content_type, "X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signed,
            **(headers or {})}) as response:
            return response.status

    async def command(self, name: str, text: str, user: str = "U1", channel: str = "C1") -> int:
        form = {"command": name, "text": text, "user_id": user, "channel_id": channel, "team_id": "T1",
                "response_url": f"{self.api.url}response", "trigger_id": "1.2.3", "token": "x"}
        return await self.post(urlencode(form), "application/x-www-form-urlencoded")

    async def event(self, event: dict[str, Any], event_id: str, retry: int | None = None) -> int:
        body = json.dumps({"type": "event_callback", "team_id": "T1", "api_app_id": "A1", "event_id": event_id,
                           "event": event, "token": "x"})
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else None
        return await self.post(body, "application/json", headers=headers)

    async def click(self, message: dict[str, Any], choice_label: str, user: str = "U1") -> int:
        action = next(element for block in message["blocks"] if block["type"] == "actions"
                      for element in block["elements"] if element["text"]["text"] == choice_label)
        payload = {"type": "block_actions", "team": {"id": "T1"}, "user": {"id": user},
                   "channel": {"id": message["channel"]}, "trigger_id": "1.2.3", "token": "x",
                   "message": {**message, "ts": message.get("ts", "2000.1")},
                   "response_url": f"{self.api.url}response",
                   "actions": [{**action, "block_id": "b", "action_ts": "1"}]}
        return await self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")


@asynccontextmanager
async def served(engine: Engine, api: FakeSlackAPI, **settings: Any) -> AsyncIterator[Slack]:
    """The real Bolt app over loopback HTTP, its Web API calls going to the recording fake."""
    api_url = await api.start()
    options = Settings(slack_bot_token="xoxb-test", slack_signing_secret=SECRET, slack_api_url=api_url,
                       **settings).slack_options()
    app = build_app(engine, options, client=AsyncWebClient(token="xoxb-test", base_url=api_url))
    server = SlackHTTP(app, engine, options, host="127.0.0.1", port=0)
    await server.start()
    client = Slack(f"http://127.0.0.1:{server.port}{PATH}", api, engine)
    try:
        yield client
    finally:
        await client.http.close()
        await server.stop_accepting()
        await api.stop()
