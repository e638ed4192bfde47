"""`refundbot policy …`: validate and test the policy."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.commands import knowledge_from, settings_from
from bot.knowledge import load_knowledge


def cmd_validate(args: argparse.Namespace) -> int:
    knowledge = load_knowledge(args.path or settings_from(args).knowledge_dir)
    print(f"OK: {len(knowledge.trees)} trees, {len(knowledge.facts)} facts, {len(knowledge.answers)} canonical "
          f"answers, {len(knowledge.tests)} tests (policy version {knowledge.version})")
    return 0


def cmd_test(args: argparse.Namespace) -> int:
    from bot.policytest import describe_path, run_tests, uncovered_outcomes

    knowledge = knowledge_from(args)
    results = run_tests(knowledge)
    failed = [r for r in results if not r.passed]
    for result in failed:
        print(f"FAIL {result.file}:{result.test.line}: {result.test.name}\n"
              f"     {result.failure}\n     path: {describe_path(result.walk)}")
    if args.verbose:
        for result in results:
            if result.passed:
                print(f"PASS {result.test.name}: {describe_path(result.walk)}")
    uncovered = uncovered_outcomes(knowledge, results)
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    if uncovered:
        print("outcomes no test reaches: " + ", ".join(uncovered))
    else:
        print("every outcome is covered by a test")
    return 1 if failed or uncovered else 0


def register(commands: argparse._SubParsersAction) -> None:
    policy = commands.add_parser("policy", help="validate, test and inspect the policy")
    actions = policy.add_subparsers(dest="policy_command", required=True, metavar="ACTION")
    validate = actions.add_parser("validate", help="run every load-time check; exit 1 on any error")
    validate.add_argument("path", nargs="?", type=Path, help="a knowledge pack directory")
    validate.set_defaults(run=cmd_validate)
    test = actions.add_parser("test", help="run the policy tests in knowledge/tests/")
    test.set_defaults(run=cmd_test)
