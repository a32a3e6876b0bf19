"""Where output goes: the streams a command writes to, and the one-line messages on stderr.

Commands get an ``Environment`` (stdout, stderr, whether stdout is a terminal) rather than
reaching for ``sys.stdout``; ``error``/``warning`` and ``silence_stdout`` live here so that
no command imports ``cli.main``.
"""

from __future__ import annotations

import os
import re
import sys
from typing import TextIO

from estimator.record import Record, fill


class Environment(Record):
    stdout: TextIO
    stderr: TextIO

    __slots__ = ("stdout", "stderr")
    mutable = True

    def __init__(self, stdout: TextIO, stderr: TextIO) -> None:
        fill(self, stdout, stderr)

    @classmethod
    def current(cls) -> Environment:
        """The process's streams as they are now (tests swap ``sys.stdout``)."""
        return cls(sys.stdout, sys.stderr)

    @property
    def stdout_isatty(self) -> bool:
        try:
            return bool(self.stdout.isatty())
        except (AttributeError, ValueError):
            return False

    def write(self, text: str) -> None:
        self.stdout.write(text)

    def error(self, message: str, hint: str | None = None) -> None:
        line = f"error: {shorten(message)}" + (f" (hint: {shorten(hint)})" if hint else "")
        self.stderr.write(" ".join(line.split()) + "\n")

    def warning(self, message: str) -> None:
        self.stderr.write(" ".join(f"warning: {shorten(message)}".split()) + "\n")


def error(message: str, hint: str | None = None) -> None:
    """One ``error:`` line on stderr; a long echo of the input is shortened."""
    Environment.current().error(message, hint)


def warning(message: str) -> None:
    """One ``warning:`` line on stderr (the command still runs)."""
    Environment.current().warning(message)


_QUOTED = r"'([^']{81,})'"  # compiled on first use (re's cache): a run without errors needs none


def shorten(text: str) -> str:
    """Quoted input longer than 80 characters as its start and end: ``'HHHH…HH' (100,000 chars)``."""
    return re.sub(_QUOTED, lambda m: f"'{m[1][:60]}…{m[1][-12:]}' ({len(m[1]):,} characters)", text)


def silence_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
