"""Loading a knowledge pack directory (policy, answers, tests) into one immutable, checked version."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from bot.pack.answer_checks import check_answer_outcomes
from bot.pack.answers import AnswerBook
from bot.pack.checks import Placed, check_pack
from bot.pack.extras_checks import check_extras
from bot.pack.language import Implication, LanguageFile
from bot.pack.language_checks import check_language
from bot.pack.model import (
    AnswersFile,
    Deadline,
    Duration,
    Fact,
    FollowUp,
    Outcome,
    OutcomeExtras,
    Pack,
    Point,
    PolicyFile,
    PolicyTest,
    Scalar,
    TestsFile,
    Tree,
    Window,
    all_hold,
)
from bot.pack.point_checks import check_points
from bot.pack.yamlfile import PolicyError, Problem, collection_paused, line_at, read_yaml

M = TypeVar("M", bound=BaseModel)
SECTIONS = ("policy", "language", "answers", "tests")


def default_knowledge_dir() -> Path:
    """The pack shipped with the package (the repository's knowledge/ in an editable install)."""
    return Path(str(resources.files("knowledge")))


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one loaded version is one object
class Knowledge:
    directory: Path
    version: str  # content hash of every file: the policy version recorded in sessions and audits
    pack: Pack
    facts: dict[str, Fact]
    trees: dict[str, Tree]
    points: dict[str, Point]
    answers: AnswerBook
    tests: list[Placed[PolicyTest]]
    language: list[Placed[LanguageFile]]  # how members say things; the reading layer builds its reader from it
    durations: dict[str, Duration] = field(default_factory=dict)
    windows: dict[str, Window] = field(default_factory=dict)
    deadlines: dict[str, Deadline] = field(default_factory=dict)
    extras: dict[str, OutcomeExtras] = field(default_factory=dict)  # by outcome id
    follow_ups: list[FollowUp] = field(default_factory=list)  # in file order: the first that asks and fits answers

    @cached_property
    def implications(self) -> list[Implication]:
        """What a fact implies about the same milestone, from every language file."""
        return [implication for placed in self.language for implication in placed.item.implies]

    @cached_property  # read on every walk; a loaded version never changes
    def silent_facts(self) -> frozenset[str]:
        """Facts only read from the member's words, never asked."""
        return frozenset(f.id for f in self.facts.values() if not f.ask)

    @cached_property
    def facts_not_always_asked(self) -> list[str]:
        return [f.id for f in self.facts.values() if f.ask_unless]

    def unknown_among(self, facts: Mapping[str, Scalar], said_unknown: Iterable[str],
                      reopened: Iterable[str] = ()) -> set[str]:
        """What a walk treats as unknown: "I don't know" answers, silent facts the member did not state (unless
        they corrected one we had read: then it is asked like any other), and facts not asked while their
        `ask_unless` holds."""
        said = set(said_unknown)
        asking = set(reopened)
        silent = {f for f in self.silent_facts
                  if f not in facts and f not in asking and not self._asked_now(f, facts, said)}
        held_back = {f for f in self.facts_not_always_asked
                     if f not in facts and f not in asking and all_hold(self.facts[f].ask_unless, facts, said)}
        return said | silent | held_back

    def _asked_now(self, fact_id: str, facts: Mapping[str, Scalar], said_unknown: set[str]) -> bool:
        """A silent fact whose `ask_when` holds for what the member said is asked like any other."""
        conditions = self.facts[fact_id].ask_when
        return bool(conditions) and all_hold(conditions, facts, said_unknown)

    def outcome(self, outcome_id: str | None) -> Outcome | None:
        """An outcome by id, in whichever tree it is (outcome ids are unique in a pack)."""
        return next((o for t in self.trees.values() if (o := t.outcome(outcome_id or ""))), None)

    @cached_property
    def anywhere_points(self) -> list[str]:
        return [p.id for p in self.points.values() if p.anywhere]

    def points_of(self, outcome: Outcome) -> list[str]:
        """The points an outcome may add: those it lists, then those added anywhere their conditions hold."""
        return [*outcome.points, *(p for p in self.anywhere_points if p not in outcome.points)]

    @cached_property
    def outcomes(self) -> dict[str, Outcome]:
        """Every outcome by id (ids are unique in a pack)."""
        return {o.id: o for t in self.trees.values() for o in t.outcomes}

    def verdict_label(self, verdict: str) -> str:
        return self.pack.verdicts.get(verdict, verdict.replace("_", " "))


def _files(directory: Path, section: str) -> list[Path]:
    return sorted((directory / section).glob("*.yaml"))


def parse_file(path: Path, shown: str, model: type[M], problems: list[Problem]) -> M | None:
    """Read one YAML file into `model`; on failure add located problems and return None."""
    try:
        data = read_yaml(path, shown)
    except PolicyError as exc:
        problems.extend(exc.problems)
        return None
    if data is None:
        data = {}
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            line, where = line_at(data, error["loc"])
            field = ".".join(str(part) for part in error["loc"] if not isinstance(part, int))
            problems.append(Problem(shown, line, where, f"{field or 'file'}: {error['msg']}"))
        return None


def _parsed(directory: Path, section: str, model: type[M], problems: list[Problem]) -> Iterator[tuple[str, M]]:
    """Each file of a section that parses, as shown in problems ("answers/disputes.yaml"); the others add
    their problems."""
    for path in _files(directory, section):
        shown = f"{section}/{path.name}"
        if (parsed := parse_file(path, shown, model, problems)) is not None:
            yield shown, parsed


def content_stamp(directory: Path) -> tuple[tuple[str, int, int, int], ...]:
    """Each pack file's name, inode, modification time and size: a change to the pack changes this, and
    it reads no file (a watcher looks at it often, and hashes the content only when it changed)."""
    stamps = []
    for section in SECTIONS:
        for path in _files(directory, section):
            stat = path.stat()
            stamps.append((f"{section}/{path.name}", stat.st_ino, stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)


def content_version(directory: Path) -> str:
    digest = hashlib.sha256()
    for section in SECTIONS:
        for path in _files(directory, section):
            digest.update(f"{section}/{path.name}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def load_knowledge(directory: Path | None = None) -> Knowledge:
    """Read and check every file; raise PolicyError listing all problems at once."""
    with collection_paused():
        return _load(Path(directory) if directory else default_knowledge_dir())


def _load(directory: Path) -> Knowledge:
    if not (directory / "policy").is_dir():
        raise PolicyError([Problem(str(directory), 1, "", "not a knowledge pack: no policy/ directory")])
    problems: list[Problem] = []
    pack: Placed[Pack] | None = None
    facts: list[Placed[Fact]] = []
    trees: list[Placed[Tree]] = []
    points: list[Placed[Point]] = []
    answers: list[Placed[Any]] = []
    tests: list[Placed[PolicyTest]] = []
    language: list[Placed[LanguageFile]] = []
    timing: list[Placed[Any]] = []  # durations, windows, deadlines and outcome extras, checked together
    follow_ups: list[Placed[FollowUp]] = []
    for shown, policy in _parsed(directory, "policy", PolicyFile, problems):
        if policy.pack:
            if pack:
                problems.append(Problem(shown, policy.pack.line, "pack", f"`pack:` is already set in {pack.file}"))
            else:
                pack = Placed(policy.pack, shown)
        facts += [Placed(f, shown) for f in policy.facts]
        trees += [Placed(t, shown) for t in policy.trees]
        points += [Placed(p, shown) for p in policy.points]
        timing += [Placed(x, shown) for x in (*policy.durations, *policy.windows, *policy.deadlines,
                                              *policy.outcome_extras)]
        follow_ups += [Placed(f, shown) for f in policy.follow_ups]
    answers += [Placed(a, shown) for shown, file in _parsed(directory, "answers", AnswersFile, problems)
                for a in file.answers]
    tests += [Placed(t, shown) for shown, file in _parsed(directory, "tests", TestsFile, problems) for t in file.tests]
    language += [Placed(file, shown) for shown, file in _parsed(directory, "language", LanguageFile, problems)]
    problems += check_pack(pack, facts, trees, answers, tests)
    problems += check_points(points, trees, {f.item.id: f.item for f in facts}, {a.item.id for a in answers},
                             {t.item.id for t in timing if isinstance(t.item, Duration)}, follow_ups)
    problems += check_extras(timing, {f.item.id: f.item for f in facts}, [t.item for t in trees])
    problems += check_answer_outcomes(answers, trees, {f.item.id: f.item for f in facts})
    if not problems:  # names in phrasings are only worth checking against a sound policy
        problems += check_language(language, {f.item.id: f.item for f in facts}, {t.item.id: t.item for t in trees})
    if problems or pack is None:
        raise PolicyError(problems)
    return Knowledge(
        directory=directory,
        version=content_version(directory),
        pack=pack.item,
        facts={f.item.id: f.item for f in facts},
        trees={t.item.id: t.item for t in trees},
        points={p.item.id: p.item for p in points},
        answers=AnswerBook([a.item for a in answers]),
        tests=tests,
        language=language,
        durations={t.item.id: t.item for t in timing if isinstance(t.item, Duration)},
        windows={t.item.id: t.item for t in timing if isinstance(t.item, Window)},
        deadlines={t.item.id: t.item for t in timing if isinstance(t.item, Deadline)},
        extras={t.item.outcome: t.item for t in timing if isinstance(t.item, OutcomeExtras)},
        follow_ups=[f.item for f in follow_ups],
    )
