"""Estimate: a typical value with a low..high range, all in one unit.

Arithmetic is interval arithmetic over the corners of the input box, so a propagated
range is never narrower than the formula's true range (for + - * / it is exact for
positive inputs).
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING, Union

from estimator.errors import DimensionError, InputError

if TYPE_CHECKING:
    import pint

Number = Union[int, float]


class Estimate:
    """``typical`` with ``low <= typical <= high``, in ``unit`` (a pint Unit). Immutable.

    A plain class with slots rather than a dataclass: it is made thousands of times per
    claim file, and defining a frozen dataclass costs start-up time."""

    __slots__ = ("typical", "low", "high", "unit")
    typical: float
    low: float
    high: float
    unit: pint.Unit

    def __init__(self, typical: float, low: float, high: float, unit: pint.Unit) -> None:
        object.__setattr__(self, "typical", typical)
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "high", high)
        object.__setattr__(self, "unit", unit)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Estimate is immutable")

    def __repr__(self) -> str:
        return f"Estimate(typical={self.typical!r}, low={self.low!r}, high={self.high!r}, unit={self.unit!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Estimate):
            return NotImplemented
        return (self.typical, self.low, self.high, self.unit) == (other.typical, other.low, other.high, other.unit)

    def __hash__(self) -> int:
        return hash((self.typical, self.low, self.high, self.unit))

    @classmethod
    def exact(cls, value: float, unit: str | pint.Unit = "") -> Estimate:
        u = _as_unit(unit)
        return cls(value, value, value, u)

    @property
    def is_exact(self) -> bool:
        return self.low == self.high

    def _other(self, other: Estimate | Number) -> Estimate:
        if isinstance(other, Estimate):
            return other
        return Estimate(float(other), float(other), float(other), _dimensionless())

    def __mul__(self, other: Estimate | Number) -> Estimate:
        o = self._other(other)
        corners = [a * b for a in (self.low, self.high) for b in (o.low, o.high)]
        return Estimate(self.typical * o.typical, min(corners), max(corners), self.unit * o.unit)

    __rmul__ = __mul__

    def __truediv__(self, other: Estimate | Number) -> Estimate:
        o = self._other(other)
        if o.low <= 0 <= o.high:
            raise InputError("division by a range that includes zero", "give a positive divisor")
        corners = [a / b for a in (self.low, self.high) for b in (o.low, o.high)]
        return Estimate(self.typical / o.typical, min(corners), max(corners), self.unit / o.unit)

    def __add__(self, other: Estimate | Number) -> Estimate:
        o = self._other(other).to(self.unit)
        return Estimate(self.typical + o.typical, self.low + o.low, self.high + o.high, self.unit)

    def __sub__(self, other: Estimate | Number) -> Estimate:
        o = self._other(other).to(self.unit)
        return Estimate(self.typical - o.typical, self.low - o.high, self.high - o.low, self.unit)

    __radd__ = __add__

    def __rsub__(self, other: Number) -> Estimate:
        return -self + other

    def __neg__(self) -> Estimate:
        return Estimate(-self.typical, -self.high, -self.low, self.unit)

    def to(self, unit: str | pint.Unit) -> Estimate:
        """The same estimate in another unit of the same dimension."""
        target = _as_unit(unit)
        if target == self.unit:
            return self
        factor = _factor(self.unit, target)
        return Estimate(self.typical * factor, self.low * factor, self.high * factor, target)

    def floor(self) -> Estimate:
        """Whole units, rounded down (monotone, so the range stays sound)."""
        return Estimate(
            float(math.floor(self.typical + 1e-9)),
            float(math.floor(self.low + 1e-9)),
            float(math.floor(self.high + 1e-9)),
            self.unit,
        )

    def ceil(self) -> Estimate:
        """Whole units, rounded up (monotone, so the range stays sound)."""
        return Estimate(
            float(math.ceil(self.typical - 1e-9)),
            float(math.ceil(self.low - 1e-9)),
            float(math.ceil(self.high - 1e-9)),
            self.unit,
        )

    def same_dimension(self, unit: str | pint.Unit) -> bool:
        return _same_dimension(self.unit, _as_unit(unit))

    @property
    def unit_text(self) -> str:
        return _text(self.unit)

    def __str__(self) -> str:
        u = f" {self.unit_text}" if self.unit_text else ""
        if self.is_exact:
            return f"{self.typical:g}{u}"
        return f"{self.typical:g}{u} ({self.low:g}..{self.high:g})"


# Target units for which a plain number is read in that unit (as the command line does):
# money, counts, durations and prices.  A rate of spending (USD/yr) is not among them.
PLAIN_READS_AS = {"USD", "GPU", "d", "yr", "USD/kWh", "USD/GPU", "USD/GPU/h", "FLOP", "param", "token", "kg/kWh"}


def fit(est: Estimate, unit: str, allow_plain: bool = False) -> Estimate | None:
    """``est`` in ``unit``, taking the spellings people write; None when it does not fit.

    A per-accelerator figure may leave out the "/GPU" (``700 W`` for ``W/GPU``), and with
    ``allow_plain`` a plain number takes the unit when it is one of PLAIN_READS_AS."""
    target = _as_unit(unit)
    if est.same_dimension(target):
        return est.to(target)
    per_gpu = est.unit / _as_unit("GPU")
    if _same_dimension(per_gpu, target):
        return Estimate(est.typical, est.low, est.high, per_gpu).to(target)
    if allow_plain and not est.unit_text and unit in PLAIN_READS_AS:
        return Estimate(est.typical, est.low, est.high, target)
    return None


def _as_unit(unit: str | pint.Unit) -> pint.Unit:
    if isinstance(unit, str):
        from estimator.units import _units

        return _units(unit)
    return unit


@lru_cache(maxsize=4096)
def _factor(source: pint.Unit, target: pint.Unit) -> float:
    """How many ``target`` one ``source`` is (multiplicative units only)."""
    from estimator.units import registry

    try:
        return float(registry().Quantity(1.0, source).to(target).magnitude)
    except Exception:
        raise DimensionError(
            f"cannot convert {_text(source) or 'a plain number'} to {_text(target) or 'a plain number'}",
            "the units measure different things",
        ) from None


@lru_cache(maxsize=4096)
def _same_dimension(a: pint.Unit, b: pint.Unit) -> bool:
    return bool(a.dimensionality == b.dimensionality)


def _dimensionless() -> pint.Unit:
    from estimator.units import registry

    return registry().dimensionless


@lru_cache(maxsize=4096)
def _text(unit: pint.Unit) -> str:
    """Short unit text such as ``USD/yr`` or ``MW`` (``''`` for a plain number)."""
    text = f"{unit:~}"
    return text.replace(" ", "").replace("**", "^")
