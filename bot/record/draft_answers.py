"""Draft canonical answers: a member's or expert's message a moderator saved, written as a YAML file in the
pack's answer format for a maintainer to rewrite and move into `answers/`. Never loaded, never published."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import yaml

from bot.safety.redact import redact

_WORD = re.compile(r"[a-z0-9]+")
TITLE_WORDS = 8


class DraftAnswers:
    def __init__(self, directory: Path, clock: Callable[[], float] = time.time):
        self.directory, self._clock = Path(directory), clock

    def save(self, text: str, platform: str, link: str = "") -> Path:
        """Write one draft (personal data removed first) and return its path; an existing draft is never
        overwritten."""
        body = redact(text).text.strip()
        if not body:
            raise ValueError("the message has no text to save")
        words = _WORD.findall(body.lower())[:TITLE_WORDS]
        slug = "-".join(words[:6]) or "draft"
        day = datetime.fromtimestamp(self._clock(), UTC).date().isoformat()
        self.directory.mkdir(parents=True, exist_ok=True)
        path, number = self.directory / f"{day}-{slug}.yaml", 1
        while path.exists():
            number += 1
            path = self.directory / f"{day}-{slug}-{number}.yaml"
        draft = {"answers": [{"id": slug, "title": " ".join(words).capitalize() or "Draft", "aliases": [],
                              "tags": [], "outcomes": [], "body": body, "sources": []}]}
        header = (f"# A draft canonical answer, saved by a moderator on {platform} on {day}"
                  f"{f' from {link}' if link else ''}.\n"
                  "# Paraphrase it (no member's words are published as they are), add its sources and the outcomes\n"
                  "# it explains, then move it into knowledge/answers/ and run `refundbot policy validate`.\n")
        with path.open("x", encoding="utf-8") as file:
            file.write(header + yaml.safe_dump(draft, sort_keys=False, allow_unicode=True, width=100))
        return path
