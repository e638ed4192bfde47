"""The operators' endpoints of the served Slack app over real HTTP: health, readiness, metrics."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import ExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from adapters.slack.serving import SlackHTTP, traced_app
from bot.app.serving import Ops
from bot.app.settings import Settings
from bot.conversation.engine import Engine
from bot.pack.loading import load_knowledge
from bot.record.audit import AuditLog
from bot.record.redis import RedisStore
from bot.safety.limits import Limits
from tests.conftest import FIXTURE_PACK
from tests.fake_slack_api import FakeSlackAPI
from tests.redis_server import redis_server
from tests.slack_wire import SECRET, Slack

MEMBER = "UQZXMEMBER7"  # a user id that must never show in the metrics
WORDS = "Zanzibar"  # a word of member text that must never show either


@dataclass
class Served:
    slack: Slack
    base: str  # http://127.0.0.1:PORT
    http: aiohttp.ClientSession
    engine: Engine

    async def get(self, path: str) -> tuple[int, Any]:
        async with self.http.get(self.base + path) as response:
            body = await (response.json() if response.content_type == "application/json" else response.text())
            return response.status, body

    async def metrics(self) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
        status, text = await self.get("/metrics")
        assert status == 200
        assert MEMBER not in text and WORDS not in text, "a label carries member data"
        return {(s.name, tuple(sorted(s.labels.items()))): s.value
                for family in text_string_to_metric_families(text) for s in family.samples}


@asynccontextmanager
async def served(engine: Engine) -> AsyncIterator[Served]:
    api = FakeSlackAPI(admins=frozenset({"UADMIN"}))
    api_url = await api.start()
    options = Settings(slack_bot_token="xoxb-test", slack_signing_secret=SECRET, slack_api_url=api_url,
                       slack_moderators=["UMOD"]).slack_options()
    ops = Ops(engine)
    app = await traced_app(engine, options, [ops.metrics.api_trace("slack")])
    listener = SlackHTTP(app, engine, options, host="127.0.0.1", port=0, routes=ops.routes())
    await listener.start()
    base = f"http://127.0.0.1:{listener.port}"
    http = aiohttp.ClientSession()
    slack = Slack(f"{base}/slack/events", api, engine)
    try:
        yield Served(slack, base, http, engine)
    finally:
        await slack.http.close()
        await http.close()
        await listener.close()
        await engine.store.close()
        await api.stop()


def sample(metrics: dict, name: str, **labels: str) -> float:
    return metrics.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_health_readiness_and_metrics_of_a_served_app(tmp_path: Path, redis_url: str) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(FIXTURE_PACK, pack)
    engine = Engine(load_knowledge(pack), RedisStore.from_url(redis_url, prefix=f"{tmp_path.name}:"),
                    AuditLog(tmp_path / "audit.sqlite3"), limits=Limits(rate_limit_messages=3))
    async with served(engine) as bot:
        assert await bot.get("/healthz") == (200, {"status": "ok"})
        status, ready = await bot.get("/readyz")
        assert status == 200 and ready["status"] == "ready" and ready["failed"] == []
        assert set(ready["checks"]) == {"pack", "redis", "audit"}
        assert ready["checks"]["pack"]["policy_version"] == engine.library.current.version

        # A whole conversation: two clicks to guidance, then feedback.
        assert await bot.slack.command("/refund", "", user=MEMBER) == 200
        question = (await bot.slack.api.wait_for("chat.postMessage", 3))[2]
        await bot.slack.click({**question, "ts": "1003.000100"}, "The client wants a refund", user=MEMBER)
        contract = (await bot.slack.api.wait_for("chat.postMessage", 4))[3]
        await bot.slack.click({**contract, "ts": "1004.000100"}, "Hourly", user=MEMBER)
        card = (await bot.slack.api.wait_for("chat.postMessage", 5))[4]
        await bot.slack.click({**card, "ts": "1005.000100"}, "Helpful", user=MEMBER)
        await bot.slack.api.wait_for("chat.postEphemeral", 1)

        # Refusals: a forged signature, a message too long, a member over the rate limit.
        assert await bot.slack.post("command=%2Frefund", "application/x-www-form-urlencoded",
                                    signature="v0=" + "0" * 64) == 401
        await bot.slack.command("/refund", WORDS * 300, user="UOTHER")
        for n in range(4):  # the limit is 3 a minute
            mention = {"type": "app_mention", "user": "URUSHED", "text": f"<@UBOT> {WORDS}", "ts": f"80.{n}",
                       "channel": "C9"}
            await bot.slack.event(mention, f"EvRush{n}")
        await bot.slack.api.wait_for("chat.postMessage", 5 + 2 + 3 * 2)
        await bot.slack.api.wait_for("chat.postEphemeral", 2)  # the fourth: told once, privately, to slow down

        # A moderator posts an answer and reloads the policy: once changed, once broken.
        await bot.slack.command("/answer", "keep", user="UMOD")
        (pack / "policy" / "pack.yaml").write_text((pack / "policy" / "pack.yaml").read_text() + "\n# edited\n")
        await bot.slack.command("/refund-reload", "", user="UMOD")
        await bot.slack.api.wait_for("response", 1)
        (pack / "policy" / "trees.yaml").write_text("not: [a, tree\n")
        await bot.slack.command("/refund-reload", "", user="UMOD")
        await bot.slack.api.wait_for("response", 2)

        metrics = await bot.metrics()
    turns = sample(metrics, "refundbot_turns_total", platform="slack")
    assert turns == 3 + 1 + 3  # the refused fourth mention never reached the engine
    assert sample(metrics, "refundbot_turn_seconds_count", platform="slack") == turns
    guidance = {labels: value for (name, labels), value in metrics.items() if name == "refundbot_guidance_total"}
    assert list(guidance.values()) == [1.0] and dict(next(iter(guidance)))["tree"]
    assert sample(metrics, "refundbot_feedback_total", helpful="yes") == 1
    assert sample(metrics, "refundbot_feedback_total", helpful="no") == 0
    assert sample(metrics, "refundbot_refused_requests_total", reason="signature") == 1
    assert sample(metrics, "refundbot_refused_requests_total", reason="too_long") == 1
    assert sample(metrics, "refundbot_refused_requests_total", reason="rate_limit") == 1
    assert sample(metrics, "refundbot_answers_posted_total", platform="slack", how="answer") == 1
    assert sample(metrics, "refundbot_policy_reloads_total", result="success") == 1
    assert sample(metrics, "refundbot_policy_reloads_total", result="failure") == 1
    assert sample(metrics, "refundbot_policy_info", version=engine.library.current.version) == 1
    assert sample(metrics, "refundbot_handoffs_pending") == 0
    assert sample(metrics, "refundbot_platform_api_seconds_count", platform="slack",
                  call="POST chat.postMessage") == len(bot.slack.api.posted())


async def test_readiness_fails_clearly_when_redis_stops(tmp_path: Path) -> None:
    with ExitStack() as redis:
        url = redis.enter_context(redis_server())
        engine = Engine(load_knowledge(FIXTURE_PACK), RedisStore.from_url(url), AuditLog(tmp_path / "a.sqlite3"))
        async with served(engine) as bot:
            assert (await bot.get("/readyz"))[0] == 200
            redis.close()  # the Redis server stops
            status, body = await bot.get("/readyz")
            assert status == 503
            assert body["status"] == "not ready" and body["failed"] == ["redis"]
            assert "ConnectionError" in body["checks"]["redis"]["error"], body
            assert body["checks"]["audit"] == {"ok": True} and body["checks"]["pack"]["ok"]
            assert await bot.get("/healthz") == (200, {"status": "ok"}), "the process itself is still fine"


@pytest.mark.parametrize("level", ["debug", "WARNING"])
def test_log_level_is_read_in_any_case(level: str) -> None:
    assert Settings(log_level=level).log_level == level.upper()
    with pytest.raises(ValueError, match="log_level"):
        Settings(log_level="loud")


def test_a_port_already_taken_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    from bot.app.cli import main

    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SECRET)
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status = main(["--knowledge", str(FIXTURE_PACK), "--database", str(tmp_path / "db.sqlite3"),
                       "serve", "slack", "--port", str(port)])
    assert status == 2
    assert capsys.readouterr().out.startswith("error: cannot serve: [Errno 98]")
