"""Reading YAML policy files safely, keeping the line of every mapping for error messages."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
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


_EVENTS = yaml.events
_SCALAR_EVENT, _ALIAS_EVENT = _EVENTS.ScalarEvent, _EVENTS.AliasEvent
_MAPPING_START, _SEQUENCE_START = _EVENTS.MappingStartEvent, _EVENTS.SequenceStartEvent
_COLLECTION_END = (_EVENTS.MappingEndEvent, _EVENTS.SequenceEndEvent)


_NO_KEY, _LIST = object(), object()  # a mapping waiting for a key; a list (whose items need none)
# Implicit booleans, nulls and numbers, as constructed: immutable, and the same few recur across a pack.
_SHARED_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("bool", "null", "int", "float"))
_PLAIN_VALUES: dict[tuple[str, str], Any] = {}


def _build(loader: _Loader) -> Any:
    """Plain data from the parser's events, with the safe constructor's scalar rules and the line of every
    mapping; None for an empty stream. Built straight from the events, without composing a node graph first
    (that was half of loading a large tree). An alias is refused where it appears (and with it billion-laughs
    expansion), as are unknown tags, duplicate keys, keys that are not plain values and deep nesting.
    """
    get_event: Callable[[], Any] = loader.get_event  # events' attributes differ by kind: typed as Any
    resolve = loader.resolve
    scalars = yaml.constructor.SafeConstructor()
    anchors: dict[str, Any] = {}  # anchor → the start of the node it names
    get_event()  # the stream's start
    if isinstance(get_event(), _EVENTS.StreamEndEvent):  # else the document's start
        return None
    # The collections being built, innermost last: [mapping or list, the key waiting for its value, start]
    stack: list[list[Any]] = []
    root_mark: Any = None
    mark: Any
    while True:
        event = get_event()
        kind = event.__class__
        if kind in _COLLECTION_END:
            value, _, mark = stack.pop()
        else:
            mark = event.start_mark
            if root_mark is None:
                root_mark = mark
            if kind is _ALIAS_EVENT:
                if event.anchor not in anchors:
                    raise yaml.composer.ComposerError(None, None, "found undefined alias", mark)
                raise yaml.MarkedYAMLError(None, None, ALIASES_REFUSED, anchors[event.anchor])
            if event.anchor is not None:
                if event.anchor in anchors:
                    raise yaml.composer.ComposerError("found duplicate anchor; first occurrence",
                                                      anchors[event.anchor], "second occurrence", mark)
                anchors[event.anchor] = mark
            if len(stack) >= MAX_DEPTH:
                raise yaml.MarkedYAMLError(None, None, f"nesting deeper than {MAX_DEPTH} levels", mark)
            tag = event.tag
            if kind is _SCALAR_EVENT:
                value = event.value
                if tag is None or tag == "!":
                    implicit = event.implicit
                    tag = (_RESOLVED.get(value) or resolve(_SCALAR, value, implicit)) if implicit[0] else _STR_TAG
                if tag != _STR_TAG:  # else the common case, without the constructor's bookkeeping
                    plain = _PLAIN_VALUES.get((tag, value), _NO_KEY) if event.tag is None else _NO_KEY
                    if plain is _NO_KEY:
                        node = yaml.ScalarNode(tag, value, mark, event.end_mark, event.style)
                        construct = scalars.yaml_constructors.get(tag)
                        # refuses unknown tags such as !!python/object, with the constructor's message
                        plain = scalars.construct_object(node) if construct is None else construct(scalars, node)
                        if tag in _SHARED_TAGS and len(_PLAIN_VALUES) < 10_000:
                            _PLAIN_VALUES[(tag, value)] = plain
                    value = plain
            elif kind is _MAPPING_START:
                if tag is not None and tag != "!" and tag != _MAPPING_TAG:
                    raise yaml.MarkedYAMLError(None, None, f"unsupported tag {tag}", mark)
                mapping = LineDict()
                mapping.line = mark.line + 1
                stack.append([mapping, _NO_KEY, mark])
                continue
            elif kind is _SEQUENCE_START:
                if tag is not None and tag != "!" and tag != _SEQUENCE_TAG:
                    raise yaml.MarkedYAMLError(None, None, f"unsupported tag {tag}", mark)
                stack.append([[], _LIST, mark])
                continue
            else:
                raise yaml.MarkedYAMLError(None, None, f"unexpected {kind.__name__}", mark)
        if not stack:
            break
        frame = stack[-1]
        collection, key = frame[0], frame[1]
        if key is _LIST:
            collection.append(value)
        elif key is _NO_KEY:  # `value` is a key, `mark` where it starts
            if value.__class__ not in _PLAIN_KEYS:
                raise yaml.MarkedYAMLError(None, None, "mapping keys must be plain values", mark)
            if value in collection:
                raise yaml.MarkedYAMLError(None, None, f"duplicate key {value!r}", mark)
            frame[1] = value
        else:
            collection[key] = value
            frame[1] = _NO_KEY
    get_event()  # the document's end
    following = get_event()
    if not isinstance(following, _EVENTS.StreamEndEvent):
        raise yaml.composer.ComposerError("expected a single document in the stream", root_mark,
                                          "but found another document", following.start_mark)
    return value


def parse_yaml(text: str, file: str) -> Any:
    """Parse one document; raise PolicyError naming the file and line on any YAML fault."""
    if len(text.encode()) > MAX_FILE_BYTES:
        raise PolicyError([Problem(file, 1, "", f"file is larger than {MAX_FILE_BYTES} bytes")])
    loader = _Loader(text)
    try:
        return _build(loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        message = " ".join(part for part in (exc.context, exc.problem) if part)
        raise PolicyError([Problem(file, line, "", f"invalid YAML: {message}")]) from None
    except yaml.YAMLError as exc:
        raise PolicyError([Problem(file, 1, "", f"invalid YAML: {exc}")]) from None
    finally:
        loader.dispose()


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
