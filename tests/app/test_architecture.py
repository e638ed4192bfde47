"""The layout of bot/ and adapters/: imports point one way, and no module imports itself back.

app → adapters → conversation → reading → pack → messages/safety; record and maintain sit beside
them (maintain above conversation and record, record above reading) and never reach back up.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).parents[2]
BELOW = {
    "messages": set(),
    "safety": set(),
    "pack": {"messages", "safety"},
    "reading": {"pack", "messages", "safety"},
    "record": {"reading", "pack", "messages", "safety"},
    "conversation": {"record", "reading", "pack", "messages", "safety"},
    "maintain": {"conversation", "record", "reading", "pack", "messages", "safety"},
    "adapters": {"conversation", "messages", "safety"},
    "app": {"adapters", "maintain", "conversation", "record", "reading", "pack", "messages", "safety"},
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def room(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] == "adapters":
        return "adapters"
    if parts[0] != "bot" or len(parts) == 1:
        return None
    return "app" if parts[1] == "__main__" else parts[1]


def imports(source: str, package: str) -> set[str]:
    """Every project module a file imports, wherever the import stands (functions and TYPE_CHECKING too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return {name for name in found if name.split(".")[0] in ("bot", "adapters")}


def project_modules() -> dict[str, set[str]]:
    files = sorted((ROOT / "bot").rglob("*.py")) + sorted((ROOT / "adapters").rglob("*.py"))
    modules = {module_name(path): path for path in files}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        graph[name] = {target for target in imports(path.read_text(), package) if target in modules and target != name}
    return graph


def test_bot_holds_only_the_rooms_and_the_contract() -> None:
    top = {p.name for p in (ROOT / "bot").iterdir() if p.name != "__pycache__"}
    assert top == {"__init__.py", "__main__.py", "messages.py", *(r for r in BELOW if r not in ("messages",
                                                                                                "adapters"))}


def test_imports_point_one_way() -> None:
    wrong = []
    for module, targets in project_modules().items():
        source = room(module)
        for target in targets:
            destination = room(target)
            if source and destination and destination != source and destination not in BELOW[source]:
                wrong.append(f"{module} ({source}) imports {target} ({destination})")
    assert not wrong, "\n".join(sorted(wrong))


def test_no_import_cycles() -> None:
    graph = project_modules()
    # A package's __init__ re-exporting its own modules is not a cycle of meaning; leave those edges out.
    for module, targets in graph.items():
        graph[module] = {t for t in targets if not (module.startswith(t + ".") and t in graph)}
    state: dict[str, int] = {}
    cycles: list[str] = []

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                cycles.append(" → ".join([*trail[trail.index(target):], target]))
            elif target not in state:
                visit(target, [*trail, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not cycles, "\n".join(cycles)


def test_the_checker_sees_imports_inside_functions_and_relative_ones() -> None:
    found = imports("def f():\n    from bot.app.settings import Settings\n    from .walk import walk\n",
                    "bot.conversation")
    assert {"bot.app.settings", "bot.conversation.walk"} <= found
    assert room("bot.app.settings") == "app" and "app" not in BELOW["conversation"]
