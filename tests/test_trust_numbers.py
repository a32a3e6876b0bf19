"""No silent wrong numbers (reliability review, class 1): each mechanism that printed a wrong
figure without a word, with hand-worked values and a property test against an exact oracle.

Fixture catalogue (tests/fixtures/catalogue.yaml): H100 price 30,000 USD (25,000..40,000) as of
2024-05 and 35,000 (30,000..40,000) as of 2023-06; rental 2 USD/h; TDP 700 W; server power
1,275 W per GPU; BF16 dense 989 TFLOP/s; PUE 1.2 (1.1..1.5); IT overhead 0.1 (0.05..0.15).
"""

from __future__ import annotations

import json
import os
from decimal import Decimal, getcontext
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from estimator.catalogue import load_catalogue
from estimator.claims import Claim, check_claim
from estimator.errors import CalcError, EstimatorError, InputError
from estimator.language.evaluate import Context, calculate
from estimator.language.literal import parse_estimate
from estimator.units import registry

PROPERTY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def calc(text: str):
    return calculate(text, Context(load_catalogue))


# --------------------------------------------------------------------------- units reduced


@pytest.mark.parametrize(
    "expr, value, unit",
    [
        ("1 kW / (500 W)", 2.0, ""),  # 1,000 W / 500 W
        ("430 TFLOP/s/GPU / H100.bf16_dense", 430 / 989, ""),  # 430e12 / 989e12
        ("0.08 USD/kWh * 1 MWh", 80.0, "USD"),  # 0.08 x 1,000 kWh
        ("$3B/yr * 6 mo", 1.5e9, "USD"),  # 3e9 x 6/12
        ("1 kW * 1 h", 1000.0, "Wh"),  # a compound energy unit in its canonical form
        ("1 MWh / 1 MW", 1.0, "h"),
        ("100k GPU * H100.tdp", 7e7, "W"),  # 100,000 x 700 W
        ("$6B / H100.price", 200_000.0, "GPU"),  # 6e9 / 30,000
        ("2 ** (1 kW / 500 W)", 4.0, ""),  # the exponent is a plain number once reduced
        ("1 MW to kW", 1000.0, "kW"),  # an explicit 'to' is kept as written
    ],
)
def test_results_are_in_lowest_terms(expr: str, value: float, unit: str) -> None:
    est = calc(expr)
    assert est.typical == pytest.approx(value, rel=1e-12)
    assert est.unit_text == unit


@pytest.mark.parametrize(
    "expr, printed, unit",
    [("1 kW / (500 W)", "2", ""), ("0.08 USD/kWh * 1 MWh", "80", "USD"), ("$3B/yr * 6 mo", "1500000000", "USD")],
)
def test_quiet_prints_the_number_in_the_json_unit(cli, expr: str, printed: str, unit: str) -> None:
    code, out, _ = cli("calc", expr, "-q")
    assert (code, out) == (0, printed + "\n")
    doc = json.loads(cli("calc", expr, "--json")[1])
    assert doc["result"]["value"]["unit"] == unit
    assert float(printed) == doc["result"]["value"]["value"]


# Exact factors to a base of W, s, USD, GPU, FLOP (the definitions in estimator/units.txt).
YEAR = Fraction(36525, 100) * 86400
UNITS = {
    "W": ("W", 1),
    "kW": ("W", 1000),
    "MW": ("W", 10**6),
    "s": ("s", 1),
    "h": ("s", 3600),
    "d": ("s", 86400),
    "yr": ("s", YEAR),
    "mo": ("s", YEAR / 12),
    "USD": ("USD", 1),
    "GPU": ("GPU", 1),
    "FLOP": ("FLOP", 1),
    "TFLOP": ("FLOP", 10**12),
}
# canonical units a compound result may be given in
COMPOUND = {"Wh": ({"W": 1, "s": 1}, 3600), "kWh": ({"W": 1, "s": 1}, 3_600_000)}


