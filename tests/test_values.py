"""Interval arithmetic: propagated ranges are never narrower than the formula's true range."""

from __future__ import annotations

import itertools
import random

import pytest

from estimator.errors import DimensionError, InputError
from estimator.values import Estimate


def est(lo: float, typ: float, hi: float, unit: str = "") -> Estimate:
    e = Estimate.exact(typ, unit)
    return Estimate(typ, lo, hi, e.unit)


def test_product_and_quotient_of_ranges() -> None:
    # 6e9 / (25000..40000) -> 150,000 .. 240,000; typical 6e9 / 30000 = 200,000
    count = est(6e9, 6e9, 6e9, "USD") / est(25000, 30000, 40000, "USD/GPU")
    count = count.to("GPU")
    assert (count.low, count.typical, count.high) == pytest.approx((150_000, 200_000, 240_000))


def test_sum_and_difference() -> None:
    a, b = est(1, 2, 3), est(10, 20, 30)
    s, d = a + b, b - a
    assert (s.low, s.typical, s.high) == (11, 22, 33)
    # 10-3 = 7 .. 30-1 = 29, typical 20-2 = 18
    assert (d.low, d.typical, d.high) == (7, 18, 29)


def test_division_by_range_through_zero() -> None:
    with pytest.raises(InputError, match="includes zero"):
        est(1, 1, 1) / est(-1, 1, 2)


def test_convert_wrong_dimension() -> None:
    with pytest.raises(DimensionError, match="cannot convert"):
        est(1, 1, 1, "MW").to("USD")


def test_floor_is_monotone() -> None:
    e = est(1.9, 2.5, 3.99999999999).floor()
    assert (e.low, e.typical, e.high) == (1, 2, 4)


FORMULAS = {
    "a*b/c": lambda a, b, c: a * b / c,
    "(a+b)*c": lambda a, b, c: (a + b) * c,
    "a/(b*c)": lambda a, b, c: a / (b * c),
    "a-b/c": lambda a, b, c: a - b / c,
}


@pytest.mark.parametrize("name", FORMULAS)
def test_ranges_contain_sampled_values(name: str) -> None:
    """Sample the input box; every sampled result lies inside the propagated range."""
    f = FORMULAS[name]
    rng = random.Random(1234)
    for _ in range(50):
        boxes = []
        for _ in range(3):
            lo = rng.uniform(0.1, 100)
            hi = lo + rng.uniform(0, 100)
            boxes.append(est(lo, rng.uniform(lo, hi), hi))
        out = f(*boxes)
        samples = [
            f(*(b.low + t * (b.high - b.low) for b, t in zip(boxes, ts, strict=True)))
            for ts in itertools.product([0, 0.25, 0.5, 0.75, 1], repeat=3)
        ]
        lo, hi = min(samples), max(samples)
        assert out.low <= lo + 1e-9 * abs(lo)
        assert out.high >= hi - 1e-9 * abs(hi)
        assert out.low <= out.typical <= out.high


def test_a_real_difference_typed_exactly_is_kept_and_float_noise_is_not() -> None:
    from estimator.catalogue import load_catalogue
    from estimator.language.evaluate import Context, calculate

    def calc(text: str) -> float:
        return calculate(text, Context(load_catalogue)).typical

    assert calc("1e15 USD - 999999999999999 USD") == 1  # exact in floats: 1e15 - (1e15 - 1)
    assert calc("1e6 W - 999999.9999999 W") > 0  # 1e-7 W, up to float rounding of the operand
    assert calc("0.1 + 0.2 - 0.3") == 0  # 5.6e-17 is noise of 0.1 + 0.2, not a figure
