"""The review queue as maintainers see it: each item with the facts and path of its advice, and its export as a
policy test in the pack's test format, so feedback becomes a regression test in one step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from bot.pack.loading import Knowledge, load_knowledge
from bot.pack.yamlfile import PolicyError
from bot.record.audit import AuditLog, Decision
from bot.record.review import ReviewItem

TESTS_HEADER = ("# yaml-language-server: $schema=../schema/tests.json\n"
                "# Policy tests exported from the review queue (`refundbot review export ID`): advice members marked\n"
                "# Not helpful or moderators called wrong, with the facts the member confirmed.\n"
                "tests:\n")


class ReviewError(ValueError):
    """An item that does not exist or cannot become a test; the message says why."""


@dataclass(frozen=True)
class Entry:
    item: ReviewItem
    decision: Decision | None  # None if the guidance record is gone

    def as_json(self) -> dict[str, Any]:
        d = self.decision
        return {"id": self.item.id, "at": datetime.fromtimestamp(self.item.at, UTC).isoformat(timespec="seconds"),
                "source": self.item.source, "verdict_wanted": self.item.verdict, "exported_to": self.item.exported_to,
                "guidance": None if d is None else {
                    "id": d.id, "platform": d.platform, "start": d.start, "tree": d.tree, "outcome": d.outcome,
                    "verdict": d.verdict, "policy_version": d.policy_version, "facts": d.facts, "steps": d.steps}}


def entries(audit: AuditLog, include_exported: bool = False) -> list[Entry]:
    return [Entry(item, audit.decision(item.guidance_id)) for item in audit.review.items(include_exported)]


def as_policy_test(entry: Entry, knowledge: Knowledge, verdict: str | None = None) -> tuple[dict[str, Any], str]:
    """The policy test for an item, and a comment saying what to do with it. The expected verdict is the one
    asked for, else the moderator's; a member's Not helpful without one pins today's outcome, to be edited."""
    decision = entry.decision
    if decision is None or not decision.replayable or decision.start not in knowledge.trees:
        raise ReviewError(f"review item {entry.item.id}: its advice was recorded without the facts it rests on "
                          "(or in a tree this pack no longer has), so it cannot become a test")
    wanted = verdict or entry.item.verdict
    if wanted is not None and wanted not in knowledge.pack.verdicts:
        raise ReviewError(f"no verdict called {wanted!r}; verdicts: {', '.join(knowledge.pack.verdicts)}")
    facts = {name: value for name, value in (decision.facts or {}).items() if name in knowledge.facts}
    who = "a moderator called it wrong" if entry.item.source == "moderator" else "a member marked it Not helpful"
    name = f"review {entry.item.id}: {decision.tree}/{decision.outcome} ({decision.verdict}); {who}"
    if wanted:
        return {"name": name, "tree": decision.start, "facts": facts, "expect": {"verdict": wanted}}, (
            f"# {who} on {decision.platform}; it should give {wanted} (it gave {decision.verdict}).\n")
    return {"name": name, "tree": decision.start, "facts": facts, "expect": {"outcome": decision.outcome}}, (
        f"# {who} on {decision.platform}. This pins today's outcome: change `expect` to the advice it should give.\n")


def export(audit: AuditLog, item_id: int, pack: Path, to: Path | None = None, verdict: str | None = None) -> Path:
    """Append the item's test to `to` (default: the pack's tests/review.yaml), check that the pack still loads
    with it, and mark the item exported. The file is left as it was if anything fails."""
    item = audit.review.item(item_id)
    if item is None:
        raise ReviewError(f"no review item {item_id}; `refundbot review` lists them")
    knowledge = load_knowledge(pack)
    case, comment = as_policy_test(Entry(item, audit.decision(item.guidance_id)), knowledge, verdict)
    target = to or pack / "tests" / "review.yaml"
    before = target.read_text(encoding="utf-8") if target.exists() else None
    text = before if before is not None else TESTS_HEADER
    text = (text if text.endswith("\n") else text + "\n") + comment + yaml.safe_dump(
        [case], sort_keys=False, default_flow_style=None, width=1000, allow_unicode=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    try:
        load_knowledge(pack)
    except PolicyError as exc:
        if before is None:
            target.unlink()
        else:
            target.write_text(before, encoding="utf-8")
        raise ReviewError("the test would break the pack, so it was not written:\n"
                          + "\n".join(f"  {p}" for p in exc.problems)) from None
    audit.review.mark_exported(item_id, str(target))
    return target
