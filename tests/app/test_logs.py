"""Log settings: the level is honoured, text is the default, libraries stay quiet, personal data never shows."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot.app.logs import configure_logging, log_event
from bot.conversation.events import GuidanceGiven, TurnHandled

TURN = TurnHandled(platform="slack", conversation="0123456789abcdef", policy_version="v1", seconds=0.002)


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    out = io.StringIO()
    yield out
    configure_logging("WARNING")  # back to the command line's default for the other tests


def test_text_is_the_default_with_the_fields_after_the_message(stream: io.StringIO) -> None:
    configure_logging("INFO", stream=stream)
    log_event(TURN)
    line = stream.getvalue().strip()
    assert " INFO bot.events: turn handled [event=turn platform=slack conversation=0123456789abcdef " in line
    assert "policy_version=v1" in line


def test_the_level_is_honoured(stream: io.StringIO) -> None:
    configure_logging("WARNING", "json", stream=stream)
    log_event(TURN)
    assert stream.getvalue() == ""
    configure_logging("INFO", "json", stream=stream)
    log_event(GuidanceGiven(platform="discord", conversation="c", tree="t", outcome="o", verdict="v",
                            policy_version="v1"))
    entry = json.loads(stream.getvalue())
    assert entry["level"] == "info" and entry["verdict"] == "v" and entry["policy_version"] == "v1"


def test_libraries_stay_at_warning_even_at_debug(stream: io.StringIO) -> None:
    configure_logging("DEBUG", "json", stream=stream)
    logging.getLogger("slack_bolt.AsyncApp").debug("body: the member's whole message")
    logging.getLogger("discord.gateway").info("payload")
    logging.getLogger("adapters.slack.app").debug("our own debug line")
    assert [json.loads(line)["message"] for line in stream.getvalue().splitlines()] == ["our own debug line"]


def test_personal_data_is_redacted_from_messages_and_tracebacks(stream: io.StringIO) -> None:
    configure_logging("INFO", "json", stream=stream)
    try:
        raise RuntimeError("failed for jane.doe@example.com")
    except RuntimeError:
        logging.getLogger("bot.x").exception("card 4111 1111 1111 1111 refused")
    entry = json.loads(stream.getvalue())
    assert "4111" not in entry["message"] and "jane.doe" not in entry["error"]
    assert "RuntimeError" in entry["error"]
