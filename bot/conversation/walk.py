"""Walking a decision tree over the facts known so far: the next question, or the outcome and its path."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from bot.pack.model import Outcome, Scalar, Tree


# A tuple and a dataclass, not validated models: a turn walks the trees two or three times, passing a dozen
# nodes each time, and what a walk puts in them comes from a checked pack.
class Step(NamedTuple):
    """One node passed: the fact it read, what the member said, and which branch was taken."""

    tree: str
    node: str
    fact: str
    value: Scalar | None
    unknown: bool
    condition: str  # the condition that matched, or "default"
    goto: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Walk:
    tree: str  # where the walk ended (entered trees included)
    path: list[Step]
    needs: str | None = None  # the fact to ask next
    needs_node: str | None = None
    outcome: Outcome | None = None

    @property
    def facts_used(self) -> list[str]:
        """Each fact once, in the order the walk first used it (a triage node and the entered tree may share one)."""
        return list(dict.fromkeys(step.fact for step in self.path))


class PolicyBug(RuntimeError):
    """The tree has no branch for a value; load-time checks exist so that this never happens."""


def walk(trees: Mapping[str, Tree], start: str, facts: Mapping[str, Scalar],
         unknown: set[str] | frozenset[str] = frozenset()) -> Walk:
    """From tree `start`, follow the known facts (and `enter` other trees) to an outcome or a missing fact."""
    tree = trees[start]
    path: list[Step] = []
    current = tree.start
    steps, bound = 0, 0
    while True:
        steps += 1
        if steps > 100 and steps > (bound := bound or sum(len(t.nodes) for t in trees.values()) + len(trees) + 1):
            raise PolicyBug(f"tree {start!r}: path longer than the pack (cycle?)")  # checked packs are acyclic
        outcome = tree.outcome(current)
        if outcome is not None:
            return Walk(tree=tree.id, path=path, outcome=outcome)
        node = tree.node(current)
        if node is None:
            raise PolicyBug(f"tree {tree.id!r}: no node or outcome {current!r}")
        is_unknown = node.fact in unknown or (not node.ask and node.fact not in facts)
        if not is_unknown and node.fact not in facts:
            return Walk(tree=tree.id, path=path, needs=node.fact, needs_node=node.id)
        value = None if is_unknown else facts[node.fact]
        branch = node.branch_for(value, is_unknown)
        if branch is not None:
            condition, goto = branch.when.description, branch.target
        elif node.default is not None and not is_unknown:
            condition, goto = "default", node.default
        else:
            raise PolicyBug(f"tree {tree.id!r}, node {node.id!r}: no branch for {node.fact}={value!r}")
        path.append(Step(tree=tree.id, node=node.id, fact=node.fact, value=value, unknown=is_unknown,
                         condition=condition, goto=goto, note=node.note))
        if branch is not None and branch.enter is not None:
            tree = trees[branch.enter]
            current = tree.start
        else:
            current = goto
