"""Reading what users type: shorthands, ranges, ± and the errors for bad input."""

from __future__ import annotations

import pytest

from estimator.errors import DimensionError, InputError
from estimator.units import parse_estimate


@pytest.mark.parametrize(
    "text, typical, low, high, unit",
    [
        ("6e9 USD", 6e9, 6e9, 6e9, "USD"),
        ("6B USD", 6e9, 6e9, 6e9, "USD"),
        ("$6B", 6e9, 6e9, 6e9, "USD"),
        ("$6 billion", 6e9, 6e9, 6e9, "USD"),
        ("6 billion USD", 6e9, 6e9, 6e9, "USD"),
        ("$6bn", 6e9, 6e9, 6e9, "USD"),
        ("US$6B", 6e9, 6e9, 6e9, "USD"),
        ("100k", 1e5, 1e5, 1e5, ""),
        ("100,000", 1e5, 1e5, 1e5, ""),
        ("1.5M", 1.5e6, 1.5e6, 1.5e6, ""),
        ("1.4T", 1.4e12, 1.4e12, 1.4e12, ""),
        ("3e9 USD/yr", 3e9, 3e9, 3e9, "USD/yr"),
        ("$3B/yr", 3e9, 3e9, 3e9, "USD/yr"),
        ("150 MW", 150, 150, 150, "MW"),
        ("100kW", 100, 100, 100, "kW"),
        # a literal range: typical is the midpoint, (25000 + 40000) / 2 = 32500
        ("25000..40000 USD", 32500, 25000, 40000, "USD"),
        # the left end borrows the right end's unit: $3B -> $3B/yr; typical (3 + 6) / 2 = 4.5
        ("$3B..$6B/yr", 4.5e9, 3e9, 6e9, "USD/yr"),
        # 30000 x (1 -/+ 0.2) = 24000 .. 36000
        ("30000 USD ±20%", 30000, 24000, 36000, "USD"),
        ("30000 USD +-20%", 30000, 24000, 36000, "USD"),
    ],
)
def test_shorthands(text: str, typical: float, low: float, high: float, unit: str) -> None:
    est = parse_estimate(text, "x")
    assert est.typical == pytest.approx(typical)
    assert est.low == pytest.approx(low)
    assert est.high == pytest.approx(high)
    assert est.unit_text == unit


def test_default_unit_applies_to_bare_numbers() -> None:
    assert parse_estimate("6e9", "budget", "USD").unit_text == "USD"
    assert parse_estimate("6e9 USD", "budget", "GPU").unit_text == "USD"


@pytest.mark.parametrize(
    "text, message",
    [
        ("B", "looks like a '$' amount that the shell expanded"),
        ("B/yr", "looks like a '$' amount that the shell expanded"),
        (" billion", "looks like a '$' amount that the shell expanded"),
        ("B..B/yr", "looks like a '$' amount that the shell expanded"),
        ("abc", "cannot read 'abc' as a number"),
        ("", "empty value"),
        ("6 foo", "unknown unit 'foo'"),
        ("6 USDD", "did you mean USD"),
        ("40000..25000 USD", "low > high"),
        ("30000 USD ±150%", "use less than 100%"),
        ("$6B MW", "mixes '$' with the unit"),
        ("1e999 USD", "not a finite number"),
    ],
)
def test_bad_input(text: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        parse_estimate(text, "budget")
    assert message in str(err.value)
    assert str(err.value).startswith("budget")


def test_range_ends_of_different_kinds() -> None:
    with pytest.raises(DimensionError, match="different kinds of unit"):
        parse_estimate("5 MW..3 USD", "x")


def test_conversion_keeps_range() -> None:
    # 1.5 MW .. 3 MW in kW: 1500 .. 3000, typical the midpoint 2250
    est = parse_estimate("1.5..3 MW", "x").to("kW")
    assert (est.low, est.typical, est.high) == pytest.approx((1500, 2250, 3000))


def test_counts_convert_through_per_gpu_units() -> None:
    # 100,000 GPU x 700 W/GPU = 7e7 W = 70 MW
    est = (parse_estimate("100k GPU", "n") * parse_estimate("700 W/GPU", "tdp")).to("MW")
    assert est.typical == pytest.approx(70)
