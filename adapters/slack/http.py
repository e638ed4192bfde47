"""Serving the Slack app over HTTP, at /slack/events.

The signature is checked on the raw bytes before the body is read as anything: Bolt's own aiohttp
handler parses first, so unsigned junk (a non-JSON body marked JSON, a JSON array, a broken `payload=`,
a non-numeric timestamp) raised inside it, answered 500 and logged a traceback per request. Here junk
is 401 when unsigned, 400 when signed but malformed, with one log line and no traceback.
"""

from __future__ import annotations

import logging
import re

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier

log = logging.getLogger(__name__)
PATH = "/slack/events"
_TIMESTAMP = re.compile(r"[0-9]{1,12}")


def web_app(app: AsyncApp, signing_secret: str) -> web.Application:
    verifier = SignatureVerifier(signing_secret)

    async def events(request: web.Request) -> web.Response:
        raw = await request.read()
        timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
        signature = request.headers.get("X-Slack-Signature", "")
        if not _TIMESTAMP.fullmatch(timestamp) or not verifier.is_valid(body=raw, timestamp=timestamp,
                                                                        signature=signature):
            return web.Response(status=401, text="invalid signature or timestamp")
        try:
            bolt_request = AsyncBoltRequest(body=raw.decode("utf-8"), query=request.query_string,
                                            headers=dict(request.headers))
            well_formed = isinstance(bolt_request.body, dict)
        except Exception as exc:  # whatever a malformed body breaks in Bolt's parsing; it is signed, so say so
            log.warning("refused a signed Slack request with a malformed body (%s)", type(exc).__name__)
            return web.Response(status=400, text="malformed body")
        if not well_formed:
            log.warning("refused a signed Slack request whose body is not an object")
            return web.Response(status=400, text="malformed body")
        return await to_aiohttp_response(await app.async_dispatch(bolt_request))

    application = web.Application()
    application.router.add_post(PATH, events)
    return application

