"""Load-time checks of a knowledge pack: each problem names its file, line and node."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from bot.pack.model import Answer, Condition, Fact, Node, Outcome, Pack, PolicyTest, Source, Tree
from bot.pack.yamlfile import Problem

T = TypeVar("T")


@dataclass(frozen=True)
class Placed(Generic[T]):
    """A model together with the file it was read from."""

    item: T
    file: str


def check_pack(
    pack: Placed[Pack] | None,
    facts: list[Placed[Fact]],
    trees: list[Placed[Tree]],
    answers: list[Placed[Answer]],
    tests: list[Placed[PolicyTest]],
) -> list[Problem]:
    problems: list[Problem] = []
    if pack is None:
        problems.append(Problem("policy/", 1, "", "no `pack:` settings found in any policy file"))
    verdicts = set(pack.item.verdicts) if pack else set()
    fact_by_id = {f.item.id: f.item for f in facts}
    problems += _duplicates("fact", facts)
    problems += _fact_shapes(facts)
    problems += _duplicates("tree", trees)
    problems += _duplicate_outcomes(trees)
    problems += _answer_problems(answers)
    answer_ids = {a.item.id for a in answers}
    for placed in trees:
        problems += _tree_problems(placed.item, placed.file, fact_by_id, verdicts, answer_ids)
    tree_by_id = {t.item.id: t.item for t in trees}
    problems += _entry_problems(trees, tree_by_id)
    if pack and pack.item.start is not None and pack.item.start not in tree_by_id:
        problems.append(Problem(pack.file, pack.item.line, "pack", f"start names unknown tree {pack.item.start!r}"))
    for test in tests:
        problems += _test_problems(test.item, test.file, fact_by_id, tree_by_id)
    return problems


def _entry_problems(trees: list[Placed[Tree]], tree_by_id: dict[str, Tree]) -> Iterator[Problem]:
    """`enter` names a tree, and trees never enter one another in a circle (a walk would not end)."""
    for placed in trees:
        for node in placed.item.nodes:
            for branch in node.branches:
                if branch.enter is not None and branch.enter not in tree_by_id:
                    yield Problem(placed.file, branch.line, f"tree {placed.item.id!r}, node {node.id!r}",
                                  f"enters unknown tree {branch.enter!r}")
    for placed in trees:
        circle = next((trail for entered, trail in _entered(placed.item, tree_by_id) if entered == placed.item.id),
                      None)
        if circle:
            yield Problem(placed.file, placed.item.line, f"tree {placed.item.id!r}",
                          "trees enter each other in a circle: " + " → ".join(circle))


def _entered(start: Tree, trees: dict[str, Tree]) -> Iterator[tuple[str, list[str]]]:
    """Every tree a walk from `start` can enter, once each, with a trail of entries that leads there
    (`start` itself comes up only if the entries lead back to it)."""
    seen: set[str] = set()
    pending = [(start.id, [start.id])]
    while pending:
        current, trail = pending.pop()
        for entered in sorted({b.enter for n in trees[current].nodes for b in n.branches if b.enter in trees}):
            if entered not in seen:
                seen.add(entered)
                yield entered, [*trail, entered]
                pending.append((entered, [*trail, entered]))


def _duplicates(kind: str, placed: Iterable[Placed], scope: str = "") -> Iterator[Problem]:
    seen: dict[str, Placed] = {}
    for p in placed:
        first = seen.setdefault(p.item.id, p)
        if first is not p:
            yield Problem(
                p.file, p.item.line, f"{scope}{kind} {p.item.id!r}",
                f"duplicate {kind} id (first defined at {first.file}:{first.item.line})",
            )


def _duplicate_outcomes(trees: list[Placed[Tree]]) -> Iterator[Problem]:
    """Outcome ids are unique in the whole pack: audit records and policy tests name them alone."""
    seen: dict[str, tuple[str, int]] = {}
    for placed in trees:
        for outcome in placed.item.outcomes:
            first = seen.setdefault(outcome.id, (placed.file, outcome.line))
            if first != (placed.file, outcome.line):
                yield Problem(placed.file, outcome.line, f"tree {placed.item.id!r}, outcome {outcome.id!r}",
                              f"duplicate outcome id (first defined at {first[0]}:{first[1]})")


def _fact_shapes(facts: list[Placed[Fact]]) -> Iterator[Problem]:
    by_id = {placed.item.id: placed.item for placed in facts}
    for placed in facts:
        fact, where = placed.item, f"fact {placed.item.id!r}"
        if fact.type == "choice" and len(fact.choices) < 2:
            yield Problem(placed.file, fact.line, where, "a choice fact needs at least two choices")
        if fact.type != "choice" and fact.choices:
            yield Problem(placed.file, fact.line, where, f"choices are only for choice facts, not {fact.type}")
        ids = [c.id for c in fact.choices]
        for dup in sorted({i for i in ids if ids.count(i) > 1}):
            yield Problem(placed.file, fact.line, where, f"duplicate choice id {dup!r}")
        if fact.ask_when and fact.ask:
            yield Problem(placed.file, fact.line, where, "ask_when is only for facts with ask: false")
        if fact.ask_unless and not fact.ask:
            yield Problem(placed.file, fact.line, where, "ask_unless is only for facts that are asked")
        yield from _wording_problems(fact, placed.file, where)
        conditions = [("ask_when", fact.line, name, c) for name, c in fact.ask_when.items()]
        conditions += [("ask_unless", fact.line, name, c) for name, c in fact.ask_unless.items()]
        conditions += [("worded", w.line, name, c) for w in fact.worded for name, c in w.when.items()]
        conditions += [(f"choice {c.id!r} unless", c.line, name, cond) for c in fact.choices
                       for name, cond in c.unless.items()]
        for key, line, name, condition in conditions:
            other = by_id.get(name)
            if other is None:
                yield Problem(placed.file, line, where, f"{key}: condition on unknown fact {name!r}")
            else:
                yield from condition_problems(other, condition, placed.file, line, f"{where}, {key}")


def _wording_problems(fact: Fact, file: str, where: str) -> Iterator[Problem]:
    """A wording's read-backs must fit the fact: says_yes/says_no for yes/no, summaries of its choices."""
    for wording in fact.worded:
        if (wording.says_yes or wording.says_no) and fact.type != "yes_no":
            yield Problem(file, wording.line, where,
                          f"worded: says_yes and says_no are only for yes_no facts, not {fact.type}")
        for key, named in (("summaries", wording.summaries), ("labels", wording.labels)):
            if named and fact.type != "choice":
                yield Problem(file, wording.line, where, f"worded: {key} are only for choice facts, not {fact.type}")
            for choice_id in named if fact.type == "choice" else ():
                if fact.choice(choice_id) is None:
                    yield Problem(file, wording.line, where, f"worded: {key} name {choice_id!r}, which is not one of "
                                                             f"its choices ({', '.join(c.id for c in fact.choices)})")
        if not (wording.question or wording.help or wording.says_yes or wording.says_no or wording.summaries
                or wording.labels):
            yield Problem(file, wording.line, where, "worded: says nothing (give a question, help or read-backs)")


