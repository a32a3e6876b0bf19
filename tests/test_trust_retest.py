"""What a second hostile test found after the first round of fixes: each stays fixed.

Fixture catalogue: H100 price 30,000 USD (25,000..40,000) as of 2024-05; server power 1,275 W.
"""

from __future__ import annotations

import json
import os
import stat
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from estimator.catalogue import load_catalogue
from estimator.claims import Claim, check_claim, read_claims
from estimator.errors import CalcError, InputError
from estimator.language.evaluate import Context, calculate
from estimator.language.literal import parse_estimate


def calc(text: str):
    return calculate(text, Context(load_catalogue))


@pytest.mark.parametrize("unit", ["USD**9**9**9", "USD**9**9**5", "USD^70", "USD**(9)**9", "W" + "**2" * 600])
def test_unit_powers_are_bounded(cli, unit) -> None:
    for args in (["buy", f"1 {unit}", "--gpu", "H100"], ["power", "1", "--gpu", "H100", "--pue", f"1 {unit}"]):
        code, out, err = cli(*args)
        assert code == 2 and "power" in err and err.count("\n") == 1, err
    code, out, err = cli("check", "-", "-q", input=f'claims:\n  - {{id: h, expr: "1 USD", expect: "1 {unit}"}}\n')
    assert code == 2 and "power beyond 64" in err


def test_a_power_within_bounds_is_still_a_unit() -> None:
    assert parse_estimate("5 W/m**2", "v").unit_text == "W/m^2"


@pytest.mark.parametrize(
    "budget, price, gpus",
    [
        ("$2,007", "2.007 kUSD", "1"),  # 2,007 / 2,007
        ("$2.007M", "2.007 kUSD", "1000"),
        ("4.063902 GUSD", "47 kUSD", "86466"),  # 4,063,902,000 / 47,000 = 86,466
    ],
)
def test_buy_is_exact_with_prefixed_money(cli, budget, price, gpus) -> None:
    assert cli("buy", budget, "--gpu", "H100", "--price", price, "-q")[1] == gpus + "\n"


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 10**12),
    st.integers(0, 4),
    st.sampled_from([("USD", 0), ("kUSD", 3), ("MUSD", 6), ("GUSD", 9)]),
    st.integers(1, 10**7),
    st.integers(0, 4),
    st.sampled_from([("USD", 0), ("kUSD", 3)]),
)
def test_buy_with_prefixed_units_matches_decimal_division(bn, bp, bu, pn, pp, pu) -> None:
    from estimator.api import buy

    budget = Decimal(bn).scaleb(-bp)
    price = Decimal(pn).scaleb(-pp)
    exact = int((budget.scaleb(bu[1])) // (price.scaleb(pu[1])))
    got = buy(f"{budget} {bu[0]}", "H100", price=f"{price} {pu[0]}").primary.estimate.typical
    assert got == float(exact), (budget, bu, price, pu)


@pytest.mark.parametrize(
    "expr, expect",
    [("0.7 MW - 700 kW", "0 MW"), ("0.1 + 0.2 - 0.3", "0"), ("0.1 + 0.2 - 0.3", "<= 0"), ("1.1 yr - 13.2 mo", "0 yr")],
)
def test_a_difference_of_equal_figures_is_zero(expr, expect) -> None:
    assert calc(expr).typical == 0.0
    assert check_claim(Claim("z", expr, expect), load_catalogue).status == "holds"


def test_a_real_small_difference_is_kept() -> None:
    assert calc("1 + 1e-9 - 1").typical == pytest.approx(1e-9)


@pytest.mark.parametrize("value, read", [("010", "8"), ("1:30", "90"), ("0b101", "5"), ("0x1F", "31")])
def test_yaml_11_numbers_that_read_differently_are_refused(value, read) -> None:
    cf = read_claims(f"claims:\n  - {{id: a, expr: '10', expect: {value}}}\n", "c.yaml")
    assert cf.claims == [] and "read by YAML 1.1 as octal" in cf.problems[0].message


@pytest.mark.parametrize("value", ["10", "1.5", "1e3", "-2", ".5", "1_000", "0", "0.0", "'010'"])
def test_decimal_yaml_numbers_are_fine(value) -> None:
    assert read_claims(f"claims:\n  - {{id: a, expr: '10', expect: {value}}}\n", "c.yaml").problems == []


def test_an_octal_figure_in_an_overlay_is_refused(cli, tmp_path) -> None:
    path = tmp_path / "o.yaml"
    path.write_text("defaults:\n  server_cost_factor: {value: 010, source: test-defaults}\n")
    code, out, _ = cli("catalogue", "validate", str(path))
    assert code == 2 and "octal" in out


@pytest.mark.parametrize("text", ["3..6e9 USD", "1..1e3"])
def test_an_exponent_on_the_right_end_only_is_refused(text) -> None:
    with pytest.raises(InputError, match="exponent"):
        parse_estimate(text, "v")
    with pytest.raises(CalcError, match="exponent"):
        calc(text)


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("3 USD..6 billion USD", 3.0, 6e9),  # the left end says its own unit: no scale is borrowed
        ("3 kUSD..6 billion USD", 3000.0, 6e9),
        ("3e9..6e9 USD", 3e9, 6e9),
        ("$3..6B", 3e9, 6e9),
    ],
)
def test_range_ends(text, low, high) -> None:
    est = parse_estimate(text, "v")
    assert (est.low, est.high) == (low, high)


