"""Hot reload: a serving bot picks up edits to its knowledge pack without a restart.

A polling watcher (no extra dependency; policy packs are small) reloads when the files' content
hash changes (worked out only when their modification times or sizes change), and SIGHUP reloads at once.
A change that fails validation is refused and logged; the bot keeps its last good version, and
conversations in flight finish on the version they began.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable

from bot.pack.loading import content_stamp, content_version
from bot.pack.versions import KnowledgeLibrary, ReloadResult

log = logging.getLogger(__name__)


async def watch(library: KnowledgeLibrary, interval: float = 1.0,
                on_result: Callable[[ReloadResult], None] | None = None) -> None:
    """Reload whenever the pack's content changes; a refused version is not retried until it changes again.

    Each look compares the files' modification times and sizes only; the content is hashed, and a changed
    pack loaded, in a worker thread, so a large file in the pack never holds up the event loop."""
    seen, stamp = library.current.version, None
    while True:
        await asyncio.sleep(interval)
        try:
            now = content_stamp(library.directory)
            if now == stamp:
                continue
            version = await asyncio.to_thread(content_version, library.directory)
        except OSError as exc:  # a file being replaced by an editor: look again next time
            log.debug("knowledge pack unreadable for now: %s", exc)
            continue
        stamp = now
        if version == seen:
            continue
        seen = version
        try:
            result = await asyncio.to_thread(library.reload)
        except Exception:  # a bug in a check must not stop the watcher of a serving bot
            log.exception("policy reload failed; still running policy %s", library.current.version)
            continue
        if result.ok and result.changed:
            log.info("%s", result.summary())
        if on_result:
            on_result(result)


def start_reloader(library: KnowledgeLibrary, interval: float = 1.0,
                   on_result: Callable[[ReloadResult], None] | None = None) -> asyncio.Task[None]:
    """Start watching in the running loop, and reload on SIGHUP where the platform has it."""
    install_sighup(library)
    return asyncio.get_running_loop().create_task(watch(library, interval, on_result), name="knowledge-reloader")


def install_sighup(library: KnowledgeLibrary) -> bool:
    if not hasattr(signal, "SIGHUP"):
        return False
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError, RuntimeError):  # not the main thread, or no signal support
        loop.add_signal_handler(signal.SIGHUP, lambda: log.warning("SIGHUP: %s", library.reload().summary()))
        return True
    return False
