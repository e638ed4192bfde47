"""`refundbot eval`: run community cases through the real engine and measure the advice.

The protocol (../shared/eval/README.md): open with the case's message; answer each question from the
case's facts ("I don't know" where it has none); accept pre-filled facts that match, correct the others;
compare the outcome's verdict with the experts'. Pre-filled facts are judged only where the case states them.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError

from bot.conversation.engine import Engine
from bot.conversation.questions import CHANGE_PREFIX, CONFIRM_YES
from bot.conversation.walk import walk
from bot.messages import UNKNOWN, ConversationKey, Guidance, Inbound, Question, Reply
from bot.pack.checks import value_fits
from bot.pack.loading import Knowledge
from bot.pack.model import Scalar
from bot.record.memory import MemoryStore
from bot.safety.limits import Limits

MAX_TURNS = 30
ASKER_ROLE = "asker_role"


class Expected(BaseModel):
    verdict: str = ""
    points: list[str] = Field(default_factory=list)  # ids of the pack's points the experts made
    not_points: list[str] = Field(default_factory=list)  # ids of points that would be wrong here


class Case(BaseModel):
    id: str
    url: str = ""  # the public thread it comes from
    title: str = ""
    asker_role: str | None = None  # answers a "who is asking" question (the pack's asker_role fact)
    message: str
    facts: dict[str, Scalar] = Field(default_factory=dict)
    expected: Expected = Field(default_factory=Expected)

    def stated(self, knowledge: Knowledge) -> dict[str, Scalar]:
        """The case's facts the pack knows, with who is asking among them."""
        facts = dict(self.facts)
        if self.asker_role and ASKER_ROLE in knowledge.facts:
            facts.setdefault(ASKER_ROLE, self.asker_role)
        return {name: value for name, value in facts.items() if name in knowledge.facts}


class CaseResult(BaseModel):
    id: str
    expected: str
    verdict: str | None
    tree: str | None
    outcome: str | None = None
    questions: int
    prefilled_right: list[str]
    prefilled_wrong: list[str]
    prefilled_unjudged: list[str]
    stated: int  # facts the case states that the pack knows
    points: list[str] = Field(default_factory=list)  # the point ids the guidance showed
    covered: list[str] = Field(default_factory=list)  # and those a shown point says in full (`covers`)
    expected_points: list[str] = Field(default_factory=list)
    wrong_points: list[str] = Field(default_factory=list)  # shown or covered, though the case lists them as wrong
    text: str = ""  # the guidance as the member read it
    given: str | None = None  # the verdict the trees reach with the case's facts given exactly (no reading)

    @property
    def agrees(self) -> bool:
        return self.verdict == self.expected

    @property
    def points_made(self) -> list[str]:
        return [p for p in self.expected_points if p in self.points or p in self.covered]


class Report(BaseModel):
    cases: list[CaseResult]

    @property
    def agreement(self) -> float:
        return sum(c.agrees for c in self.cases) / len(self.cases) if self.cases else 0.0

    @property
    def given_agreement(self) -> float:
        """With every stated fact given exactly: a miss here is the policy's, not the reading's."""
        return sum(c.given == c.expected for c in self.cases) / len(self.cases) if self.cases else 0.0

    @property
    def prefill_recall(self) -> float:
        stated = sum(c.stated for c in self.cases)
        return sum(len(c.prefilled_right) for c in self.cases) / stated if stated else 0.0

    @property
    def prefill_wrong_rate(self) -> float:
        judged = sum(len(c.prefilled_right) + len(c.prefilled_wrong) for c in self.cases)
        return sum(len(c.prefilled_wrong) for c in self.cases) / judged if judged else 0.0

    @property
    def mean_questions(self) -> float:
        return sum(c.questions for c in self.cases) / len(self.cases) if self.cases else 0.0

    @property
    def point_recall(self) -> float | None:
        expected = sum(len(c.expected_points) for c in self.cases)
        return sum(len(c.points_made) for c in self.cases) / expected if expected else None

    @property
    def wrong_point_rate(self) -> float | None:
        shown = sum(len(c.points) for c in self.cases)
        return sum(len(c.wrong_points) for c in self.cases) / shown if shown else None

    @property
    def distinct_texts(self) -> int:
        return len({c.text for c in self.cases if c.text})

    def totals(self) -> dict[str, float | None]:
        def rounded(value: float | None) -> float | None:
            return None if value is None else round(value, 3)

        return {"cases": len(self.cases), "agreement": round(self.agreement, 3),
                "given_agreement": round(self.given_agreement, 3),
                "mean_questions": round(self.mean_questions, 2), "prefill_recall": round(self.prefill_recall, 3),
                "prefill_wrong": round(self.prefill_wrong_rate, 3), "point_recall": rounded(self.point_recall),
                "wrong_points": rounded(self.wrong_point_rate), "distinct_texts": self.distinct_texts}


class CasesError(Exception):
    """The cases file cannot be used; the message says where and why."""


def load_cases(path: Path) -> list[Case]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CasesError(f"{path}: cannot read it ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise CasesError(f"{path}: not valid YAML ({exc})") from None
    if not isinstance(data, list):
        raise CasesError(f"{path}: expected a list of cases (see ../shared/eval/README.md)")
    cases = []
    for number, item in enumerate(data, 1):
        try:
            cases.append(Case.model_validate(item))
        except ValidationError as exc:
            named = f" ({item['id']})" if isinstance(item, dict) and "id" in item else ""
            problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'case'}: {e['msg']}" for e in exc.errors())
            raise CasesError(f"{path}: case {number}{named}: {problems}") from None
    return cases


