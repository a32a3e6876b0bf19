"""The calc language: a table of good expressions with hand-worked values, and of bad ones
with the message each must give (numbat keeps such folders of failing examples).

Fixture figures: H100 price 30,000 USD (25,000..40,000) as of 2024-05, 35,000 (30,000..40,000)
as of 2023-06; TDP 700 W; server power 1,275 W; IT overhead 0.1 (0.05..0.15); PUE 1.2
(1.1..1.5); 0.08 USD/kWh.
"""

from __future__ import annotations

import json

import pytest

from estimator.catalogue import load_catalogue
from estimator.errors import CalcError
from estimator.language.evaluate import Context, calculate


def calc(text: str, as_of: str | None = None):
    ctx = Context(load_catalogue, as_of=as_of)
    return calculate(text, ctx), ctx


GOOD = [
    # expression, typical, low, high, unit
    ("1 + 2 * 3", 7, 7, 7, ""),
    ("(1 + 2) * 3", 9, 9, 9, ""),
    ("2 ** 10", 1024, 1024, 1024, ""),
    ("2 ^ 3 ^ 2", 512, 512, 512, ""),  # right-associative: 2^(3^2)
    ("-3 + 5", 2, 2, 2, ""),
    ("100,000 * 2", 200_000, 200_000, 200_000, ""),
    # a '-' glued after a scale, a unit or a field subtracts (a name goes on only elsewhere)
    ("100k-1k", 99_000, 99_000, 99_000, ""),
    ("6B-1B", 5e9, 5e9, 5e9, ""),
    ("2 MW-1 MW", 1, 1, 1, "MW"),
    ("H100.tdp-100 W/GPU", 600, 600, 600, "W/GPU"),  # 700 W - 100 W
    ("defaults.pue-1", 0.2, 0.1, 0.5, ""),  # 1.2 (1.1..1.5) - 1
    ("100k GPU-1k GPU", 99_000, 99_000, 99_000, "GPU"),  # after a scale and a unit
    ("5 GPU*h-1 GPU*h", 4, 4, 4, "GPU*h"),  # after a '*' in a unit
    ("1000 * H100-SXM5.price", 3e7, 2.5e7, 4e7, "USD/GPU"),  # an accelerator after '*' keeps its name
    ("1.5M / 1k", 1500, 1500, 1500, ""),
    ("$6B", 6e9, 6e9, 6e9, "USD"),
    ("6 billion USD", 6e9, 6e9, 6e9, "USD"),
    ("$3B/yr", 3e9, 3e9, 3e9, "USD/yr"),
    # midpoint (3 + 6) / 2 = 4.5
    ("$3B..$6B/yr", 4.5e9, 3e9, 6e9, "USD/yr"),
    ("25000..40000 USD", 32_500, 25_000, 40_000, "USD"),
    # 30,000 x 0.8 = 24,000 .. x 1.2 = 36,000
    ("30000 USD ±20%", 30_000, 24_000, 36_000, "USD"),
    ("30000 USD +-20%", 30_000, 24_000, 36_000, "USD"),
    ("1.5 MW to kW", 1500, 1500, 1500, "kW"),
    ("3 MW + 500 kW", 3.5, 3.5, 3.5, "MW"),
    # 6e9 / 30,000 = 200,000; 6e9 / 40,000 = 150,000; 6e9 / 25,000 = 240,000
    ("6e9 USD / H100.price", 200_000, 150_000, 240_000, "GPU"),
    ("buy($6B, H100)", 200_000, 150_000, 240_000, "GPU"),
    ("buy($6B, H100, $24k)", 250_000, 250_000, 250_000, "GPU"),
    # 100,000 x 700 W = 70 MW
    ("100k GPU * H100.tdp to MW", 70, 70, 70, "MW"),
    ("chip_power(100k, H100)", 70, 70, 70, "MW"),
    # 100,000 x 1,275 W x 1.1 = 140.25 MW; x 1.2 = 168.3 MW
    ("it_power(100k, H100)", 140.25, 133.875, 146.625, "MW"),
    ("power(100k, H100)", 168.3, 147.2625, 219.9375, "MW"),
    ("power(100k, H100, pue=1, it_overhead=0)", 127.5, 127.5, 127.5, "MW"),
    # 168.3 MW x 8,766 h = 1,475,317.8 MWh
    ("energy(100k, H100)", 1_475_317.8, None, None, "MWh/yr"),
    ("runway($6B, $3B/yr)", 2, 2, 2, "yr"),
    ("runway($6B, $3B..$6B/yr)", 6 / 4.5, 1, 2, "yr"),
    ("defaults.pue", 1.2, 1.1, 1.5, ""),
    # 100 MW / (1,275 W x 1.1 x 1.2) = 1e8 / 1,683 = 59,417.7
    (
        "100 MW / (H100.system_power * (1 + defaults.it_overhead) * defaults.pue) to GPU",
        1e8 / 1683,
        None,
        None,
        "GPU",
    ),
    ("H100.bf16_dense to TFLOP/s/GPU", 989, 989, 989, "TFLOP/GPU/s"),
    ("1 / 2 USD", 0.5, 0.5, 0.5, "1/USD"),
    ("100 /h * 2 h", 200, 200, 200, ""),
]