def unit_factor(text: str) -> tuple[Fraction, dict[str, int]]:
    """The exact factor to base units and the base dimensions of a unit text such as
    ``USD*h/GPU`` or ``W^2`` (the result units of the expressions below)."""
    factor, dims = Fraction(1), {}
    if not text:
        return factor, dims
    sign, name = 1, ""
    for ch in (text[1:] if text.startswith("1/") else text) + "*":  # "1/FLOP"
        if ch in "*/" and not name:
            sign = 1 if ch == "*" else -1
        elif ch in "*/":
            base, power = name, 1
            if "^" in name:
                base, p = name.split("^")
                power = int(p)
            if base in COMPOUND:
                parts, f = COMPOUND[base]
            else:
                dim, f = UNITS[base]
                parts = {dim: 1}
            factor *= Fraction(f) ** (sign * power)
            for dim, p in parts.items():
                dims[dim] = dims.get(dim, 0) + sign * power * p
            sign, name = (1 if ch == "*" else -1), ""
        else:
            name += ch
    return factor, {k: v for k, v in dims.items() if v}


quantities = st.tuples(st.integers(1, 9999), st.sampled_from(sorted(UNITS)))


@PROPERTY
@given(st.lists(st.tuples(st.sampled_from("*/"), quantities), min_size=1, max_size=5), quantities)
def test_products_and_quotients_match_exact_arithmetic_and_are_reduced(steps, first) -> None:
    expr = f"({first[0]} {first[1]})"
    d, f = UNITS[first[1]]
    exact = Fraction(first[0]) * Fraction(f)
    exact_dims: dict[str, int] = {d: 1}
    for op, (n, unit) in steps:
        expr += f" {op} ({n} {unit})"
        dim, f = UNITS[unit]
        term = Fraction(n) * Fraction(f)
        exact = exact * term if op == "*" else exact / term
        exact_dims[dim] = exact_dims.get(dim, 0) + (1 if op == "*" else -1)
    exact_dims = {k: v for k, v in exact_dims.items() if v}
    try:
        est = calc(expr)
    except CalcError as exc:  # only a range problem may refuse (none here: all positive)
        raise AssertionError(exc) from None
    factor, dims = unit_factor(est.unit_text)
    assert dims == exact_dims, (expr, est.unit_text)
    assert float(Fraction(est.typical) * factor) == pytest.approx(float(exact), rel=1e-12)
    # lowest terms: never two units of one kind (kW/W, h*yr), and a plain number has no unit
    names = list(registry().Unit(est.unit_text or "dimensionless")._units) if est.unit_text else []
    kinds = [registry().Unit(n).dimensionality for n in names]
    assert len(kinds) == len({str(k) for k in kinds}), est.unit_text


# --------------------------------------------------------------------------- ranges and signs


@pytest.mark.parametrize("text", ["3..6 billion USD", "$3..6B", "$3B..$6B", "3B..6B USD", "3..6B USD"])
def test_a_scale_on_the_right_end_applies_to_both_ends(text: str) -> None:
    for est in (parse_estimate(text, "budget", "USD"), calc(text)):
        assert (est.low, est.high, est.unit_text) == (3e9, 6e9, "USD")


def test_scale_borrowing_reaches_commands_and_claims(cli) -> None:
    # $6B / ($3B..$6B a year) = 1..2 years, typical 6 / 4.5 = 1.333
    doc = json.loads(cli("runway", "$6B", "--burn", "3..6 billion USD/yr", "--json")[1])
    assert (doc["result"]["runway"]["low"], doc["result"]["runway"]["high"]) == pytest.approx((1.0, 2.0))
    code, out, _ = cli(
        "check", "-", "--format", "jsonl", input='claims:\n  - {id: r, expr: "10 USD", expect: "3..6 billion USD"}\n'
    )
    assert code == 1 and json.loads(out)["verdict"] == "fails"


