"""Claim files: expectations, verdicts, tolerance, formats and exit codes.

Fixture figures as in test_calc.py: $6B buys 200,000 H100 (150,000..240,000); 100k H100 draw
168.3 MW at the facility (147.26..219.94).
"""

from __future__ import annotations

import json
import math
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from estimator import exit_code
from estimator.catalogue import load_catalogue
from estimator.claims import check_text, parse_expectation, parse_tolerance
from estimator.errors import InputError


@pytest.mark.parametrize(
    "text, low, high, claimed, unit",
    [
        ("200000 GPU", 200_000, 200_000, 200_000, "GPU"),
        ("150k..250k GPU", 150_000, 250_000, 200_000, "GPU"),
        (">= 100 MW", 100, math.inf, 100, "MW"),
        ("> 100 MW", 100, math.inf, 100, "MW"),
        ("<= $6B", -math.inf, 6e9, 6e9, "USD"),
        ("< 100000", -math.inf, 100_000, 100_000, ""),
        # 150 x 0.8 = 120 .. 150 x 1.2 = 180
        ("150 MW ±20%", 120, 180, 150, "MW"),
    ],
)
def test_expectations(text, low, high, claimed, unit) -> None:
    e = parse_expectation(text)
    assert (e.low, e.high, e.claimed) == pytest.approx((low, high, claimed))
    assert f"{e.unit:~}".replace(" ", "") == unit


def test_bound_takes_one_value() -> None:
    with pytest.raises(InputError, match="a bound takes one value"):
        parse_expectation(">= 1..2 MW")


@pytest.mark.parametrize("value, expected", [("25%", 0.25), (0.1, 0.1), ("0", 0.0), (0, 0.0)])
def test_tolerance(value, expected) -> None:
    assert parse_tolerance(value, "t") == expected


@pytest.mark.parametrize("value", ["lots", "-5%", True, "5000%"])
def test_bad_tolerance(value) -> None:
    with pytest.raises(InputError):
        parse_tolerance(value, "t")


def run(text: str):
    _, verdicts = check_text(textwrap.dedent(text), "claims.yaml", load_catalogue)
    return {v.id: v for v in verdicts}, verdicts


def test_verdicts() -> None:
    found, verdicts = run(
        """
        claims:
          - {id: exact, expr: "buy($6B, H100)", expect: 200000 GPU}
          - {id: inside-range, expr: "buy($6B, H100)", expect: 240000 GPU}
          - {id: too-many, expr: "buy($6B, H100)", expect: 300000 GPU}
          - {id: too-many-but-tolerant, expr: "buy($6B, H100)", expect: 260000 GPU, tolerance: 10%}
          - {id: power-bound, expr: "power(100k, H100)", expect: ">= 100 MW"}
          - {id: power-too-high, expr: "power(100k, H100)", expect: ">= 250 MW"}
          - {id: plain-count, expr: "100k / 24576", expect: ">= 4"}
        """
    )
    assert found["exact"].status == "holds" and found["exact"].ratio == pytest.approx(1)
    assert found["inside-range"].status == "holds"
    # 300,000 claimed / 200,000 computed = 1.5; outside 150,000..240,000
    assert found["too-many"].status == "fails" and found["too-many"].ratio == pytest.approx(1.5)
    # 240,000 x 1.1 = 264,000 >= 260,000
    assert found["too-many-but-tolerant"].status == "holds"
    assert found["power-bound"].status == "holds"
    # 250 > 219.94 (the high end): fails; ratio 250 / 168.3 = 1.485
    assert found["power-too-high"].status == "fails"
    assert found["power-too-high"].ratio == pytest.approx(250 / 168.3)
    # 100,000 / 24,576 = 4.069
    assert found["plain-count"].status == "holds"
    assert exit_code(verdicts) == 1


def test_file_tolerance_and_claim_override() -> None:
    found, _ = run(
        """
        tolerance: 10%
        claims:
          - {id: file-default, expr: "buy($6B, H100)", expect: 260000 GPU}
          - {id: claim-strict, expr: "buy($6B, H100)", expect: 260000 GPU, tolerance: 0%}
        """
    )
    assert found["file-default"].status == "holds"
    assert found["claim-strict"].status == "fails"


def test_as_of_in_file_and_claim() -> None:
    found, _ = run(
        """
        as_of: 2023-12
        claims:
          - {id: file-date, expr: "6e9 USD / H100.price", expect: 171428 GPU ±1%}
          - {id: claim-date, expr: "6e9 USD / H100.price", expect: 200000 GPU, as_of: 2024-06}
        """
    )
    # 6e9 / 35,000 = 171,428.6 (2023-06 point) and 6e9 / 30,000 = 200,000 (2024-05 point)
    assert found["file-date"].computed.typical == pytest.approx(171_428.571, rel=1e-6)
    assert found["claim-date"].computed.typical == pytest.approx(200_000)