async def run_case(knowledge: Knowledge, case: Case, engine: Engine | None = None,
                   key: ConversationKey | None = None) -> CaseResult:
    """One case, as a member would talk it through. `engine` and `key` let a caller (bench/engine.py) drive
    many conversations through one engine on a real store."""
    engine = engine or Engine(knowledge, MemoryStore(),
                              limits=Limits(rate_limit_messages=10_000, max_turns=MAX_TURNS + 5))
    key = key or ConversationKey(platform="eval", channel=case.id, user="member")
    facts = case.stated(knowledge)
    replies = await engine.handle(Inbound(key=key, text=case.message))
    session = await engine.store.load(key.as_string())
    prefilled = dict(session.prefilled) if session else {}
    judged = {name: value for name, value in prefilled.items() if name in facts}
    result = CaseResult(
        id=case.id, expected=case.expected.verdict, verdict=None, tree=None, questions=0,
        prefilled_right=sorted(n for n, v in judged.items() if facts[n] == v),
        prefilled_wrong=sorted(n for n, v in judged.items() if facts[n] != v),
        prefilled_unjudged=sorted(n for n in prefilled if n not in facts), stated=len(facts),
        expected_points=case.expected.points,
    )
    tried_title = False
    for _ in range(MAX_TURNS):
        guidance = next((r for r in replies if isinstance(r, Guidance)), None)
        if guidance:
            result.verdict, result.tree, result.outcome = guidance.verdict, guidance.tree, guidance.outcome
            result.points = [p.id for p in guidance.all_points()]
            result.covered = [c for p in result.points if p in knowledge.points for c in knowledge.points[p].covers]
            result.wrong_points = [p for p in (*result.points, *result.covered) if p in case.expected.not_points]
            result.text = guidance.full_text()
            return result
        question = _last_question(replies)
        session = await engine.store.load(key.as_string())
        if question is None or session is None or session.pending is None:
            return result
        result.questions += 1
        pending = session.pending
        if pending.kind == "situation":
            if tried_title or not case.title:
                return result  # the bot could not tell the situation: no verdict
            tried_title = True
            message = Inbound(key=key, text=case.title)
        elif wrong := _misread(pending.options, facts, session.facts):  # the first fact read back wrong is changed
            message = Inbound(key=key, choice=wrong, question=question.token)
        elif pending.kind == "fact" and pending.fact:
            message = Inbound(key=key, choice=_choice_for(knowledge, pending.fact, facts), question=question.token) \
                if knowledge.facts[pending.fact].type in ("choice", "yes_no") or pending.fact not in facts \
                else Inbound(key=key, text=str(facts[pending.fact]))
        elif pending.kind == "confirm":
            message = Inbound(key=key, choice=CONFIRM_YES, question=question.token)
        else:  # which pre-filled fact to change: the first wrong one
            which = next((n for n in pending.options if n in facts and session.facts.get(n) != facts[n]),
                         pending.options[-1])
            message = Inbound(key=key, choice=which, question=question.token)
        replies = await engine.handle(message)
    return result


def verdict_given(knowledge: Knowledge, case: Case) -> str | None:
    """The verdict the trees reach from the start with exactly the facts the case states, "I don't know" for
    the rest: no reading, no questions. Beside the conversation's verdict it tells where a miss lies."""
    if knowledge.pack.start is None:
        return None
    facts = case.stated(knowledge)
    unknown = knowledge.unknown_among(facts, (name for name in knowledge.facts if name not in facts))
    result = walk(knowledge.trees, knowledge.pack.start, facts, unknown)
    return result.outcome.verdict if result.outcome else None


def _last_question(replies: list[Reply]) -> Question | None:
    questions = [r for r in replies if isinstance(r, Question)]
    return questions[-1] if questions else None


def _misread(options: list[str], facts: dict[str, Scalar], read: dict[str, Scalar]) -> str | None:
    """The first "Change: …" button whose fact was read otherwise than the case states it."""
    return next((o for o in options if o.startswith(CHANGE_PREFIX)
                 and (name := o.removeprefix(CHANGE_PREFIX)) in facts and facts[name] != read.get(name)), None)


def _choice_for(knowledge: Knowledge, fact_id: str, facts: dict[str, Scalar]) -> str:
    if fact_id not in facts:
        return UNKNOWN
    value = facts[fact_id]
    if knowledge.facts[fact_id].type == "yes_no":
        return "yes" if value else "no"
    return str(value)


def _check_cases(knowledge: Knowledge, cases: list[Case], source: Path | str = "cases") -> None:
    """Every fact a case states, that the pack knows, with a value the pack's fact can take: a case with
    hours_tracked: mixed would otherwise stop the walk half-way."""
    problems = [f"{source}: case {case.id}: {name}: {value!r} is not a value of {fact.type} fact {name!r}"
                + (f" (one of: {', '.join(c.id for c in fact.choices)})" if fact.choices else "")
                for case in cases for name, value in case.stated(knowledge).items()
                if not value_fits(fact := knowledge.facts[name], value)]
    if problems:
        raise CasesError("; ".join(problems))


async def run_eval(knowledge: Knowledge, cases: list[Case], source: Path | str = "cases") -> Report:
    """The cases through the engine; CasesError first if one states a value the pack cannot take."""
    _check_cases(knowledge, cases, source)
    results = []
    for case in cases:
        result = await run_case(knowledge, case)
        result.given = verdict_given(knowledge, case)
        results.append(result)
    return Report(cases=results)
