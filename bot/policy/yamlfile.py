"""Reading YAML policy files safely, keeping the line of every mapping for error messages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

# Policy files are small; anything bigger or deeper is a mistake or an attack (billion laughs).
MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 40


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the knowledge pack, located for the maintainer."""

    file: str
    line: int
    where: str
    message: str

    def __str__(self) -> str:
        where = f" {self.where}:" if self.where else ""
        return f"{self.file}:{self.line}:{where} {self.message}"


class PolicyError(Exception):
    """The knowledge pack cannot be used; `problems` lists every reason at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class LineDict(dict):
    """A mapping that remembers the 1-based line it started on."""

    line: int = 0


class _LineLoader(yaml.SafeLoader):
    """The safe loader, refusing aliases and deep nesting, recording mapping lines."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                None, None, "YAML aliases (*name) are not allowed in policy files", event.start_mark
            )
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_DEPTH:
                event = self.peek_event()
                raise yaml.MarkedYAMLError(
                    None, None, f"nesting deeper than {MAX_DEPTH} levels", event.start_mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineDict:
        mapping = LineDict(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    lambda loader, node: loader.construct_mapping(node),
)


def parse_yaml(text: str, file: str) -> Any:
    """Parse one document; raise PolicyError naming the file and line on any YAML fault."""
    if len(text.encode()) > MAX_FILE_BYTES:
        raise PolicyError([Problem(file, 1, "", f"file is larger than {MAX_FILE_BYTES} bytes")])
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        message = " ".join(part for part in (exc.context, exc.problem) if part)
        raise PolicyError([Problem(file, line, "", f"invalid YAML: {message}")]) from None
    except yaml.YAMLError as exc:
        raise PolicyError([Problem(file, 1, "", f"invalid YAML: {exc}")]) from None


def read_yaml(path: Path, shown_as: str | None = None) -> Any:
    name = shown_as or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError([Problem(name, 1, "", f"cannot read file: {exc}")]) from None
    return parse_yaml(text, name)


def line_at(data: Any, loc: tuple[int | str, ...]) -> tuple[int, str]:
    """The line and the nearest enclosing `id` for a pydantic error location inside `data`."""
    line, where = getattr(data, "line", 1), ""
    node = data
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, LineDict):
            line = node.line
            if isinstance(node.get("id"), str):
                where = f"id {node['id']!r}"
    return line, where
