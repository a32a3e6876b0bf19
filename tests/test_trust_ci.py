"""No silent pass and no broken contract for CI (reliability review, class 4, and the
ecosystem review): file errors reach stderr, documented keys stay, ignored or repeated options
are refused, --emit-claims never destroys a file and always writes one `check` accepts, and
Markdown shows text as it is."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from estimator.claims import read_claims

GPUCOST = Path(sys.executable).with_name("gpucost")
ARTICLE = "xAI will spend $6 billion on 200,000 H100s this year.\n"


# --------------------------------------------------------------------------- errors on stderr


@pytest.mark.parametrize("form", [[], ["-q"], ["--format", "json"], ["--format", "junit"]])
def test_a_missing_claim_file_is_an_error_line(cli, form) -> None:
    code, out, err = cli("check", "missing.yaml", *form)
    assert code == 2 and err == "error: file not found: missing.yaml (hint: check the path)\n"


def test_with_quiet_a_broken_claim_is_said_on_stderr(cli) -> None:
    code, out, err = cli("check", "-", "-q", input='claims:\n- {id: a, expr: "buy($6B, H1000)", expect: "1"}\n')
    assert code == 2 and out == "" and err.startswith("error: <stdin>:2: a: ") and "unknown accelerator" in err


def test_validate_a_missing_file(cli) -> None:
    code, out, err = cli("catalogue", "validate", "missing.yaml")
    assert code == 2 and out == "" and err.startswith("error: missing.yaml: file not found")


def test_an_empty_claim_list_is_accepted_with_a_warning(cli) -> None:
    code, out, err = cli("check", "-", input="claims: []\n")
    assert code == 0 and "0 hold, 0 fail, 0 error, 0 claims" in out
    assert err == "warning: <stdin> has no claims to check\n"
    code, _, _ = cli("check", "-", input="title: no claims key\n")
    assert code == 2  # no claims: key at all is still an error


# --------------------------------------------------------------------------- stable keys


TRAIN_KEYS = ["days", "count", "flops", "gpu_hours", "cost_rented", "cost_owned", "owned_hardware"]
CLUSTER_KEYS = ["cost_per_gpu_hour", "rental_per_gpu_hour", "rent_over_own", "capex", "tco", "emissions_per_year"]


def test_documented_keys_are_null_when_not_computed(cli) -> None:
    # NoRental-Z has a price but no rental price: the rented cost cannot be computed
    doc = json.loads(cli("train", "--flops", "1e21", "--gpu", "NoRental-Z", "--count", "8", "--json")[1])
    assert all(k in doc["result"] for k in TRAIN_KEYS)
    assert doc["result"]["cost_rented"] is None and doc["result"]["cost_owned"] is not None
    doc = json.loads(cli("cluster", "8", "--gpu", "NoRental-Z", "--json")[1])
    assert all(k in doc["result"] for k in CLUSTER_KEYS)
    assert doc["result"]["rental_per_gpu_hour"] is None and doc["result"]["rent_over_own"] is None
    assert doc["result"]["capex"]["value"] > 0


# --------------------------------------------------------------------------- options


@pytest.mark.parametrize(
    "args, option",
    [
        (["power", "100k", "--gpu", "H100", "--as-of", "1990"], "--as-of"),
        (["runway", "$6B", "--burn", "$3B/yr", "--as-of", "1990"], "--as-of"),
        (["runway", "$6B", "--burn", "$3B/yr", "--catalogue", "x.yaml"], "--catalogue"),
    ],
)
def test_options_a_command_ignores_are_refused(cli, args, option) -> None:
    code, out, err = cli(*args)
    assert code == 2 and f"No such option: {option}" in err


def test_the_catalogue_variable_does_not_break_runway(cli, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("GPUCOST_CATALOGUE", str(tmp_path / "none.yaml"))
    assert cli("runway", "$6B", "--burn", "$3B/yr", "-q") == (0, "2\n", "")  # 6e9 / 3e9 a year


@pytest.mark.parametrize(
    "args",
    [
        ["buy", "$6B", "--gpu", "H100", "--gpu", "H200"],
        ["buy", "$6B", "--gpu=H100", "-g", "H200"],
        ["buy", "$6B", "-gH100", "--gpu", "H100"],
        ["power", "1k", "--gpu", "H100", "--pue", "1.1", "--pue", "1.3"],
        ["check", "-", "--format", "json", "-f", "jsonl"],
    ],
)
def test_an_option_given_twice_is_refused(cli, args) -> None:
    code, out, err = cli(*args, input="claims: []\n")
    assert code == 2 and out == "" and "given more than once" in err


def test_flags_may_repeat_and_values_may_look_like_options(cli) -> None:
    assert cli("buy", "$6B", "--gpu", "H100", "-q", "-q")[1] == "200000\n"
    # the value of --burn is '-q'-free text: only options before '--' count
    assert cli("runway", "--burn", "$3B/yr", "--", "$6B")[0] == 0


# --------------------------------------------------------------------------- --emit-claims


def test_emit_claims_never_replaces_a_file_without_force(cli, tmp_path) -> None:
    article = tmp_path / "art.txt"
    article.write_text(ARTICLE)
    mine = tmp_path / "mine.yaml"
    mine.write_text("precious\n")
    code, _, err = cli("scan", str(article), "--emit-claims", str(mine), "-q")
    assert code == 2 and "exists" in err and "--force" in err and mine.read_text() == "precious\n"
    assert cli("scan", str(article), "--emit-claims", str(mine), "-q", "--force")[0] in (0, 1)
    assert "claims:" in mine.read_text()


def test_emit_claims_never_replaces_the_text_scanned(cli, tmp_path) -> None:
    article = tmp_path / "art.txt"
    article.write_text(ARTICLE)
    link = tmp_path / "link.txt"
    link.symlink_to(article)
    for target in (article, link):
        code, _, err = cli("scan", str(article), "--emit-claims", str(target), "--force")
        assert code == 2 and "is the text being scanned" in err
    assert article.read_text() == ARTICLE


def test_emit_claims_replaces_a_symlink_rather_than_its_target(cli, tmp_path) -> None:
    article = tmp_path / "art.txt"
    article.write_text(ARTICLE)
    target = tmp_path / "target.yaml"
    target.write_text("keep\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    assert cli("scan", str(article), "--emit-claims", str(link), "--force", "-q")[0] in (0, 1)
    assert target.read_text() == "keep\n" and not link.is_symlink() and "claims:" in link.read_text()


@pytest.mark.parametrize(
    "text",
    [
        "Meta bought 350,000 H100s.\n",  # nothing to pair: an empty claim list
        "xAI will spend $6 billion on 200,000 H100s\x7f.\n",  # DEL
        "xAI will spend $6 billion\x85 on 200,000 H100s\x1b[31m.\n",  # C1 and an escape sequence
        "xAI \ud800 will spend $6 billion on 200,000 H100s.\n",  # a lone surrogate
    ],
)
def test_emitted_claim_files_are_accepted_by_check(cli, tmp_path, text) -> None:
    article = tmp_path / "a.txt"
    article.write_text(text, encoding="utf-8", errors="surrogatepass")
    out_file = tmp_path / "c.yaml"
    code, _, err = cli("scan", str(article), "--emit-claims", str(out_file), "-q")
    if code == 2:  # the lone surrogate is not UTF-8: refused on reading, never written
        assert "not UTF-8" in err and not out_file.exists()
        return
    cf = read_claims(out_file.read_text(encoding="utf-8"), str(out_file))
    assert cf.problems == []
    assert cli("check", str(out_file), "-q")[0] in (0, 1)


def test_emit_claims_to_stdout_takes_no_report_format(cli, tmp_path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    for args in (["--json"], ["--format", "markdown"]):
        code, out, err = cli("scan", str(article), "--emit-claims", "-", *args)
        assert code == 2 and out == "" and "--emit-claims -" in err
    code, out, _ = cli("scan", str(article), "--emit-claims", "-")
    assert out.startswith("# Claims found by gpucost scan")


# --------------------------------------------------------------------------- Markdown


def test_markdown_shows_text_as_it_is(cli) -> None:
    text = (
        'title: "Tricky | title with *stars* and <b>tags</b>"\n'
        "claims:\n"
        '  - {id: "pipe|id", says: "a *not* so _subtle_ <i>claim</i>", expr: "10 GPU*h", expect: "10 GPU*h"}\n'
    )
    code, out, _ = cli("check", "-", "--format", "markdown", input=text)
    assert code == 0
    assert "### gpucost check: Tricky \\| title with \\*stars\\* and \\<b\\>tags\\</b\\>" in out
    assert "a \\*not\\* so \\_subtle\\_ \\<i\\>claim\\</i\\>" in out
    assert "`pipe\\|id`" in out
    assert "10.0 GPU\\*h" in out or "10 GPU\\*h" in out
    assert "<b>" not in out and "<i>" not in out


# --------------------------------------------------------------------------- warnings


def test_an_overlay_that_shadows_a_source_or_adds_an_older_point_is_warned_about(cli, tmp_path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        'sources:\n  test-price: {title: "Also replaced", publisher: Nobody, date: "1999-01"}\n'
        'gpus:\n  H100:\n    price:\n      - {as_of: "2024-03", value: 22000 USD, source: test-price}\n'
    )
    code, out, err = cli("buy", "$6B", "--gpu", "H100", "--catalogue", str(path), "-q")
    assert (code, out) == (0, "200000\n")  # the bundled 2024-05 point is still the latest
    assert f"warning: {path}:2: sources.test-price: replaces the source" in err
    assert f"warning: {path}:6: gpus.H100.price[0]: this point (2024-03) is older" in err
    code, out, err = cli("catalogue", "validate", str(path))
    assert code == 0 and "warning:" in err


# --------------------------------------------------------------------------- narrow terminals


@pytest.mark.skipif(not GPUCOST.exists(), reason="the installed console script is not next to python")
@pytest.mark.parametrize("columns", ["0", "1", "20", "-5", "abc"])
def test_narrow_or_odd_terminal_widths(columns, tmp_path) -> None:
    claims = tmp_path / "c.yaml"
    claims.write_text('claims:\n- {id: a, expr: "1", expect: "1"}\n- {id: b, expr: "1", expect: "2"}\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith("GPUCOST")}
    env.update(FORCE_COLOR="1", NO_COLOR="1", COLUMNS=columns)
    env["GPUCOST_BASE_CATALOGUE"] = str(Path(__file__).parent / "fixtures" / "catalogue.yaml")
    r = subprocess.run([str(GPUCOST), "check", str(claims)], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 1 and "holds" in r.stdout and "fails" in r.stdout, r.stdout
    r = subprocess.run([str(GPUCOST), "power", "1k", "-g", "H100"], capture_output=True, text=True, env=env)
    assert r.returncode == 0 and "facility power" in r.stdout


def test_an_overlay_point_no_as_of_can_pick_is_said_and_one_in_between_says_when(cli, tmp_path) -> None:
    # the fixture's H100 points are 2023-06 and 2024-05: a year-only 2024 point is picked by
    # --as-of 2024-01..2024-04, one dated 2023 is hidden by nothing before 2023-06 (so used)
    path = tmp_path / "y.yaml"
    path.write_text(
        'sources:\n  mine: {title: "Mine", publisher: Me, date: "2024-01"}\n'
        'gpus:\n  H100:\n    price:\n      - {as_of: "2024", value: 24000 USD, source: mine}\n'
    )
    code, out, err = cli("calc", "H100.price", "--as-of", "2024-02", "--catalogue", str(path), "-q")
    assert (code, out) == (0, "24000\n")
    assert "used only with an --as-of from 2024 until before 2024-05" in err
    # a year-only point beside a January point of the same year can never be picked
    path.write_text(
        'sources:\n  mine: {title: "Mine", publisher: Me, date: "2024-01"}\n'
        "gpus:\n  H100:\n    price:\n"
        '      - {as_of: "2025-01", value: 20000 USD, source: mine}\n'
        '      - {as_of: "2025", value: 21000 USD, source: mine}\n'
    )
    code, out, err = cli("catalogue", "validate", str(path))
    assert code == 2
    assert "gpus.H100.price[1]: this point (2025) is never used: the point dated 2025-01" in out


@pytest.mark.parametrize("args", [["buy", "0", "--gpu", "H100"], ["buy", "$6B", "--gpu", "H100", "--bogus"]])
def test_debug_adds_the_traceback_and_keeps_the_exit_code(args: list[str]) -> None:
    proc = subprocess.run([sys.executable, "-m", "cli", *args, "--debug"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2  # bad input, as without --debug (not Python's 1 for an uncaught error)
    assert "Traceback (most recent call last)" in proc.stderr
    assert proc.stderr.rstrip().splitlines()[-1].startswith("error: ")
