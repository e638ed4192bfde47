"""JSON Schema of the knowledge pack's YAML files, generated from the pydantic models."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from bot.pack.language import LanguageFile
from bot.pack.model import AnswersFile, PolicyFile, TestsFile

SCHEMAS: dict[str, type[BaseModel]] = {
    "policy": PolicyFile, "answers": AnswersFile, "tests": TestsFile, "language": LanguageFile,
}


def schema(name: str) -> dict:
    document = SCHEMAS[name].model_json_schema()
    document.pop("title", None)  # the model's class name; editors show ours instead
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": f"refundbot {name} file",
            **document}


def write_schemas(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMAS:
        path = directory / f"{name}.json"
        path.write_text(json.dumps(schema(name), indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written
