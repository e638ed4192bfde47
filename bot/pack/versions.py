"""The knowledge versions a running bot holds: the current one, and older ones still in use.

A reload that fails validation leaves the current version in place; conversations keep the
version they started on, so a policy edit never changes the rules under a member mid-conversation
(while that version is held: `KEEP_VERSIONS`, and only the loaded one after a restart).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.pack.loading import Knowledge, content_version, load_knowledge
from bot.pack.yamlfile import PolicyError, Problem

log = logging.getLogger(__name__)
KEEP_VERSIONS = 8  # older versions kept for conversations in flight


@dataclass
class ReloadResult:
    ok: bool
    version: str
    changed: bool = False
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        if not self.ok:
            listed = "\n".join(f"- {p}" for p in self.problems)
            return f"Reload refused; still running policy {self.version}. Problems:\n{listed}"
        if not self.changed:
            return f"Policy {self.version} is already loaded; nothing changed."
        return f"Reloaded: now running policy {self.version}."


class KnowledgeLibrary:
    def __init__(self, knowledge: Knowledge):
        self._versions: OrderedDict[str, Knowledge] = OrderedDict({knowledge.version: knowledge})
        self.current = knowledge
        self.listeners: list[Callable[[ReloadResult], None]] = []  # told of every reload, whoever asked for it

    @property
    def directory(self) -> Path:
        return self.current.directory

    def held(self, version: str) -> Knowledge | None:
        """The version a conversation started on, or None once it is no longer held (evicted by later
        reloads, or gone with a restart): the engine then carries the conversation over or closes it."""
        return self._versions.get(version)

    def reload(self) -> ReloadResult:
        result = self._reload()
        for listener in self.listeners:
            listener(result)
        return result

    def _reload(self) -> ReloadResult:
        try:
            if content_version(self.directory) == self.current.version:
                return ReloadResult(ok=True, version=self.current.version)
            fresh = load_knowledge(self.directory)
        except PolicyError as exc:
            for problem in exc.problems:
                log.error("policy reload refused: %s", problem)
            return ReloadResult(ok=False, version=self.current.version, problems=exc.problems)
        except OSError as exc:
            problem = Problem(str(self.directory), 1, "", f"cannot read the knowledge pack: {exc}")
            log.error("policy reload refused: %s", problem)
            return ReloadResult(ok=False, version=self.current.version, problems=[problem])
        self._versions[fresh.version] = fresh
        self._versions.move_to_end(fresh.version)
        while len(self._versions) > KEEP_VERSIONS:
            self._versions.popitem(last=False)
        self.current = fresh
        log.info("policy reloaded: version %s", fresh.version)
        return ReloadResult(ok=True, version=fresh.version, changed=True)