@pytest.mark.parametrize(
    "expr, value, unit",
    [
        ("6 USD*MWh/kWh", 6000.0, "USD"),  # a literal in lowest terms too
        ("3 kW/W", 3000.0, ""),
        ("2 USD ** 2", 4.0, "USD^2"),  # (2 USD) ** 2, as $2 ** 2
        ("$2 ** 2", 4.0, "USD^2"),
        ("-2 W ** 2", -4.0, "W^2"),  # -(2 W) ** 2, as -2 ** 2 is -4
        ("1 W/m**2", 1.0, "W/m^2"),  # in a compound unit the power is the last name's
        ("100 token", 100.0, "token"),  # named counts keep their name
    ],
)
def test_literals_and_powers(expr, value, unit) -> None:
    est = calc(expr)
    assert (est.typical, est.unit_text) == (value, unit)


def test_gpu_ratios_are_not_shown_rounded(cli) -> None:
    # $20,000 / $30,000 per GPU = 0.667 GPU: not "1 GPU"
    out = cli("calc", "$20000 / H100.price")[1]
    assert "0.667 GPU" in out and " 1 GPU │" not in out
    code, out, _ = cli("check", "-", input='claims:\n  - {id: a, expr: "0.7 GPU", expect: "1 GPU"}\n')
    assert code == 1 and "0.700 GPU" in out


@pytest.mark.parametrize(
    "args, low, high",
    [
        (["power", "1..2", "--gpu", "H100"], 1.0, 2.0),  # a range of whole counts: its midpoint need not be whole
        (["power", "1000..2001", "--gpu", "H100"], 1000.0, 2001.0),
    ],
)
def test_count_ranges_of_whole_gpus_are_accepted(cli, args, low, high) -> None:
    doc = json.loads(cli(*args, "--json")[1])
    assert (doc["inputs"]["count"]["low"], doc["inputs"]["count"]["high"]) == (low, high)


def test_float_noise_in_a_count_is_not_a_fraction(cli) -> None:
    # 0.1 x 3 x 1000 is 300.00000000000006 in floats: 300 GPUs x 700 W = 0.21 MW
    assert cli("calc", "chip_power(0.1 * 3 * 1000, H100) to MW", "-q")[1] == "0.21\n"


