"""Reading YAML policy files safely, keeping the line of every mapping for error messages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

# Policy files are small; anything bigger or deeper is a mistake or an attack (billion laughs).
MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 40
ALIASES_REFUSED = "YAML anchors and aliases (&name, *name) are not allowed in policy files"


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


try:  # libyaml composes ten times faster; the pure-Python parser is the fallback
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


_STR_TAG = "tag:yaml.org,2002:str"


class _Builder:
    """Builds plain data from a composed node graph with the safe constructor's scalar rules.

    Composing first keeps every node's line. An alias composes to a node already seen, so refusing
    repeated nodes refuses aliases (and with them billion-laughs expansion) before any data is built.
    """

    def __init__(self) -> None:
        self._scalars = yaml.constructor.SafeConstructor()
        self._seen: set[int] = set()

    def build(self, node: yaml.Node, depth: int = 1) -> Any:
        if id(node) in self._seen:
            raise yaml.MarkedYAMLError(None, None, ALIASES_REFUSED, node.start_mark)
        self._seen.add(id(node))
        if depth > MAX_DEPTH:
            raise yaml.MarkedYAMLError(None, None, f"nesting deeper than {MAX_DEPTH} levels", node.start_mark)
        if isinstance(node, yaml.MappingNode):
            if node.tag != yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG:
                raise yaml.MarkedYAMLError(None, None, f"unsupported tag {node.tag}", node.start_mark)
            mapping = LineDict()
            mapping.line = node.start_mark.line + 1
            for key_node, value_node in node.value:
                key = self.build(key_node, depth + 1)
                if not isinstance(key, str | int | float | bool) and key is not None:
                    raise yaml.MarkedYAMLError(None, None, "mapping keys must be plain values", key_node.start_mark)
                if key in mapping:
                    raise yaml.MarkedYAMLError(None, None, f"duplicate key {key!r}", key_node.start_mark)
                mapping[key] = self.build(value_node, depth + 1)
            return mapping
        if isinstance(node, yaml.SequenceNode):
            if node.tag != yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG:
                raise yaml.MarkedYAMLError(None, None, f"unsupported tag {node.tag}", node.start_mark)
            return [self.build(item, depth + 1) for item in node.value]
        if node.tag == _STR_TAG:
            return node.value  # the common case, without the constructor's bookkeeping
        return self._scalars.construct_object(node)  # refuses unknown tags such as !!python/object


def parse_yaml(text: str, file: str) -> Any:
    """Parse one document; raise PolicyError naming the file and line on any YAML fault."""
    if len(text.encode()) > MAX_FILE_BYTES:
        raise PolicyError([Problem(file, 1, "", f"file is larger than {MAX_FILE_BYTES} bytes")])
    try:
        node = yaml.compose(text, Loader=_Loader)
        return None if node is None else _Builder().build(node)
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
