"""What the hot-reload watcher costs the event loop with a 50 MB file in the pack (refused on load).

    python bench/reload_watch.py [--megabytes N] [--seconds S] [--quick]

Prints the time of one look on the loop (the files' times and sizes) beside hashing the whole pack (which
each look did before), and the loop's lag while the watcher polls every 50 ms beside its lag with no watcher.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from pathlib import Path

from _common import Row, parser, percentile, report

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
        await asyncio.sleep(min(3, 10 * seconds))  # the first look hashes once, and tries to load it, off the loop
        watching = await lag(seconds)
        task.cancel()
        report(f"hot-reload watcher with a {megabytes} MB file in the pack", [
            Row("one look on the loop (times and sizes)", timed(content_stamp, pack), timed(content_version, pack),
                "ms"),
            Row("loop lag p99, watcher every 50 ms", percentile(watching, 0.99), percentile(idle, 0.99), "ms"),
        ], ["floors: hashing the whole pack (what every look did before); the loop's lag with no watcher"])

if __name__ == "__main__":
    options = parser(__doc__)
    options.add_argument("--megabytes", type=int, default=50)
    options.add_argument("--seconds", type=float, default=3.0)
    given = options.parse_args()
    asyncio.run(main(5 if given.quick else given.megabytes, 0.3 if given.quick else given.seconds))
