"""The outcome of a claim, a check or a whole run, named once.

``Status`` is a ``str`` enum, so ``verdict.status == "holds"`` and the JSON ``"verdict":
"holds"`` read as before; ``overall`` folds many outcomes into the run's one.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from estimator.claims import Verdict


class Status(str, enum.Enum):
    """What a claim, a check or a run came to."""

    ok = "ok"  # a calculation or a listing: nothing to hold or fail
    holds = "holds"  # the expectation overlaps the computed range (widened by the tolerance)
    fails = "fails"  # it does not
    error = "error"  # it cannot be evaluated (or its file cannot be read)
    info = "info"  # a figure worked out for the reader, nothing claimed

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)


# the worse outcome wins: one broken claim makes the run an error, else one failing claim fails it
_RANK = {Status.ok: 0, Status.info: 0, Status.holds: 1, Status.fails: 2, Status.error: 3}


def overall(statuses: Iterable[Status | str]) -> Status:
    """The run's outcome: ``error`` if any is an error, else ``fails`` if any fails, else
    ``holds`` if any holds, else ``ok``."""
    worst = Status.ok
    for s in statuses:
        s = Status(s)
        if _RANK[s] > _RANK[worst]:
            worst = s
    return worst


def tally(statuses: Iterable[Status | str]) -> dict[str, int]:
    """How many there are of each outcome, as the runs' ``summary`` states it (an info
    counts only in the total)."""
    count = {"total": 0, "holds": 0, "fails": 0, "error": 0}
    for s in statuses:
        count["total"] += 1
        count[str(s)] = count.get(str(s), 0) + 1
    return count


def exit_code(verdicts: Iterable[Verdict]) -> int:
    """Deprecated (kept for scripts): the exit code ``gpucost check`` gives for ``verdicts``,
    2 when any is an error, else 1 when any fails, else 0. The CLI's own table of exit codes
    is ``cli.status``; tests/test_output.py checks the two agree."""
    worst = overall(v.status for v in verdicts)
    return 2 if worst == Status.error else 1 if worst == Status.fails else 0
