"""One grammar for a quantity: the same table of good and bad literals read through every
entry point (the library's reader, a command-line option, a catalogue figure, a claim's
``expect:`` and a calc expression) must give the same value, or an error, everywhere."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from estimator.catalogue import figure_estimate, load_catalogue
from estimator.claims import parse_expectation
from estimator.commands.spec import quantity
from estimator.errors import CalcError, DimensionError, InputError
from estimator.humanize import human
from estimator.language.evaluate import Context, calculate
from estimator.language.literal import parse_estimate
from estimator.values import Estimate

GOOD = [
    # text, typical, low, high, unit
    ("6e9 USD", 6e9, 6e9, 6e9, "USD"),
    ("6B USD", 6e9, 6e9, 6e9, "USD"),
    ("$6B", 6e9, 6e9, 6e9, "USD"),
    ("$6 billion", 6e9, 6e9, 6e9, "USD"),
    ("6 billion USD", 6e9, 6e9, 6e9, "USD"),
    ("$6bn", 6e9, 6e9, 6e9, "USD"),
    ("US$6B", 6e9, 6e9, 6e9, "USD"),
    ("$ 6B", 6e9, 6e9, 6e9, "USD"),  # a space after '$' changes nothing
    # as gpucost prints money: after a '$' a scale may stand apart (a '$' and bytes do not mix)
    ("$6.0 B", 6e9, 6e9, 6e9, "USD"),
    ("$124 M/yr", 1.24e8, 1.24e8, 1.24e8, "USD/yr"),
    ("$6B USD", 6e9, 6e9, 6e9, "USD"),  # dollars said twice
    ("$6,000,000,000", 6e9, 6e9, 6e9, "USD"),
    ("100k", 1e5, 1e5, 1e5, ""),
    ("100,000", 1e5, 1e5, 1e5, ""),
    ("1.5M", 1.5e6, 1.5e6, 1.5e6, ""),
    ("1.4T", 1.4e12, 1.4e12, 1.4e12, ""),
    # 6.0551 x 1e9 rounded once: the float nearest 6,055,100,000
    ("6.0551B", 6_055_100_000, 6_055_100_000, 6_055_100_000, ""),
    ("3e9 USD/yr", 3e9, 3e9, 3e9, "USD/yr"),
    ("$3B/yr", 3e9, 3e9, 3e9, "USD/yr"),
    ("1/yr", 1, 1, 1, "1/yr"),
    ("150 MW", 150, 150, 150, "MW"),
    ("100kW", 100, 100, 100, "kW"),
    ("700 W/GPU", 700, 700, 700, "W/GPU"),
    ("5 W/m**2", 5, 5, 5, "W/m^2"),
    # a per-unit's power is the unit's, with or without the '$': $2/h**2 is 2 USD/h^2
    ("$2/h**2", 2, 2, 2, "USD/h^2"),
    ("2 USD/h**2", 2, 2, 2, "USD/h^2"),
    # a negative power inside a unit is the unit's: W*m**-2 is W/m^2, kg*m**2*s**-2 is a joule
    ("5 W*m**-2", 5, 5, 5, "W/m^2"),
    ("5 W*m^-2", 5, 5, 5, "W/m^2"),
    ("1 kg*m**2*s**-2", 1, 1, 1, "kg*m^2/s^2"),
    ("5 W/m**-2", 5, 5, 5, "m^2*W"),
    ("40%", 40, 40, 40, "%"),
    ("-5", -5, -5, -5, ""),
    # a literal range: typical is the midpoint, (25000 + 40000) / 2 = 32500
    ("25000..40000 USD", 32500, 25000, 40000, "USD"),
    # the left end borrows the right end's unit: $3B -> $3B/yr; typical (3 + 6) / 2 = 4.5
    ("$3B..$6B/yr", 4.5e9, 3e9, 6e9, "USD/yr"),
    ("$3B..6B/yr", 4.5e9, 3e9, 6e9, "USD/yr"),
    # the scale and the unit written on the right end apply to both: 3e9..6e9 USD
    ("3..6 billion USD", 4.5e9, 3e9, 6e9, "USD"),
    ("$3..6B", 4.5e9, 3e9, 6e9, "USD"),
    # 1.5 MW .. 3 MW, midpoint 2.25
    ("1.5..3 MW", 2.25, 1.5, 3, "MW"),
    # a '-' glued to the number starts the range at -2; midpoint (-2 + 3) / 2 = 0.5
    ("-2..3", 0.5, -2, 3, ""),
    # a '-' and a space: the negative of 2..3, as in calc
    ("- 2..3", -2.5, -3, -2, ""),
    # 30000 x (1 -/+ 0.2) = 24000 .. 36000
    ("30000 USD ±20%", 30000, 24000, 36000, "USD"),
    ("30000 USD +-20%", 30000, 24000, 36000, "USD"),
    ("30000 USD +/-20%", 30000, 24000, 36000, "USD"),
    # the right end's scale on a left end whose float repr has an exponent: 1e-05 x 1e9 = 10,000;
    # midpoint (10,000 + 6e9) / 2 = 3,000,005,000
    ("$0.00001..6B", 3_000_005_000, 1e4, 6e9, "USD"),
    # 1e6 x (1 -/+ 0.07), in decimal: exactly 930,000 .. 1,070,000
    ("$1M ±7%", 1e6, 930_000, 1_070_000, "USD"),
]

BAD = [
    # text, the error's words wherever the text is read
    ("abc", "cannot read 'abc' as a number"),
    ("6 foo", "unknown unit 'foo'"),
    ("6 USDD", "did you mean USD"),
    ("6 B USD", "unit 'USD'"),  # a scale goes on the number: 6B USD
    ("40000..25000 USD", "low > high"),
    ("30000 USD ±150%", "use less than 100%"),
    ("1e3..2e3 W ±10%", "followed by '±'"),
    ("$6B MW", "'$' and the unit 'MW'"),
    ("1e999 USD", "not a finite number"),
    ("1e-400", "too small"),
    ("5 MW..3 USD", "different kinds of unit"),
    ("3..6e9", "only the right end has an exponent"),
    ("3..6e3k", "only the right end has an exponent"),  # a scale after the exponent changes nothing
    # a left end with a unit of its own does not borrow the right end's: a power is not an energy
    ("3 W..6 W*h", "different kinds of unit"),
    ("3 USD/GPU..6 USD/GPU/h", "different kinds of unit"),
    ("500..2 thousand", "runs backwards"),
    ("$", "expected a number after '$'"),
]


def via_value(text: str) -> Estimate:
    return parse_estimate(text, "x")


def via_option(text: str) -> Estimate:
    return quantity(text, "x")  # what every number command's option goes through


def via_expect(text: str) -> Estimate:
    e = parse_expectation(text, "x")
    return Estimate(e.claimed, e.low, e.high, e.unit)


def via_catalogue(text: str) -> Estimate:
    return figure_estimate({"value": text}, parse_estimate(text, "x").unit_text)


def via_calc(text: str) -> Estimate:
    return calculate(text, Context(load_catalogue))


ENTRIES = [via_value, via_option, via_expect, via_catalogue]


@pytest.mark.parametrize("entry", [*ENTRIES, via_calc], ids=lambda f: f.__name__)
@pytest.mark.parametrize("text, typical, low, high, unit", GOOD, ids=[g[0] for g in GOOD])
def test_good_literals_read_alike_everywhere(entry, text, typical, low, high, unit) -> None:
    if entry is via_catalogue and low < 0:
        with pytest.raises(InputError, match="a figure cannot be negative"):
            entry(text)  # the catalogue reads the same value, then refuses a negative figure
        return
    est = entry(text)
    if entry is via_calc:
        est = est.to(parse_estimate(text, "x").unit) if unit else est  # calc may write the unit reduced
    assert (est.typical, est.low, est.high) == pytest.approx((typical, low, high), rel=1e-12)
    assert est.unit_text == unit


@pytest.mark.parametrize("entry", [*ENTRIES, via_calc], ids=lambda f: f.__name__)
@pytest.mark.parametrize("text, words", BAD, ids=[b[0] for b in BAD])
def test_bad_literals_fail_alike_everywhere(entry, text, words) -> None:
    if entry is via_calc and text == "abc":
        words = "'abc' at column 1 is not a value"  # in an expression a word is a name
    with pytest.raises(InputError) as err:
        entry(text)
    assert words in str(err.value)
    assert err.value.hint


@pytest.mark.parametrize(
    "text, typical, low, high", [(g[0], *g[1:4]) for g in GOOD if g[4] == "USD"], ids=lambda x: str(x)
)
def test_good_budgets_on_the_command_line(cli, text, typical, low, high) -> None:
    code, out, err = cli("buy", text, "--gpu", "H100", "--price", "1", "--json")
    assert code == 0, err
    budget = json.loads(out)["inputs"]["budget"]
    assert (budget["value"], budget["low"], budget["high"]) == pytest.approx((typical, low, high), rel=1e-12)


@pytest.mark.parametrize("text, words", BAD, ids=[b[0] for b in BAD])
def test_bad_budgets_on_the_command_line(cli, text, words) -> None:
    code, out, err = cli("buy", text, "--gpu", "H100")
    assert code == 2 and out == ""
    assert err.startswith("error: budget: ") and words in err and err.count("\n") == 1


def test_a_value_error_names_the_value_and_quotes_it() -> None:
    with pytest.raises(CalcError) as err:
        parse_estimate("6 foo", "budget")
    assert err.value.message == "budget: unknown unit 'foo' in '6 foo'"
    assert (err.value.span.start, err.value.span.end) == (2, 5)  # "foo" is characters 2..5
    with pytest.raises(CalcError) as err:
        calculate("6 foo", Context(load_catalogue))
    assert err.value.message == "unknown unit 'foo' at column 3"


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "empty value"),
        ("5 MW to kW", "'to' in '5 MW to kW' converts a result"),
        ("2 USD**2", "raises the whole value"),
        ("1 + 2", "expected the end of the value but found '+'"),
        ("x" * 2001, "characters long (limit 2,000)"),
    ],
)
def test_a_value_is_a_literal_and_nothing_more(text: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        parse_estimate(text, "budget")
    assert message in str(err.value)
    assert str(err.value).startswith("budget")


# what "$6B", "$3B/yr", "$6 billion", "$6.5B", "$30k", "$10B", "US$6B" become in double quotes
EATEN = ["B", "B/yr", " billion", "B..B/yr", "..B/yr", ".5B", "0k", "0B", "USB", "USB/yr"]


@pytest.mark.parametrize("text", EATEN)
def test_the_shell_ate_the_dollar(cli, text: str) -> None:
    # "$6B" in double quotes reaches the program as "B": said on the command line, with the fix
    code, out, err = cli("buy", text, "--gpu", "H100")
    assert code == 2 and out == ""
    assert "looks like a '$' amount that the shell expanded" in err and "single quotes" in err


def test_a_leading_point_is_a_remnant_only_in_money(cli) -> None:
    # --mfu .4 is a share of 0.4, not a '$' amount
    code, _, err = cli(
        "train", "--params", "70B", "--tokens", "1.4T", "--gpu", "H100", "--count", "2048", "--mfu", ".4"
    )
    assert code == 0, err
    # .5k GPUs are 500: 500 x 1275 W x (1 + 0.1 IT overhead) x 1.2 PUE = 841,500 W = 0.8415 MW
    code, out, err = cli("power", ".5k", "--gpu", "H100", "-q")
    assert (code, out) == (0, "0.8415\n"), err


@pytest.mark.parametrize(
    "expr, shown",
    [("B/yr * 2 yr", "'B' at column 1"), (" B / H100.price", "'B' at column 2"), ("1 + M", "'M' at column 5")],
)
def test_the_shell_ate_the_dollar_in_calc(cli, expr: str, shown: str) -> None:
    code, out, err = cli("calc", expr)
    assert code == 2 and out == ""
    assert shown in err and "the shell expanded" in err


def test_a_unit_after_an_operator_is_not_a_remnant(cli) -> None:
    # 80 GB / 1 B = 80e9: after '*' or '/' a bare unit is a unit
    code, out, err = cli("calc", "80 GB / B", "-q")
    assert (code, out) == (0, "80000000000\n"), err
    # .5k is 500 in calc, as in a claim file: 1 + 500 = 501
    code, out, err = cli("calc", "1 + .5k", "-q")
    assert (code, out) == (0, "501\n"), err


def test_the_shell_check_is_the_command_lines_not_the_grammars() -> None:
    # the library reads "B" as what it is: not a number
    with pytest.raises(InputError, match="cannot read 'B' as a number"):
        parse_estimate("B", "budget")


def test_default_unit_applies_to_bare_numbers() -> None:
    assert parse_estimate("6e9", "budget", "USD").unit_text == "USD"
    assert parse_estimate("6e9 USD", "budget", "GPU").unit_text == "USD"


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


# Generated literals: the restricted entry and the calc parser must agree on every one, to
# the last bit, or both refuse it (the calc parser is the oracle: it is the same grammar).
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_numbers = st.sampled_from(["0", "1", "3", "6.5", "1,000", "2e3", ".5", "1e308", "1e-300", "40"])
_scales = st.sampled_from(["", "k", "M", "B", "bn", "T", " thousand", " billion"])
_units = st.sampled_from(["", " USD", " MW", " W/GPU", " USD/yr", "/yr", " GPU*h", " %", " B", " foo", " USD**2"])
_side = st.builds(
    lambda sign, dollar, num, scale, unit: f"{sign}{dollar}{num}{scale}{unit}",
    st.sampled_from(["", "-"]),
    st.sampled_from(["", "$", "US$"]),
    _numbers,
    _scales,
    _units,
)
_literal = st.one_of(
    _side,
    st.builds(lambda a, b: f"{a}..{b}", _side, _side),
    st.builds(lambda a, p: f"{a} ±{p}%", _side, st.sampled_from(["0", "10", "99.5", "100"])),
)


def _outcome(read, text):
    try:
        return read(text)
    except InputError as exc:
        if "raises the whole value" in exc.message:
            return None  # 2 USD**2: calc computes (2 USD)**2, a single value refuses to guess
        return type(exc)


@settings(max_examples=400, deadline=None)
@given(_literal)
def test_generated_literals_read_as_calc_reads_them(text: str) -> None:
    value, calc = _outcome(via_value, text), _outcome(via_calc, text)
    if value is None:
        return
    if isinstance(value, type):
        assert isinstance(calc, type), f"{text!r}: calc reads {calc}, the value reader refuses it"
        return
    assert not isinstance(calc, type), f"{text!r}: the value reader reads {value}, calc refuses it"
    calc = calc.to(value.unit)
    assert (calc.low, calc.typical, calc.high) == pytest.approx((value.low, value.typical, value.high), rel=1e-12)


@pytest.mark.parametrize("unit", ["TB/GPU/s", "TB/s/GPU"])
def test_per_gpu_figures_show_the_same_whatever_order_pint_prints(unit: str) -> None:
    # 3.35 TB/s of memory bandwidth per GPU: the table cell drops the "/GPU" either way
    assert human(3.35, unit) == "3.35 TB/s"


@pytest.mark.parametrize("typical", ["1e6", "2e6", "6e9", "7e12", "0.3", "123.456"])
def test_a_spread_is_exact_to_the_last_bit(typical: str) -> None:
    # oracle: the exact rational typical x (100 -/+ p) / 100, rounded once to a float
    for p in range(1, 100):
        est = parse_estimate(f"{typical} ±{p}%", "x")
        assert est.low == float(Fraction(typical) * (100 - p) / 100)
        assert est.high == float(Fraction(typical) * (100 + p) / 100)


def test_a_spread_budget_buys_what_the_same_range_buys(cli) -> None:
    # $1M ±7% is 930,000..1,070,000 USD; at $1k a GPU: 930..1,070 GPUs (1,000 typical)
    for budget in ("$1M ±7%", "930000..1070000 USD"):
        code, out, err = cli("buy", budget, "--gpu", "H100", "--price", "$1k", "--json")
        assert code == 0, err
        gpus = json.loads(out)["result"]["gpus"]
        assert (gpus["low"], gpus["high"]) == (930, 1070)


@pytest.mark.parametrize(
    "args, words",
    [
        (["buy", "$6B", "--gpu", "H100", "--price", "30k USD/token"], "not a price per accelerator"),
        (["train", "--params", "70B token", "--tokens", "1.4T", "--gpu", "H100", "--count", "2048"], "--params"),
        (["train", "--params", "70B%", "--tokens", "1.4T", "--gpu", "H100", "--count", "2048"], "--params"),
        (
            [
                "train",
                "--params",
                "70B",
                "--tokens",
                "1.4T",
                "--gpu",
                "H100",
                "--count",
                "8",
                "--mfu",
                "0.4 token/param",
            ],
            "--mfu",
        ),
        (["power", "100k", "--gpu", "H100", "--pue", "1.25 param"], "--pue"),
        (["calc", "1 token + 1 param"], "cannot add param to token"),
    ],
)
def test_tokens_and_parameters_pass_for_nothing_else(cli, args: list[str], words: str) -> None:
    code, out, err = cli(*args)
    assert code == 2 and out == "" and words in err


def test_tokens_per_parameter_times_parameters_is_tokens(cli) -> None:
    # the Chinchilla ratio: 20 token/param x 70e9 param = 1.4e12 token
    code, out, err = cli("calc", "20 token/param * 70B param", "--json")
    value = json.loads(out)["result"]["value"]
    assert (value["value"], value["unit"]) == (1.4e12, "token")
