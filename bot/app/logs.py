"""Logging for operators: text on a terminal, or one JSON object per line for a log stack.

Nothing a member wrote reaches a log at any level. The bot's own records carry digests and ids of
the pack, never text; the platform libraries' debug records carry whole payloads (member text
included), so those libraries are held at WARNING whatever `log_level` says; and every message is
passed through the redactor, so an e-mail address or a card number in an error is removed too.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Literal, TextIO

from bot.conversation.events import (
    AnswerPosted,
    Event,
    FeedbackGiven,
    GuidanceGiven,
    HandoffChanged,
    Refused,
    TurnHandled,
)
from bot.safety.redact import redact

LogFormat = Literal["text", "json"]
OWN_LOGGERS = ("bot", "adapters")
LIBRARY_FLOOR = logging.WARNING  # platform libraries log payloads below this
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}
events_log = logging.getLogger("bot.events")
_HANDLER_NAME = "refundbot"


def fields_of(record: logging.LogRecord) -> dict[str, object]:
    """The structured fields a record was given with `extra=`."""
    return {k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")}


class Redacting(logging.Filter):
    """Removes personal data (ids, e-mail addresses, phones, cards) from every message and traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = redact(record.getMessage()).text, None
        if record.exc_info:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info)).text
            record.exc_info = None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(), "logger": record.name, "message": record.getMessage(),
            **fields_of(record),
        }
        if record.exc_text:
            entry["error"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:
        extra = " ".join(f"{k}={v}" for k, v in fields_of(record).items())
        return super().formatMessage(record) + (f" [{extra}]" if extra else "")


class _Stderr(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a record comes (tests swap it), as logging's last resort does."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _: TextIO) -> None:
        pass


def configure_logging(level: str, fmt: LogFormat = "text", *, stream: TextIO | None = None) -> None:
    """One handler on the root logger; the bot's loggers at `level`, libraries at WARNING or above."""
    handler = logging.StreamHandler(stream) if stream else _Stderr()
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    handler.addFilter(Redacting())
    handler.set_name(_HANDLER_NAME)
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:  # ours only: a test's stay
        root.removeHandler(old)
    root.addHandler(handler)
    logging.captureWarnings(True)  # Python's warnings too go through the handler, as one line each
    numeric = logging.getLevelName(level.upper())
    root.setLevel(max(numeric, LIBRARY_FLOOR))
    for name in OWN_LOGGERS:
        logging.getLogger(name).setLevel(numeric)


def log_event(event: Event) -> None:
    """The engine's listener: one line per turn, refusal, guidance, feedback and answer posted."""
    match event:
        case TurnHandled():
            events_log.info("turn handled", extra={"event": "turn", "platform": event.platform,
                                                   "conversation": event.conversation,
                                                   "policy_version": event.policy_version,
                                                   "seconds": round(event.seconds, 4)})
        case Refused():
            events_log.info("request refused: %s", event.reason,
                            extra={"event": "refused", "platform": event.platform, "reason": event.reason,
                                   "conversation": event.conversation})
        case GuidanceGiven():
            events_log.info("guidance given", extra={"event": "guidance", "platform": event.platform,
                                                     "conversation": event.conversation, "tree": event.tree,
                                                     "outcome": event.outcome, "verdict": event.verdict,
                                                     "policy_version": event.policy_version})
        case FeedbackGiven():
            events_log.info("feedback", extra={"event": "feedback", "helpful": event.helpful,
                                               "recorded": event.recorded})
        case AnswerPosted():
            events_log.info("canonical answer posted", extra={"event": "answer", "platform": event.platform,
                                                              "answer": event.answer, "how": event.how})
        case HandoffChanged(action="counted"):
            pass  # the periodic check: the metric says it
        case HandoffChanged():
            events_log.info("moderator handoff: %s", event.action,
                            extra={"event": "handoff", "platform": event.platform, "action": event.action,
                                   "pending": event.pending, "conversation": event.conversation})