ERRORS = [
    ("claims:\n  - {id: a, expr: 'buy($6B, H10)', expect: 1 GPU}\n", "a", "unknown accelerator 'H10'"),
    ("claims:\n  - {id: a, expr: 'power(1k, H100)', expect: 5 USD}\n", "a", "not in the same kind of unit"),
    ("claims:\n  - {id: a, expr: 'power(1k, H100)', expect: '5'}\n", "a", "has no unit but expr gives MW"),
    ("claims:\n  - {id: a, expr: '1 +', expect: '1'}\n", "a", "claims.yaml:2: a: expected a number"),
    ("claims:\n  - {id: a, expect: '1'}\n", "a", "claims.yaml:2: claims[0]: a claim needs expr"),
    ("claims:\n  - {id: a, exp: 1, expr: '1', expect: '1'}\n", "a", "unknown key (did you mean expr?)"),
    ("claims:\n  - {id: a, expr: '1', expect: '1'}\n  - {id: a, expr: '1', expect: '1'}\n", "a", "duplicate"),
    ("claims:\n  - {id: a, expr: '1', expect: '1', tolerance: lots}\n", "a", "is not a tolerance"),
    ("title: x\n", "(file)", "a claim file needs a list under claims"),
    ("claims: [1, 2\n", "(file)", "not valid YAML"),
    ("", "(file)", "the file is empty"),
    ("a: &x [1]\nclaims: *x\n", "(file)", "anchors and aliases are not allowed"),
    ("claimz: []\n", "(file)", "unknown key"),
    ("as_of: someday\nclaims:\n  - {id: a, expr: '1', expect: '1'}\n", "(file)", "bad date 'someday'"),
]


@pytest.mark.parametrize("text, ident, message", ERRORS, ids=[e[2] for e in ERRORS])
def test_errors(text: str, ident: str, message: str) -> None:
    _, verdicts = run(text)
    mine = [v for v in verdicts if v.id == ident]
    assert any(v.status == "error" for v in mine)
    assert any(message in v.message for v in mine), [v.message for v in mine]
    assert exit_code(verdicts) == 2


def test_a_broken_claim_does_not_stop_the_others() -> None:
    found, verdicts = run(
        """
        claims:
          - {id: good, expr: "buy($6B, H100)", expect: 200000 GPU}
          - {id: broken, expr: "buy($6B, H10)", expect: 1 GPU}
          - {id: bad, expr: "buy($6B, H100)", expect: 1 GPU}
        """
    )
    assert [v.status for v in verdicts] == ["holds", "error", "fails"]
    assert exit_code(verdicts) == 2


# ----------------------------------------------------------------- the command

CLAIMS = """\
title: test claims
claims:
  - id: six-billion
    says: $6B buys about 200,000 H100s
    expr: buy($6B, H100)
    expect: 200000 GPU
  - id: wrong-power
    expr: power(100k, H100)
    expect: 10 MW
"""


@pytest.fixture
def claims_file(tmp_path: Path) -> Path:
    p = tmp_path / "claims.yaml"
    p.write_text(CLAIMS)
    return p


@pytest.fixture
def holding_file(tmp_path: Path) -> Path:
    p = tmp_path / "ok.yaml"
    p.write_text("claims:\n  - {id: ok, expr: 'runway($6B, $3B/yr)', expect: 2 yr}\n")
    return p


def test_exit_codes(cli, claims_file, holding_file, tmp_path) -> None:
    assert cli("check", str(holding_file), "-q") == (0, "", "")
    assert cli("check", str(claims_file), "-q")[0] == 1
    broken = tmp_path / "broken.yaml"
    broken.write_text("claims: [1, 2\n")
    assert cli("check", str(holding_file), str(broken), "-q")[0] == 2
    assert cli("check", str(tmp_path / "missing.yaml"), "-q")[0] == 2


def test_table(cli, claims_file) -> None:
    code, out, err = cli("check", str(claims_file))
    assert code == 1 and err == ""
    assert "holds" in out and "fails" in out and "1 hold, 1 fail, 0 error, 2 claims" in out


def test_json_and_jsonl(cli, claims_file) -> None:
    code, out, _ = cli("check", str(claims_file), "--format", "json")
    doc = json.loads(out)
    assert doc["summary"] == {"total": 2, "holds": 1, "fails": 1, "error": 0}
    first, second = doc["claims"]
    assert first["id"] == "six-billion" and first["verdict"] == "holds"
    assert first["computed"] == {"value": 200000, "low": 150000, "high": 240000, "unit": "GPU"}
    assert first["assumptions"] == ["H100-SXM.price"]
    # 10 MW claimed / 168.3 MW computed
    assert second["verdict"] == "fails" and second["ratio"] == pytest.approx(10 / 168.3)
    assert cli("check", str(claims_file), "--json")[1] == out
    code, out, _ = cli("check", str(claims_file), "-f", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["verdict"] for r in rows] == ["holds", "fails"]


