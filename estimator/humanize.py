"""Numbers for people: ``$6.0 B``, ``200,000 GPU``, ``153 MW``, ``1.34 TWh/yr``."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from estimator.values import Estimate

_MONEY = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")]
_SI = [(1e24, "Y"), (1e21, "Z"), (1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"), (1.0, "")]
# The unit a figure is reported in -> (its SI base symbol, factor to that base).
_SI_UNITS = {"MW": ("W", 1e6), "W": ("W", 1.0), "MWh/yr": ("Wh/yr", 1e6)}


def parts(unit: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A unit written ``a*b/c/d`` as its sorted numerator and denominator factors, so that
    ``TB/GPU/s`` and ``TB/s/GPU`` (pint may print either order) name the same unit."""
    top, *bottom = unit.split("/")
    return tuple(sorted(f for f in top.split("*") if f)), tuple(sorted(bottom))


# Per-GPU figures of the catalogue, shown without the "/GPU" a table column already says.
_PER_GPU = {
    parts("W/GPU"): lambda x: f"{x:,.0f} W",
    parts("GB/GPU"): lambda x: f"{x:,.0f} GB",
    parts("TB/GPU/s"): lambda x: f"{sig(x)} TB/s",
    parts("TFLOP/GPU/s"): lambda x: f"{x:,.0f} TFLOP/s",
    parts("FLOP/GPU/s"): lambda x: f"{x / 1e12:,.0f} TFLOP/s",
}


def sig(x: float, figures: int = 3) -> str:
    """``x`` with ``figures`` significant digits, no exponent for everyday sizes."""
    if x == 0 or not math.isfinite(x):
        return f"{x:g}"
    digits = max(0, figures - 1 - math.floor(math.log10(abs(x))))
    return f"{x:,.{digits}f}"


def money(x: float) -> str:
    sign = "-" if x < 0 else ""
    x = abs(x)
    if x >= 1e15 or (0 < x < 0.01):
        return f"{sign}${x:.3g}"
    for i, (size, suffix) in enumerate(_MONEY[:3]):
        if x >= size:
            m = x / size
            if round(m) >= 1000 and i > 0:  # $999.95 B shows as $1.0 T, not $1000 B
                m, suffix = m / 1000, _MONEY[i - 1][1]
            return f"{sign}${m:.0f} {suffix}" if round(m, 1) >= 100 else f"{sign}${m:.1f} {suffix}"
    return f"{sign}${x:,.2f}" if x < 100 else f"{sign}${x:,.0f}"


def si(x: float, base: str) -> str:
    for size, prefix in _SI:
        if abs(x) >= size:
            return f"{sig(x / size)} {prefix}{base}"
    return f"{sig(x)} {base}"


def number(x: float) -> str:
    """A bare number for scripts: no grouping, no exponent for everyday sizes."""
    if x == int(x) and abs(x) < 1e16:
        return str(int(x))
    return f"{x:.15g}"


def human(x: float, unit: str) -> str:
    """One value in a unit, as a person reads it."""
    if unit == "USD":
        return money(x)
    if unit.startswith("USD/"):
        rest = unit[4:]
        if rest in ("GPU/h", "GPU/hour"):
            return f"{money(x)}/GPU-hour" if x >= 100 else f"${x:.2f}/GPU-hour"
        if rest == "kWh":
            return f"${x:.3f}/kWh"
        return f"{money(x)}/{rest}"
    if unit == "GPU":  # a count is whole, but a ratio of counts need not be: never round it away
        return f"{x:,.0f} GPU" if x == int(x) else f"{sig(x)} GPU"
    if unit in _SI_UNITS:
        base, factor = _SI_UNITS[unit]
        return si(x * factor, base) + ("/GPU" if unit.endswith("/GPU") else "")
    if unit == "yr":
        return f"{sig(x)} yr"
    if unit == "mo":
        return f"{sig(x)} months"
    per_gpu = _PER_GPU.get(parts(unit))
    if per_gpu is not None:
        return per_gpu(x)
    if unit == "":
        if abs(x) >= 1e6:
            return large(x)
        return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.3g}"
    return f"{sig(x) if abs(x) < 1e6 else large(x)} {unit}"


def large(x: float) -> str:
    """Big plain numbers in words: ``2.87 billion``."""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(x) >= size and abs(x) < size * 1000:
            return f"{sig(x / size)} {word}"
    return f"{x:.3g}"


def human_span(e: Estimate) -> str:
    """An estimate's range, ``150,000 GPU .. 240,000 GPU``, or nothing for an exact one."""
    return "" if e.is_exact else f"{human(e.low, e.unit_text)} .. {human(e.high, e.unit_text)}"


def human_estimate(e: Estimate) -> str:
    """``218,181 GPU (150,000 GPU .. 240,000 GPU)``: typical, then the range when there is one."""
    text = human(e.typical, e.unit_text)
    return text if e.is_exact else f"{text} ({human_span(e)})"
