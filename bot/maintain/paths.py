"""Where members actually go (`stats --paths`): the outcomes and branches of the pack that real conversations
reached, those they never did, and how often none of the situations fitted."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.pack.loading import Knowledge
from bot.record.audit import Decision


@dataclass
class TreePaths:
    tree: str
    decisions: int  # conversations that ended in this tree
    outcomes: dict[str, int]  # every outcome of the tree → how many ended there
    branches: dict[str, int]  # every branch ("node: condition") → how many passed it

    @property
    def never(self) -> list[str]:
        return ([f"outcome {o}" for o, n in self.outcomes.items() if not n]
                + [f"branch {b}" for b, n in self.branches.items() if not n])


@dataclass
class Paths:
    trees: list[TreePaths]
    ended: Counter[tuple[str, str, str]]  # (tree, outcome, verdict) → conversations, as recorded
    conversations: int  # that ended: with guidance or a way out
    way_outs: dict[str, int]
    gone: int = 0  # decisions that ended in an outcome this pack no longer has
    without_steps: int = 0  # recorded before the branches taken were kept

    def as_json(self) -> dict[str, Any]:
        return {
            "conversations": self.conversations, "way_outs": self.way_outs,
            "ended": [{"tree": t, "outcome": o, "verdict": v, "count": n} for (t, o, v), n in self.ended.most_common()],
            "trees": [{"tree": t.tree, "decisions": t.decisions, "outcomes": t.outcomes, "branches": t.branches,
                       "never": t.never} for t in self.trees],
            "not_in_pack": self.gone, "without_steps": self.without_steps,
        }


def branch_names(knowledge: Knowledge, tree_id: str) -> list[str]:
    """Every branch of a tree as walks record it: "node: condition" (`default` for a node's default)."""
    tree = knowledge.trees[tree_id]
    return [f"{n.id}: {b.when.describe()}" for n in tree.nodes for b in n.branches] + [
        f"{n.id}: default" for n in tree.nodes if n.default]


def paths(knowledge: Knowledge, decisions: Sequence[Decision], way_outs: dict[str, int]) -> Paths:
    ended = Counter((d.tree, d.outcome, d.verdict) for d in decisions)
    steps = Counter(step for d in decisions for step in d.steps)
    trees = []
    for tree in knowledge.trees.values():
        outcomes = {o.id: sum(n for (_, outcome, _), n in ended.items() if outcome == o.id) for o in tree.outcomes}
        branches = {name: steps[f"{tree.id}/{name}"] for name in branch_names(knowledge, tree.id)}
        trees.append(TreePaths(tree.id, sum(outcomes.values()), outcomes, branches))
    gone = sum(1 for d in decisions if knowledge.outcome(d.outcome) is None)
    return Paths(trees=trees, ended=ended, conversations=len(decisions) + sum(way_outs.values()), way_outs=way_outs,
                 gone=gone, without_steps=sum(1 for d in decisions if not d.steps))