def value_fits(fact: Fact, value: object) -> bool:
    if fact.type == "choice":
        return isinstance(value, str) and fact.choice(value) is not None
    if fact.type == "yes_no":
        return isinstance(value, bool)
    if fact.type in ("number", "money"):
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, str)


def _node_problems(
    node: Node, tree: Tree, file: str, facts: dict[str, Fact], targets: set[str]
) -> Iterator[Problem]:
    # Runs for every node of every tree: the common case (nothing wrong) builds no text and no generator.
    def where() -> str:
        return f"tree {tree.id!r}, node {node.id!r}"

    for branch in node.branches:
        if branch.goto is not None and branch.goto not in targets:
            yield Problem(file, branch.line, where(), f"unknown node or outcome {branch.goto!r}")
    if node.default is not None and node.default not in targets:
        yield Problem(file, node.line, where(), f"default goes to unknown node or outcome {node.default!r}")
    fact = facts.get(node.fact)
    if fact is None:
        yield Problem(file, node.line, where(), f"unknown fact {node.fact!r}")
        return
    covered: set[object] = set()
    has_unknown = False
    for branch in node.branches:
        cond = branch.when
        values, operator = cond.values, cond.operator
        if operator in _COMPARISONS or not all(value_fits(fact, value) for value in values):
            yield from condition_problems(fact, cond, file, branch.line, where())
        covered.update(values)
        if operator == "known":
            covered.add("known")
        has_unknown = has_unknown or operator == "unknown"
    if not has_unknown:
        yield Problem(
            file, node.line, where(),
            f"no path for \"I don't know\" on fact {fact.id!r}: add a branch `when: {{unknown: true}}`",
        )
    if node.default is None and "known" not in covered:
        if fact.type == "choice":
            missing = [c.id for c in fact.choices if c.id not in covered]
        elif fact.type == "yes_no":
            missing = [str(v).lower() for v in (True, False) if v not in covered]
        else:
            missing = ["any other value"]
        if missing:
            yield Problem(
                file, node.line, where(),
                f"branches on {fact.id!r} cover neither every value nor have a default: missing {', '.join(missing)}",
            )