@pytest.mark.parametrize("expr, typical, low, high, unit", GOOD, ids=[g[0] for g in GOOD])
def test_good_expressions(expr, typical, low, high, unit) -> None:
    value, _ = calc(expr)
    assert value.typical == pytest.approx(typical)
    if low is not None:
        assert (value.low, value.high) == pytest.approx((low, high))
    assert value.unit_text == unit


def test_as_of_picks_the_older_price() -> None:
    # 6e9 / 35,000 = 171,428.57 at the 2023-06 point; 6e9 / 40,000 = 150,000; / 30,000 = 200,000
    value, ctx = calc("6e9 USD / H100.price", as_of="2023-12")
    assert value.typical == pytest.approx(171_428.571, rel=1e-6)
    assert (value.low, value.high) == pytest.approx((150_000, 200_000))
    assert ctx.assumptions[0].as_of == "2023-06"


def test_assumptions_are_recorded_once() -> None:
    _, ctx = calc("H100.price + H100.price + defaults.pue * 0 USD/GPU")
    assert [a.key for a in ctx.assumptions] == ["H100-SXM.price", "defaults.pue"]


BAD = [
    ("", "empty expression"),
    ("1 +", "expected a number, a name or '(' but found the end at column 4"),
    ("(1 + 2", "expected ')' but found the end at column 7"),
    ("1 2", "expected an operator or the end but found '2' at column 3"),
    ("6 foo", "unknown unit 'foo' at column 3"),
    ("6 USDD", "did you mean USD"),
    ("1 # 2", "unexpected character '#' at column 3"),
    ("H100.prise", "unknown field 'prise' at column 6"),
    ("H10.price", "unknown accelerator 'H10'"),
    ("defaults.xyz", "unknown default 'xyz' at column 1"),
    ("foo(1)", "unknown function 'foo' at column 1"),
    ("buy($6B)", "buy at column 1 needs gpu"),
    ("buy($6B, 5)", "expected an accelerator name at column 10"),
    ("buy($6B, H100, x=1)", "buy has no argument 'x'"),
    ("buy($6B, H100, budget=1)", "buy got 'budget' twice"),
    ("buy($6B, H100, 1, 2)", "takes at most 3 arguments"),
    ("runway($6B, 3 MW)", "not a rate of spending"),
    ("3 MW + 2 USD", "cannot add USD to MW at column 6"),
    ("1 MW to USD", "cannot convert MW to USD at column 6"),
    ("1 to", "expected a unit but found the end at column 5"),
    ("2 ** 1000", "exponent 1000 at column 3 is over 64"),
    ("2 ** (1 USD)", "the exponent at column 3 must be a plain number"),
    ("2 ** (1..2)", "the exponent at column 3 must be a plain number"),
    ("(-8) ** 0.5", "negative number to a fractional power"),
    ("(0.5..3 - 2) ** -1", "a range that includes zero cannot be raised to the power -1"),
    ("(0..4) ** -2", "a range that includes zero cannot be raised"),
    ("6 B USD", "unit 'USD' at column 5 follows a complete value"),
    ("to MW", "expected a value before 'to'"),
    ("1 GB to GPU", "cannot convert GB to GPU"),
    ("100 token to GPU", "cannot convert token to GPU"),
    ("1e308 * 1e308", "overflows at column 7"),
    ("1 / 0", "division by a range that includes zero at column 3"),
    ("40000..25000 USD", "range at column 1 has low > high"),
    ("5 MW..3 USD", "the ends of the range at column 1 have different kinds of unit"),
    ("30000 USD ±150%", "leaves no positive range"),
    ("$", "expected a number after '$'"),
    ("$6B MW", "'$' and the unit 'MW' at column 1 do not mix"),
    ("H100", "'H100' at column 1 is not a value"),
    ("buy", "buy at column 1 is a function"),
    ("__import__('os')", "unexpected character"),
    ("H100.__class__", "unknown field '__class__'"),
    ("(" * 150 + "1" + ")" * 150, "nests deeper than 100 levels"),
    ("- " * 150 + "1", "nests deeper than 100 levels"),
    ("1+" * 1200 + "1", "characters long (limit 2000)"),
]