@pytest.mark.parametrize(
    "args",
    [
        ["check", "-", "--json", "--format", "table"],
        ["check", "-", "-q", "--format", "junit"],
        ["scan", "-", "--json", "--format", "markdown"],
        ["gpus", "--markdown", "--json"],
        ["gpus", "H100", "--markdown"],
    ],
)
def test_conflicting_formats_are_refused(cli, args) -> None:
    code, out, err = cli(*args, input="claims: []\n")
    assert code == 2 and out == "" and err.startswith("error: ")


def test_check_explain_with_quiet_goes_to_stderr(cli) -> None:
    code, out, err = cli(
        "check", "-", "-q", "--explain", input='claims:\n  - {id: a, expr: "H100.tdp", expect: "700 W"}\n'
    )
    assert code == 0 and out == "" and "explain: catalogue figures used" in err and "H100-SXM.tdp" in err


def test_scan_quiet_says_why_a_check_is_an_error(cli, tmp_path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("xAI will spend $6 billion on 200,000 H100s.\n")
    code, out, err = cli("scan", str(article), "--as-of", "2020-01", "-q")  # no price point that early
    assert code == 2 and out == "" and err.startswith("error: ") and "2020-01" in err


def test_file_errors_carry_a_hint(cli) -> None:
    for text in ("", "claims: [1, 2\n", "title: x\n"):
        code, _, err = cli("check", "-", "-q", input=text)
        assert code == 2 and "(hint: " in err, (text, err)


def test_a_forbidden_character_is_placed_on_its_line(cli) -> None:
    code, _, err = cli("check", "-", "-q", input="claims:\n  - {id: a\x00, expr: '1', expect: '1'}\n")
    assert code == 2 and "<stdin>:2:" in err


def test_a_catalogue_that_is_not_a_file_says_so(cli) -> None:
    code, _, err = cli("buy", "$6B", "--gpu", "H100", "--catalogue", "/dev/zero")
    assert code == 2 and "is not a regular file" in err


def test_problems_per_file_are_capped(cli) -> None:
    text = "claims: []\n" + "".join(f"k{i}: 1\n" for i in range(5000))
    code, out, err = cli("check", "-", "-q", input=text)
    # 1,000 listed and one line for the 4,000 others
    assert code == 2 and err.count("\n") == 1001 and "4,000 more problems not listed" in err


def test_validate_with_problems_ends_with_an_error_line(cli, tmp_path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("defaults:\n  pue: {value: 0.5, source: test-defaults}\n")
    code, out, err = cli("catalogue", "validate", str(path))
    assert code == 2 and err.startswith(f"error: {path}: 1 problem(s)")


def test_emit_claims_never_replaces_a_device_or_fifo(cli, tmp_path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("xAI will spend $6 billion on 200,000 H100s.\n")
    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    code, _, err = cli("scan", str(article), "--emit-claims", str(fifo), "--force", "-q")
    assert code == 2 and "not a regular file" in err and stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_emitted_files_get_ordinary_permissions(cli, tmp_path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("xAI will spend $6 billion on 200,000 H100s.\n")
    new = tmp_path / "new.yaml"
    old = os.umask(0o022)
    try:
        cli("scan", str(article), "--emit-claims", str(new), "-q")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(new).st_mode) == 0o644
    os.chmod(new, 0o640)
    cli("scan", str(article), "--emit-claims", str(new), "-q", "--force")
    assert stat.S_IMODE(os.stat(new).st_mode) == 0o640  # a replaced file keeps its permissions


@pytest.mark.parametrize("x, shown", [(999.95e9, "$1.0 T"), (999.95e6, "$1.0 B"), (99.96e6, "$100 M")])
def test_money_rounding_moves_to_the_next_scale(x, shown) -> None:
    from estimator.humanize import money

    assert money(x) == shown


def test_a_bound_shows_the_value_given(cli) -> None:
    code, _, err = cli("power", "1", "--gpu", "H100", "--pue", "3.0000001")
    assert code == 2 and "got 3.0000001" in err
