"""Settings from environment variables and an optional YAML file (see config/example.yaml).

Precedence, highest first: environment variables, the YAML file named by `--config` or
REFUNDBOT_CONFIG, the defaults below. Platform tokens keep the names their platforms document.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from platformdirs import user_data_dir
from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict, YamlConfigSettingsSource

from bot.conversation.handoff import HandoffTimes
from bot.safety.limits import Limits


def _env(name: str) -> AliasChoices:
    """Accept REFUNDBOT_NAME, the plain NAME (platform tokens) and the YAML key."""
    return AliasChoices(f"REFUNDBOT_{name.upper()}", name.upper(), name)

if TYPE_CHECKING:
    from adapters.discord.bot import DiscordOptions
    from adapters.slack.app import SlackOptions


class Settings(BaseSettings):
    model_config = SettingsConfigDict(extra="forbid", populate_by_name=True, env_nested_delimiter="__",
                                      env_prefix="REFUNDBOT_")

    knowledge_dir: Path | None = Field(
        default=None, validation_alias=_env("knowledge_dir"),
        description="The knowledge pack directory; the shipped pack when unset.",
    )
    database: Path = Field(
        default=Path(user_data_dir("refundbot")) / "refundbot.sqlite3", validation_alias=_env("database"),
        description="SQLite file for sessions (unless redis_url is set) and the audit log.",
    )
    database_url: str | None = Field(
        default=None, validation_alias=_env("database_url"), pattern=r"^postgres(ql)?(\+\w+)?://\S*$",
        description="postgresql://user@host:port/db: keep the audit log, feedback, review queue and stats in "
                    "PostgreSQL, shared by every instance (sessions stay in SQLite or Redis).",
    )
    redis_url: str | None = Field(
        default=None, validation_alias=_env("redis_url"),
        description="redis://host:port/db: keep sessions in Redis, shared by several processes.",
    )
    session_ttl_seconds: float = Field(
        default=86400, gt=0, validation_alias=_env("session_ttl_seconds"),
        description="A conversation idle this long is forgotten.",
    )
    purge_interval_seconds: float = Field(
        default=600, gt=0, validation_alias=_env("purge_interval_seconds"),
        description="While serving, expired sessions and delivery tokens are purged this often.",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = Field(
        default="INFO", validation_alias=_env("log_level"),
        description="The bot's own log level; the platform libraries never log below WARNING (their debug "
        "logs carry member text).",
    )
    log_format: Literal["text", "json"] = Field(
        default="text", validation_alias=_env("log_format"),
        description="text for a terminal; json: one JSON object per line, for a log stack.",
    )
    shutdown_grace_seconds: float = Field(
        default=20, gt=0, validation_alias=_env("shutdown_grace_seconds"),
        description="On SIGTERM, how long a serving bot waits for the turns in flight before it exits.",
    )
    drafts_dir: Path | None = Field(
        default=None, validation_alias=_env("drafts_dir"),
        description="Where moderators' saved draft answers are written; a drafts/ folder beside the database "
                    "when unset.",
    )
    site_url: str | None = Field(
        default=None, validation_alias=_env("site_url"), pattern=r"^https?://\S+$",
        description="Where the site `refundbot site build DIR` writes is published (https://…): /answer posts "
                    "and guidance cards then link each canonical answer's page.",
    )
    handoff: HandoffTimes = Field(
        default_factory=HandoffTimes,  # REFUNDBOT_HANDOFF__REMIND_AFTER_SECONDS=… and so on
        description="Ask a moderator: when an unanswered request is reminded, then escalated.",
    )
    limits: Limits = Field(
        default_factory=Limits,  # no alias: nested values come as REFUNDBOT_LIMITS__<NAME>
        description="Message length, per-member rate limit, conversation age and turns "
        "(environment: REFUNDBOT_LIMITS__MAX_TURNS=… and so on).",
    )

    slack_bot_token: SecretStr | None = Field(default=None, validation_alias=_env("slack_bot_token"))
    slack_signing_secret: SecretStr | None = Field(default=None, validation_alias=_env("slack_signing_secret"))
    slack_app_token: SecretStr | None = Field(default=None, validation_alias=_env("slack_app_token"))
    slack_api_url: str = Field(default="https://slack.com/api/", validation_alias=_env("slack_api_url"))
    slack_moderators: list[str] = Field(
        default_factory=list, validation_alias=_env("slack_moderators"),
        description="Slack user ids (U…) and user group ids (S…) allowed to post canonical answers.",
    )
    slack_moderator_group: str | None = Field(
        default=None, pattern=r"^S[A-Z0-9]+$", validation_alias=_env("slack_moderator_group"),
        description="The user group (S…) that Ask a moderator mentions; the first S… of slack_moderators when "
                    "unset. Neither: no Ask a moderator on Slack.",
    )
    slack_escalation_channel: str | None = Field(
        default=None, pattern=r"^[CG][A-Z0-9]+$", validation_alias=_env("slack_escalation_channel"),
        description="The channel (C…) where a request no moderator answered is posted after the reminder.",
    )

    discord_token: SecretStr | None = Field(default=None, validation_alias=_env("discord_token"))
    discord_message_content: bool = Field(
        default=False, validation_alias=_env("discord_message_content"),
        description="Use the privileged message-content intent, so members can type answers in threads.",
    )
    discord_moderator_role: str | None = Field(
        default=None, validation_alias=_env("discord_moderator_role"),
        description="Name or id of the Discord role allowed to post canonical answers (or Manage Messages); "
                    "Ask a moderator mentions it (unset: no Ask a moderator on Discord).",
    )
    discord_escalation_channel: int | None = Field(
        default=None, validation_alias=_env("discord_escalation_channel"),
        description="The channel id where a request no moderator answered is posted after the reminder.",
    )

    @field_validator("log_level", mode="before")
    @classmethod
    def _level_in_capitals(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value

    def drafts_directory(self) -> Path:
        return self.drafts_dir or self.database.parent / "drafts"

    def slack_options(self) -> SlackOptions:
        from adapters.slack.app import SlackOptions  # the platform libraries load only for the platform served

        return SlackOptions(bot_token=self.slack_bot_token, signing_secret=self.slack_signing_secret,
                            app_token=self.slack_app_token, api_url=self.slack_api_url,
                            moderators=self.slack_moderators,
                            moderator_group=self.slack_moderator_group or next(
                                (m for m in self.slack_moderators if m.startswith("S")), None),
                            escalation_channel=self.slack_escalation_channel)

    def discord_options(self) -> DiscordOptions:
        from adapters.discord.bot import DiscordOptions

        return DiscordOptions(token=self.discord_token, message_content=self.discord_message_content,
                              moderator_role=self.discord_moderator_role,
                              escalation_channel=self.discord_escalation_channel)

    @classmethod
    def settings_customise_sources(
        cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        config_file = os.environ.get("REFUNDBOT_CONFIG")
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if config_file:
            sources.append(YamlConfigSettingsSource(settings_cls, yaml_file=config_file))
        return tuple(sources)


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    if config_file is not None:
        if not config_file.is_file():
            raise FileNotFoundError(f"configuration file not found: {config_file}")
        os.environ["REFUNDBOT_CONFIG"] = str(config_file)
    return Settings(**{k: v for k, v in overrides.items() if v is not None})