@pytest.mark.parametrize("expr, message", BAD, ids=[b[0][:30] for b in BAD])
def test_bad_expressions(expr: str, message: str) -> None:
    with pytest.raises(CalcError) as err:
        calc(expr)
    assert message in str(err.value)
    assert err.value.hint


def test_calc_cli(cli) -> None:
    code, out, err = cli("calc", "6e9 USD / H100.price", "-q")
    assert (code, out, err) == (0, "200000\n", "")
    code, out, _ = cli("calc", "6e9 USD / H100.price", "--json")
    import json

    doc = json.loads(out)
    assert doc["command"] == "calc" and doc["inputs"]["expr"] == "6e9 USD / H100.price"
    assert doc["result"]["value"] == {"value": 200000, "low": 150000, "high": 240000, "unit": "GPU"}
    assert doc["assumptions"][0]["name"] == "H100-SXM.price"


def test_forty_parentheses_are_fine() -> None:
    assert calc("(" * 40 + "1" + ")" * 40)[0].typical == 1


@pytest.mark.parametrize(
    "expr, low, typical, high",
    [
        ("-2..3", -2, 0.5, 3),  # a range from -2, not the negative of 2..3
        ("-3..-1", -3, -2, -1),
        ("- 2..3", -3, -2.5, -2),  # minus, then a space: the negative of 2..3
        ("0 - 2..3", -3, -2.5, -2),
        ("2 - -3", 5, 5, 5),
    ],
)
def test_signs_and_ranges(expr, low, typical, high) -> None:
    value = calc(expr)[0]
    assert (value.low, value.typical, value.high) == (low, typical, high)


@pytest.mark.parametrize(
    "expr, typical",
    [("power(100,000, H100)", 168.3), ("buy($6,000,000,000, H100)", 200_000), ("5 MW to MW to kW", 5000)],
)
def test_thousands_in_arguments_and_chained_to(expr, typical) -> None:
    assert calc(expr)[0].typical == pytest.approx(typical)


def test_calc_cli_error_names_the_expression(cli) -> None:
    code, out, err = cli("calc", "1 +")
    assert code == 2 and out == ""
    assert err.startswith("error: in '1 +': expected a number") and err.count("\n") == 1


def test_calc_help_lists_the_language(cli) -> None:
    code, out, _ = cli("calc", "--help")
    assert code == 0 and "Examples:" in out and "functions" in out


@pytest.mark.parametrize(
    "expr, start, end",
    [
        ("6e9 USD / H100.prise", 15, 20),  # the field's five letters
        ("1 +", 3, 4),  # the end of the text
        ("3 MW + 2 USD", 5, 6),  # the operator that cannot add
        ("1 # 2", 2, 3),
        ("US$6B MW", 0, 3),  # 'US$' is three characters read as '$'
        ("buy($6B)", 0, 1),
    ],
)
def test_errors_carry_the_span_of_the_bad_part(expr: str, start: int, end: int) -> None:
    with pytest.raises(CalcError) as err:
        calc(expr)
    assert (err.value.span.start, err.value.span.end) == (start, end)
    assert f"column {start + 1}" in err.value.message


def test_caret_lines() -> None:
    from cli.caret import caret
    from estimator.errors import Span

    assert caret("6e9 USD / H100.prise", Span(15, 20)) == "  6e9 USD / H100.prise\n                 ^^^^^\n"
    assert caret("1 +", Span(3, 4)) == "  1 +\n     ^\n"  # past the end: one caret after the text
    assert caret("x" * 200, Span(0, 1)) == ""  # would wrap on a terminal


def test_caret_on_a_terminal_only(cli) -> None:
    import os
    import subprocess
    import sys

    pty = pytest.importorskip("pty", reason="a pseudo-terminal is needed to be a terminal")
    # piped: one error line (tested above); on a terminal the expression and a caret follow
    main, sub = pty.openpty()
    cmd = [sys.executable, "-c", "from cli.main import main; main()", "calc", "3 MW + 2 USD"]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=sub, stdin=subprocess.DEVNULL, timeout=60)
    os.close(sub)
    seen = b""
    try:
        while chunk := os.read(main, 4096):
            seen += chunk
    except OSError:  # the terminal closes when the program has written all
        pass
    os.close(main)
    lines = seen.decode().replace("\r\n", "\n").splitlines()
    assert proc.returncode == 2
    assert lines[0].startswith("error: in '3 MW + 2 USD': cannot add USD to MW at column 6")
    assert lines[1:] == ["  3 MW + 2 USD", "       ^"]


