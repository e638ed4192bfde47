"""While serving, what was loaded is out of the cyclic collector's walks and young collections come less often;
a reload lets an old pack be collected; afterwards the collector is as it was."""

from __future__ import annotations

import gc
import weakref

from bot.app.collector import YOUNG_THRESHOLD, collector_for_serving
from bot.pack.loading import load_knowledge
from bot.pack.versions import KnowledgeLibrary, ReloadResult
from tests.conftest import FIXTURE_PACK


class Cycle:
    """Garbage only the cyclic collector frees (it refers to itself)."""

    def __init__(self) -> None:
        self.itself = self


def test_serving_freezes_what_was_loaded_and_a_reload_lets_it_be_collected() -> None:
    library = KnowledgeLibrary(load_knowledge(FIXTURE_PACK))
    before = gc.get_threshold()
    loaded = Cycle()
    kept = weakref.ref(loaded)
    with collector_for_serving(library):
        assert gc.get_freeze_count() > 0 and gc.get_threshold()[0] == YOUNG_THRESHOLD
        del loaded
        gc.collect()
        assert kept() is not None, "loaded before serving: frozen, never walked"
        for listener in library.listeners:
            listener(ReloadResult(ok=True, version="next", changed=True))
        assert kept() is None, "after a reload, what nothing holds any more is collected"
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0 and not library.listeners