@pytest.mark.parametrize("text", ["500..2k", "500..2 thousand"])
def test_a_borrowed_scale_that_reverses_the_range_is_refused(text: str) -> None:
    with pytest.raises(InputError, match="scale"):
        parse_estimate(text, "v")
    with pytest.raises(CalcError, match="scale"):
        calc(text)


@pytest.mark.parametrize("text", ["1..2 ±10%", "1e3..2e3 W ±10%", "$3B..$6B/yr ±10%"])
def test_a_spread_after_a_range_is_refused(text: str) -> None:
    with pytest.raises(InputError, match="±"):
        parse_estimate(text, "v")
    with pytest.raises(CalcError, match="±"):
        calc(text)


@pytest.mark.parametrize(
    "expr, value",
    [
        ("-2 ** 2", -4.0),  # -(2 ** 2), as in Python and in mathematics
        ("1 * -2 ** 2", -4.0),
        ("0 - 2 ** 2", -4.0),
        ("1 - -3 ** 2 + 9", 19.0),  # 1 - (-(9)) + 9
        ("(-2) ** 2", 4.0),
        ("-2 ** 3", -8.0),
    ],
)
def test_a_minus_sign_binds_below_the_power(expr: str, value: float) -> None:
    assert calc(expr).typical == value


def test_negative_ranges_still_work_and_a_power_of_one_needs_parentheses() -> None:
    est = calc("(-2..3) ** 2")
    assert (est.low, est.high) == (0.0, 9.0)  # the square of -2..3 runs from 0 to 9
    assert (calc("-2..3").low, calc("-2..3").high) == (-2.0, 3.0)
    with pytest.raises(CalcError, match="parentheses"):
        calc("-2..3 ** 2")


# --------------------------------------------------------------------------- units of inputs


@pytest.mark.parametrize(
    "args, words",
    [
        (["train", "--params", "70B", "--tokens", "1.4T", "--gpu", "H100", "--days", "20000 GPU*d"], "not a duration"),
        (["cluster", "1000", "--gpu", "H100", "--years", "4000 GPU*yr"], "not a duration"),
        (["buy", "6e9 USD*GPU", "--gpu", "H100"], "not a sum of money"),
        (["power", "100k", "--gpu", "H100", "--pue", "1.2 GPU"], "not a plain number"),
        (["train", "--params", "70B GPU", "--tokens", "1.4T", "--gpu", "H100", "--count", "2048"], "not a param"),
    ],
)
def test_an_extra_gpu_factor_is_refused(cli, args, words) -> None:
    code, out, err = cli(*args)
    assert code == 2 and out == "" and words in err


def test_a_missing_per_gpu_is_still_filled_in(cli) -> None:
    # --price '25000 USD' means 25,000 USD per GPU: 6e9 / 25,000 = 240,000
    assert cli("buy", "$6B", "--gpu", "H100", "--price", "25000 USD", "-q")[1] == "240000\n"


@pytest.mark.parametrize(
    "option, value, words",
    [
        ("--it-overhead", "10", "--it-overhead must be between 0 and 1"),
        ("--it-overhead", "1.5", "a share is a fraction"),
        ("--pue", "12", "--pue must be at least 1 and at most 3"),
        ("--pue", "0.9", "--pue must be at least 1"),
    ],
)
def test_shares_and_pue_are_bounded(cli, option, value, words) -> None:
    code, out, err = cli("power", "100k", "--gpu", "H100", option, value, "-q")
    assert code == 2 and words in err


def test_a_share_may_be_written_as_a_percentage(cli) -> None:
    # 100,000 x 1,275 W x (1 + 0.1) x 1.2 = 168.3 MW, whether the share is 0.1 or 10%
    assert cli("power", "100k", "--gpu", "H100", "--it-overhead", "10%", "-q")[1] == "168.3\n"
    assert cli("power", "100k", "--gpu", "H100", "--it-overhead", "0.1", "-q")[1] == "168.3\n"
    # the upper bound itself is allowed: 100,000 x 1,275 W x 1.1 x 3 = 420.75 MW
    assert cli("power", "100k", "--gpu", "H100", "--pue", "3", "-q")[1] == "420.75\n"


