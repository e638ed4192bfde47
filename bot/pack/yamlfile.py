"""Reading YAML policy files safely, keeping the line of every mapping for error messages."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
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
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


_STR_TAG = "tag:yaml.org,2002:str"
_MAPPING_TAG = yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG
_SEQUENCE_TAG = yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG
_SCALAR, _MAPPING, _SEQUENCE = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode
_PLAIN_KEYS = frozenset({str, int, float, bool, type(None)})  # the types a mapping key may have
_RESOLVED: dict[str, str] = {}  # plain scalar → its implicit tag; the same few values recur across a pack


class _Loader(_BaseLoader):
    """The safe loader, with the tag of each plain scalar worked out once rather than by regexes every time
    (half of composing a large tree); quoted scalars, sequences and mappings take the default tags."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is not yaml.ScalarNode or not implicit[0] or self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)
        tag = _RESOLVED.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(_RESOLVED) < 100_000 and len(value) < 64:
                _RESOLVED[value] = tag
        return tag


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cyclic garbage collection while a pack is read: loading builds hundreds of thousands of objects
    with no cycles, and the collector, triggered by their number, would scan the whole heap again and again
    (over a third of loading a 2,000-node tree)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Builder:
    """Builds plain data from a composed node graph with the safe constructor's scalar rules.

    Composing first keeps every node's line. An alias composes to a node already seen, so refusing
    repeated nodes refuses aliases (and with them billion-laughs expansion) before any data is built.
    """

    def __init__(self) -> None:
        self._scalars = yaml.constructor.SafeConstructor()
        self._seen: set[int] = set()

    def build(self, node: yaml.Node, depth: int = 1) -> Any:
        # Tight on purpose: it runs once per node, tens of thousands of times for a large tree.
        seen, ident = self._seen, id(node)
        if ident in seen:
            raise yaml.MarkedYAMLError(None, None, ALIASES_REFUSED, node.start_mark)
        seen.add(ident)
        if depth > MAX_DEPTH:
            raise yaml.MarkedYAMLError(None, None, f"nesting deeper than {MAX_DEPTH} levels", node.start_mark)
        kind = type(node)
        if kind is _SCALAR and node.tag == _STR_TAG:
            return node.value  # the common case, without the constructor's bookkeeping
        deeper, build = depth + 1, self.build
        if kind is _MAPPING or isinstance(node, yaml.MappingNode):
            if node.tag != _MAPPING_TAG:
                raise yaml.MarkedYAMLError(None, None, f"unsupported tag {node.tag}", node.start_mark)
            mapping = LineDict()
            mapping.line = node.start_mark.line + 1
            for key_node, value_node in node.value:
                key = build(key_node, deeper)
                if type(key) not in _PLAIN_KEYS:
                    raise yaml.MarkedYAMLError(None, None, "mapping keys must be plain values", key_node.start_mark)
                if key in mapping:
                    raise yaml.MarkedYAMLError(None, None, f"duplicate key {key!r}", key_node.start_mark)
                mapping[key] = build(value_node, deeper)
            return mapping
        if kind is _SEQUENCE or isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQUENCE_TAG:
                raise yaml.MarkedYAMLError(None, None, f"unsupported tag {node.tag}", node.start_mark)
            return [build(item, deeper) for item in node.value]
        if node.tag == _STR_TAG:
            return node.value
        construct = self._scalars.yaml_constructors.get(node.tag)
        if construct is None:  # refuses unknown tags such as !!python/object, with the constructor's message
            return self._scalars.construct_object(node)
        return construct(self._scalars, node)


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
