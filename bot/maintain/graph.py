"""A decision tree as a graph: Mermaid (renders on GitHub) or Graphviz dot."""

from __future__ import annotations

from bot.pack.loading import Knowledge
from bot.pack.model import Tree


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


def _entries(tree: Tree, knowledge: Knowledge) -> list[tuple[str, str]]:
    """The trees this one hands over to: (graph id, label)."""
    entered = dict.fromkeys(b.enter for n in tree.nodes for b in n.branches if b.enter)
    return [(_entered(t), f"{knowledge.trees[t].title} ({t})" if t in knowledge.trees else t) for t in entered if t]


def _question(node_fact: str, knowledge: Knowledge) -> str:
    fact = knowledge.facts.get(node_fact)
    return _text(fact.question if fact else node_fact)


def _text(text: str) -> str:
    return text.replace('"', "'").replace("\n", " ")


# Policy ids ([a-z][a-z0-9_]*) that Mermaid 11's flowchart parser refuses as node ids (checked with mermaid.parse).
MERMAID_KEYWORDS = frozenset({"end", "graph", "flowchart", "subgraph", "style", "class", "click", "call", "href",
                              "interpolate"})


def _mermaid_id(name: str) -> str:
    return f"{name}_" if name in MERMAID_KEYWORDS else name


def mermaid(tree: Tree, knowledge: Knowledge) -> str:
    lines = ["flowchart TD"]
    lines += [f'    {_mermaid_id(node.id)}{{"{_question(node.fact, knowledge)}"}}' for node in tree.nodes]
    for outcome in tree.outcomes:
        label = f"{knowledge.verdict_label(outcome.verdict)}: {outcome.title}"
        lines.append(f'    {_mermaid_id(outcome.id)}(["{_text(label)}"])')
    lines += [f'    {graph_id}[["{_text(label)}"]]' for graph_id, label in _entries(tree, knowledge)]
    lines += [f'    {_mermaid_id(a)} -->|"{_text(label)}"| {_mermaid_id(b)}' for a, b, label in _edges(tree, knowledge)]
    return "\n".join(lines)


def dot(tree: Tree, knowledge: Knowledge) -> str:
    """Ids are quoted: `node`, `edge` and `graph` are dot keywords a policy id could spell."""
    lines = [f'digraph "{tree.id}" {{', "    rankdir=TB;"]
    lines += [f'    "{node.id}" [shape=diamond, label="{_question(node.fact, knowledge)}"];' for node in tree.nodes]
    for outcome in tree.outcomes:
        label = f"{knowledge.verdict_label(outcome.verdict)}\\n{outcome.title}"
        lines.append(f'    "{outcome.id}" [shape=box, style=rounded, label="{_text(label)}"];')
    lines += [f'    "{graph_id}" [shape=box, peripheries=2, label="{_text(label)}"];'
              for graph_id, label in _entries(tree, knowledge)]
    lines += [f'    "{a}" -> "{b}" [label="{_text(label)}"];' for a, b, label in _edges(tree, knowledge)]
    lines.append("}")
    return "\n".join(lines)
