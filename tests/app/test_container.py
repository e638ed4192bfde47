"""The container files: the image installs the package from this repository and runs unprivileged; the
compose file is valid where a Docker Compose client exists (nothing is built or started)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
SECRETS = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "test", "POSTGRES_PASSWORD": "test"}


def compose_command() -> list[str]:
    """`docker compose` (the plugin) or the older `docker-compose`; skips, saying why, when neither is here."""
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    pytest.skip("no Docker Compose client here (neither `docker compose` nor `docker-compose`): "
                "compose.yaml is not validated on this machine")


def compose_config(environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in SECRETS} | environment
    return subprocess.run([*compose_command(), "-f", str(ROOT / "compose.yaml"), "config", "-q"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=60)


def test_compose_file_is_valid_and_asks_for_its_secrets() -> None:
    valid = compose_config(SECRETS)
    assert valid.returncode == 0, valid.stderr
    missing = compose_config({k: v for k, v in SECRETS.items() if k != "SLACK_BOT_TOKEN"})
    assert missing.returncode != 0 and "SLACK_BOT_TOKEN" in missing.stderr


def instructions(dockerfile: str) -> list[tuple[str, str]]:
    joined = dockerfile.replace("\\\n", " ")
    lines = [line.strip() for line in joined.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def test_the_image_installs_the_repository_and_runs_unprivileged() -> None:
    steps = instructions((ROOT / "Dockerfile").read_text())
    final = steps[max(i for i, (op, _) in enumerate(steps) if op == "FROM"):]
    users = [arg for op, arg in final if op == "USER"]
    assert users and users[-1] not in ("root", "0"), "the image must not run as root"
    copied = [arg.split()[0] for op, arg in steps if op == "COPY" and not arg.startswith("--from")]
    assert all((ROOT / source).exists() for source in copied), copied
    assert any(op == "RUN" and "pip install" in arg and arg.rstrip().endswith(" .") for op, arg in steps)
    assert ("ENTRYPOINT", '["refundbot"]') in final, "exec form: the bot itself receives SIGTERM"
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert ".venv" in ignored and ".git" in ignored
