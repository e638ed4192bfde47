"""Questions members ask after the advice ("what if he refuses?"), answered from the pack's follow-ups.

A follow-up names the phrasings that ask it and, per situation (side, stage, contract, money at stake), the
points that answer it; the first situation that holds for this conversation's facts answers, with those of its
points that apply to the member. The same question gets a client's answer for a client and a freelancer's for a
freelancer, from points written once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from bot.conversation.points import Judgement, judge, judge_conditions, said_once
from bot.pack.loading import Knowledge
from bot.pack.model import FollowUp, Scalar


class Answered(NamedTuple):
    follow_up: FollowUp
    case: int  # which of its cases answered, for coverage
    points: list[Judgement]  # the points shown, in order


def answer_follow_up(knowledge: Knowledge, text: str, facts: Mapping[str, Scalar],
                     unknown: set[str]) -> Answered | None:
    """The answer of the first follow-up the question asks that has points for this member; None if none has."""
    said = text.lower().replace("’", "'")
    for follow_up in knowledge.follow_ups:
        if not follow_up.pattern.search(said):
            continue
        supposed = {**facts, **follow_up.supposes}
        unknown_then = unknown - follow_up.supposes.keys()
        for number, case in enumerate(follow_up.cases):
            if judge_conditions(case.when, {}, supposed, unknown_then) is not None:
                continue
            judged = said_once([judge(knowledge.points[p], supposed, unknown_then, knowledge.facts,
                                      knowledge.durations) for p in case.points], knowledge.points)
            shown = [j for j in judged if j.applies and j.text][:follow_up.most]  # in the order the case lists them
            if shown:
                return Answered(follow_up, number, shown)
    return None
