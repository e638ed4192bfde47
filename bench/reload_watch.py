"""What the hot-reload watcher costs the event loop with a 50 MB file in the pack (refused on load).

    python bench/reload_watch.py [--megabytes N] [--seconds S]

Prints the time of one look on the loop (the files' times and sizes) against hashing the whole pack
(which each look did before), and the loop's lag while the watcher polls every 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import tempfile
import time
from pathlib import Path

from _common import percentile, print_table

from bot.pack.loading import content_stamp, content_version, default_knowledge_dir, load_knowledge
from bot.pack.reloader import watch
from bot.pack.versions import KnowledgeLibrary


def timed(function, *args, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function(*args)
        best = min(best, time.perf_counter() - started)
    return best * 1000


async def lag(seconds: float) -> list[float]:
    """How late a 1 ms timer fires, over and over: the loop's responsiveness."""
    samples = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        started = time.perf_counter()
        await asyncio.sleep(0.001)
        samples.append((time.perf_counter() - started - 0.001) * 1000)
    return samples


async def main(megabytes: int, seconds: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pack = Path(tmp) / "pack"
        shutil.copytree(default_knowledge_dir(), pack, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
        library = KnowledgeLibrary(load_knowledge(pack))
        (pack / "answers" / "huge.yaml").write_bytes(b"# " + b"x" * (megabytes << 20))
        idle = await lag(seconds)
        task = asyncio.create_task(watch(library, interval=0.05))
        await asyncio.sleep(3)  # the first look hashes once, and tries to load it, off the loop
        watching = await lag(seconds)
        task.cancel()
        print_table(["measure", "ms"], [
            ["one look on the loop (times and sizes)", f"{timed(content_stamp, pack):.3f}"],
            [f"hashing the pack ({megabytes} MB file; every look, before)", f"{timed(content_version, pack):.1f}"],
            ["loop lag p99, no watcher", f"{percentile(idle, 0.99):.2f}"],
            ["loop lag p99, watcher every 50 ms", f"{percentile(watching, 0.99):.2f}"],
        ])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=3.0)
    options = parser.parse_args()
    asyncio.run(main(options.megabytes, options.seconds))
