"""The corpus of real threads (tests/cases/): the pack's figures on both halves may only go up.

The targets (issues 12 and 19) are higher than what the pack reaches today: on the check half, 85 % verdict
agreement, 80 % of the experts' points made, 2 % of points shown wrong at most, distinct guidance for 80 % of
the cases, 2.0 questions on average. The floors below are the figures measured when they were set
(README, "The knowledge pack"): a change that loses ground fails here; raise them when the pack improves.
The check floor was lowered once, from 30 to 29 of 59, when phrases were made to match whole words only
(alternatives inside a phrase had matched inside longer words: "refund" read two threads right by accident).
All floors were reset when 19 newly found threads joined the corpus (split at random, 10 to tuning and 9 to
check): the new threads, never tuned to, brought the shares down; they measure the pack more honestly.
The facts pre-filled from the first message, and the share of them that is wrong, have floors too since the
reader was made stricter (questions, plans and others' situations state nothing) and learnt more phrasings.
They were reset again when 7 more threads joined (4 to tuning, 3 to check, at random): the stored pages held no
more threads with agreeing experts for the verdicts that still had room (see tests/cases/README.md). The tuning
half's point floor then went from 0.84 to 0.83 when the confirmation came to show the facts the points rely on,
not only the path's: a point one tuning case got from a misread fact is gone once the member corrects it (and
the check half's distinct texts went from 45 to 44 of 71, its points made from 54.1 % to 54.7 %). Tuning's
questions went from 1.47 to 1.51 when clients came to be asked whether the work was submitted: it decides
between asking the freelancer for a submission and reviewing one before its 14 days end.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.maintain.eval import Report, load_cases, run_eval
from bot.pack.loading import load_knowledge

CASES = Path(__file__).parents[1] / "cases"


async def report(name: str) -> Report:
    return await run_eval(load_knowledge(), load_cases(CASES / name))


def test_the_corpus_has_120_distinct_threads_split_in_two() -> None:
    tuning, check = load_cases(CASES / "tuning.yaml"), load_cases(CASES / "check.yaml")
    urls = [c.url for c in tuning + check]
    assert len(tuning) + len(check) >= 120 and len(set(urls)) == len(urls)
    assert not {c.id for c in tuning} & {c.id for c in check}
    assert sum(c.asker_role == "client" for c in tuning + check) >= 25
    assert all(c.expected.points for c in tuning + check), "every case has the experts' points labelled"


def thread(url: str | None) -> set[str]:
    """What names a thread whatever the address it was found at: a forum thread's title slug and number (its
    td-p and m-p pages, `/highlight/true`, `/page/2`), a Reddit post's id on any mirror."""
    url = (url or "").split("?")[0].split("#")[0].rstrip("/")
    if post := re.search(r"/comments/([a-z0-9]+)", url):
        return {f"reddit:{post[1]}"}
    if topic := re.search(r"/t5/[^/]+/([^/]+)/(?:td|m|bc)-p/(\d+)", url):
        return {f"forum:{topic[1].lower()}", f"forum:{topic[2]}"}
    return {url} if url else set()


def test_no_probe_or_tuning_case_retells_a_check_thread() -> None:
    """The check half is measured, never tuned to: a probe written from one of its threads (a helper finds the same
    stored page) would bring its situation into what the pack is changed by. Stop 45 found 86 such probes from 38
    of its 71 threads and took them out."""
    check = set().union(*(thread(c.url) for c in load_cases(CASES / "check.yaml")))
    for name in ("tuning.yaml", "probes.yaml"):
        retold = [c.id for c in load_cases(CASES / name) if thread(c.url) & check]
        assert not retold, f"{name}: {retold} retell check-half threads"


async def test_the_check_threads_never_retold_hold_their_figure() -> None:
    """The check half without the threads that earlier probes retold (tests/cases/check_retold.txt): the part of it
    no change to the pack ever looked at, even through a retelling. Stop 45: 19 of 34 verdicts (56 %)."""
    retold = {line.strip() for line in (CASES / "check_retold.txt").read_text().splitlines()
              if line.strip() and not line.startswith("#")}
    cases = load_cases(CASES / "check.yaml")
    assert retold <= {c.id for c in cases}
    result = await run_eval(load_knowledge(), [c for c in cases if c.id not in retold])
    assert len(result.cases) == 34
    assert result.agreement >= 0.55


