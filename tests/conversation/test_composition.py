"""Guidance composed from points: the main action, then the points whose conditions hold for this member,
with their facts filled in, most important first; the rest folded under "more"."""

from __future__ import annotations

from bot.conversation.guidance import build_guidance
from bot.conversation.points import compose, fill, judge
from bot.conversation.walk import walk
from bot.messages import Guidance
from bot.pack.loading import Knowledge, load_knowledge
from bot.pack.model import Condition, Point, Scalar
from tests.conftest import FIXTURE_PACK, Member, guidance


def advise(knowledge: Knowledge, tree: str, facts: dict[str, Scalar],
           unknown: frozenset[str] = frozenset()) -> Guidance:
    result = walk(knowledge.trees, tree, facts, unknown)
    assert result.outcome is not None
    return build_guidance(knowledge, result, facts, set(unknown))


def test_points_whose_conditions_hold_are_added_with_the_members_values(fixture_knowledge: Knowledge) -> None:
    advice = advise(fixture_knowledge, "refund", {"contract_type": "fixed", "milestone_released": True,
                                                  "amount": 1200})
    assert advice.body == "1. Decline the refund."
    assert [p.id for p in advice.points] == ["paid_amount_is_yours", "refund_is_a_request"], "by weight"
    assert advice.points[0].text == "The $1,200 you were paid is yours."


def test_a_point_needing_a_value_nobody_gave_is_left_out(fixture_knowledge: Knowledge) -> None:
    advice = advise(fixture_knowledge, "refund", {"contract_type": "fixed", "milestone_released": True})
    assert [p.id for p in advice.points] == ["refund_is_a_request"]


def test_unless_leaves_a_point_out(fixture_knowledge: Knowledge) -> None:
    advice = advise(fixture_knowledge, "refund", {"contract_type": "catalog", "milestone_released": True,
                                                  "amount": 80})
    assert [p.id for p in advice.points] == ["paid_amount_is_yours"]


def test_computed_values_fill_the_text_and_conditions_bound_them(fixture_knowledge: Knowledge) -> None:
    waiting = advise(fixture_knowledge, "waiting", {"work_submitted": True, "days_since_submission": 10})
    assert [p.text for p in waiting.points] == ["About 4 days of the review remain."]
    unknown = frozenset({"days_since_submission"})
    assert advise(fixture_knowledge, "waiting", {"work_submitted": True}, unknown).points == [], "days not known"


def test_a_value_with_words_to_stand_in_is_shown_where_known_and_the_words_where_not(
        fixture_knowledge: Knowledge) -> None:
    text = "If they do nothing, {amount|the payment} is released; the {amount|} milestone pays for what it agreed."
    assert fill(text, {"amount": 350}, fixture_knowledge.facts) == \
        "If they do nothing, $350 is released; the $350 milestone pays for what it agreed."
    assert fill(text, {}, fixture_knowledge.facts) == \
        "If they do nothing, the payment is released; the milestone pays for what it agreed."
    assert fill("{amount|the payment} is {days} days away", {}, fixture_knowledge.facts) is None, \
        "a value without words to stand in is still needed"


def test_shipped_points_name_the_amount_at_stake_where_the_member_gave_it() -> None:
    knowledge = load_knowledge()
    facts: dict[str, Scalar] = {"asker_role": "freelancer", "contract_type": "fixed", "milestone_funded": True,
                                "work_submitted": True, "milestone_released": False, "contract_ended_by": "nobody",
                                "client_response": "silent"}
    days_unknown = frozenset({"days_since_submission"})
    waiting = advise(knowledge, "unreleased_milestone", facts, days_unknown)
    assert waiting.outcome == "unreleased_wait"
    told = advise(knowledge, "unreleased_milestone", {**facts, "amount_usd": 450}, days_unknown)
    assert any("$450 is released to you automatically" in p.text for p in told.all_points())
    assert not any("$" in p.text for p in waiting.all_points())
    assert any("the payment is released to you automatically" in p.text for p in waiting.all_points())


