"""Building a ready engine from settings: knowledge, session store and audit log."""

from __future__ import annotations

from bot.app.settings import Settings
from bot.conversation.engine import Engine
from bot.pack.loading import load_knowledge
from bot.pack.versions import KnowledgeLibrary
from bot.record import SessionStore
from bot.record.audit import AuditLog
from bot.record.draft_answers import DraftAnswers
from bot.record.sqlite import SQLiteStore


def make_store(settings: Settings) -> SessionStore:
    if settings.redis_url:
        from bot.record.redis import RedisStore  # only imported when configured

        return RedisStore.from_url(settings.redis_url, ttl_seconds=settings.session_ttl_seconds)
    return SQLiteStore(settings.database, ttl_seconds=settings.session_ttl_seconds)


def make_engine(settings: Settings) -> Engine:
    """Raises PolicyError when the knowledge pack does not validate: a bot never starts on a broken pack."""
    library = KnowledgeLibrary(load_knowledge(settings.knowledge_dir))
    return Engine(library, make_store(settings), AuditLog(settings.database), limits=settings.limits,
                  draft_answers=DraftAnswers(settings.drafts_directory()), site_url=settings.site_url)
