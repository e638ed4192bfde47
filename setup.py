"""The reader's hot modules, compiled with mypyc where a C compiler is at hand.

Reading a member's message is the engine's costliest step (bench/reading.py; issue 13's target is 2 ms at p99).
mypyc compiles these modules, typed as they are, to C: the same code, about twice as fast. Where mypyc or a
compiler is missing (a slim image without gcc), or REFUNDBOT_PURE_PYTHON=1 is set, they install and run as the
plain Python they are; tests/reading/test_compiled.py holds the two readings equal.
"""

from __future__ import annotations

import os
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

COMPILED = [f"bot/reading/{name}.py" for name in ("scanning", "phrases", "spelling", "numbers", "words", "typed",
                                                  "dates")]
# mypyc type-checks the modules on its own; in pip's isolated build environment the pack's pydantic models and
# PyYAML have no stubs, so it reads them as untyped (they are not compiled) and their ignores as unused.
MYPYC_FLAGS = ["--ignore-missing-imports", "--no-warn-unused-ignores"]


def plain(reason: object) -> None:
    print(f"refundbot: the reader runs as plain Python ({reason})", file=sys.stderr)


class OptionalBuildExt(build_ext):
    """Modules that do not compile stay plain Python, as MarkupSafe's speedups do. mypyc's shared library comes
    first: once one build fails, the rest are not tried (a module compiled without it could not be imported)."""

    failed = False

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # any compiler failure: the plain modules are installed anyway
            plain(exc)

    def build_extension(self, ext: Extension) -> None:
        if self.failed:
            return
        try:
            super().build_extension(ext)
        except Exception as exc:
            self.failed = True
            plain(exc)


def extensions() -> list[Extension]:
    if os.environ.get("REFUNDBOT_PURE_PYTHON"):
        return []
    try:
        from mypyc.build import mypycify

        return mypycify([*MYPYC_FLAGS, *COMPILED], opt_level="3", group_name="bot_reading")
    except (Exception, SystemExit) as exc:  # mypyc missing, or its type check failed (it exits)
        plain(exc)
        return []


setup(ext_modules=extensions(), cmdclass={"build_ext": OptionalBuildExt})
