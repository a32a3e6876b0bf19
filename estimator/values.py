"""Estimate: a typical value with a low..high range, all in one unit.

Arithmetic is interval arithmetic over the corners of the input box, so a propagated
range is never narrower than the formula's true range (for + - * / it is exact for
positive inputs).
"""

from __future__ import annotations

import math
import sys
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Union

from estimator.errors import DimensionError, InputError
from estimator.units import registry
from estimator.units import unit as _units

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
        if not (math.isfinite(typical) and math.isfinite(low) and math.isfinite(high)):
            raise NumberOutOfRange("overflows")
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
        corners = [_product(a, b) for a in (self.low, self.high) for b in (o.low, o.high)]
        return Estimate(_product(self.typical, o.typical), min(corners), max(corners), self.unit * o.unit)

    __rmul__ = __mul__

    def __truediv__(self, other: Estimate | Number) -> Estimate:
        o = self._other(other)
        if o.low <= 0 <= o.high:
            raise InputError("division by a range that includes zero", "give a positive divisor")
        corners = [_quotient(a, b) for a in (self.low, self.high) for b in (o.low, o.high)]
        return Estimate(_quotient(self.typical, o.typical), min(corners), max(corners), self.unit / o.unit)

    def __add__(self, other: Estimate | Number) -> Estimate:
        o = self._other(other).to(self.unit)
        return Estimate(_sum(self.typical, o.typical), _sum(self.low, o.low), _sum(self.high, o.high), self.unit)

    def __sub__(self, other: Estimate | Number) -> Estimate:
        o = self._other(other).to(self.unit)
        return Estimate(_sum(self.typical, -o.typical), _sum(self.low, -o.high), _sum(self.high, -o.low), self.unit)

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
        return Estimate(_scale(self.typical, factor), _scale(self.low, factor), _scale(self.high, factor), target)

    def reduced(self, canonical: bool = True) -> Estimate:
        """The same estimate in lowest terms: a plain number when dimensionless, one unit per
        dimension (``kW/W`` -> plain, ``USD*MWh/kWh`` -> ``USD``), and a canonical unit for
        compound units of a known kind (``kW*h`` -> ``Wh``, ``MWh/MW`` -> ``h``)."""
        target = _reduced_unit(self.unit, canonical)
        return self if target == self.unit else self.to(target)

    def floor(self) -> Estimate:
        """Whole units, rounded down (monotone, so the range stays sound). A value within one
        part in 10^12 below a whole number is taken as that number (float noise)."""
        return Estimate(_floor(self.typical), _floor(self.low), _floor(self.high), self.unit)

    def ceil(self) -> Estimate:
        """Whole units, rounded up (monotone, so the range stays sound). A value within one
        part in 10^12 above a whole number is taken as that number (float noise)."""
        return Estimate(-_floor(-self.typical), -_floor(-self.low), -_floor(-self.high), self.unit)

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
    # Only a missing "/GPU" is filled in: a value with an extra GPU factor (GPU-days for days)
    # measures something else and is refused.
    if _accelerators(target) == -1 and _accelerators(est.unit) == 0:
        per_gpu = est.unit / _as_unit("GPU")
        if _same_dimension(per_gpu, target):
            return Estimate(est.typical, est.low, est.high, per_gpu).to(target)
    if allow_plain and not est.unit_text and unit in PLAIN_READS_AS:
        return Estimate(est.typical, est.low, est.high, target)
    return None


def _as_unit(unit: str | pint.Unit) -> pint.Unit:
    if isinstance(unit, str):
        return _units(unit)
    return unit


@lru_cache(maxsize=4096)
def _factor(source: pint.Unit, target: pint.Unit) -> float:
    """How many ``target`` one ``source`` is (multiplicative units only)."""
    from pint.errors import DimensionalityError

    try:
        return float(registry().Quantity(1.0, source).to(target).magnitude)
    except DimensionalityError:
        raise DimensionError(
            f"cannot convert {_text(source) or 'a plain number'} to {_text(target) or 'a plain number'}",
            "the units measure different things",
        ) from None


@lru_cache(maxsize=4096)
def _accelerators(unit: pint.Unit) -> int:
    """The power of the accelerator dimension in ``unit`` (-1 for W/GPU, 0 for W, 1 for GPU*h)."""
    return int(unit.dimensionality.get("[accelerator]", 0))  # type: ignore[arg-type]


@lru_cache(maxsize=4096)
def _same_dimension(a: pint.Unit, b: pint.Unit) -> bool:
    return bool(a.dimensionality == b.dimensionality)


def _dimensionless() -> pint.Unit:
    return registry().dimensionless


@lru_cache(maxsize=4096)
def _text(unit: pint.Unit) -> str:
    """Short unit text such as ``USD/yr`` or ``MW`` (``''`` for a plain number)."""
    text = f"{unit:~}"
    return text.replace(" ", "").replace("**", "^")


