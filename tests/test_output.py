"""The output model: every command in every --format parses and holds hand-worked values; the
shared options a command does not honour are usage errors; one JSON writer; one exit table."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from cli.render import write_json
from cli.status import ExitStatus, exit_status
from estimator.status import Status, overall

HOLDS = "claims:\n  - {id: a, expr: 'buy($6B, H100)', expect: '200k GPU'}\n"
TEXT = "xAI will spend $6 billion on 200,000 Nvidia H100 GPUs.\n"

COMMANDS = {
    "buy": ["buy", "$6B", "--gpu", "H100", "--price", "$30k"],
    "power": ["power", "100k", "--gpu", "H100"],
    "runway": ["runway", "$6B", "--burn", "$3B/yr"],
    "train": ["train", "--params", "7B", "--tokens", "2T", "--gpu", "H100", "--count", "512"],
    "cluster": ["cluster", "1024", "--gpu", "H100", "--years", "4"],
    "calc": ["calc", "6e9 USD / 30000 USD"],
    "check": ["check", "-"],
    "scan": ["scan", "-"],
    "gpus": ["gpus"],
    "gpus NAME": ["gpus", "H100"],
}
FORMATS = ["table", "json", "jsonl", "csv", "markdown"]


def run(cli, name: str, *extra: str):
    stdin = HOLDS if name == "check" else TEXT if name == "scan" else None
    return cli(*COMMANDS[name], *extra, input=stdin)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_writes_every_format(cli, name: str, fmt: str) -> None:
    code, out, err = run(cli, name, "--format", fmt)
    assert code == 0, err
    assert out.strip()
    if fmt == "json":
        assert json.loads(out)["command"] == name.split()[0]
    elif fmt == "jsonl":
        lines = out.splitlines()
        assert lines and all(isinstance(json.loads(line), dict) for line in lines)
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert len(rows) >= 2 and {len(r) for r in rows} == {len(rows[0])}
    elif fmt == "markdown":
        lines = out.splitlines()
        at = next(i for i, line in enumerate(lines) if line.startswith("| "))
        assert lines[at + 1].startswith("|---")


def test_json_shorthand_is_format_json(cli) -> None:
    for name in COMMANDS:
        assert run(cli, name, "--json") == run(cli, name, "--format", "json")


def test_csv_is_raw_numbers_with_a_unit_column(cli) -> None:
    # $6B / $30k a GPU = 200,000 GPUs; the price range of the fixture does not apply (price given)
    code, out, _ = run(cli, "buy", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows[0] == {
        "key": "gpus",
        "label": rows[0]["label"],
        "value": "200000",
        "low": "200000",
        "high": "200000",
        "unit": "GPU",
    }


def test_check_csv_rows_and_quoting(cli) -> None:
    text = "claims:\n  - {id: 'a, \"b\"', expr: 'buy($6B, H100)', expect: '200k GPU'}\n"
    code, out, _ = cli("check", "-", "--format", "csv", input=text)
    header, row = list(csv.reader(io.StringIO(out)))
    assert code == 0
    assert header == ["file", "line", "id", "verdict", "value", "low", "high", "unit"] + [
        "expect",
        "tolerance",
        "ratio",
        "message",
    ]
    got = dict(zip(header, row, strict=True))
    assert got["id"] == 'a, "b"' and got["verdict"] == "holds" and got["unit"] == "GPU"
    assert got["line"] == "2" and got["expect"] == "200k GPU" and got["ratio"] == "1"


def test_jsonl_is_one_object_per_output(cli) -> None:
    # 6e9 / 3e9 a year = 2 years = 24 months
    code, out, _ = run(cli, "runway", "--format", "jsonl")
    got = {r["key"]: (r["value"], r["unit"]) for r in map(json.loads, out.splitlines())}
    assert code == 0 and got["runway"] == (2.0, "yr") and got["months"] == (24.0, "mo")


def test_markdown_of_a_number_command(cli) -> None:
    code, out, _ = run(cli, "runway", "--format", "markdown")
    assert code == 0 and "| runway | 2.00 yr |  |" in out.splitlines()


def test_gpus_csv_marks_the_price_in_use(cli) -> None:
    code, out, _ = cli("gpus", "H100", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    prices = [r for r in rows if r["figure"] == "price"]
    assert code == 0 and prices and sum(r["in_use"] == "true" for r in prices) == 1
    assert all(r["unit"] == "USD/GPU" for r in prices)
    tdp = next(r for r in rows if r["figure"] == "tdp")
    assert tdp["value"] == "700" and tdp["unit"] == "W/GPU"


def test_gpus_markdown_flag_is_format_markdown(cli) -> None:
    assert cli("gpus", "--markdown") == cli("gpus", "--format", "markdown")


def test_check_jsonl_is_one_verdict_per_line(cli) -> None:
    text = HOLDS + "  - {id: b, expr: 'buy($6B, H100)', expect: '50k GPU'}\n"
    code, out, _ = cli("check", "-", "--format", "jsonl", input=text)
    got = [(r["id"], r["verdict"]) for r in map(json.loads, out.splitlines())]
    assert code == 1 and got == [("a", "holds"), ("b", "fails")]


# which shared options each command reads: giving another is a usage error, not ignored
EVERY = {"--format", "--json", "--quiet", "--explain", "--catalogue", "--as-of", "--debug"}
HONOURS = {
    "buy": EVERY,
    "power": EVERY - {"--as-of"},
    "runway": EVERY - {"--as-of", "--catalogue"},
    "train": EVERY,
    "cluster": EVERY,
    "calc": EVERY,
    "check": EVERY,
    "scan": EVERY - {"--explain"},
    "gpus": EVERY - {"--explain"},
}


@pytest.mark.parametrize("name", list(HONOURS))
def test_each_command_declares_the_shared_options_it_honours(name: str) -> None:

    from cli.main import load_command

    command = load_command(name)
    declared = {o for p in command.params for o in p.opts if o in EVERY}
    assert declared == HONOURS[name]


VALUES = {"--format": "json", "--catalogue": "x.yaml", "--as-of": "2024-05"}


@pytest.mark.parametrize(
    ("name", "option"), [(n, o) for n, honoured in HONOURS.items() for o in sorted(EVERY - honoured)]
)
def test_an_option_a_command_does_not_honour_is_a_usage_error(cli, name: str, option: str) -> None:
    args = [option, *([VALUES[option]] if option in VALUES else [])]
    code, out, err = run(cli, name, *args)
    assert code == 2 and out == "" and err.startswith("error: No such option")


def test_quiet_prints_the_primary_value(cli) -> None:
    assert run(cli, "runway", "-q") == (0, "2\n", "")
    assert run(cli, "check", "-q") == (0, "", "")
    assert run(cli, "gpus NAME", "-q")[1] == "H100-SXM\n"


@pytest.mark.parametrize("name", ["buy", "check", "gpus"])
def test_quiet_takes_no_format(cli, name: str) -> None:
    code, out, err = run(cli, name, "-q", "--format", "csv")
    assert code == 2 and out == "" and "--quiet" in err


# --------------------------------------------------------------------------- the JSON writer

DOCS = [
    {},
    {"a": [], "b": {}, "c": [1, {"d": [2, 3]}], "e": "x\u00e9\u4ebf"},
    {"command": "check", "claims": [{"id": 1}, {"id": 2}], "summary": {"total": 2}, "version": "0"},
]


@pytest.mark.parametrize("doc", DOCS)
def test_streamed_json_is_json_dumps(doc: dict[str, object]) -> None:
    """A list given as an iterator (and a value given as a callable) is written exactly as
    json.dumps(indent=2) writes the finished document."""
    lazy = {k: (iter(v) if isinstance(v, list) else (lambda v=v: v)) for k, v in doc.items()}
    out: list[str] = []
    write_json(lazy, out.append)
    assert "".join(out) == json.dumps(doc, indent=2) + "\n"
    out.clear()
    write_json(doc, out.append)
    assert "".join(out) == json.dumps(doc, indent=2) + "\n"


def test_json_is_ascii(cli) -> None:
    code, out, _ = cli("scan", "-", "--json", input="公司花费60亿美元购买20万块H100。\n")
    assert out.isascii() and "60亿美元" in [f["text"] for f in json.loads(out)["figures"]]


# --------------------------------------------------------------------------- exit codes


def test_the_exit_table() -> None:
    assert [exit_status(s) for s in Status] == [0, 0, 1, 2, 0]  # ok holds fails error info
    assert overall([]) == Status.ok
    assert overall([Status.holds, Status.info]) == Status.holds
    assert overall([Status.holds, Status.fails, Status.info]) == Status.fails
    assert overall([Status.fails, Status.error, Status.holds]) == Status.error
    assert ExitStatus.BAD_INPUT == 2 and ExitStatus.INTERRUPTED == 130


def test_the_library_exit_code_agrees_with_the_cli_table() -> None:
    from estimator import exit_code
    from estimator.claims import Verdict

    for statuses in ([], [Status.holds], [Status.holds, Status.fails], [Status.fails, Status.error], [Status.info]):
        verdicts = [Verdict("f", str(i), s) for i, s in enumerate(statuses)]
        assert exit_code(verdicts) == exit_status(overall(statuses))


def test_status_reads_and_writes_as_its_name() -> None:
    assert Status.holds == "holds" and f"{Status.fails}" == "fails" and str(Status.error) == "error"
    assert json.dumps({Status.info: Status.holds}) == '{"info": "holds"}'


def test_check_exit_codes_follow_the_table(cli, tmp_path: Path) -> None:
    fails = "claims:\n  - {id: a, expr: 'buy($6B, H100)', expect: '50k GPU'}\n"
    broken = "claims:\n  - {id: a, expr: 'nonsense(', expect: '50k GPU'}\n"
    for text, status in ((HOLDS, Status.holds), (fails, Status.fails), (broken, Status.error)):
        for fmt in FORMATS:
            assert cli("check", "-", "--format", fmt, input=text)[0] == exit_status(status)


def test_catalogue_validate_in_every_format(cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("gpus:\n  X1:\n    vendor: x\n    memory: 80 W\n", encoding="utf-8")
    code, out, _ = cli("catalogue", "validate", str(bad))
    assert code == 2 and out.startswith(f"{bad}:4: gpus.X1.memory: ")
    code, out, _ = cli("catalogue", "validate", str(bad), "missing.yaml", "--json")
    doc = json.loads(out)
    assert code == 2 and doc["command"] == "catalogue validate"
    assert [(f["path"], f["ok"]) for f in doc["files"]] == [(str(bad), False), ("missing.yaml", False)]
    assert doc["files"][0]["problems"][0]["line"] == 4 and doc["files"][0]["problems"][0]["field"] == "gpus.X1.memory"
    code, out, _ = cli("catalogue", "validate", str(bad), "--format", "csv")
    header, row = list(csv.reader(io.StringIO(out)))
    assert code == 2 and header == ["file", "line", "field", "message"] and row[:3] == [str(bad), "4", "gpus.X1.memory"]
    code, out, _ = cli("catalogue", "validate", str(bad), "--format", "jsonl")
    assert code == 2 and json.loads(out)["line"] == 4
    code, out, _ = cli("catalogue", "validate", str(bad), "--format", "markdown")
    assert code == 2 and out.splitlines()[:2] == ["| file | line | field | message |", "|---|---|---|---|"]
    assert cli("catalogue", "validate", str(bad), "-q")[0] == 2  # no such option: a usage error


def test_an_info_check_says_what_was_worked_out(cli) -> None:
    # a lone GPU count: its cost and power are worked out (100k x the fixture's $30k, $25k..$40k), nothing is claimed
    code, out, _ = cli("scan", "-", "--format", "jsonl", input="xAI bought 100,000 Nvidia H100 GPUs.\n")
    infos = [r for r in map(json.loads, out.splitlines()) if r["verdict"] == "info"]
    assert code == 0 and infos and all(r["message"].startswith("worked out: ") for r in infos)
    assert not any("expected" in r["message"] for r in infos)
    assert infos[0]["message"] == "worked out: $3.0 B ($2.5 B .. $4.0 B)"


def test_errors_map_to_exit_codes_in_one_table() -> None:
    import typer

    from cli.status import error_status
    from estimator.errors import InputError

    eof = typer.Abort()
    eof.__cause__ = EOFError()
    assert error_status(InputError("bad", "hint")) == 2
    assert error_status(typer.BadParameter("bad")) == 2
    assert error_status(ValueError("a bug")) == 2
    assert error_status(eof) == 2
    assert error_status(typer.Abort()) == 130
    assert error_status(BrokenPipeError()) == 0


@pytest.mark.parametrize("extra", [["--format", "csv"], ["--format", "jsonl"], ["--format", "markdown"], ["-q"]])
def test_the_sensitivity_view_is_refused_where_it_cannot_show(cli, extra: list[str]) -> None:
    code, out, err = cli("power", "100k", "--gpu", "H100", "--sensitivity", *extra)
    assert code == 2 and out == "" and "the sensitivity view shows in the table and in --json" in err


def test_markdown_escapes_dollars_so_github_shows_no_math(cli) -> None:
    # "$6.0 B ($4.0 B .. $8.0 B)" between two $ would render as inline math in a job summary
    code, out, err = cli("check", "data/claims/xai-2024-05.yaml", "--format", "markdown")
    assert code == 0, err
    cells = [line for line in out.splitlines() if line.startswith("| ✅")]
    assert cells and all("$" not in line.replace("\\$", "") for line in cells)


@pytest.mark.parametrize("text", ["", "  \n\n"])
def test_an_empty_text_to_scan_is_bad_input(cli, tmp_path, text: str) -> None:
    # a failed download piped in (curl -s ... | gpucost scan -) must not pass a CI gate
    path = tmp_path / "story.txt"
    path.write_text(text)
    code, out, err = cli("scan", str(path))
    assert (
        code == 2
        and out == ""
        and err == f"error: {path}: the text is empty (hint: check the file, or the command that fed it)\n"
    )


def test_explain_says_when_nothing_came_from_the_catalogue(cli) -> None:
    # runway takes both figures from the command line
    code, out, err = cli("runway", "$6B", "--burn", "$3B/yr", "--explain")
    assert code == 0 and out.endswith("explain: no catalogue figures or defaults were used\n")