@pytest.mark.parametrize(
    "default, figure, words",
    [
        ("pue", "{value: 0.5, source: test-defaults}", "defaults.pue: must be at least 1"),
        ("mfu", "{value: 0, source: test-defaults}", "defaults.mfu: must be between"),
        ("it_overhead", "{value: 10, source: test-defaults}", "a share is a fraction"),
    ],
)
def test_catalogue_defaults_are_bounded_like_options(cli, tmp_path, default, figure, words) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(f"defaults:\n  {default}: {figure}\n")
    code, out, err = cli("power", "100k", "--gpu", "H100", "--catalogue", str(path))
    assert code == 2 and f"{path}:2: " in err and words in err
    code, out, err = cli("catalogue", "validate", str(path))
    assert code == 2 and words in out


def test_a_zero_price_point_is_a_catalogue_problem(cli, tmp_path) -> None:
    path = tmp_path / "z.yaml"
    path.write_text('gpus:\n  H100:\n    price:\n      - {as_of: "2030-01", value: 0 USD, source: test-price}\n')
    code, _, err = cli("buy", "$6B", "--gpu", "H100", "--catalogue", str(path))
    assert code == 2 and "must be more than zero" in err and ":4:" in err


@pytest.mark.parametrize("count", ["0.5", "0.001", "1.5"])
def test_a_gpu_count_is_whole(cli, count) -> None:
    code, _, err = cli("power", count, "--gpu", "H100")
    assert code == 2 and "not a whole number of accelerators" in err


def test_a_count_spread_widens_to_whole_gpus(cli) -> None:
    # 7 ±10% is 6.3..7.7 GPUs, widened to 6..8: chip power 6 x 700 W .. 8 x 700 W = 0.0042..0.0056 MW
    doc = json.loads(cli("power", "7 ±10%", "--gpu", "H100", "--json")[1])
    chips = doc["result"]["chip_power"]
    assert (chips["low"], chips["value"], chips["high"]) == pytest.approx((0.0042, 0.0049, 0.0056))


# --------------------------------------------------------------------------- verdicts


@pytest.mark.parametrize(
    "expr, expect, verdict",
    [
        ("0.7 MW", "700 kW", "holds"),
        ("1.1 yr", "13.2 mo", "holds"),  # 13.2 / 12 = 1.1
        ("0.1 + 0.2", "0.3", "holds"),
        ("1.1 * 1.1", "1.21", "holds"),
        ("240 GW", "< 240000000 kW", "fails"),  # touching a strict bound is not enough
        ("240 GW", "<= 240000000 kW", "holds"),
        ("1 MW", "> 1000 kW", "fails"),
        ("1 MW", "0.999 MW", "fails"),  # one part in a thousand is a real difference
    ],
)
def test_verdicts_do_not_depend_on_float_noise(expr, expect, verdict) -> None:
    claim = Claim("c", expr, expect)
    assert check_claim(claim, load_catalogue).status == verdict


# (unit, exact factor to its base): the expectation is written in another unit of the same kind
KINDS = [("MW", "kW", Fraction(1000)), ("yr", "mo", Fraction(12)), ("USD", "USD", Fraction(1)), ("h", "d", None)]


def decimal_text(x: Fraction) -> str:
    return format(Decimal(x.numerator) / Decimal(x.denominator), "f")


