"""Exit codes: every outcome of a run named once, and the one table from outcomes to codes.

SPEC: 0 success (``check``/``scan``: every claim holds), 1 a claim fails, 2 bad input, usage,
a broken claim or file, or a bug; 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import enum

from estimator.status import Status


class ExitStatus(enum.IntEnum):
    OK = 0
    CLAIM_FAILS = 1
    BAD_INPUT = 2
    INTERRUPTED = 130


# the one mapping from a run's outcome to its exit code
_OF_STATUS = {
    Status.ok: ExitStatus.OK,
    Status.holds: ExitStatus.OK,
    Status.info: ExitStatus.OK,
    Status.fails: ExitStatus.CLAIM_FAILS,
    Status.error: ExitStatus.BAD_INPUT,
}


def exit_status(status: Status | str) -> ExitStatus:
    """The exit code of a run whose outcome is ``status``."""
    return _OF_STATUS[Status(status)]


def error_status(exc: BaseException) -> int:
    """The exit code of a run stopped by ``exc``: Ctrl-C (click's Abort) is 130; a reader
    that went away (``| head``, BrokenPipeError) is not an error (0); a library error (bad
    input, a broken catalogue), a usage error, an unexpected end of input and a bug are 2 (a
    click exception keeps its own code, which for every usage error is 2)."""
    if isinstance(exc, BrokenPipeError):
        return ExitStatus.OK
    if type(exc).__name__ == "Abort" or isinstance(exc, KeyboardInterrupt):
        return ExitStatus.BAD_INPUT if isinstance(exc.__cause__, EOFError) else ExitStatus.INTERRUPTED
    if any(c.__name__ == "ClickException" for c in type(exc).__mro__):
        return int(getattr(exc, "exit_code", 0) or ExitStatus.BAD_INPUT)
    return ExitStatus.BAD_INPUT