class NumberOutOfRange(InputError):
    """A number beyond what a float holds: it overflowed to infinity or underflowed to zero."""

    def __init__(self, direction: str) -> None:
        self.direction = direction  # "overflows" or "underflows"
        limit = "beyond ±1.8e308" if direction == "overflows" else "below 2.2e-308"
        super().__init__(f"the result {direction} ({limit})", "check the magnitudes and units of the inputs")


_TINY = sys.float_info.min  # the smallest normal float, 2.2e-308


def _product(a: float, b: float) -> float:
    """``a * b``, refusing a result that underflows (to zero or to a subnormal)."""
    p = a * b
    if abs(p) < _TINY and a != 0 and b != 0:
        raise NumberOutOfRange("underflows")
    return p


# relative: what is left when two equal figures cancel (0.1 + 0.2 - 0.3 is 5.6e-17); four
# units in the last place, so a real difference typed exactly (1e15 USD - 999999999999999 USD
# is 1 USD) is kept
_CANCEL = 4 * sys.float_info.epsilon


def _sum(a: float, b: float) -> float:
    """``a + b``; a result within float noise of zero, next to the operands, is zero: so
    ``0.7 MW - 700 kW`` is 0 W, not -1.1e-10 W, and a claim that it is 0 can hold."""
    total = a + b
    if total and abs(total) <= _CANCEL * max(abs(a), abs(b)):
        return 0.0
    return total


def _scale(x: float, factor: float) -> float:
    """``x * factor``; by a power of ten (kUSD to USD, MW to W) exactly as the decimal shift,
    so 2.007 kUSD is 2,007 USD and not 2,007.0000000000002."""
    if factor > 0 and x:
        k = round(math.log10(factor))
        if 10.0**k == factor:
            mantissa, _, exponent = repr(x).partition("e")
            shifted = float(f"{mantissa}e{int(exponent or 0) + k}")
            if not math.isfinite(shifted):
                raise NumberOutOfRange("overflows")
            if abs(shifted) < _TINY:
                raise NumberOutOfRange("underflows")
            return shifted
    return _product(x, factor)


def _quotient(a: float, b: float) -> float:
    """``a / b``, refusing a result that underflows (the divisor is never zero here)."""
    q = a / b
    if abs(q) < _TINY and a != 0:
        raise NumberOutOfRange("underflows")
    return q


_WHOLE = 1e-12  # relative: float noise in a quotient that is a whole number


def _floor(x: float) -> float:
    """``floor(x)``, but a value a hair below a whole number (float noise) gives that number."""
    return float(math.floor(x + max(1e-9, abs(x) * _WHOLE)))


def floor_quotient(a: Estimate, b: Estimate, unit: str) -> Estimate:
    """``floor(a / b)`` in ``unit``, exactly: each float is taken as the decimal of 15
    significant digits nearest it (what was typed, or what arithmetic meant: $6B x 70% is the
    float 4199999999.9999995, read as 4.2e9), and the quotient is worked out in decimal.  Both
    must be positive and ``a / b`` must be in ``unit`` with factor 1."""
    from decimal import Context, Decimal

    target = _as_unit(unit)
    if _factor(a.unit / b.unit, target) != 1.0 or min(a.low, b.low) <= 0:
        return (a / b).to(target).floor()
    ctx = Context(prec=720, Emax=999_999, Emin=-999_999)

    def whole(x: float, y: float) -> float:
        return float(ctx.divide_int(Decimal(f"{x:.15g}"), Decimal(f"{y:.15g}")))

    (a / b).to(target)  # the same overflow and underflow checks as the float quotient
    return Estimate(whole(a.typical, b.typical), whole(a.low, b.high), whole(a.high, b.low), target)


# The units a compound unit of the same kind is reduced to (``kW*h`` -> ``Wh``).
CANONICAL_UNITS = (
    "W",
    "Wh",
    "h",
    "USD/yr",
    "USD/GPU",
    "USD/GPU/h",
    "USD/kWh",
    "W/GPU",
    "FLOP",
    "FLOP/s",
    "FLOP/s/GPU",
    "GPU*h",
    "kg/kWh",
    "B",
)


@lru_cache(maxsize=1)
def _canonical() -> dict[object, Any]:
    table: dict[object, Any] = {}
    for name in CANONICAL_UNITS:
        unit = _as_unit(name)
        table.setdefault(unit.dimensionality, unit)
    return table


_NAMED_COUNTS = {"token", "param"}


@lru_cache(maxsize=4096)
def _reduced_unit(unit: pint.Unit, canonical: bool = True) -> Any:
    ureg = registry()
    if unit.dimensionless:
        if set(unit._units) <= _NAMED_COUNTS:  # 100 token, 20 token/param: counts with a name stay
            return unit
        return ureg.dimensionless
    reduced = ureg.Quantity(1.0, unit).to_reduced_units().units
    if canonical and len(reduced._units) > 1:
        return _canonical().get(reduced.dimensionality, reduced)
    return reduced