@settings(max_examples=1500, deadline=None)
@given(
    st.sampled_from(KINDS),
    st.integers(1, 10**6),
    st.integers(0, 10**5),
    st.sampled_from(["value", "range", ">=", ">", "<=", "<"]),
    st.integers(-3, 3),
    st.integers(0, 50),
    st.sampled_from([0, 1, 1000]),
)
def test_verdicts_match_an_exact_rational_oracle(
    kind, low_n, width_n, form, offset, tolerance_pct, denominator
) -> None:
    """The computed range low..high and an expectation at (or next to) one of its edges, in
    another unit; the exact verdict (fractions) must be the tool's, except within one part in
    10^9 of an edge, where the tool counts the two as equal."""
    unit, other, factor = kind
    if factor is None:  # hours against days: 1 d = 24 h
        factor = Fraction(1, 24)
    scale = Fraction(1, denominator or 1)
    low = Fraction(low_n) * scale
    high = low + Fraction(width_n) * scale
    t = Fraction(tolerance_pct, 100)
    wide_low, wide_high = low - abs(low) * t, high + abs(high) * t
    edge = wide_low if form in ("<=", "<") else wide_high
    target = edge + Fraction(offset) * scale / 7  # on the edge, or a few sevenths of a step away
    if target <= 0:
        return
    expected_in_other = target * factor
    text = decimal_text(expected_in_other)
    if len(text.replace(".", "").lstrip("0")) > 15:  # not exactly representable as typed: skip
        return
    expectation = {
        "value": f"{text} {other}",
        "range": f"{text}..{decimal_text(expected_in_other * 2)} {other}",
        ">=": f">= {text} {other}",
        ">": f"> {text} {other}",
        "<=": f"<= {text} {other}",
        "<": f"< {text} {other}",
    }[form]
    e_low = target if form in ("value", "range", ">=", ">") else None
    e_high = {"value": target, "range": target * 2, "<=": target, "<": target}.get(form)
    strict = form in (">", "<")
    lo_ok = e_high is None or (e_high > wide_low if strict else e_high >= wide_low)
    hi_ok = e_low is None or (e_low < wide_high if strict else e_low <= wide_high)
    exact = "holds" if lo_ok and hi_ok else "fails"
    near = min(abs(target - wide_low), abs(target - wide_high))
    if 0 < near <= abs(target) * Fraction(1, 10**8):
        return  # within float noise of an edge but not on it: the tool calls it equal by design
    computed = f"{decimal_text(low)}..{decimal_text(high)} {unit}" if width_n else f"{decimal_text(low)} {unit}"
    claim = Claim("c", computed, expectation, tolerance=float(t))
    verdict = check_claim(claim, load_catalogue)
    assert verdict.status == exact, (computed, expectation, float(t), verdict.message)


# --------------------------------------------------------------------------- buy is exact


@pytest.mark.parametrize(
    "budget, price, gpus",
    [
        ("4640925941100.6 USD", "6724.6 USD", "690141561"),  # exactly 690,141,561
        ("6055T USD", "1546.98 USD", "3914077751489"),  # 3,914,077,751,489.9998...: not 490
        ("$6B", "30000 USD", "200000"),
        ("$1B", "3 USD", "333333333"),
    ],
)
def test_buy_counts_whole_gpus_exactly(cli, budget, price, gpus) -> None:
    assert cli("buy", budget, "--gpu", "H100", "--price", price, "-q")[1] == gpus + "\n"


