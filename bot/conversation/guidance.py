"""Building the guidance for an outcome: the advice, its citations, and the path that led there."""

from __future__ import annotations

from bot.conversation.walk import Walk
from bot.messages import Citation, Guidance, PathStep
from bot.pack.loading import Knowledge


def build_guidance(knowledge: Knowledge, result: Walk, record_id: str = "") -> Guidance:
    outcome = result.outcome
    assert outcome is not None
    citations = [
        Citation(title=answer.title, answer_id=answer.id)
        for answer_id in outcome.answers if (answer := knowledge.answers.get(answer_id))
    ] + [Citation(title=source.title, url=source.url) for source in outcome.sources]
    basis = [
        knowledge.facts[step.fact].describe(step.value) if not step.unknown
        else f"{knowledge.facts[step.fact].label}: not known"
        for step in result.path
    ]
    path = [
        PathStep(node=step.node, fact=step.fact, answer=said, condition=step.condition, goto=step.goto)
        for step, said in zip(result.path, basis, strict=True)
    ]
    return Guidance(
        id=record_id, tree=result.tree, outcome=outcome.id, verdict=outcome.verdict,
        verdict_label=knowledge.verdict_label(outcome.verdict), title=outcome.title, body=outcome.guidance,
        citations=citations, basis=basis, path=path, disclaimer=knowledge.pack.disclaimer,
    )
