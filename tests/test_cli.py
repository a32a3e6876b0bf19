"""The commands end to end through CliRunner: stdout, stderr and exit code."""

from __future__ import annotations

import json

import pytest


def test_buy_quiet_is_a_bare_number(cli) -> None:
    # 6e9 / 30,000 = 200,000
    code, out, err = cli("buy", "$6B", "--gpu", "H100", "-q")
    assert (code, out, err) == (0, "200000\n", "")


def test_buy_json_contract(cli) -> None:
    code, out, err = cli("buy", "6 billion USD", "--gpu", "h100-sxm5", "--json")
    assert code == 0 and err == ""
    doc = json.loads(out)
    assert set(doc) == {"command", "inputs", "assumptions", "result", "breakdown", "notes", "version"}
    assert doc["command"] == "buy"
    assert doc["inputs"]["budget"] == {"value": 6e9, "low": 6e9, "high": 6e9, "unit": "USD"}
    assert doc["inputs"]["gpu"] == "H100-SXM"
    assert doc["result"]["gpus"] == {"value": 200000, "low": 150000, "high": 240000, "unit": "GPU"}
    (price,) = doc["assumptions"]
    assert price["name"] == "H100-SXM.price"
    assert (price["value"], price["low"], price["high"], price["unit"]) == (30000, 25000, 40000, "USD/GPU")
    assert price["as_of"] == "2024-05"
    assert price["source"][0]["id"] == "test-price"


def test_buy_table_on_stdout(cli) -> None:
    code, out, err = cli("buy", "$6B", "--gpu", "H100")
    assert code == 0 and err == ""
    assert "200,000 GPU" in out
    assert "150,000 GPU .. 240,000 GPU" in out
    assert "$30,000/GPU" in out


def test_buy_explain_cites_sources(cli) -> None:
    code, out, _ = cli("buy", "$6B", "--gpu", "H100", "--explain")
    assert code == 0
    assert "source [test-price]: Test price point (fixture)" in out


def test_quiet_explain_goes_to_stderr(cli) -> None:
    code, out, err = cli("buy", "$6B", "--gpu", "H100", "-q", "--explain")
    assert (code, out) == (0, "200000\n")
    assert "source [test-price]" in err


def test_power_quiet_and_json(cli) -> None:
    # facility: 100,000 x 1,275 W x 1.1 x 1.2 = 168.3 MW
    code, out, _ = cli("power", "100,000", "--gpu", "H100", "-q")
    assert code == 0 and float(out) == pytest.approx(168.3)
    code, out, _ = cli("power", "100k", "--gpu", "H100", "--json")
    doc = json.loads(out)
    # chips: 100,000 x 700 W = 70 MW
    assert doc["result"]["chip_power"] == {"value": 70.0, "low": 70.0, "high": 70.0, "unit": "MW"}
    assert [a["name"] for a in doc["assumptions"]] == [
        "H100-SXM.tdp",
        "H100-SXM.system_power",
        "defaults.it_overhead",
        "defaults.pue",
        "defaults.electricity_price",
        "defaults.grid_carbon",
    ]


def test_power_table(cli) -> None:
    code, out, _ = cli("power", "100k", "--gpu", "H100", "--pue", "1.2", "--it-overhead", "0.1")
    assert code == 0
    assert "70.0 MW" in out and "168 MW" in out and "1.48 TWh/yr" in out and "$118 M/yr" in out


def test_runway_quiet_and_range(cli) -> None:
    # 6e9 / 3e9 per year = 2 years
    assert cli("runway", "$6B", "--burn", "$3B/yr", "-q")[1] == "2\n"
    code, out, _ = cli("runway", "$6B", "--burn", "$3B..$6B/yr", "--json")
    # 6 / 6 = 1 .. 6 / 3 = 2 years
    r = json.loads(out)["result"]["runway"]
    assert (r["low"], r["high"], r["unit"]) == (1.0, 2.0, "yr")


def test_catalogue_overlay_price(cli, tmp_path) -> None:
    overlay = tmp_path / "ours.yaml"
    overlay.write_text(
        "sources:\n  deal: {title: Our negotiated price, publisher: us, date: '2024-06'}\n"
        "gpus:\n  H100:\n    price:\n"
        "      - {as_of: '2024-06', value: 24000 USD, source: deal}\n"
    )
    # 6e9 / 24,000 = 250,000
    assert cli("buy", "$6B", "--gpu", "H100", "-q", "--catalogue", str(overlay))[:2] == (0, "250000\n")


def test_version(cli) -> None:
    code, out, _ = cli("--version")
    assert code == 0 and out.startswith("gpucost ")


@pytest.mark.parametrize("command", ["buy", "power", "runway"])
def test_help_has_examples(cli, command) -> None:
    code, out, _ = cli(command, "--help")
    assert code == 0
    assert "Examples:" in out and f"gpucost {command} " in out.split("Examples:")[1]