_COMPARISONS = frozenset({"lt", "le", "gt", "ge"})


def _tree_problems(
    tree: Tree, file: str, facts: dict[str, Fact], verdicts: set[str], answer_ids: set[str]
) -> Iterator[Problem]:
    yield from _duplicates("node", [Placed(n, file) for n in tree.nodes], f"tree {tree.id!r}, ")
    node_ids = {n.id for n in tree.nodes}
    outcome_ids = {o.id for o in tree.outcomes}
    for clash in sorted(node_ids & outcome_ids):
        yield Problem(file, tree.line, f"tree {tree.id!r}", f"{clash!r} is both a node and an outcome id")
    targets = node_ids | outcome_ids
    if not tree.outcomes and not any(b.enter for n in tree.nodes for b in n.branches):
        yield Problem(file, tree.line, f"tree {tree.id!r}", "no outcomes, and no branch enters another tree")
    if tree.start not in targets:
        yield Problem(file, tree.line, f"tree {tree.id!r}", f"start refers to unknown node {tree.start!r}")
    for node in tree.nodes:
        yield from _node_problems(node, tree, file, facts, targets)
    for outcome in tree.outcomes:
        where = f"tree {tree.id!r}, outcome {outcome.id!r}"
        if verdicts and outcome.verdict not in verdicts:
            yield Problem(file, outcome.line, where, f"unknown verdict {outcome.verdict!r}")
        if not outcome.answers:
            yield Problem(file, outcome.line, where, "cites no canonical answer")
        yield from citation_problems(outcome.answers, outcome.sources, answer_ids, file, outcome.line, where)
    yield from _graph_problems(tree, file)


def citation_problems(answers: list[str], sources: list[Source], answer_ids: set[str], file: str, line: int,
                      where: str) -> Iterator[Problem]:
    """What an outcome or a point cites: canonical answers that exist, and at least one source."""
    for answer in answers:
        if answer not in answer_ids:
            yield Problem(file, line, where, f"cites unknown canonical answer {answer!r}")
    if not sources:
        yield Problem(file, line, where, "cites no source")


def condition_problems(fact: Fact, condition: Condition, file: str, line: int, where: str) -> Iterator[Problem]:
    """A condition fits its fact: the values it names are the fact's, and comparisons are on numbers."""
    for value in condition.values:
        if not value_fits(fact, value):
            yield Problem(file, line, where, f"{value!r} is not a value of {fact.type} fact {fact.id!r}")
    if condition.operator in ("lt", "le", "gt", "ge") and fact.type not in ("number", "money"):
        yield Problem(file, line, where, f"'{condition.operator}' compares numbers but {fact.id!r} is {fact.type}")


def named_condition_problems(fact_id: str, condition: Condition, facts: Mapping[str, Fact], file: str, line: int,
                             where: str) -> Iterator[Problem]:
    """A condition on the fact named `fact_id`: the fact exists, and the condition fits it."""
    fact = facts.get(fact_id)
    if fact is None:
        yield Problem(file, line, where, f"condition on unknown fact {fact_id!r}")
        return
    yield from condition_problems(fact, condition, file, line, where)


def _successors(tree: Tree, node_id: str) -> list[str]:
    node = tree.node(node_id)
    if node is None:
        return []
    nexts = [b.goto for b in node.branches if b.goto] + ([node.default] if node.default else [])
    return list(dict.fromkeys(nexts))


