"""Prometheus metrics of one serving process, fed by the engine's events and the platforms' HTTP calls.

Labels are bounded and carry nothing of a member: platforms, the pack's trees and verdicts, refusal
reasons, and API calls named by their route with every id and token replaced by `{id}`.
"""

from __future__ import annotations

import re
import time
from types import SimpleNamespace
from typing import Any

import aiohttp
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    Info,
    generate_latest,
)
from prometheus_client.gc_collector import GCCollector
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.process_collector import ProcessCollector
from yarl import URL

from bot.conversation.events import (
    AnswerPosted,
    Event,
    FeedbackGiven,
    GuidanceGiven,
    HandoffChanged,
    Refused,
    TurnHandled,
)
from bot.pack.versions import ReloadResult

REFUSAL_REASONS = ("signature", "rate_limit", "too_long", "busy")
_VERSION_SEGMENT = re.compile(r"v\d+")
_PLAIN_SEGMENT = re.compile(r"[A-Za-z._@-]{1,40}")  # a route word; anything with a digit is an id or a token


def call_name(method: str, url: URL) -> str:
    """`POST chat.postMessage`, `POST channels/{id}/messages`: a route, never an id, token or query."""
    segments = [s for s in url.path.split("/") if s]
    while segments and (segments[0] == "api" or _VERSION_SEGMENT.fullmatch(segments[0])):
        segments.pop(0)
    route = "/".join(s if _PLAIN_SEGMENT.fullmatch(s) else "{id}" for s in segments)
    return f"{method} {route or '/'}"


class Metrics:
    """One registry per process (not the global one), so tests can build as many as they like."""

    def __init__(self) -> None:
        self.registry = registry = CollectorRegistry()
        for collector in (ProcessCollector, PlatformCollector, GCCollector):
            collector(registry=registry)
        self.turns = Counter("refundbot_turns", "Member turns handled", ["platform"], registry=registry)
        self.turn_seconds = Histogram("refundbot_turn_seconds", "Time the engine took for one turn", ["platform"],
                                      registry=registry)
        self.guidance = Counter("refundbot_guidance", "Guidance given", ["tree", "verdict"], registry=registry)
        self.feedback = Counter("refundbot_feedback", "Members' feedback on guidance", ["helpful"],
                                registry=registry)
        self.answers = Counter("refundbot_answers_posted", "Canonical answers posted", ["platform", "how"],
                               registry=registry)
        self.refused = Counter("refundbot_refused_requests", "Requests refused", ["reason"], registry=registry)
        self.handoffs = Gauge("refundbot_handoffs_pending", "Members waiting for a moderator's answer (the "
                              "shared store's count, every instance together)", registry=registry)
        self.reloads = Counter("refundbot_policy_reloads", "Policy reloads", ["result"], registry=registry)
        self.policy = Info("refundbot_policy", "The policy version loaded", registry=registry)
        self.api_seconds = Histogram("refundbot_platform_api_seconds", "Latency of calls to the platform's API",
                                     ["platform", "call"], registry=registry)
        for reason in REFUSAL_REASONS:  # zero is a value worth graphing: present from the start
            self.refused.labels(reason)
        for helpful in ("yes", "no"):
            self.feedback.labels(helpful)
        for result in ("success", "failure"):
            self.reloads.labels(result)
        self.handoffs.set(0)

    def observe(self, event: Event) -> None:
        """The engine's listener."""
        match event:
            case TurnHandled(platform=platform, seconds=seconds):
                self.turns.labels(platform).inc()
                self.turn_seconds.labels(platform).observe(seconds)
            case Refused(reason=reason):
                self.refused.labels(reason).inc()
            case GuidanceGiven(tree=tree, verdict=verdict):
                self.guidance.labels(tree, verdict).inc()
            case FeedbackGiven(helpful=helpful, recorded=True):  # not on guidance no longer known
                self.feedback.labels("yes" if helpful else "no").inc()
            case AnswerPosted(platform=platform, how=how):
                self.answers.labels(platform, how).inc()
            case HandoffChanged(pending=pending):
                self.handoffs.set(pending)

    def policy_loaded(self, version: str) -> None:
        self.policy.info({"version": version})

    def reloaded(self, result: ReloadResult) -> None:
        """The knowledge library's listener: every reload, by file watcher, SIGHUP or a moderator."""
        self.reloads.labels("success" if result.ok else "failure").inc()
        if result.ok:
            self.policy_loaded(result.version)

    def api_trace(self, platform: str) -> aiohttp.TraceConfig:
        """An aiohttp trace that times every request a platform library makes through its session."""
        trace = aiohttp.TraceConfig()

        async def started(_: aiohttp.ClientSession, context: SimpleNamespace, __: Any) -> None:
            context.started = time.perf_counter()

        async def ended(_: aiohttp.ClientSession, context: SimpleNamespace, params: Any) -> None:
            self.api_seconds.labels(platform, call_name(params.method, params.url)).observe(
                time.perf_counter() - context.started)

        trace.on_request_start.append(started)
        trace.on_request_end.append(ended)
        trace.on_request_exception.append(ended)
        return trace

    def exposition(self) -> tuple[bytes, str]:
        """The Prometheus text format, and its content type."""
        return generate_latest(self.registry), CONTENT_TYPE_LATEST
