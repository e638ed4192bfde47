"""The turns in flight: every task a platform listener starts, directly or not.

Bolt and discord.py run each handler in a task of its own, spawned after the request was acknowledged
and out of reach of the HTTP server's own shutdown. A listener started inside `InFlight.start` runs in a
context that marks the tasks created from it (a task inherits its creator's context), so after the
listener stops accepting, whatever it spawned and is still running is exactly the work to finish.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")
log = logging.getLogger(__name__)
_TRACKER: contextvars.ContextVar[InFlight | None] = contextvars.ContextVar("refundbot_in_flight", default=None)


class InFlight:
    def __init__(self) -> None:
        self.tasks: set[asyncio.Task[Any]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._previous: Any = None

    def install(self) -> None:
        """Wrap the running loop's task factory (restored by `uninstall`)."""
        self._loop = loop = asyncio.get_running_loop()
        self._previous = previous = loop.get_task_factory()

        def factory(loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, Any], **kwargs: Any) -> Any:
            task: Any = previous(loop, coro, **kwargs) if previous else asyncio.Task(coro, loop=loop, **kwargs)
            context = kwargs.get("context")
            tracker = context.get(_TRACKER) if context is not None else _TRACKER.get()
            if tracker is not None:
                tracker.tasks.add(task)
                task.add_done_callback(tracker.tasks.discard)
            return task

        loop.set_task_factory(factory)  # type: ignore[arg-type]  # typeshed wants the exact factory protocol

    def uninstall(self) -> None:
        if self._loop is not None:
            self._loop.set_task_factory(self._previous)

    async def start(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run `coro` (a listener's start) so that every task it creates, and theirs, is tracked."""
        context = contextvars.copy_context()
        context.run(_TRACKER.set, self)
        return await asyncio.get_running_loop().create_task(coro, context=context)

    def pending(self) -> set[asyncio.Task[Any]]:
        return {task for task in self.tasks if not task.done() and task is not asyncio.current_task()}

    async def finish(self, timeout: float) -> int:
        """Wait for the tracked tasks (and those they start meanwhile) up to `timeout`; cancel what is left.

        Returns how many were cancelled (0: everything finished)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while (pending := self.pending()) and loop.time() < deadline:
            await asyncio.wait(pending, timeout=deadline - loop.time())
        left = self.pending()
        for task in left:
            task.cancel()
        if left:
            await asyncio.wait(left, timeout=1.0)
        return len(left)
