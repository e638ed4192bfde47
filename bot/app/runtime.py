"""Building a ready engine from settings: knowledge, session store and audit log."""

from __future__ import annotations

from bot.app.settings import Settings
from bot.conversation.engine import Engine
from bot.conversation.handoff import Desk
from bot.pack.loading import load_knowledge
from bot.pack.versions import KnowledgeLibrary
from bot.record import SessionStore
from bot.record.audit import AuditLog
from bot.record.database import Database
from bot.record.draft_answers import DraftAnswers
from bot.record.handoffs import HandoffStore
from bot.record.handoffs_sqlite import SQLiteHandoffs
from bot.record.sqlite import SQLiteStore
from bot.safety.limits import Limiter


def open_database(settings: Settings) -> Database:
    """The SQLite file of sessions and the audit log. Only the default location's directory is made: a
    configured path in a directory that does not exist is more likely a typo than a wish for a new file."""
    return Database(settings.database, create_directory="database" not in settings.model_fields_set)


def open_audit(settings: Settings, database: Database | None = None) -> AuditLog:
    """PostgreSQL when `database_url` is set, else the SQLite file (shared with the sessions when given)."""
    return AuditLog(settings.database_url or database or open_database(settings))


def make_store(settings: Settings, database: Database | None = None) -> SessionStore:
    if settings.redis_url:
        from bot.record.redis import RedisStore  # only imported when configured

        return RedisStore.from_url(settings.redis_url, ttl_seconds=settings.session_ttl_seconds)
    return SQLiteStore(database or open_database(settings), ttl_seconds=settings.session_ttl_seconds)


def make_handoffs(settings: Settings, store: SessionStore, database: Database | None = None) -> HandoffStore:
    """Beside the sessions: the same Redis (every instance sees the same timers), or the same SQLite file."""
    if settings.redis_url:
        from bot.record.handoffs_redis import RedisHandoffs
        from bot.record.redis import RedisStore

        assert isinstance(store, RedisStore)
        return RedisHandoffs(store.client, prefix=store.prefix)
    return SQLiteHandoffs(database or open_database(settings))


def make_rate_limiter(settings: Settings, store: SessionStore) -> Limiter | None:
    """With Redis, the per-member limit is kept there and holds across instances; else each process's own."""
    if not settings.redis_url:
        return None
    from bot.record.redis import RedisStore
    from bot.record.redis_limits import RedisRateLimiter

    assert isinstance(store, RedisStore)
    return RedisRateLimiter(store.client, settings.limits.rate_limit_messages, settings.limits.rate_limit_seconds,
                            prefix=store.prefix)


def make_engine(settings: Settings) -> Engine:
    """Raises PolicyError when the knowledge pack does not validate: a bot never starts on a broken pack,
    and DatabaseFileError when the SQLite file cannot be used."""
    library = KnowledgeLibrary(load_knowledge(settings.knowledge_dir))
    database = open_database(settings)
    store = make_store(settings, database)
    return Engine(library, store, open_audit(settings, database), limits=settings.limits,
                  draft_answers=DraftAnswers(settings.drafts_directory()), site_url=settings.site_url,
                  handoffs=Desk(make_handoffs(settings, store, database), settings.handoff),
                  rate_limiter=make_rate_limiter(settings, store))
