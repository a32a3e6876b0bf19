"""Fuzzing every input surface: the only outcomes are a result or an EstimatorError (exit 2
with one `error:` line); never another exception, a hang or a silent pass.  Work is bounded
by the input limits (expression length, nesting, exponents, file size)."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from estimator.catalogue import Layer, check_layer, load_catalogue, parse_layer
from estimator.claims import check_text
from estimator.errors import EstimatorError
from estimator.language.evaluate import Context, calculate
from estimator.language.literal import parse_estimate
from estimator.yamlfile import load_yaml

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

TOKENS = [
    *"0123456789",
    ".",
    ",",
    "e",
    "+",
    "-",
    "*",
    "/",
    "**",
    "^",
    "(",
    ")",
    " ",
    "$",
    "..",
    "±",
    "%",
    "=",
    "k",
    "M",
    "B",
    "T",
    "bn",
    "USD",
    "W",
    "MW",
    "kWh",
    "GPU",
    "yr",
    "h",
    "to",
    "H100",
    ".price",
    ".tdp",
    "defaults.pue",
    "buy(",
    "power(",
    "runway(",
    "train_days(",
    "gpu_hour_cost(",
    "H100,",
    " billion",
    "1e308",
    "1e-308",
    "nan",
    "inf",
    "∞",
    "é",
    "\u00a0",
    "\n",
]
expressions = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)
catalogue = load_catalogue()


def ctx() -> Context:
    return Context(lambda: catalogue)


@FUZZ
@given(expressions)
def test_calc_expressions(text: str) -> None:
    try:
        calculate(text, ctx())
    except EstimatorError as exc:
        assert exc.message and exc.hint


@FUZZ
@given(st.text(max_size=60))
def test_calc_arbitrary_text(text: str) -> None:
    try:
        calculate(text, ctx())
    except EstimatorError:
        pass


@FUZZ
@given(st.one_of(expressions, st.text(alphabet=string.printable + "±亿万美元兆瓦", max_size=40)))
def test_value_shorthands(text: str) -> None:
    try:
        est = parse_estimate(text, "value")
    except EstimatorError:
        return
    assert est.low <= est.typical <= est.high


def test_deep_nesting_and_huge_numbers_are_bounded() -> None:
    for text in ["(" * 10_000 + "1" + ")" * 10_000, "-" * 5000 + "1", "2**64**64**64", "9" * 5000, "1e400 USD"]:
        try:
            calculate(text, ctx())
        except EstimatorError:
            pass


yaml_scalars = st.one_of(
    st.text(max_size=12),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.sampled_from(["700 W", "1e999 W", "-5 USD", "nan", ".inf", "2024-13", "$6B", "30000 USD", "1..2 yr"]),
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "expr",
                    "expect",
                    "tolerance",
                    "as_of",
                    "value",
                    "typical",
                    "low",
                    "high",
                    "source",
                    "tdp",
                    "price",
                    "H100",
                    "gpus",
                    "sources",
                    "defaults",
                    "claims",
                    "x",
                ]
            ),
            inner,
            max_size=5,
        ),
    ),
    max_leaves=20,
)


def dump(data: object) -> str:
    import yaml

    return yaml.safe_dump(data, allow_unicode=True)


@FUZZ
@given(yaml_values)
def test_claim_files(data: object) -> None:
    _, verdicts = check_text(
        dump({"claims": data} if not isinstance(data, dict) else data), "c.yaml", lambda: catalogue
    )
    for v in verdicts:
        assert v.status in ("holds", "fails", "error")
        if v.status == "error":
            assert v.message


@FUZZ
@given(st.text(max_size=300))
def test_claim_files_from_raw_text(text: str) -> None:
    check_text(text, "c.yaml", lambda: catalogue)


@FUZZ
@given(yaml_values)
def test_catalogue_overlays(data: object) -> None:
    parsed, lines, problems = load_yaml(dump(data), "o.yaml")
    if problems:
        return
    for problem in check_layer(Layer("o.yaml", parsed, lines), known_sources=set()):
        assert str(problem).startswith("o.yaml:") and problem.file == "o.yaml"


def test_billion_laughs_is_refused(tmp_path) -> None:
    lol = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    path = tmp_path / "lol.yaml"
    path.write_text(lol)
    _, problems = parse_layer(path, str(path))
    assert any("anchors and aliases are not allowed" in str(p) for p in problems)
    _, verdicts = check_text(lol, "lol.yaml", lambda: catalogue)
    assert verdicts[0].status == "error" and "aliases" in verdicts[0].message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(["buy", "power", "runway", "train", "cluster", "calc", "gpus", "scan"]),
    st.lists(
        st.one_of(
            expressions,
            st.sampled_from(
                [
                    "--gpu",
                    "H100",
                    "--json",
                    "-q",
                    "--burn",
                    "--pue",
                    "--count",
                    "--params",
                    "--tokens",
                    "--days",
                    "--grid",
                    "-",
                ]
            ),
        ),
        max_size=5,
    ),
)
def test_cli_never_tracebacks(cli, command: str, args: list[str]) -> None:
    code, out, err = cli(command, *args, input="")
    assert code in (0, 1, 2)
    if code == 2:
        assert err.startswith("error: ") and err.count("\n") == 1, err
        assert "Traceback" not in err
