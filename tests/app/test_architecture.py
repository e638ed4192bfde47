"""The layout of bot/ and adapters/: imports point one way, and no module imports itself back.

app → adapters → conversation → reading → pack → messages/safety; record and maintain sit beside
them (maintain above conversation and record, record above reading) and never reach back up. Adapters talk to the
engine through its methods alone, never through its store, library or other parts.
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


def engine_parts() -> set[str]:
    """What the engine holds (the attributes its __init__ sets): its store, library, audit log and the rest."""
    tree = ast.parse((ROOT / "bot" / "conversation" / "engine.py").read_text())
    engine = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Engine")
    init = next(n for n in engine.body if isinstance(n, ast.FunctionDef) and n.name == "__init__")
    return {target.attr for node in ast.walk(init) if isinstance(node, ast.Assign | ast.AnnAssign)
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self"}


def reaches_into_the_engine(source: str, parts: set[str]) -> list[str]:
    """`engine.store`, `self.engine.library`, `x.store`…: an adapter using the engine's parts, not its methods."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Attribute):
            continue
        owner = node.value
        named = owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) else ""
        if node.attr in ("store", "library") or (named == "engine" and node.attr in parts):
            found.append((node.lineno, f"line {node.lineno}: {ast.unparse(node)}"))
    return [said for _, said in sorted(found)]


def test_adapters_use_the_engine_and_never_its_store_or_library() -> None:
    parts = engine_parts()
    assert {"store", "library", "audit", "handoffs"} <= parts
    wrong = [f"{path.relative_to(ROOT)} {hit}" for path in sorted((ROOT / "adapters").rglob("*.py"))
             for hit in reaches_into_the_engine(path.read_text(), parts)]
    assert not wrong, "\n".join(wrong)


def test_the_face_check_sees_every_way_in() -> None:
    parts = engine_parts()
    source = ("await self.engine.store.load(k)\nengine.library.reload()\nx = bot.engine.handoffs\n"
              "store = self.engine\nstore.library\nawait self.engine.handle(m)\nself.engine.emit(e)\n")
    assert [hit.split(":")[0] for hit in reaches_into_the_engine(source, parts)] == [
        "line 1", "line 2", "line 3", "line 5"]
