"""`answers reviewed ID`: stamp a canonical answer as reviewed today against the advice of the outcomes it names,
editing only its `reviewed:` lines in its YAML file (comments and layout elsewhere stay as they are)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.pack.answer_checks import advice_hash
from bot.pack.loading import Knowledge, load_knowledge, parse_file
from bot.pack.model import AnswersFile
from bot.pack.yamlfile import PolicyError


class ReviewStampError(ValueError):
    """The answer cannot be stamped; the message says why."""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def stamp_reviewed(pack: Path, answer_id: str, today: date) -> Path:
    knowledge = load_knowledge(pack)
    answer = knowledge.answers.get(answer_id)
    if answer is None:
        raise ReviewStampError(f"no canonical answer is called {answer_id!r}")
    if not answer.outcomes:
        raise ReviewStampError(f"answer {answer.id!r} names no outcomes (add `outcomes: [...]` first)")
    path, line = _located(pack, answer.id)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    first = line - 1
    key = lines[first].index("id:") if lines[first].lstrip().startswith("- ") else _indent(lines[first])
    end = first + 1
    while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) >= key):
        end += 1
    while end > first + 1 and not lines[end - 1].strip():
        end -= 1  # blank lines after the answer stay after it
    block = lines[first:end]
    kept, skipping = [], False
    for number, text in enumerate(block):
        if number and _indent(text) == key and text.strip().startswith("reviewed:"):
            skipping = True
            continue
        if skipping and (not text.strip() or _indent(text) > key):
            continue
        skipping = False
        kept.append(text)
    if kept and not kept[-1].endswith("\n"):
        kept[-1] += "\n"
    # quoted: a hash of ten digits ("1234567890") would be read back as a number
    hashes = ", ".join(f'{o}: "{advice_hash(knowledge.outcomes[o], knowledge.points)}"' for o in answer.outcomes)
    pad = " " * key
    kept += [f"{pad}reviewed:\n", f"{pad}  checked: {today.isoformat()}\n", f"{pad}  advice: {{{hashes}}}\n"]
    before = "".join(lines)
    path.write_text("".join([*lines[:first], *kept, *lines[end:]]), encoding="utf-8")
    try:
        _check(load_knowledge(pack), answer.id)
    except (PolicyError, ReviewStampError) as exc:
        path.write_text(before, encoding="utf-8")
        raise ReviewStampError(f"could not stamp {answer.id!r} in {path.name}; the file was left as it was ({exc})") \
            from None
    return path


def _located(pack: Path, answer_id: str) -> tuple[Path, int]:
    for path in sorted((pack / "answers").glob("*.yaml")):
        parsed = parse_file(path, path.name, AnswersFile, [])
        for answer in parsed.answers if parsed else []:
            if answer.id == answer_id:
                return path, answer.line
    raise ReviewStampError(f"answer {answer_id!r} is not in {pack / 'answers'}")


def _check(knowledge: Knowledge, answer_id: str) -> None:
    answer = knowledge.answers.get(answer_id)
    if answer is None or answer.reviewed is None or any(
            answer.reviewed.advice.get(o) != advice_hash(knowledge.outcomes[o], knowledge.points)
            for o in answer.outcomes):
        raise ReviewStampError("the stamp did not read back")
