"""The Python API is what the CLI runs: the same inputs give the same JSON."""

from __future__ import annotations

import json

import pytest

import estimator
from estimator import __version__
from estimator.errors import InputError
from estimator.values import Estimate


def same(cli, args: list[str], result) -> None:
    code, out, _ = cli(*args, "--json")
    assert code == 0
    assert json.loads(out) == json.loads(json.dumps(result.to_dict(__version__)))


def test_buy(cli) -> None:
    same(cli, ["buy", "$6B", "--gpu", "H100", "--as-of", "2024-05"], estimator.buy("$6B", "H100", as_of="2024-05"))


def test_power(cli) -> None:
    same(
        cli,
        ["power", "100k", "--gpu", "H100", "--pue", "1.1..1.3", "--grid", "world"],
        estimator.power("100k", "H100", pue="1.1..1.3", grid="world"),
    )


def test_runway(cli) -> None:
    same(cli, ["runway", "$6B", "--burn", "$3B..$6B/yr"], estimator.runway("$6B", "$3B..$6B/yr"))


def test_train(cli) -> None:
    same(
        cli,
        ["train", "--params", "70B", "--tokens", "1.4T", "--gpu", "H100", "--count", "2048"],
        estimator.train("H100", params="70B", tokens="1.4T", count="2048"),
    )


def test_cluster(cli) -> None:
    same(cli, ["cluster", "100k", "--gpu", "H100", "--years", "4"], estimator.cluster("100k", "H100", years="4"))


def test_calc(cli) -> None:
    same(cli, ["calc", "6e9 USD / H100.price"], estimator.calc("6e9 USD / H100.price"))


def test_check_claims(tmp_path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("claims:\n  - {id: a, expr: 'buy($6B, H100)', expect: 200k GPU}\n")
    files, verdicts = estimator.check_claims([str(path)])
    assert [v.status for v in verdicts] == ["holds"] and estimator.exit_code(verdicts) == 0


def test_scan_text() -> None:
    result = estimator.scan_text("They raised $6 billion to buy 200,000 H100 chips.")
    assert [v.status for v in result.checks] == ["holds"]


def test_estimates_go_in_too() -> None:
    budget = estimator.value("$6B", "budget")
    # 6e9 / 24,000 = 250,000
    assert estimator.buy(budget, "H100", price=estimator.value("$24k", "price")).primary.estimate.typical == 250_000


def test_errors_are_estimator_errors() -> None:
    with pytest.raises(estimator.EstimatorError, match="unknown accelerator"):
        estimator.buy("$6B", "H10")


def test_loop_over_scenarios() -> None:
    # 6e9 at 25k, 30k, 40k: 240,000, 200,000, 150,000
    counts = [estimator.buy("$6B", "H100", price=p).primary.estimate.typical for p in ("$25k", "$30k", "$40k")]
    assert counts == [240_000, 200_000, 150_000]


def test_import_is_cheap() -> None:
    import subprocess
    import sys

    code = "import sys, estimator; print(sorted(m for m in ('pint', 'yaml', 'rich') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_every_public_name_is_the_documented_object() -> None:
    """Submodules must not shadow the API's functions (estimator.tornado, estimator.language)."""
    import inspect

    for name in estimator.__all__:
        obj = getattr(estimator, name)
        assert not inspect.ismodule(obj), name
    result = estimator.cluster("100k", "H100", years="4")
    assert estimator.sensitivity(result)[0].name == "price"


def test_plain_numbers_and_wrong_types() -> None:
    # 6e9 / 30,000 = 200,000; 100,000 x 1,683 W = 168.3 MW
    assert estimator.buy(6e9, "H100").primary.estimate.typical == 200_000
    assert estimator.power(100_000, "H100").primary.estimate.typical == pytest.approx(168.3)
    with pytest.raises(estimator.EstimatorError, match="not an accelerator name"):
        estimator.buy("$6B", None)  # type: ignore[arg-type]
    with pytest.raises(estimator.EstimatorError, match="not text"):
        estimator.scan_text(123)  # type: ignore[arg-type]
    with pytest.raises(estimator.EstimatorError, match="is not a quantity"):
        estimator.buy([6], "H100")  # type: ignore[arg-type]


@pytest.mark.parametrize("as_of", ["2023-13", "2024-02-30", "2023-9", "yesterday", 2024])
def test_the_api_refuses_a_date_the_command_line_refuses(as_of) -> None:
    with pytest.raises(InputError, match="is not a date"):
        estimator.buy("$6B", "H100", as_of=as_of)
    with pytest.raises(InputError, match="is not a date"):
        estimator.calc("H100.price", as_of=as_of)


def test_the_api_takes_a_date_object_and_an_overlay_path(tmp_path) -> None:
    import datetime

    by_text = estimator.buy("$6B", "H100", as_of="2024-06-01").primary.estimate
    by_date = estimator.buy("$6B", "H100", as_of=datetime.date(2024, 6, 1)).primary.estimate
    assert by_text == by_date
    overlay = tmp_path / "o.yaml"
    overlay.write_text(
        'sources:\n  mine: {title: "Mine", publisher: Me, date: "2030-01"}\n'
        'gpus:\n  H100:\n    price:\n      - {as_of: "2030-01", value: 20000 USD, source: mine}\n'
    )
    # $6B / $20k = 300,000 GPUs from the overlay's point, the latest
    assert estimator.buy("$6B", "H100", catalogue=str(overlay)).primary.estimate.typical == 300_000


@pytest.mark.parametrize(
    "call",
    [
        lambda: estimator.buy("$6B", "H100", catalogue=5),
        lambda: estimator.calc(5),
        lambda: estimator.check_claims([1]),
        lambda: estimator.buy(Estimate(6e9, 7e9, 5e9, estimator.value("$1", "x").unit), "H100"),
    ],
)
def test_the_api_refuses_what_it_cannot_read_in_words(call) -> None:
    with pytest.raises(InputError):
        call()


def test_check_claims_takes_one_path_as_one_file() -> None:
    files, verdicts = estimator.check_claims("data/claims/xai-2024-05.yaml")
    assert [f.path for f in files] == ["data/claims/xai-2024-05.yaml"] and verdicts


TEN_X = "The firm spent $6 billion to buy 20,000 Nvidia H100 GPUs."  # $6B buys 200,000: 10x off


@pytest.mark.parametrize(
    "kw", [{"tolerance": 25}, {"tolerance": -1}, {"tolerance": float("nan")}, {"as_of": "2024-13"}]
)
def test_scan_text_refuses_what_scan_refuses(kw) -> None:
    with pytest.raises(InputError):
        estimator.scan_text(TEN_X, **kw)


def test_scan_text_reads_a_tolerance_like_the_option() -> None:
    doc = estimator.scan_text(TEN_X, tolerance="25%").to_dict()
    assert doc["summary"]["fails"] == 1 and doc["version"] == __version__
