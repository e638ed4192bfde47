"""The pack to compare with: a directory, or the working pack as a git revision has it (HEAD, main, a tag)."""

from __future__ import annotations

import io
import subprocess
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory


class PackSourceError(ValueError):
    """Neither a knowledge pack directory nor a git revision of the working pack."""


def _git(directory: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(directory), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise PackSourceError("git is not installed, so a git revision cannot be read") from None
    if done.returncode != 0:
        raise PackSourceError(done.stderr.decode(errors="replace").strip() or f"git {' '.join(args)} failed")
    return done.stdout


@contextmanager
def pack_at(against: str, working: Path) -> Iterator[Path]:
    """Yield the directory of the other pack: `against` itself if it is one, else the working pack's files at
    that git revision, unpacked into a temporary directory removed afterwards."""
    if Path(against).is_dir():
        yield Path(against)
        return
    working = working.resolve()
    try:
        top = Path(_git(working, "rev-parse", "--show-toplevel").decode().strip())
    except PackSourceError:
        raise PackSourceError(f"{against!r} is not a directory, and the working pack {working} is not in a git "
                              "repository to read a revision from") from None
    try:
        _git(top, "rev-parse", "--verify", "--quiet", f"{against}^{{commit}}")
    except PackSourceError:
        raise PackSourceError(f"{against!r} is neither a directory nor a git revision of {top}") from None
    inside = working.relative_to(top).as_posix()
    archive = _git(top, "archive", "--format=tar", against, "--", inside)
    with TemporaryDirectory(prefix="refundbot-pack-") as tmp, tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(tmp, filter="data")
        yield Path(tmp) / inside
