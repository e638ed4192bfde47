"""Settings: defaults, the YAML file, the environment (which wins), and the documented example."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from bot.app.cli import main
from bot.app.settings import Settings, load_settings

EXAMPLE = Path(__file__).parents[2] / "config" / "example.yaml"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("REFUNDBOT_CONFIG", "REFUNDBOT_DATABASE", "REFUNDBOT_KNOWLEDGE_DIR", "REFUNDBOT_REDIS_URL",
                 "SLACK_BOT_TOKEN", "REFUNDBOT_LIMITS__MAX_TURNS", "DISCORD_TOKEN"):
        monkeypatch.delenv(name, raising=False)


def test_the_example_documents_every_setting() -> None:
    documented = yaml.safe_load(EXAMPLE.read_text())
    assert set(documented) == set(Settings.model_fields)
    assert set(documented["limits"]) == set(Settings.model_fields["limits"].annotation.model_fields)
    assert set(documented["handoff"]) == set(Settings.model_fields["handoff"].annotation.model_fields)


def test_the_example_loads(tmp_path: Path) -> None:
    settings = load_settings(EXAMPLE)
    assert settings.database == Path("./refundbot.sqlite3")
    assert settings.limits.max_turns == 60
    assert settings.knowledge_dir is None and settings.redis_url is None


def test_environment_beats_file_beats_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "bot.yaml"
    config.write_text("database: /from/file.sqlite3\nsession_ttl_seconds: 60\nlimits: {max_turns: 5}\n")
    monkeypatch.setenv("REFUNDBOT_DATABASE", "/from/env.sqlite3")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-from-env")
    settings = load_settings(config)
    assert settings.database == Path("/from/env.sqlite3")  # environment wins
    assert settings.session_ttl_seconds == 60  # the file beats the default
    assert settings.limits.max_turns == 5
    assert settings.limits.max_message_chars == 2000  # the default where neither says
    assert settings.slack_bot_token is not None and settings.slack_bot_token.get_secret_value() == "xoxb-from-env"
    monkeypatch.setenv("REFUNDBOT_LIMITS__MAX_TURNS", "9")
    assert load_settings(config).limits.max_turns == 9


def test_command_line_options_beat_everything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFUNDBOT_DATABASE", "/from/env.sqlite3")
    assert load_settings(database=tmp_path / "cli.sqlite3").database == tmp_path / "cli.sqlite3"


def test_unknown_and_invalid_settings_are_refused(tmp_path: Path) -> None:
    config = tmp_path / "bot.yaml"
    config.write_text("databse: typo.sqlite3\n")
    with pytest.raises(ValidationError, match="databse"):
        load_settings(config)
    config.write_text("limits: {max_turns: -1}\n")
    with pytest.raises(ValidationError, match="max_turns"):
        load_settings(config)


def test_the_cli_reports_bad_settings_without_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    config = tmp_path / "bot.yaml"
    config.write_text("limits: {max_turns: many}\n")
    assert main(["--config", str(config), "policy", "validate"]) == 2
    assert "invalid settings" in capsys.readouterr().err
    assert main(["--config", str(tmp_path / "missing.yaml"), "policy", "validate"]) == 2
    assert "configuration file not found" in capsys.readouterr().err
