"""Members' words → facts: typed answers (`typed`), the phrase reader (`phrases`) and the Reader protocol."""

import importlib.machinery
import warnings
from pathlib import Path


def stale_compiled(here: Path = Path(__file__).parent) -> list[str]:
    """Modules edited since setup.py compiled them: Python imports the compiled copy while one lies beside them, so
    an edit would silently not run."""
    return sorted(source.name for source in here.glob("*.py") for suffix in importlib.machinery.EXTENSION_SUFFIXES
                  if (built := source.with_suffix(suffix)).exists() and built.stat().st_mtime < source.stat().st_mtime)


if stale := stale_compiled():
    warnings.warn(f"bot/reading: {', '.join(stale)} changed since they were compiled, and the compiled copies run: "
                  "run `pip install -e .` again (or delete bot/reading/*.so)", RuntimeWarning, stacklevel=2)

from bot.reading import phrases  # noqa: E402 - after the check, which must come first
from bot.reading.model import Evidence, Reader, Reading  # noqa: E402
from bot.reading.phrases import reader_for  # noqa: E402


def compiled() -> bool:
    """Whether the reader runs as setup.py compiled it, or as the plain modules."""
    return not phrases.__file__.endswith(".py")


__all__ = ["Evidence", "Reader", "Reading", "compiled", "reader_for"]