def test_junit(cli, claims_file, tmp_path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("claims: [1, 2\n")
    code, out, _ = cli("check", str(claims_file), str(broken), "--format", "junit")
    assert code == 2
    root = ET.fromstring(out)
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "1", "1")
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [str(claims_file), str(broken)]
    cases = suites[0].findall("testcase")
    assert [c.get("name") for c in cases] == ["six-billion", "wrong-power"]
    assert cases[0].find("failure") is None
    failure = cases[1].find("failure")
    assert failure is not None and "outside computed" in failure.get("message")
    error = suites[1].find("testcase").find("error")
    assert error is not None and "not valid YAML" in error.get("message")
    for suite in suites:  # attributes the common JUnit schema requires
        assert {"name", "tests", "failures", "errors"} <= set(suite.attrib)
        for case in suite.findall("testcase"):
            assert {"name", "classname"} <= set(case.attrib)


def test_markdown(cli, claims_file) -> None:
    code, out, _ = cli("check", str(claims_file), "--format", "markdown")
    lines = out.splitlines()
    assert lines[0] == "### gpucost check: test claims"
    assert "| verdict | claim | computed | expected | claimed/computed |" in lines
    assert any(line.startswith("| ✅ holds | `six-billion`") for line in lines)
    assert any(line.startswith("| ❌ fails | `wrong-power`") for line in lines)


def test_stdin(cli) -> None:
    text = "claims:\n  - {id: c, expr: 'buy($6B, H100)', expect: 200k GPU}\n"
    code, out, _ = cli("check", "-", "--format", "jsonl", input=text)
    assert code == 0 and json.loads(out)["file"] == "<stdin>"


def test_bad_format_is_a_usage_error(cli, claims_file) -> None:
    code, out, err = cli("check", str(claims_file), "--format", "xml")
    assert code == 2 and out == "" and err.startswith("error: ") and "--format" in err


def test_explain_lists_sources(cli, claims_file) -> None:
    code, out, _ = cli("check", str(claims_file), "--explain")
    assert "explain: catalogue figures used" in out and "source [test-price]" in out


# ----------------------------------------------------------------- the bundled claims


def test_bundled_xai_claims_hold(bundled, cli) -> None:
    from estimator.catalogue import data_dir

    path = data_dir() / "claims" / "xai-2024-05.yaml"
    code, out, err = cli("check", str(path), "--format", "json")
    doc = json.loads(out)
    assert code == 0, [c["message"] for c in doc["claims"] if c["verdict"] != "holds"]
    ids = {c["id"] for c in doc["claims"]}
    assert {
        "six-billion-buys-200k-h100",
        "four-times-the-largest-cluster",
        "six-billion-lasts-one-to-two-years",
    } <= ids
    assert len(ids) >= 8
    for c in doc["claims"]:
        assert c["says"] and c["note"], c["id"]
    four = next(c for c in doc["claims"] if c["id"] == "four-times-the-largest-cluster")
    # 100,000 / 24,576 (Meta's clusters, March 2024) = 4.069
    assert four["computed"]["value"] == pytest.approx(4.069, abs=1e-3)


def test_missing_catalogue_overlay_is_one_error(cli, claims_file) -> None:
    code, out, err = cli("check", str(claims_file), "--catalogue", "/no/such.yaml")
    assert code == 2 and out == ""
    assert err == "error: catalogue file not found: /no/such.yaml " + (
        "(hint: check the path given to --catalogue or GPUCOST_CATALOGUE)\n"
    )


def test_junit_is_valid_against_the_junit_schema(cli, claims_file, tmp_path) -> None:
    """Holds, fails, claim errors and a broken file, validated with an XSD validator."""
    import xmlschema

    broken = tmp_path / "broken.yaml"
    broken.write_text("claims: [1, 2\n")
    odd = tmp_path / "odd & <odd>.yaml"
    odd.write_text("claims:\n  - {id: 'a\"<b>&', expr: 'buy($6B, H10)', expect: 1 GPU}\n")
    code, out, _ = cli("check", str(claims_file), str(broken), str(odd), "--format", "junit")
    assert code == 2
    schema = xmlschema.XMLSchema(str(Path(__file__).parent / "fixtures" / "junit.xsd"))
    schema.validate(out)  # raises with the first violation
    root = ET.fromstring(out)
    assert root.get("tests") == "4"