def test_a_long_chain_is_refused_in_words_not_a_recursion_error(cli) -> None:
    # 249 additions are fine (1 + 249 ones = 250); 500 are refused with a message
    assert calc("1" + "+1" * 249)[0].typical == 250
    with pytest.raises(CalcError, match="chains 500 operations, more than 250"):
        calc("1" + "+1" * 500)
    code, out, err = cli("calc", "1" + "+1" * 500)
    assert code == 2 and out == "" and err.startswith("error: ") and err.count("\n") == 1


def test_a_tower_of_powers_counts_as_nesting() -> None:
    assert calc("2**3**2")[0].typical == 512  # right-associative: 2 ** 9
    with pytest.raises(CalcError, match="nests deeper than 100 levels"):
        calc("2" + "**1" * 600)


@pytest.mark.parametrize(
    "expr",
    [
        "1 " + "*".join(["W"] * 65),  # W^65 written out
        "1 " + "*".join(["W"] * 600),  # pint itself would overflow here
        "*".join(["(1 W**40)"] * 2),  # W^80 from arithmetic
    ],
)
def test_unit_powers_stop_at_sixty_four(expr: str) -> None:
    with pytest.raises(CalcError, match="power beyond 64"):
        calc(expr)


def test_unit_power_sixty_four_is_fine() -> None:
    assert calc("(1 W**32) * (1 W**32)")[0].unit_text == "W^64"


def test_a_long_chain_in_a_claim_is_an_error_verdict_and_the_rest_run(cli, tmp_path) -> None:
    claims = tmp_path / "c.yaml"
    long = "1" + " + 1" * 400
    claims.write_text(
        "claims:\n"
        f"  - id: long\n    expr: '{long}'\n    expect: '401'\n"
        "  - id: short\n    expr: '2 * 3'\n    expect: '6'\n"
    )
    code, out, err = cli("check", str(claims), "--json")
    verdicts = {v["id"]: v["verdict"] for v in json.loads(out)["claims"]}
    assert verdicts == {"long": "error", "short": "holds"}
    assert code == 2  # a claim that cannot be computed is bad input


def test_accelerator_names_keep_their_hyphens() -> None:
    # H100-SXM5 is an alias of the fixture's H100-SXM: 700 W, whatever follows a ',' or '('
    assert calc("H100-SXM5.tdp")[0].typical == 700
    assert calc("H100-SXM5.tdp-H100.tdp")[0].typical == 0


def test_a_region_named_like_a_unit_is_the_region() -> None:
    # 'us' is also pint's microsecond; as grid= it is the region, as on the command line (the
    # test catalogue has no US figure, so the region is looked up and found missing)
    for expr in ("emissions(1000, H100, grid=us)", "emissions(1000, H100, grid=US)"):
        with pytest.raises(CalcError, match="no default grid_carbon_us"):
            calc(expr)
    world = calc("emissions(1000, H100, grid=world)")[0]
    given = calc("emissions(1000, H100, grid=0.5 kg/kWh)")[0]
    assert world.typical == given.typical  # the fixture's world figure is 0.5 kg/kWh


@pytest.mark.parametrize(
    "expr, gpus",
    [
        ("buy($6B * 70%, H100, price=$30k)", 140_000),  # 4.2e9 / 3e4; the float product is 4199999999.9999995
        ("buy($6B * 0.29, H100, price=$30k)", 58_000),  # 1.74e9 / 3e4
        ("buy($6B * 0.57, H100, price=$30k)", 114_000),  # 3.42e9 / 3e4
    ],
)
def test_a_computed_budget_buys_what_the_typed_one_does(expr: str, gpus: int) -> None:
    assert calc(expr)[0].typical == gpus


def test_a_computed_budget_claim_holds(cli, tmp_path) -> None:
    claims = tmp_path / "c.yaml"
    claims.write_text('claims:\n  - {id: seventy, expr: "buy($6B * 70%, H100, price=$30k)", expect: "140000 GPU"}\n')
    code, out, err = cli("check", str(claims), "--json")
    assert code == 0, out


@pytest.mark.parametrize("expr", ["(1 MW)**64", "1 kW**64", "power(100k, H100)**64"])
def test_a_unit_factor_beyond_a_float_is_an_error_in_words(expr: str) -> None:
    # MW^64 is (1e6 W)^64 = 1e384 W^64 in base units: no float holds the factor
    with pytest.raises(CalcError, match="the result overflows"):
        calc(expr)


def test_an_input_is_named_as_the_caller_spells_it(cli) -> None:
    # calc and the API say the keyword, the command line the option
    with pytest.raises(CalcError, match=r"buy\(\.\.\.\) at column 1: price: 30000 USD/h is in USD/h"):
        calc("buy($6B, H100, price=$30k/h)")
    code, _, err = cli("buy", "$6B", "--gpu", "H100", "--price", "$30k/h")
    assert code == 2 and err.startswith("error: --price: 30000 USD/h is in USD/h")
