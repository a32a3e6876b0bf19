"""Sensitivity: which input's range moves a result most (a tornado)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from estimator.commands.model import Values
from estimator.errors import InputError
from estimator.record import Record, fill
from estimator.values import Estimate

if TYPE_CHECKING:
    from estimator.results import Result


# --------------------------------------------------------------------------- sensitivity


class Swing(Record):
    """How far one input's range moves an output, the others held at their typical values."""

    name: str
    label: str
    input: Estimate
    at_low: float
    at_high: float

    __slots__ = ("name", "label", "input", "at_low", "at_high")

    def __init__(self, name: str, label: str, input: Estimate, at_low: float, at_high: float) -> None:
        fill(self, name, label, input, at_low, at_high)

    @property
    def width(self) -> float:
        return abs(self.at_high - self.at_low)


def sensitivity(result: Result, output: str | None = None) -> list[Swing]:
    """A tornado: every ranged input's swing of ``output`` (default the main one), widest first."""
    if result.formula is None:
        raise InputError(f"{result.command} has no sensitivity view", "use buy, power, runway, train or cluster")
    key = result.output(output).key
    typical = {k: Estimate(e.typical, e.typical, e.typical, e.unit) for k, e in result.values.items()}

    def run(values: Values) -> float:
        assert result.formula is not None
        return next(o.estimate.typical for o in result.formula(values) if o.key == key)

    swings = []
    for name, est in result.values.items():
        if est.is_exact:
            continue
        low = run({**typical, name: Estimate(est.low, est.low, est.low, est.unit)})
        high = run({**typical, name: Estimate(est.high, est.high, est.high, est.unit)})
        if low != high:  # an input that does not move this output is left out
            swings.append(Swing(name, result.labels.get(name, name), est, low, high))
    return sorted(swings, key=lambda s: s.width, reverse=True)
