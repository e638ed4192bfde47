"""Building the guidance for an outcome: the main action, the points that apply to this member, the
citations, and the path that led there."""

from __future__ import annotations

from collections.abc import Mapping

from bot.conversation.deadlines import Calendar, deadlines_for
from bot.conversation.extras import drafts_for, evidence_for
from bot.conversation.points import judge_outcome
from bot.conversation.walk import Walk
from bot.messages import Citation, Guidance, GuidancePoint, PathStep
from bot.pack.loading import Knowledge
from bot.pack.model import Scalar


def build_guidance(knowledge: Knowledge, result: Walk, facts: Mapping[str, Scalar], unknown: set[str],
                   record_id: str = "", calendar: Calendar | None = None) -> Guidance:
    """The guidance for the walk's outcome; `calendar` (now, from the engine's clock) dates its deadlines."""
    outcome = result.outcome
    assert outcome is not None
    applying = [j for j in judge_outcome(knowledge, outcome, facts, unknown) if j.applies]
    worked = deadlines_for(outcome.id, knowledge, facts, unknown, calendar) if calendar else []
    shown = [GuidancePoint(id=j.point, text=j.text or "") for j in applying]
    cited = list(dict.fromkeys([*outcome.answers, *(a for j in applying for a in knowledge.points[j.point].answers)]))
    sources = list({s.url: s for s in [*outcome.sources, *(s for j in applying
                                                            for s in knowledge.points[j.point].sources)]}.values())
    citations = [
        Citation(title=answer.title, answer_id=answer.id) for answer_id in cited
        if (answer := knowledge.answers.get(answer_id))
    ] + [Citation(title=source.title, url=source.url) for source in sources]
    said = [
        knowledge.facts[step.fact].describe(step.value, facts, unknown) if not step.unknown and step.value is not None
        else f"{knowledge.facts[step.fact].label}: not known"
        for step in result.path
    ]
    path = [
        PathStep(node=step.node, fact=step.fact, answer=answer, condition=step.condition, goto=step.goto)
        for step, answer in zip(result.path, said, strict=True)
    ]
    # The basis reads back what the member said, "I don't know" included; facts never asked and not said are not
    # part of what they told us.
    # Each fact once, though a triage node and the entered tree may both ask it.
    basis = list(dict.fromkeys(answer for step, answer in zip(result.path, said, strict=True)
                               if not step.unknown or step.fact in unknown or knowledge.facts[step.fact].ask))
    lead = knowledge.pack.points_shown
    return Guidance(
        id=record_id, tree=result.tree, outcome=outcome.id, verdict=outcome.verdict,
        verdict_label=outcome.label or knowledge.verdict_label(outcome.verdict), title=outcome.title,
        body=outcome.action, deadlines=[GuidancePoint(id=w.deadline, text=w.text or "") for w in worked],
        evidence_heading=knowledge.pack.evidence_heading, evidence=evidence_for(outcome.id, knowledge, facts, unknown),
        drafts_heading=knowledge.pack.drafts_heading, drafts=drafts_for(outcome.id, knowledge, facts, unknown, worked),
        points=shown[:lead], more=shown[lead:], citations=citations, basis=basis, path=path,
        disclaimer=knowledge.pack.disclaimer,
    )
