"""`refundbot answers list|show|search`: the canonical answers, with how often each was posted."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from adapters.console import plain
from bot.app.commands import knowledge_from, settings_from
from bot.app.commands.tables import table
from bot.app.runtime import open_audit
from bot.pack.loading import default_knowledge_dir


def cmd_list(args: argparse.Namespace) -> int:
    knowledge = knowledge_from(args)
    uses = open_audit(settings_from(args)).answer_uses()
    rows = [(a.id, a.title, ", ".join(a.aliases), uses.get(a.id, 0)) for a in knowledge.answers]
    print(table(("id", "title", "aliases", "posts"), rows))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    answer = knowledge_from(args).answers.get(args.name)
    if answer is None:
        print(f"error: no canonical answer is called {args.name!r}; try `refundbot answers search`")
        return 1
    print(f"== {answer.title} ==  ({answer.id}; aliases: {', '.join(answer.aliases) or '-'})\n")
    print(plain(answer.body).strip())
    print("\nSources:\n" + "\n".join(f"  - {s.title} ({s.url})" for s in answer.sources))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    hits = knowledge_from(args).answers.search(" ".join(args.words))
    if not hits:
        print("No canonical answer matches.")
        return 1
    print(table(("id", "title", "score"), [(h.answer.id, h.answer.title, f"{h.score:.2f}") for h in hits]))
    return 0


def cmd_reviewed(args: argparse.Namespace) -> int:
    from bot.maintain.answer_review import ReviewStampError, stamp_reviewed

    pack = settings_from(args).knowledge_dir or default_knowledge_dir()
    try:
        path = stamp_reviewed(pack, args.name, date.today())
    except ReviewStampError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{args.name}: marked reviewed today against the advice of its outcomes, in {path}")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    answers = commands.add_parser("answers", help="list, show and search the canonical answers")
    actions = answers.add_subparsers(dest="answers_command", required=True, metavar="ACTION")
    actions.add_parser("list", help="every answer with its aliases and post count").set_defaults(run=cmd_list)
    show = actions.add_parser("show", help="one answer, by id or alias")
    show.add_argument("name")
    show.set_defaults(run=cmd_show)
    search = actions.add_parser("search", help="ranked search by words; tolerates misspellings")
    search.add_argument("words", nargs="+")
    search.set_defaults(run=cmd_search)
    reviewed = actions.add_parser("reviewed", help="stamp an answer as reviewed today against the advice of the "
                                                   "outcomes it names")
    reviewed.add_argument("name")
    reviewed.set_defaults(run=cmd_reviewed)