def test_two_members_whose_facts_differ_get_different_guidance(fixture_knowledge: Knowledge) -> None:
    small = advise(fixture_knowledge, "refund", {"contract_type": "fixed", "milestone_released": True, "amount": 90})
    large = advise(fixture_knowledge, "refund", {"contract_type": "fixed", "milestone_released": True, "amount": 900})
    assert small.verdict == large.verdict and small.full_text() != large.full_text()


def test_points_beyond_the_pack_setting_are_folded_under_more(tmp_path) -> None:
    import shutil

    pack = tmp_path / "pack"
    shutil.copytree(FIXTURE_PACK, pack)
    settings = pack / "policy" / "pack.yaml"
    settings.write_text(settings.read_text().replace("  name: Test pack\n", "  name: Test pack\n  points_shown: 1\n"))
    advice = advise(load_knowledge(pack), "refund", {"contract_type": "fixed", "milestone_released": True,
                                                     "amount": 50})
    assert [p.id for p in advice.points] == ["paid_amount_is_yours"]
    assert [p.id for p in advice.more] == ["refund_is_a_request"]
    assert advice.lead_markdown() == "1. Decline the refund.\n- The $50 you were paid is yours."


def test_the_judgement_explains_why_each_point_was_shown_or_not(fixture_knowledge: Knowledge) -> None:
    outcome = fixture_knowledge.outcome("wait")
    assert outcome is not None
    [judged] = compose(outcome.points, fixture_knowledge.points, {"days_since_submission": 20}, set(),
                       fixture_knowledge.facts)
    assert not judged.applies and judged.because == "needs days_since_submission < 14"
    assert fill("{amount} in escrow", {"amount": 12.5}, fixture_knowledge.facts) == "$12.50 in escrow"
    assert fill("{amount} in escrow", {}, fixture_knowledge.facts) is None


def test_when_any_needs_one_of_its_conditions(fixture_knowledge: Knowledge) -> None:
    point = Point(id="p", text="Changes are new work.", when_any={
        "contract_type": Condition(equals="hourly"), "milestone_released": Condition(equals=True)})
    facts = fixture_knowledge.facts
    assert judge(point, {"contract_type": "fixed", "milestone_released": True}, set(), facts).applies
    assert judge(point, {"contract_type": "hourly"}, set(), facts).because == "contract_type = hourly"
    refused = judge(point, {"contract_type": "fixed"}, {"milestone_released"}, facts)
    assert not refused.applies
    assert refused.because == "needs one of contract_type = hourly, milestone_released = true"


def test_a_point_covering_another_is_shown_alone_where_both_apply(fixture_knowledge: Knowledge) -> None:
    fuller = Point(id="fuller", text="Either side can leave feedback, and it stays.", covers=["short"], weight=10,
                   when={"contract_type": Condition(equals="fixed")})
    points = {"short": Point(id="short", text="Either side can leave feedback.", weight=90), "fuller": fuller}
    facts = fixture_knowledge.facts
    both = compose(["short", "fuller"], points, {"contract_type": "fixed"}, set(), facts)
    assert [(j.point, j.applies) for j in both] == [("fuller", True), ("short", False)]
    assert both[1].because == "said in full by fuller"
    alone = compose(["short", "fuller"], points, {"contract_type": "hourly"}, set(), facts)
    assert [(j.point, j.applies) for j in alone] == [("short", True), ("fuller", False)], "the short one stands in"


def test_no_shipped_guidance_shows_a_point_beside_one_that_covers_it() -> None:
    knowledge = load_knowledge()
    covering = {p.id: set(p.covers) for p in knowledge.points.values() if p.covers}
    assert covering, "the shipped pack has points that say another's advice in full"
    advice = advise(knowledge, "unreleased_milestone", {"work_submitted": False}, frozenset({"work_done"}))
    shown = {p.id for p in advice.all_points()}
    assert "check_funded_first" in shown and "stop_until_funded" not in shown


async def test_the_engine_gives_composed_guidance(engine) -> None:
    member = Member(engine)
    await member.say("hello")
    await member.click("waiting")
    await member.click("yes")
    advice = guidance(await member.say("3"))
    assert advice.points and advice.points[0].text == "About 11 days of the review remain."
