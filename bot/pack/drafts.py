"""Draft templates: Jinja2 in its sandbox, and refused at load time if they reach beyond their data.

The sandbox already stops unsafe attribute access at render time; the load-time check is stricter and
clearer: a draft may only print the names it is given (facts, durations, a deadline's fields), test them
with `if`, and use a few text filters. No calls, loops, imports, includes, macros or assignments; so a
broken or hostile template fails `policy validate` instead of a member's conversation.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, meta, nodes
from jinja2.environment import Template
from jinja2.sandbox import SandboxedEnvironment

log = logging.getLogger(__name__)
FILTERS = frozenset({"default", "lower", "upper", "capitalize", "title", "trim"})
DEADLINE_FIELDS = frozenset({"start", "due", "days", "days_left", "days_over", "passed"})
_ALLOWED = (nodes.Template, nodes.Output, nodes.TemplateData, nodes.Name, nodes.Const, nodes.If, nodes.CondExpr,
            nodes.Compare, nodes.Operand, nodes.And, nodes.Or, nodes.Not, nodes.Test, nodes.Getattr, nodes.Filter,
            nodes.Concat, nodes.List, nodes.Tuple)
_TESTS = frozenset({"defined", "undefined", "none", "true", "false", "number", "string"})

_ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, trim_blocks=True, lstrip_blocks=True)


def template_problems(text: str, names: set[str], records: set[str]) -> list[str]:
    """What is wrong with a draft template that may name `names` (values) and `records` (deadlines, read
    through their fields)."""
    try:
        tree = _ENV.parse(text)
    except TemplateSyntaxError as exc:
        return [f"template line {exc.lineno}: {exc.message}"]
    problems: list[str] = []
    for node in _walk(tree):
        if not isinstance(node, _ALLOWED):
            problems.append(f"a draft may only use its data: {type(node).__name__} is not allowed")
        elif isinstance(node, nodes.Name) and node.ctx == "load" and node.name not in names | records:
            problems.append(f"{{{{ {node.name} }}}} names nothing a draft is given")
        elif isinstance(node, nodes.Getattr) and not (
                isinstance(node.node, nodes.Name) and node.node.name in records and node.attr in DEADLINE_FIELDS):
            problems.append(f"“.{node.attr}” reaches outside the data: only a deadline's "
                            f"{', '.join(sorted(DEADLINE_FIELDS))} can be read")
        elif isinstance(node, nodes.Filter) and node.name not in FILTERS:
            problems.append(f"filter {node.name!r} is not allowed (allowed: {', '.join(sorted(FILTERS))})")
        elif isinstance(node, nodes.Test) and node.name not in _TESTS:
            problems.append(f"test {node.name!r} is not allowed")
    return list(dict.fromkeys(problems))


def _walk(node: nodes.Node) -> list[nodes.Node]:
    found = [node]
    for child in node.iter_child_nodes():
        found += _walk(child)
    return found


def names_in(text: str) -> set[str]:
    """The names a (checked) template reads."""
    return set(meta.find_undeclared_variables(_ENV.parse(text)))


@lru_cache(maxsize=1024)
def compiled(text: str) -> Template:
    return _ENV.from_string(text)


def render(text: str, data: Mapping[str, Any]) -> str:
    """The draft filled in; raises jinja2's errors for a name the data lacks (StrictUndefined)."""
    lines = compiled(text).render(dict(data)).strip().splitlines()
    return "\n".join(line.rstrip() for line in lines)


def render_or_none(text: str, data: Mapping[str, Any]) -> str | None:
    """For a conversation: a draft that cannot render is left out (and logged), never an error to the member.
    `policy validate` renders every draft with every reachable combination, so this should not happen."""
    try:
        return render(text, data)
    except TemplateError:
        log.exception("a draft failed to render")
        return None