@PROPERTY
@given(st.integers(1, 10**15), st.integers(0, 6), st.integers(1, 10**9), st.integers(0, 6))
def test_buy_matches_exact_decimal_division(budget_units, budget_places, price_units, price_places) -> None:
    from estimator.api import buy

    getcontext().prec = 60
    budget = Decimal(budget_units).scaleb(-budget_places)
    price = Decimal(price_units).scaleb(-price_places)
    if len(str(budget_units)) > 15 or price == 0:
        return
    expected = int(budget // price)
    try:
        got = buy(f"{budget} USD", "H100", price=f"{price} USD").primary.estimate.typical
    except EstimatorError as exc:  # a result beyond a float, or a price below a cent of a cent
        assert "overflows" in exc.message or "too small" in exc.message or "underflows" in exc.message
        return
    assert got == float(expected), (budget, price)


def test_train_rounds_gpus_needed_up_without_float_noise(cli) -> None:
    # 6 x 1e9 x 1e12 FLOP = 6e21; per GPU 989e12 x 0.4 FLOP/s; for 1 day (86,400 s):
    # 6e21 / (989e12 x 0.4 x 86,400) = 175.5 GPU, so 176 are needed
    out = cli("train", "--params", "1B", "--tokens", "1T", "--gpu", "H100", "--days", "1", "--mfu", "0.4", "-q")[1]
    assert out == "176\n"
    # and a run that needs exactly 2,048 GPUs is 2,048, not 2,049: flops = 2,048 x 989e12 x 0.4 x 86,400
    flops = repr(2048 * 989e12 * 0.4 * 86400)
    out = cli("train", "--flops", flops, "--gpu", "H100", "--days", "1", "--mfu", "0.4", "-q")[1]
    assert out == "2048\n"


# --------------------------------------------------------------------------- catalogue lookups


def test_an_edit_that_keeps_size_and_mtime_is_seen(cli, tmp_path) -> None:
    path = tmp_path / "o.yaml"
    text = 'gpus:\n  H100:\n    price:\n      - {as_of: "2025-01", value: 24000 USD, source: test-price}\n'
    path.write_text(text)
    os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    assert cli("buy", "$6B", "--gpu", "H100", "--catalogue", str(path), "-q")[1] == "250000\n"  # 6e9 / 24,000
    path.write_text(text.replace("24000", "20000"))  # same size
    os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))  # same mtime
    assert cli("buy", "$6B", "--gpu", "H100", "--catalogue", str(path), "-q")[1] == "300000\n"  # 6e9 / 20,000


def test_gpus_json_marks_the_point_in_use_at_as_of(cli) -> None:
    doc = json.loads(cli("gpus", "H100", "--json", "--as-of", "2023-12")[1])
    in_use = [p["as_of"] for p in doc["gpu"]["price"] if p["in_use"]]
    assert in_use == ["2023-06"]  # the 2024-05 point is later than 2023-12
    listed = json.loads(cli("gpus", "--json", "--as-of", "2023-12")[1])
    h100 = next(g for g in listed["gpus"] if g["name"] == "H100-SXM")
    assert [p["as_of"] for p in h100["price"] if p["in_use"]] == ["2023-06"]


@pytest.mark.parametrize("date", [" 2024-05", "2024-05 ", " 2024-05 "])
def test_as_of_with_spaces_means_the_date(cli, date) -> None:
    # at 2024-05 the price is 30,000: 6e9 / 30,000 = 200,000
    assert cli("buy", "$6B", "--gpu", "H100", "--as-of", date, "-q") == (0, "200000\n", "")
    assert cli("gpus", "H100", "--json", "--as-of", date)[0] == 0


def test_calc_functions_take_every_argument_the_commands_take() -> None:
    # 6 x 7e10 x 1.4e12 = 5.88e23 FLOP; / (2,048 x 989e12 x 0.4 FLOP/s) = 725,720 s = 8.40 d:
    # the IT overhead changes the energy, not the days
    assert calc("train_days(70B, 1.4T, H100, count=2048, it_overhead=0.2)").typical == pytest.approx(8.3996, rel=1e-4)
    plain = calc("gpu_hour_cost(1000, H100)").typical
    assert calc("gpu_hour_cost(1000, H100, it_overhead=0.2)").typical > plain


def test_a_result_that_cannot_be_computed_says_why() -> None:
    # NoRental-Z has no rental price: the rented cost of a run is not computed
    with pytest.raises(CalcError, match="no rental price for NoRental-Z"):
        calc("train_cost(1e21, 1, NoRental-Z, count=8)")
