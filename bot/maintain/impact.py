"""`policy impact`: what a policy change would change for the members who already asked.

Every recorded decision (its confirmed facts, walked again from the tree it started in) and every corpus case
(through the real engine, as `eval` runs it) goes through two packs; what ends differently is listed, grouped
in plain words ("12 decisions in escrow_refund: Reject and open a dispute → Settle with a partial release").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from bot.conversation.walk import PolicyBug, walk
from bot.maintain.eval import Case, run_case
from bot.pack.loading import Knowledge
from bot.pack.model import Scalar
from bot.record.audit import Decision


@dataclass(frozen=True)
class Ending:
    """Where one replay ends in one pack: an outcome, a question the facts no longer answer, or nowhere."""

    tree: str | None
    outcome: str | None = None
    verdict: str | None = None
    asks: str | None = None  # the fact this pack would still need
    problem: str | None = None  # the start tree is gone, or the walk found no branch

    def words(self, knowledge: Knowledge) -> str:
        if self.outcome and self.verdict:
            return knowledge.verdict_label(self.verdict)
        if self.asks:
            fact = knowledge.facts.get(self.asks)
            return f"a question ({fact.label if fact else self.asks})"
        return self.problem or "no advice"

    def as_json(self) -> dict[str, Any]:
        return {"tree": self.tree, "outcome": self.outcome, "verdict": self.verdict, "asks": self.asks,
                "problem": self.problem}


@dataclass(frozen=True)
class Change:
    kind: Literal["decision", "case"]
    id: str  # the guidance record id, or "FILE: case id"
    before: Ending  # in the pack compared against
    after: Ending  # in the working pack


@dataclass
class Impact:
    working: Knowledge
    against: Knowledge
    decisions: int = 0  # replayed
    not_replayable: int = 0  # recorded before facts were kept
    cases: int = 0
    changes: list[Change] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def groups(self) -> list[tuple[str, str, str, list[Change]]]:
        """(kind, tree, "before → after" in words, changes), largest first."""
        grouped: dict[tuple[str, str, str], list[Change]] = {}
        for change in self.changes:
            before, after = change.before, change.after
            if before.outcome == after.outcome:
                words = f"{before.words(self.against)} → {after.words(self.working)} (outcome {before.outcome})"
            else:
                words = (f"{before.words(self.against)} ({before.outcome or '-'}) → {after.words(self.working)} "
                         f"({after.outcome or '-'})")
            tree = change.before.tree or change.after.tree or "-"
            grouped.setdefault((change.kind, tree, words), []).append(change)
        return sorted(((k, t, w, c) for (k, t, w), c in grouped.items()), key=lambda g: (-len(g[3]), g[0], g[1], g[2]))

    def as_json(self) -> dict[str, Any]:
        return {
            "working": {"directory": str(self.working.directory), "version": self.working.version},
            "against": {"directory": str(self.against.directory), "version": self.against.version},
            "decisions": self.decisions, "not_replayable": self.not_replayable, "cases": self.cases,
            "changed": self.changed,
            "changes": [{"kind": c.kind, "id": c.id, "before": c.before.as_json(), "after": c.after.as_json()}
                        for c in self.changes],
        }


def replay(knowledge: Knowledge, start: str, facts: Mapping[str, Scalar | None]) -> Ending:
    """Walk recorded facts through a pack: "I don't know" stays unknown; facts the pack no longer has are dropped."""
    if start not in knowledge.trees:
        return Ending(tree=None, problem=f"no tree {start}")
    known = {k: v for k, v in facts.items() if v is not None and k in knowledge.facts}
    unknown = knowledge.unknown_among(known, (k for k, v in facts.items() if v is None and k in knowledge.facts))
    try:
        result = walk(knowledge.trees, start, known, unknown)
    except PolicyBug as exc:
        return Ending(tree=start, problem=str(exc))
    if result.outcome is None:
        return Ending(tree=result.tree, asks=result.needs)
    return Ending(tree=result.tree, outcome=result.outcome.id, verdict=result.outcome.verdict)


async def case_ending(knowledge: Knowledge, case: Case) -> Ending:
    result = await run_case(knowledge, case)
    if result.verdict is None:
        return Ending(tree=result.tree, problem="no advice (the conversation did not end in guidance)")
    return Ending(tree=result.tree, outcome=result.outcome, verdict=result.verdict)


def _differ(before: Ending, after: Ending) -> bool:
    return (before.outcome, before.verdict, before.asks, before.problem) != (
        after.outcome, after.verdict, after.asks, after.problem)


async def impact(working: Knowledge, against: Knowledge, decisions: Sequence[Decision],
                 cases: Sequence[tuple[str, Case]]) -> Impact:
    """`cases` are (file shown, case) pairs."""
    report = Impact(working=working, against=against)
    same = working.version == against.version  # the same files: nothing can end differently, so skip the walks
    for decision in decisions:
        if decision.start is None or decision.facts is None:
            report.not_replayable += 1
            continue
        report.decisions += 1
        if same:
            continue
        before, after = replay(against, decision.start, decision.facts), replay(working, decision.start, decision.facts)
        if _differ(before, after):
            report.changes.append(Change("decision", decision.id, before, after))
    for shown, case in cases:
        report.cases += 1
        if same:
            continue
        before, after = await case_ending(against, case), await case_ending(working, case)
        if _differ(before, after):
            report.changes.append(Change("case", f"{shown}: {case.id}", before, after))
    return report


def default_case_files(root: Path) -> list[Path]:
    """The project's corpus and the shared evaluation cases, seen from the repository root."""
    return sorted((root / "tests" / "cases").glob("*.yaml")) + sorted((root.parent / "shared" / "eval").glob(
        "*cases*.yaml"))


def format_impact(report: Impact, against_name: str) -> str:
    head = (f"Replayed {report.decisions} recorded decisions and {report.cases} cases through the working pack "
            f"({report.working.version}) and {against_name} ({report.against.version}).")
    lines = [head]
    if report.not_replayable:
        lines.append(f"{report.not_replayable} older decisions were recorded before their facts were kept: "
                     "not replayed.")
    if not report.changed:
        lines.append("Nothing would change.")
        return "\n".join(lines)
    lines.append("What would change:")
    for kind, tree, words, changes in report.groups():
        noun = kind if len(changes) == 1 else f"{kind}s"
        lines.append(f"- {len(changes)} {noun} in {tree}: {words}")
        lines += [f"    {c.id}" for c in changes]
    return "\n".join(lines)
