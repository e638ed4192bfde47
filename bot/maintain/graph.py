"""A decision tree as a graph: its vertices (questions, outcomes, trees it hands over to) and labelled edges,
rendered as Mermaid (renders on GitHub), Graphviz dot, or (`diagram`) an SVG drawn here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.pack.loading import Knowledge
from bot.pack.model import Tree

VertexKind = Literal["question", "outcome", "entry"]


@dataclass(frozen=True)
class Vertex:
    id: str  # the node or outcome id; `enter_<tree>` for a tree this one hands over to
    kind: VertexKind
    label: str
    target: str = ""  # an outcome's verdict label; an entry's tree id


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str


@dataclass(frozen=True)
class Graph:
    tree: str
    vertices: list[Vertex]
    edges: list[Edge]


def graph(tree: Tree, knowledge: Knowledge) -> Graph:
    vertices = [Vertex(node.id, "question", _question(node.fact, knowledge)) for node in tree.nodes]
    vertices += [Vertex(o.id, "outcome", o.title, knowledge.verdict_label(o.verdict)) for o in tree.outcomes]
    vertices += [Vertex(graph_id, "entry", label, tree_id) for graph_id, label, tree_id in _entries(tree, knowledge)]
    return Graph(tree.id, vertices, [Edge(a, b, label) for a, b, label in _edges(tree, knowledge)])


def _edges(tree: Tree, knowledge: Knowledge) -> list[tuple[str, str, str]]:
    edges = []
    for node in tree.nodes:
        fact = knowledge.facts.get(node.fact)
        for branch in node.branches:
            cond = branch.when
            if cond.operator == "equals" and fact is not None:
                label = fact.describe(cond.operand) if fact.type in ("choice", "yes_no") else cond.describe()
            elif cond.operator == "one_of" and fact is not None and fact.type == "choice":
                label = " / ".join(fact.describe(v) for v in cond.operand)
            elif cond.operator == "unknown":
                label = "I don't know"
            else:
                label = cond.describe()
            edges.append((node.id, branch.goto or _entered(branch.enter or ""), label))
        if node.default:
            edges.append((node.id, node.default, "any other answer"))
    return edges


def _entered(tree_id: str) -> str:
    return f"enter_{tree_id}"


def _entries(tree: Tree, knowledge: Knowledge) -> list[tuple[str, str, str]]:
    """The trees this one hands over to: (graph id, label, tree id)."""
    entered = dict.fromkeys(b.enter for n in tree.nodes for b in n.branches if b.enter)
    return [(_entered(t), f"{knowledge.trees[t].title} ({t})" if t in knowledge.trees else t, t)
            for t in entered if t]


def _question(node_fact: str, knowledge: Knowledge) -> str:
    fact = knowledge.facts.get(node_fact)
    return fact.question if fact else node_fact


def _text(text: str) -> str:
    return text.replace('"', "'").replace("\n", " ")


# Policy ids ([a-z][a-z0-9_]*) that Mermaid 11's flowchart parser refuses as node ids (checked with mermaid.parse).
MERMAID_KEYWORDS = frozenset({"end", "graph", "flowchart", "subgraph", "style", "class", "click", "call", "href",
                              "interpolate"})


def _mermaid_id(name: str) -> str:
    return f"{name}_" if name in MERMAID_KEYWORDS else name


def _outcome_label(vertex: Vertex, separator: str) -> str:
    return f"{vertex.target}{separator}{vertex.label}"


def mermaid(tree: Tree, knowledge: Knowledge) -> str:
    shapes = {"question": '{{"{}"}}', "outcome": '(["{}"])', "entry": '[["{}"]]'}
    drawn = graph(tree, knowledge)
    lines = ["flowchart TD"]
    for v in drawn.vertices:
        label = _outcome_label(v, ": ") if v.kind == "outcome" else v.label
        lines.append(f"    {_mermaid_id(v.id)}" + shapes[v.kind].format(_text(label)))
    lines += [f'    {_mermaid_id(e.source)} -->|"{_text(e.label)}"| {_mermaid_id(e.target)}' for e in drawn.edges]
    return "\n".join(lines)


def dot(tree: Tree, knowledge: Knowledge) -> str:
    """Ids are quoted: `node`, `edge` and `graph` are dot keywords a policy id could spell."""
    shapes = {"question": "shape=diamond", "outcome": "shape=box, style=rounded", "entry": "shape=box, peripheries=2"}
    drawn = graph(tree, knowledge)
    lines = [f'digraph "{tree.id}" {{', "    rankdir=TB;"]
    for v in drawn.vertices:
        label = _text(_outcome_label(v, "\\n") if v.kind == "outcome" else v.label)
        lines.append(f'    "{v.id}" [{shapes[v.kind]}, label="{label}"];')
    lines += [f'    "{e.source}" -> "{e.target}" [label="{_text(e.label)}"];' for e in drawn.edges]
    lines.append("}")
    return "\n".join(lines)
