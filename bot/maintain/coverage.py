"""Policy coverage: which nodes, branches, outcomes and points the policy tests reach (a point is reached when a
test's outcome shows it; a point added anywhere, when any test shows it; a follow-up's case and points, when a test
asking it is answered by that case)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.maintain.policytest import TestResult
from bot.pack.loading import Knowledge

ANYWHERE = "(points added anywhere)"
FOLLOW_UPS = "(follow-ups)"


@dataclass(frozen=True)
class TreeCoverage:
    tree: str
    nodes: tuple[int, int]  # (reached, total)
    branches: tuple[int, int]  # every `when` and every `default`
    outcomes: tuple[int, int]
    points: tuple[int, int]  # the points this tree's outcomes list, and those a test's outcome showed
    missed: list[str]  # what no test reaches, e.g. "branch released: unknown" or "outcome keep"

    @property
    def percent(self) -> float:
        reached = self.nodes[0] + self.branches[0] + self.outcomes[0] + self.points[0]
        total = self.nodes[1] + self.branches[1] + self.outcomes[1] + self.points[1]
        return 100.0 * reached / total if total else 100.0


def coverage(knowledge: Knowledge, results: list[TestResult]) -> list[TreeCoverage]:
    answers = [r for r in results if r.test.asked is not None]
    results = [r for r in results if r.test.asked is None]  # a follow-up's points are its own, not the outcome's
    report = []
    for tree in knowledge.trees.values():
        steps = [step for r in results for step in r.walk.path if step.tree == tree.id]  # entered trees count too
        ended = [r.walk for r in results if r.walk.tree == tree.id]
        shown = {(r.walk.outcome.id, point) for r in results if r.walk.outcome and r.walk.tree == tree.id
                 for point in r.points}
        listed = [(o.id, point) for o in tree.outcomes for point in o.points]
        nodes_hit = {step.node for step in steps} | {w.needs_node for w in ended if w.needs_node}
        branches_hit = {(step.node, step.condition) for step in steps}
        outcomes_hit = {w.outcome.id for w in ended if w.outcome}
        branches = [(n.id, b.when.describe()) for n in tree.nodes for b in n.branches]
        branches += [(n.id, "default") for n in tree.nodes if n.default]
        missed = [f"node {n.id}" for n in tree.nodes if n.id not in nodes_hit]
        missed += [f"branch {node}: {cond}" for node, cond in branches if (node, cond) not in branches_hit]
        missed += [f"outcome {o.id}" for o in tree.outcomes if o.id not in outcomes_hit]
        missed += [f"point {point} in outcome {outcome}" for outcome, point in listed if (outcome, point) not in shown]
        report.append(TreeCoverage(
            tree=tree.id,
            nodes=(len(nodes_hit & {n.id for n in tree.nodes}), len(tree.nodes)),
            branches=(sum(b in branches_hit for b in branches), len(branches)),
            outcomes=(len(outcomes_hit), len(tree.outcomes)),
            points=(sum(item in shown for item in listed), len(listed)),
            missed=missed,
        ))
    if knowledge.anywhere_points:
        shown_anywhere = {point for r in results for point in r.points}
        reached = [p for p in knowledge.anywhere_points if p in shown_anywhere]
        report.append(TreeCoverage(
            tree=ANYWHERE, nodes=(0, 0), branches=(0, 0), outcomes=(0, 0),
            points=(len(reached), len(knowledge.anywhere_points)),
            missed=[f"point {p}" for p in knowledge.anywhere_points if p not in shown_anywhere],
        ))
    if knowledge.follow_ups:
        report.append(_follow_up_coverage(knowledge, answers))
    return report


def _follow_up_coverage(knowledge: Knowledge, answers: list[TestResult]) -> TreeCoverage:
    """Each follow-up case is reached when a test's question is answered by it; its points, when shown there."""
    reached = {r.answered for r in answers if r.answered}
    shown = {(*r.answered, point) for r in answers if r.answered for point in r.points}
    cases = [(f.id, number) for f in knowledge.follow_ups for number in range(len(f.cases))]
    listed = [(f.id, number, point) for f in knowledge.follow_ups for number, case in enumerate(f.cases)
              for point in case.points]
    missed = [f"follow-up {f} case {n + 1}" for f, n in cases if (f, n) not in reached]
    missed += [f"point {p} in follow-up {f} case {n + 1}" for f, n, p in listed if (f, n, p) not in shown]
    return TreeCoverage(tree=FOLLOW_UPS, nodes=(0, 0), branches=(0, 0),
                        outcomes=(sum(c in reached for c in cases), len(cases)),
                        points=(sum(item in shown for item in listed), len(listed)), missed=missed)


def total_percent(report: list[TreeCoverage]) -> float:
    reached = sum(t.nodes[0] + t.branches[0] + t.outcomes[0] + t.points[0] for t in report)
    total = sum(t.nodes[1] + t.branches[1] + t.outcomes[1] + t.points[1] for t in report)
    return 100.0 * reached / total if total else 100.0


def as_json(report: list[TreeCoverage]) -> dict:
    return {"total": round(total_percent(report), 1), "trees": [
        {"tree": t.tree, "nodes": list(t.nodes), "branches": list(t.branches), "outcomes": list(t.outcomes),
         "points": list(t.points), "percent": round(t.percent, 1), "missed": t.missed} for t in report]}