def test_explain_lists_every_point_a_run_used(cli, tmp_path) -> None:
    # the fixture's H100 points: 35,000 (2023-06) for claim a, 30,000 (2024-05) for claim b
    path = tmp_path / "asof.yaml"
    path.write_text(
        "as_of: 2023-12\nclaims:\n"
        '- {id: a, expr: "H100.price", expect: 35000 USD/GPU}\n'
        '- {id: b, expr: "H100.price", expect: 30000 USD/GPU, as_of: 2024-08}\n'
    )
    code, out, err = cli("check", str(path), "--explain", "--format", "csv")
    assert code == 0, err
    assert "(as of 2023-06)" in err and "(as of 2024-05)" in err


@pytest.mark.parametrize("fmt", ["json", "junit"])
def test_explain_with_json_or_junit_says_the_sources_on_stderr(cli, fmt: str) -> None:
    # a claim's JSON names its figures only; the values and sources go to stderr
    code, out, err = cli("check", "data/claims/xai-2024-05.yaml", "--explain", "--format", fmt)
    assert err.startswith("explain: catalogue figures used\n") and "source [" in err


@pytest.mark.parametrize(
    "text, hint",
    [
        ("", "a claim file is a mapping with claims:"),  # empty: what a claim file looks like
        ("claims: [\n", "check the YAML at that line"),  # broken YAML: where to look
    ],
)
def test_an_unreadable_claim_file_gets_the_hint_for_its_problem(cli, tmp_path, text: str, hint: str) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(text)
    code, _, err = cli("check", str(path))
    assert code == 2 and err.count("\n") == 1 and f"(hint: {hint}" in err


# ----------------------------------------------------------------- bounded memory


def generated(n: int) -> str:
    """``n`` claims in turn: a purchase that holds, a facility power that holds, a ratio that
    fails (100,000 / 24,576 = 4.07, not < 4)."""
    kinds = [("buy($6B, H100)", "200k GPU"), ("power(100k, H100)", ">= 100 MW"), ("100k / 24576", "< 4")]
    rows = (f"  - {{id: c{i}, expr: '{kinds[i % 3][0]}', expect: '{kinds[i % 3][1]}'}}\n" for i in range(n))
    return "claims:\n" + "".join(rows)


def test_a_claim_is_checked_only_when_its_verdict_is_asked_for(monkeypatch) -> None:
    import estimator.claims as claims

    checked: list[str] = []
    real = claims.check_claim
    monkeypatch.setattr(claims, "check_claim", lambda c, cat: checked.append(c.id) or real(c, cat))
    stream = claims.iter_verdicts([claims.read_claims(generated(30), "big.yaml")], load_catalogue)
    assert checked == []
    first = [next(stream).id for _ in range(3)]
    assert first == ["c0", "c1", "c2"] and checked == first  # none checked ahead of its turn


def alive_at_most(n: int, fmt: str) -> tuple[int, dict[str, int], int, int]:
    """Check ``n`` generated claims and write them in ``fmt``: the exit code, the counts, how
    many verdicts were seen, and the most of them alive at once (counted by weak references)."""
    import io
    import weakref

    from cli.output import Environment
    from cli.render import emit
    from cli.reports import CheckReport
    from estimator.claims import iter_verdicts, read_claims

    files = [read_claims(generated(n), "big.yaml")]
    refs: list[weakref.ref] = []
    most = 0

    def seen(v) -> None:
        nonlocal most
        refs.append(weakref.ref(v))
        most = max(most, sum(r() is not None for r in refs))

    report = CheckReport(files, iter_verdicts(files, load_catalogue), seen)
    code = emit(report, fmt, Environment(io.StringIO(), io.StringIO()))
    return code, report.counts, len(refs), most


@pytest.mark.parametrize("fmt", ["quiet", "json", "jsonl", "csv", "markdown"])
@pytest.mark.parametrize("n", [9, 90])
def test_a_check_run_holds_a_few_verdicts_at_a_time_whatever_its_length(n: int, fmt: str) -> None:
    """-q needs only the counts and the exit code, and json, jsonl, csv and markdown write each
    verdict as it comes, so no run keeps its verdicts (about 1.3 KB each): at any time at most
    3 are alive, the one being written, the one before it (the writer's loop variable) and the
    file's first (heapq.merge keeps the first item of its last input). Counted with weak
    references, so the guard is exact and does not depend on the machine."""
    code, counts, seen, most = alive_at_most(n, fmt)
    # every third claim fails: 100,000 / 24,576 = 4.07 is not < 4
    assert (code, seen) == (1, n) and counts == {"total": n, "holds": 2 * n // 3, "fails": n // 3, "error": 0}
    assert most <= 3, f"{most} of {n} verdicts alive at once with {fmt}"


def test_the_verdict_count_sees_a_run_that_keeps_its_verdicts() -> None:
    # the guard above can fail: junit builds its document from the list of all verdicts
    assert alive_at_most(90, "junit")[3] == 90