def _graph_problems(tree: Tree, file: str) -> Iterator[Problem]:
    # Iterative depth-first search from the start (trees can be thousands of nodes deep): a node on
    # the current path ("grey") reached again closes a cycle.
    state: dict[str, str] = {}
    cycles: list[list[str]] = []
    if tree.node(tree.start) or tree.outcome(tree.start):
        path: list[str] = [tree.start]
        pending: list[list[str]] = [_successors(tree, tree.start)]
        state[tree.start] = "grey"
        while path:
            if not pending[-1]:
                state[path.pop()] = "black"
                pending.pop()
                continue
            nxt = pending[-1].pop(0)
            if state.get(nxt) == "grey":
                cycles.append([*path[path.index(nxt):], nxt])
            elif nxt not in state:
                state[nxt] = "grey"
                path.append(nxt)
                pending.append(_successors(tree, nxt))
    for cycle in cycles:
        node = tree.node(cycle[0])
        yield Problem(
            file, node.line if node else tree.line, f"tree {tree.id!r}, node {cycle[0]!r}",
            "cycle: " + " → ".join(cycle),
        )
    items: list[Node | Outcome] = [*tree.nodes, *tree.outcomes]
    for item in items:
        if item.id not in state:
            kind = "node" if isinstance(item, Node) else "outcome"
            yield Problem(file, item.line, f"tree {tree.id!r}, {kind} {item.id!r}", f"unreachable {kind}")


def _answer_problems(answers: list[Placed[Answer]]) -> Iterator[Problem]:
    yield from _duplicates("answer", answers)
    names: dict[str, Placed[Answer]] = {a.item.id: a for a in answers}
    for placed in answers:
        answer, where = placed.item, f"answer {placed.item.id!r}"
        if not answer.sources:
            yield Problem(placed.file, answer.line, where, "no sources: every canonical answer cites one")
        for alias in answer.aliases:
            key = alias.strip().lower()
            owner = names.setdefault(key, placed)
            if owner is not placed:
                yield Problem(
                    placed.file, answer.line, where,
                    f"alias {alias!r} is already used by answer {owner.item.id!r} ({owner.file}:{owner.item.line})",
                )


def _reachable_trees(tree: Tree, trees: dict[str, Tree]) -> list[Tree]:
    """The tree and every tree its branches enter, directly or not."""
    return [tree, *(trees[entered] for entered, _ in _entered(tree, trees) if entered != tree.id)]


def _test_problems(
    test: PolicyTest, file: str, facts: dict[str, Fact], trees: dict[str, Tree]
) -> Iterator[Problem]:
    where = f"test {test.name!r}"
    tree = trees.get(test.tree)
    if tree is None:
        yield Problem(file, test.line, where, f"unknown tree {test.tree!r}")
    for name, value in test.facts.items():
        fact = facts.get(name)
        if fact is None:
            yield Problem(file, test.line, where, f"unknown fact {name!r}")
        elif value is not None and not value_fits(fact, value):
            yield Problem(file, test.line, where, f"{value!r} is not a value of {fact.type} fact {name!r}")
    expect = test.expect
    if tree and expect.outcome and not any(t.outcome(expect.outcome) for t in _reachable_trees(tree, trees)):
        yield Problem(file, expect.line, where, f"tree {tree.id!r} has no outcome {expect.outcome!r}")
    if expect.question and expect.question not in facts:
        yield Problem(file, expect.line, where, f"unknown fact {expect.question!r}")


MENU_CHOICES = 25  # the options one select menu shows (Discord); a question with more is split over menus


def crowded_questions(facts: Iterable[Fact], trees: Iterable[Tree], asks_situation: bool) -> list[str]:
    """Warnings (not errors) for questions with more choices than one menu shows: they still work, over
    several menus, but a member reads them less well."""
    counted = [(f"fact '{f.id}' (line {f.line})", len(f.choices)) for f in facts if f.type == "choice"]
    if asks_situation:  # the situation menu lists every tree, and "Something else"
        counted.append(("the situation question", len(list(trees)) + 1))
    return [f"{what} has {n} choices, more than the {MENU_CHOICES} one menu shows: Discord shows "
            f"{-(-n // MENU_CHOICES)} menus" for what, n in counted if n > MENU_CHOICES]
