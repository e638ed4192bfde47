"""`refundbot policy …`: validate, test, cover, explain, graph and describe the policy."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from bot.app.commands import impact, knowledge_from, settings_from
from bot.app.commands.output import add_format_option, print_json, wants_json
from bot.app.commands.tables import table
from bot.pack.answer_checks import stale_answers
from bot.pack.checks import crowded_questions
from bot.pack.loading import default_knowledge_dir, load_knowledge
from bot.pack.point_checks import stale_sources


def cmd_validate(args: argparse.Namespace) -> int:
    from bot.maintain.drafts_render import render_all

    knowledge = load_knowledge(args.path or settings_from(args).knowledge_dir)
    rendered, failures = render_all(knowledge)
    for failure in failures:
        print(f"error: {failure}", file=sys.stderr)
    if failures:
        return 1
    print(f"OK: {len(knowledge.trees)} trees, {len(knowledge.facts)} facts, {len(knowledge.points)} points, "
          f"{len(knowledge.answers)} canonical answers, {len(knowledge.tests)} tests, "
          f"{len(knowledge.durations)} durations, {rendered} draft renderings (policy version {knowledge.version})")
    stale = stale_sources(knowledge.trees.values(), knowledge.points.values(), knowledge.answers, date.today())
    for warning in stale:
        print(f"warning: {warning}; check it again", file=sys.stderr)
    for warning in stale_answers(knowledge.answers, knowledge.outcomes, knowledge.points):
        print(f"warning: {warning}", file=sys.stderr)
    crowded = crowded_questions(knowledge.facts.values(), knowledge.trees.values(), knowledge.pack.start is None)
    for warning in crowded:
        print(f"warning: {warning}; consider fewer", file=sys.stderr)
    return 0


def cmd_test(args: argparse.Namespace) -> int:
    from bot.maintain.policytest import describe_path, run_tests, uncovered_outcomes

    knowledge = knowledge_from(args)
    results = run_tests(knowledge)
    failed = [r for r in results if not r.passed]
    uncovered = uncovered_outcomes(knowledge, results)
    if wants_json(args):
        print_json({"passed": len(results) - len(failed), "failed": len(failed), "uncovered": uncovered,
                    "tests": [{"name": r.test.name, "file": r.file, "line": r.test.line, "passed": r.passed,
                               "failure": r.failure, "path": describe_path(r.walk), "points": list(r.points)}
                              for r in results]})
        return 1 if failed or uncovered else 0
    for result in failed:
        print(f"FAIL {result.file}:{result.test.line}: {result.test.name}\n"
              f"     {result.failure}\n     path: {describe_path(result.walk)}")
    if args.verbose:
        for result in results:
            if result.passed:
                print(f"PASS {result.test.name}: {describe_path(result.walk)}")
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    if uncovered:
        print("outcomes no test reaches: " + ", ".join(uncovered))
    else:
        print("every outcome is covered by a test")
    return 1 if failed or uncovered else 0


def cmd_coverage(args: argparse.Namespace) -> int:
    from bot.maintain.coverage import as_json, coverage, total_percent
    from bot.maintain.policytest import run_tests

    knowledge = knowledge_from(args)
    report = coverage(knowledge, run_tests(knowledge))
    total = total_percent(report)
    below = args.min is not None and total < args.min
    if wants_json(args):
        print_json({**as_json(report), "minimum": args.min, "below_minimum": below})
        return 1 if below else 0
    rows = [(t.tree, f"{t.nodes[0]}/{t.nodes[1]}", f"{t.branches[0]}/{t.branches[1]}",
             f"{t.outcomes[0]}/{t.outcomes[1]}", f"{t.points[0]}/{t.points[1]}", f"{t.percent:.0f}%") for t in report]
    rows.append(("total", "", "", "", "", f"{total:.1f}%"))
    print(table(("tree", "nodes", "branches", "outcomes", "points", "covered"), rows))
    for t in report:
        for item in t.missed:
            print(f"  not reached in {t.tree}: {item}")
    if below:
        print(f"coverage {total:.1f}% is below the minimum {args.min:g}%")
        return 1
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from bot.maintain.explain import ExplainError, explain, parse_fact_option

    knowledge = knowledge_from(args)
    try:
        given = dict(parse_fact_option(knowledge, option) for option in args.fact)
        print(explain(knowledge, args.tree, given, args.message or ""))
    except ExplainError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_graph(args: argparse.Namespace) -> int:
    from bot.maintain.graph import dot, mermaid

    knowledge = knowledge_from(args)
    if args.tree and args.tree not in knowledge.trees:
        print(f"error: unknown tree {args.tree!r}; trees: {', '.join(knowledge.trees)}", file=sys.stderr)
        return 2
    render = mermaid if args.format == "mermaid" else dot
    trees = [knowledge.trees[args.tree]] if args.tree else list(knowledge.trees.values())
    print("\n\n".join(render(tree, knowledge) for tree in trees))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from bot.maintain.schema import SCHEMAS, schema, write_schemas

    if args.write is not None:
        pack = settings_from(args).knowledge_dir or default_knowledge_dir()
        directory = Path(args.write) if args.write else pack / "schema"
        for path in write_schemas(directory):
            print(f"wrote {path}")
        return 0
    print(json.dumps({name: schema(name) for name in SCHEMAS} if args.kind == "all" else schema(args.kind), indent=2))
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    policy = commands.add_parser("policy", help="validate, test and inspect the policy")
    actions = policy.add_subparsers(dest="policy_command", required=True, metavar="ACTION")
    validate = actions.add_parser("validate", help="run every load-time check; exit 1 on any error")
    validate.add_argument("path", nargs="?", type=Path, help="a knowledge pack directory")
    validate.set_defaults(run=cmd_validate)
    test = actions.add_parser("test", help="run the policy tests in knowledge/tests/")
    add_format_option(test)
    test.set_defaults(run=cmd_test)
    cover = actions.add_parser("coverage", help="nodes, branches and outcomes the policy tests reach")
    cover.add_argument("--min", type=float, help="exit 1 when total coverage (percent) is below this")
    add_format_option(cover)
    cover.set_defaults(run=cmd_coverage)
    explain = actions.add_parser("explain", help="the path to a decision, with the facts and words it used")
    explain.add_argument("tree", nargs="?", help="a tree id (default: the one the --message routes to)")
    explain.add_argument("--fact", action="append", default=[], metavar="NAME=VALUE",
                         help="a fact value (repeatable); NAME=? means \"I don't know\"")
    explain.add_argument("--message", help="a member's message: shows which words set which fact")
    explain.set_defaults(run=cmd_explain)
    graph = actions.add_parser("graph", help="a decision tree as a graph")
    graph.add_argument("tree", nargs="?", help="a tree id (default: every tree)")
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    graph.set_defaults(run=cmd_graph)
    schema = actions.add_parser("schema", help="the JSON Schema of policy, answers, tests and language files")
    schema.add_argument("kind", nargs="?", default="all", choices=("all", "policy", "answers", "tests", "language"))
    schema.add_argument("--write", nargs="?", const="", metavar="DIR",
                        help="write one NAME.json per kind into DIR (default: the pack's schema/ directory)")
    schema.set_defaults(run=cmd_schema)
    impact.register(actions)