ERRORS = [
    # (arguments, words the one error line must hold)
    (["buy", "$6B", "--gpu", "H10"], "unknown accelerator 'H10' (hint: did you mean H100"),
    (["buy", "$6B", "--gpu", "Hopper"], "unknown accelerator 'Hopper' (hint: gpucost gpus lists"),
    (["runway", "$6B", "--burn", "3 MW"], "--burn: 3 MW is in MW, not a rate of spending"),
    (["buy", "3 MW", "--gpu", "H100"], "budget: 3 MW is in MW, not a sum of money"),
    (["power", "5 USD", "--gpu", "H100"], "count: 5 USD is in USD, not a count"),
    (["buy", "0", "--gpu", "H100"], "budget must be more than zero"),
    (["buy", "--gpu", "H100", "--", "-5"], "budget must be more than zero"),
    (["runway", "$6B", "--burn", "0 USD/yr"], "--burn must be more than zero"),
    (["buy", "six", "--gpu", "H100"], "budget: cannot read 'six' as a number"),
    (["buy", "6 USDD", "--gpu", "H100"], "unknown unit 'USDD'"),
    (["buy", "B", "--gpu", "H100"], "shell expanded (hint: put the amount in single quotes"),
    (["runway", "B", "--burn", "B/yr"], "shell expanded"),
    (
        ["buy", "$6B", "--gpu", "H100", "--catalogue", "/no/such.yaml"],
        "catalogue file not found: /no/such.yaml",
    ),
    (["buy", "$6B", "--gpu", "NoPrice-X"], "no purchase price for NoPrice-X"),
    (["power", "10", "--gpu", "NoPrice-X"], "no system_power for NoPrice-X"),
    (["power", "10", "--gpu", "H100", "--pue", "0.5"], "--pue must be at least 1"),
    (["buy", "$6B", "--gpu", "H100", "--as-of", "May"], "'May' is not a date"),
    (["buy", "$6B", "--gpu", "H100", "--as-of", "2019"], "at or before 2019"),
    (["buy", "$6B", "--gpu", "H100", "--json", "-q"], "exclude each other"),
    (["buy", "$6B"], "Missing option '--gpu'"),
    (["bye"], "No such command 'bye'"),
]


@pytest.mark.parametrize("args, words", ERRORS, ids=[" ".join(a) for a, _ in ERRORS])
def test_errors_are_one_line_exit_2(cli, args, words) -> None:
    code, out, err = cli(*args)
    assert code == 2
    assert out == ""
    assert err.startswith("error: ") and err.count("\n") == 1
    assert words in err
    assert "hint:" in err
    assert "Traceback" not in err


def test_broken_catalogue_overlay(cli, tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("gpus:\n  H100:\n    tdp: {value: 700 USD, source: nv-h100-ds}\n")
    code, out, err = cli("power", "10", "--gpu", "H100", "--catalogue", str(bad))
    assert code == 2 and out == ""
    assert err.startswith(f"error: {bad}:3: gpus.H100.tdp:") and "wrong unit" in err


def test_debug_shows_the_traceback_then_the_error(cli) -> None:
    code, out, err = cli("buy", "$6B", "--gpu", "H10", "--debug")
    assert code == 2 and out == ""
    assert "UnknownAccelerator" in err and err.rstrip().splitlines()[-1].startswith("error: unknown accelerator")


def test_a_bug_is_still_one_error_line(cli, monkeypatch) -> None:
    import estimator.commands.runway as runway

    def broken(*args, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(runway, "SPEC", runway.SPEC.replace(run=broken))
    code, out, err = cli("runway", "$6B", "--burn", "$3B/yr")
    assert code == 2 and out == ""
    assert err == (
        "error: internal error: ZeroDivisionError: boom "
        "(hint: this is a bug in gpucost; rerun with --debug and report the traceback)\n"
    )


def test_json_inputs_include_given_options(cli) -> None:
    code, out, _ = cli("power", "100k", "--gpu", "H100", "--pue", "1.1..1.3", "--json")
    inputs = json.loads(out)["inputs"]
    # 1.1..1.3: typical is the midpoint 1.2
    assert inputs["pue"] == {"value": pytest.approx(1.2), "low": 1.1, "high": 1.3, "unit": ""}
    assert set(inputs) == {"count", "gpu", "pue"}


def test_the_root_help_summaries_are_each_commands_own_first_line() -> None:
    from cli.main import SUMMARIES, load_command

    for name, summary in SUMMARIES.items():
        command = load_command(name)
        assert (command.help or "").strip().splitlines()[0] == summary, name


def test_the_root_help_and_a_typo_load_no_command_module() -> None:
    import subprocess
    import sys

    probe = (
        "import sys\nfrom cli.main import main\n"
        "for args in (['--help'], ['bye']):\n"
        "    sys.argv = ['gpucost', *args]\n"
        "    try:\n        main()\n    except SystemExit:\n        pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('cli.commands.')), file=sys.stderr)"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert proc.stderr.strip().splitlines()[-1] == "[]"
    assert "buy        How many GPUs a budget buys" in proc.stdout


@pytest.mark.parametrize("typo, meant", [("buyy", "buy"), ("catalog", "catalogue"), ("powr", "power")])
def test_a_mistyped_command_gets_a_suggestion(cli, typo: str, meant: str) -> None:
    code, out, err = cli(typo)
    assert code == 2 and out == ""
    assert f"No such command '{typo}'. Did you mean '{meant}'?" in err
