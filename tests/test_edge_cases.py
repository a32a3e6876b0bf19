"""Edge cases found by review: each wrong answer or crash, fixed, stays fixed."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest


@pytest.mark.parametrize(
    "args, words",
    [
        (["buy", "6 B USD", "--gpu", "H100"], "unit 'USD' in '6 B USD' follows a complete value"),
        (["power", "1 GB", "--gpu", "H100"], "count: 1 GB is in GB, not a count"),
        (["buy", "6e9 USD/GPU", "--gpu", "H100"], "is in USD/GPU, not a sum of money"),
        (["calc", "1 GB to GPU"], "cannot convert GB to GPU"),
        (["buy", "-$6B", "--gpu", "H100"], "a value starting with '-' is read as an option"),
        (["calc", "1", "--catalogue", "/no/such.yaml"], "catalogue file not found: /no/such.yaml"),
    ],
)
def test_one_error_line(cli, args, words) -> None:
    code, out, err = cli(*args)
    assert code == 2 and out == "" and err.startswith("error: ") and err.count("\n") == 1
    assert words in err


def test_no_arguments_prints_help(cli) -> None:
    for args in ([], ["catalogue"]):
        code, out, err = cli(*args)
        assert code == 0 and out.startswith("Usage: gpucost") and err == ""


def run_claims(cli, text: str) -> dict[str, dict]:
    code, out, _ = cli("check", "-", "--format", "jsonl", input=text)
    return {row["id"]: row for row in map(json.loads, out.splitlines())}


def test_expectations_in_other_kinds_of_unit_are_errors(cli) -> None:
    rows = run_claims(
        cli,
        "claims:\n  - {id: a, expr: 'buy($6B, H100)', expect: 25 kB}\n"
        "  - {id: b, expr: 'buy($6B, H100)', expect: 200000 token}\n"
        "  - {id: c, expr: 'buy($6B, H100)', expect: 200000}\n",
    )
    assert rows["a"]["verdict"] == rows["b"]["verdict"] == "error"
    # a plain number stands for a count of GPUs: 6e9 / 30,000 = 200,000
    assert rows["c"]["verdict"] == "holds"


def test_strict_bounds(cli) -> None:
    rows = run_claims(
        cli,
        "claims:\n  - {id: gt, expr: '1 MW', expect: '> 1 MW'}\n"
        "  - {id: lt, expr: '1 MW', expect: '< 1 MW'}\n"
        "  - {id: ge, expr: '1 MW', expect: '>= 1 MW'}\n",
    )
    assert (rows["gt"]["verdict"], rows["lt"]["verdict"], rows["ge"]["verdict"]) == ("fails", "fails", "holds")


def test_tolerance_without_percent(cli) -> None:
    rows = run_claims(
        cli,
        "claims:\n  - {id: a, expr: '100 MW', expect: 400 MW, tolerance: 5}\n"
        "  - {id: b, expr: '100 MW', expect: 400 MW, tolerance: '1000%'}\n",
    )
    assert rows["a"]["verdict"] == "error" and "without % would mean 500%" in rows["a"]["message"]
    assert rows["b"]["verdict"] == "holds"


def test_one_row_per_claim_and_dates_are_not_expressions(cli) -> None:
    rows = run_claims(cli, "claims:\n  - {id: a, exp: 1, tolerance: lots}\n  - {id: b, expr: 2024-05-01, expect: 1}\n")
    assert len(rows) == 2
    assert "a claim needs expr" in rows["a"]["message"] and "tolerance" in rows["a"]["message"]
    assert "expr must be text, got a date" in rows["b"]["message"]


def test_unquoted_bound_gets_a_hint(cli) -> None:
    rows = run_claims(cli, "claims:\n  - id: a\n    expr: 1 MW\n    expect: >= 100 MW\n")
    (row,) = rows.values()
    assert row["verdict"] == "error" and "quote values that start with >" in row["message"]


def test_non_utf8_stdin(tmp_path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "cli", "check", "-", "--format", "jsonl"], input=b"claims: [\xff]\n", capture_output=True
    )
    (row,) = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert proc.returncode == 2 and row["verdict"] == "error" and "UTF-8" in row["message"]


def test_empty_file_name(cli) -> None:
    code, out, _ = cli("check", "", "--format", "jsonl")
    assert code == 2 and "an empty file name was given" in json.loads(out)["message"]


def test_junit_with_control_characters_is_well_formed(cli) -> None:
    code, out, _ = cli(
        "check",
        "-",
        "--format",
        "junit",
        input='claims:\n  - {id: "a\\u0001b\\u001bc", expr: "1 MW", expect: "1 MW"}\n',
    )
    assert code == 0
    assert ET.fromstring(out).find("testsuite/testcase").get("name") == "a\ufffdb\ufffdc"


def test_overlay_cannot_take_another_name(cli, tmp_path) -> None:
    hijack = tmp_path / "hijack.yaml"
    hijack.write_text(
        "sources:\n  s: {title: T, publisher: P, date: '2024'}\ngpus:\n  Foo:\n    aliases: [H100]\n"
        "    price: [{as_of: '2030', value: 1 USD, source: s}]\n"
    )
    code, out, err = cli("buy", "$6B", "--gpu", "H100", "--catalogue", str(hijack))
    assert code == 2 and "'H100' is already a name or alias of H100-SXM" in err
    code, out, _ = cli("catalogue", "validate", str(hijack))
    assert code == 2 and "already a name or alias of H100-SXM" in out


@pytest.mark.parametrize(
    "text, words",
    [
        ("gpus: {H100: {aliases: 5}}\n", "aliases is a list of names"),
        ("gpus:\n  X:\n    bf16_dense: {value: 989 TB/s, source: s}\n", "has the wrong unit"),
        ("gpus:\n  X:\n    memory: {value: 80, source: s}\n", "has the wrong unit"),
        ("sources:\n  a: {title: &x T, publisher: *x, date: '2024'}\n", "anchors and aliases are not allowed"),
    ],
)
def test_validate_reports(cli, tmp_path, text, words) -> None:
    path = tmp_path / "o.yaml"
    path.write_text(
        "sources:\n  s: {title: T, publisher: P, date: '2024'}\n" + text if "sources:\n  a" not in text else text
    )
    code, out, _ = cli("catalogue", "validate", str(path))
    assert code == 2 and words in out


def test_unknown_source_is_reported_with_other_problems(cli, tmp_path) -> None:
    path = tmp_path / "o.yaml"
    path.write_text("gpus:\n  X:\n    tdp: {value: 1 USD, source: nope}\n    released: soon\n")
    code, out, _ = cli("catalogue", "validate", str(path))
    assert code == 2
    assert "unknown source id 'nope'" in out and "bad date 'soon'" in out and "has the wrong unit" in out


def test_readme_overlay_example(bundled, cli, tmp_path) -> None:
    path = tmp_path / "my-prices.yaml"
    path.write_text(
        "sources:\n  our-deal: {title: Negotiated quote, publisher: ACME procurement, date: '2025-01'}\n"
        "gpus:\n  H100:\n    price:\n      - {as_of: '2025-01', value: 24000 USD, source: our-deal}\n"
    )
    # 6e9 / 24,000 = 250,000
    assert cli("buy", "$6B", "--gpu", "H100", "--catalogue", str(path), "-q")[:2] == (0, "250000\n")


def test_cache_holding_null_is_ignored(fixed_catalogue, tmp_path) -> None:
    from estimator.catalogue import read_layer

    read_layer(fixed_catalogue)
    (cache,) = (tmp_path / "cache").glob("catalogue-*.json")
    cache.write_text("null")
    assert read_layer(fixed_catalogue).data["gpus"]["H100-SXM"]["vendor"] == "NVIDIA"


@pytest.mark.parametrize("args", [["check", "CLAIMS"], ["gpus"], ["power", "100k", "--gpu", "H100"]])
def test_reader_going_away_is_not_an_error(args, tmp_path) -> None:
    claims = tmp_path / "c.yaml"
    claims.write_text("claims:\n" + "".join(f"  - {{id: c{i}, expr: '1 MW', expect: 1 MW}}\n" for i in range(300)))
    argv = [sys.executable, "-m", "cli", *[str(claims) if a == "CLAIMS" else a for a in args]]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    assert proc.wait(timeout=60) == 0
    assert b"Traceback" not in proc.stderr.read()


@pytest.mark.parametrize(
    "option, value, words",
    [
        ("--electricity", "8", "--electricity must be between 0 and 2, got 8.0 USD/kWh"),
        ("--electricity", "0.08 USD/J", "got 288000.0 USD/kWh"),  # 0.08 USD/J x 3.6e6 J/kWh
        ("--grid", "400", "--grid must be between 0 and 2, got 400.0 kg/kWh"),
    ],
)
def test_electricity_and_grid_typed_in_the_wrong_unit_are_refused(cli, option: str, value: str, words: str) -> None:
    code, out, err = cli("power", "100k", "--gpu", "H100", option, value)
    assert code == 2 and out == "" and words in err


def test_grams_per_kwh_are_kilograms_divided_by_a_thousand(cli) -> None:
    # 100k x 1275 W x 1.1 x 1.2 PUE = 168.3 MW; x 8766 h = 1,475,317.8 MWh/yr; x 0.4 t/MWh = 590,127 t/yr
    code, out, err = cli("power", "100k", "--gpu", "H100", "--grid", "400 g/kWh", "--json")
    assert code == 0, err
    assert json.loads(out)["result"]["emissions_per_year"]["value"] == pytest.approx(590_127.12)
