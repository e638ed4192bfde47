"""Loading pauses the cyclic garbage collector (it is a third of loading a large tree) and puts it back as it was,
even when the pack is refused."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from bot.pack.loading import load_knowledge
from bot.pack.yamlfile import PolicyError


@pytest.mark.parametrize("enabled", [True, False])
def test_loading_leaves_the_collector_as_it_found_it(tmp_path: Path, enabled: bool) -> None:
    (tmp_path / "policy").mkdir()
    (tmp_path / "policy" / "broken.yaml").write_text("trees: [\n")
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        load_knowledge()
        assert gc.isenabled() is enabled
        with pytest.raises(PolicyError):
            load_knowledge(tmp_path)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