@pytest.mark.parametrize(
    ("half", "agreement", "recall", "wrong", "distinct", "questions", "prefilled", "prefilled_wrong"),
    # "not hourly" no longer reads as hourly: fewer wrong facts (check 12.3 % to 11.9 %); rg010's client said
    # "fixed price, not hourly" and the experts found it was hourly (tuning 2.5 % to 3.1 % wrong). A dispute opened
    # on an hourly contract is a dispute of billed hours: a freelancer whose client opened one is told to answer it,
    # not how hourly billing works; one check-half thread went the other way (52 % to 51 %). A general question
    # (a funded milestone said or not) is answered without asking about a milestone nobody described (questions:
    # check 2.11 to 2.00, tuning 1.51 to 1.28); members asking the same general question get the same text.
    # Stop 29: readings and situations found by trying the bot as new members (a refund already given, escrow
    # covering part of the price, a client's vanished freelancer, work the client already uses…) took tuning to
    # 92 % and its points to 89 %; the check half held its verdicts and gained pre-filled facts (60 %, 10.3 % wrong).
    # Stop 30: about 900 fresh probes and 250 typed conversations (none from the check half) mended readings,
    # trees and points: check verdicts 51 % to 55 %, distinct texts 47 to 48, pre-filled 60 % to 62 %; questions
    # rose from 1.93 to 2.00 where the advice now turns on the work done (a client who ended the contract or
    # refuses to pay for part of it) or on a client's submission date (released automatically after 14 days).
    # Stop 31: 480 more probes, written by helpers from stored pages not in the corpus and run once before any change
    # (62 % agreed), mended readings and trees: check verdicts 55 % to 56 %, questions 2.00 to 1.94, pre-filled
    # facts wrong 11.0 % to 10.7 %.
    # Stop 32: 960 more probes (78 % agreed on their first run) mended readings (milestones named apart, the score
    # asked as an aside), trees and points: the check half held its verdicts; distinct texts 48 to 51 (tuning 59 to
    # 63), questions 1.94 to 1.93.
    # Stop 33: new-user conversations mended typed answers, leaving, drafts and some trees: questions 1.93 to 1.92,
    # pre-filled facts wrong 10.7 % to 10.6 %.
    # Stop 34: two rounds of new-user probes (tests/cases/probes.yaml: 49 % and then 62 % on their first runs)
    # mended readings, trees and points; the check half held its verdicts, distinct texts 51 to 52. The probes
    # carry no labelled points, so their point floors are nil.
    # Stop 35: a fact the member picks to change at the read-back is asked again even where the advice does not
    # branch on it (who is asking, before a support answer): questions rose (check 1.92 to 1.98, tuning 1.22 to
    # 1.29) as misread facts are now put right, and the check half gained a verdict (56 % to 58 %). A third round
    # of 100 probes joined probes.yaml (about 70 % on their first run, 81 % once mended), then a fourth of 94 (about
    # 61 % on their first run, 68 % once mended); the probes' floors are reset. Their distinct texts then went from
    # 230 to 227 of 339 as members who had each got a different wrong answer came to the same right one (a seller
    # backing out of a catalog order that asks more than the package is told to cancel it).
    # A member leaving with work done who also asks about the score is first told to secure the work (submit it, or
    # agree a partial release), the score as a point: check verdicts 58 % to 61 %, points 58 % to 60 %; the
    # ending tree asks whether anything was released (questions 1.97 to 2.00). The score named inside a threat, or
    # asked in a second question after the member's own, leaves the money advice first: check verdicts 61 % to 62 %,
    # questions 2.00 to 2.01 (the money advice asks what the score answer did not).
    # Stop 36: a fifth and a sixth round of 100 probes each (81 % and 86 % on their first runs) joined
    # probes.yaml; what they and the earlier rounds showed was mended (a proposal to pay outside the marketplace, a
    # submission in review asked back in messages, a dispute the client left unanswered past its 7 days, a client's
    # submission not taken as the whole work, days told around a request or a dispute, forum shorthand, answers
    # offered for the member's contract type): the check half held its verdicts, its pre-filled facts went from
    # 62.4 % (10.7 % wrong) to 63.2 % (9.3 % wrong), questions 2.01 to 1.92; the probes' distinct texts fell to
    # 61 % as the sixth round's members, most of them now advised right, share their outcomes' texts.
    # Stop 37: a seventh round of 100 probes (78 % on their first run, 85 % once mended) joined probes.yaml. Advice
    # composed from more of the member's facts (the review window of the week a client names, hours from an
    # earlier week, a bad review already left, unfunded work already done, submitted work waiting on a silent
    # client): the check half's distinct texts went from 53 to 54 (76 %), its verdicts held at 62 %. An eighth
    # round of 100 (77 % on their first run, 86 % once mended) joined too; the probes' distinct texts fall to 58 %
    # as more of them are advised right and share their outcomes' texts.
    # Stop 38: a ninth round of 100 probes (85 % on their first run by the helpers' count, 88 % by eval) joined
    # probes.yaml and was mended (a bonus asked back, a client's submission in review with part of the work, a
    # change the milestone agreed to, part released and the rest moved): the probes went from 84.8 % to 86.2 %;
    # their distinct texts fall to 55 % as more members share the right outcome. Follow-up questions, the round's
    # main finding, are answered by the pack's follow-ups (not measured here: eval stops at the advice). A tenth
    # round of 75 (long stories of several milestones among them, the weakest: 14 of 25) joined too: the probes
    # stand at 85.8 %, pre-filled facts 74.7 % (3.9 % wrong). An eleventh round of 40 (36 on their first run): 86.0 %
    # of 954, distinct texts 54 %.
    # Stop 39: a twelfth round of 100 (80 on their first run, 95 once mended) joined: 86.9 % of 1,054, pre-filled
    # facts 75.6 % (3.7 % wrong); distinct texts 52.8 %, as the new members share outcomes (557 texts). A thirteenth
    # round of 100 (78 on their first run, 90 once mended): 87.3 % of 1,154, pre-filled 75.9 % (3.6 % wrong),
    # distinct texts 52.2 % (602). A fourteenth round of 75 (60 on their first run, 65 once mended): 87.6 % of
    # 1,229, pre-filled 76.3 % (3.4 % wrong), distinct texts 51.3 % (631; the floor leaves room for the dates).
    # Stop 41: a sixteenth and a seventeenth round (160 probes; 127 on their first run) joined and were mended: the
    # check half went from 62.0 % to 63.4 % of verdicts, 59.7 % to 60.8 % of points; the probes stand at 88.4 % of
    # 1,489, pre-filled 77.9 % (3.2 % wrong), distinct texts 49.6 % (739) as the new members share outcomes and the
    # amount at stake is no longer quoted as "never in escrow" where the milestone is funded.
    # Stop 42: an eighteenth, nineteenth and twentieth round (230 probes; 173 on their first run) joined and were
    # mended: the check half held (63.4 % of verdicts, 60.8 % of points, 1.92 questions); the probes stand at 90.2 %
    # of 1,719, pre-filled 76.6 % (3.3 % wrong; the new rounds' members tell more in passing), distinct texts 47.5 %
    # (817).
    # Stop 43: a twenty-first round (80 probes; 64 on their first run, 68 once mended) joined: the check half held;
    # the probes stand at 90.1 % of 1,799, pre-filled 76.7 % (3.2 % wrong), distinct texts 46.6 % (838).
    # Stop 44: a twenty-second round (65 probes joined; 70 of 80 on their first run by the helpers' count) was mended:
    # the check half held. A twenty-third (49 joined; 52 of 70 on their first run) was mended too: the probes stand
    # at 89.9 % of 1,913, pre-filled 76.9 % (3.3 % wrong), distinct 46.0 % (880; the floor leaves room: 45 %).
    # Stop 45: 86 probes retelling check-half threads were taken out (see test_no_probe_or_tuning_case_retells_…),
    # with the mends made from them; a twenty-fourth round (35 joined) was mended: the check half held; the probes
    # stand at 90.3 % of 1,874 (with a twenty-fifth round's hourly set, unmended), pre-filled 77.1 % (3.2 % wrong),
    # distinct 45.7 % (856).
    # Stop 46: a run-on's new subject ends a negation before it ("because I didnt respond it was released to him"):
    # on the check half one more verdict agrees (64.8 %) and one more pre-filled fact is wrong (9.6 %; floor 9.7 %).
    # Stop 49: five more rounds (237 probes) joined; their helpers listed more of the facts each thread tells than a
    # first message states, and told longer stories of several milestones, so the probes' share pre-filled fell from
    # 76.9 % to 75.0 % and the share read wrong rose from 3.3 % to 3.5 %: those floors are reset to 74 % and 3.6 %.
    [("check.yaml", 0.64, 0.61, 0.02, 0.76, 1.92, 0.63, 0.097),
     ("tuning.yaml", 0.93, 0.89, 0.02, 0.82, 1.29, 0.76, 0.035),
     ("probes.yaml", 0.89, 0.0, 0.0, 0.45, 1.36, 0.74, 0.036)],
)
async def test_the_figures_do_not_fall(half: str, agreement: float, recall: float, wrong: float, distinct: float,
                                       questions: float, prefilled: float, prefilled_wrong: float) -> None:
    result = await report(half)
    assert result.agreement >= agreement
    assert (result.point_recall or 0) >= recall
    assert (result.wrong_point_rate or 0) <= wrong
    assert result.distinct_texts >= distinct * len(result.cases)
    assert result.mean_questions <= questions
    # Reading (issue 13: 85 % of stated facts pre-filled, 3 % of them wrong at most)
    assert result.prefill_recall >= prefilled
    assert result.prefill_wrong_rate <= prefilled_wrong
