"""The cyclic garbage collector, set for a long-running serving process.

A full collection walks every object the collector tracks: with the pack, the app and their modules
loaded, that took over 100 ms of the event loop, holding every request in flight. What is loaded before
serving lives as long as the process, so it is frozen (never walked again; a reload refreezes, so an old
pack no conversation holds is collected). And the youngest generation was collected whenever 700 more
container objects had been made than freed: under load, hundreds of times a second, each walking the
objects of every turn in flight, a quarter of a millisecond of each request in all. A turn's objects are
freed by reference counting as it ends, so a young collection every 10,000 is plenty.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from bot.pack.versions import KnowledgeLibrary, ReloadResult

YOUNG_THRESHOLD = 10_000


def freeze_loaded() -> None:
    gc.collect()  # what loading left over goes now, rather than being frozen
    gc.freeze()


def refreeze_after_reload(result: ReloadResult) -> None:
    if result.changed:
        gc.unfreeze()
        freeze_loaded()


@contextmanager
def collector_for_serving(library: KnowledgeLibrary) -> Iterator[None]:
    """While serving: what is loaded frozen, young collections less often; as they were afterwards."""
    thresholds = gc.get_threshold()
    freeze_loaded()
    gc.set_threshold(YOUNG_THRESHOLD, *thresholds[1:])
    library.listeners.append(refreeze_after_reload)
    try:
        yield
    finally:
        library.listeners.remove(refreeze_after_reload)
        gc.set_threshold(*thresholds)
        gc.unfreeze()
