"""The one-liner's fast path (cli/fast.py) against the typer app it stands in for.

Two guards: the two parsers hand the same values to the command on the same argv (a table,
and generated command lines), and a whole run gives byte-identical stdout, stderr and exit
code either way on a table of command lines that includes every error the fast path reports
itself and every kind it leaves to typer.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli import fast, invoke
from cli.guard import CommandLineError

# ---------------------------------------------------------------------------- the parsers


def typer_values(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> tuple[str, Any]:
    """What the typer path hands to the command on ``argv``: ("ok", values) or ("error", message)."""
    import typer

    from cli.app import make_app

    seen: dict[str, Any] = {}

    def record(*args: Any) -> int:
        seen["values"] = dict(args[-1])
        return 0

    err = io.StringIO()
    with monkeypatch.context() as patch:
        patch.setattr(invoke, "number", record)
        patch.setattr(invoke, "calc", record)
        patch.setattr(sys, "stderr", err)
        patch.setattr(sys, "stdout", io.StringIO())
        group = typer.main.get_command(make_app([argv[0]]))
        code = group.main(argv, standalone_mode=False)  # the root group's main returns the exit code
    if "values" in seen:
        return "ok", seen["values"]
    return "error", (code, err.getvalue())


def fast_values(argv: list[str]) -> tuple[str, Any] | None:
    """What the fast path reads from ``argv``, all parameters filled as typer fills them;
    None when it leaves the line to typer."""
    declared = fast.params(argv[0])
    try:
        values = fast.parse(argv[0], argv[1:], declared)
    except CommandLineError:
        return "error", None
    if values is None:
        return None
    assert set(values) == {p.name for p in declared}, "every parameter has its value, as typer gives them"
    return "ok", values


def plain(argv: list[str]) -> bool | None:
    """Whether the fast path reads ``argv`` itself (None: typer reads it)."""
    try:
        return None if fast.read(argv) is None else True
    except CommandLineError:
        return True  # read, and found a usage error


def normal(values: dict[str, Any]) -> dict[str, Any]:
    fmt = values.get("format")
    return {**values, "format": getattr(fmt, "value", fmt)}


READ = [
    ["buy", "$6B", "--gpu", "H100", "-q"],
    ["buy", "--gpu=H100", "$6B", "--json"],
    ["buy", "-gH100", "6e9", "--price", "25000..40000 USD", "--as-of", "2024-05"],
    ["buy", "$6B", "-g", "H100", "-f", "csv", "--explain"],
    ["buy", "$6B", "-g", "H100", "--format=markdown", "--catalogue", "x.yaml"],
    ["buy", "$6B", "--gpu", "H100", "--sensitivity", "--sensitivity-of", "gpus"],
    ["buy", "$6B", "--gpu", "H100", "-q", "-q"],
    ["buy", "", "--gpu", ""],
    ["power", "100k", "--gpu", "H100", "--json", "--pue", "1.1..1.4", "--grid", "us"],
    ["runway", "$6B", "--burn", "$3B/yr", "-q"],
    ["train", "--params", "70B", "--tokens", "1.4T", "--gpu", "H100", "--count", "2048", "-q"],
    ["cluster", "1k", "--gpu", "H100", "--years", "4", "--json"],
    ["calc", "6e9 USD / H100.price", "-q"],
    ["calc", "--as-of", "2024-05", "1 + 1", "--format", "jsonl"],
]
TO_TYPER = [
    ["buy"],
    ["buy", "--help"],
    ["buy", "-h"],
    ["buy", "$6B", "--gpu", "H100", "--debug"],
    ["buy", "-5", "--gpu", "H100"],
    ["buy", "$6B", "--gpu"],
    ["buy", "$6B", "--gpu", "--json"],
    ["buy", "$6B", "7", "--gpu", "H100"],
    ["buy", "$6B", "--gpux", "H100"],
    ["buy", "$6B", "--gpu", "H100", "-qf", "json"],
    ["buy", "$6B", "--gpu", "H100", "--json=1"],
    ["buy", "$6B", "--gpu", "H100", "--format", "xml"],
    ["buy", "$6B", "--gpu", "H100", "--format", "JSON"],
    ["buy", "--", "$6B", "--gpu", "H100"],
    ["buy", "-", "--gpu", "H100"],
    ["runway", "$6B", "--burn", "$3B/yr", "--as-of", "2024-05"],  # runway reads no dated prices
]


@pytest.mark.parametrize("argv", READ, ids=" ".join)
def test_both_parsers_read_the_same_values(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> None:
    mine = fast_values(argv)
    assert mine is not None and mine[0] == "ok", "the fast path should read this line itself"
    kind, theirs = typer_values(monkeypatch, argv)
    assert kind == "ok" and normal(theirs) == mine[1]


@pytest.mark.parametrize("argv", TO_TYPER, ids=" ".join)
def test_unusual_lines_are_left_to_typer(argv: list[str]) -> None:
    assert plain(argv) is None


def test_the_catalogue_variable_is_read_as_typer_reads_it(monkeypatch: pytest.MonkeyPatch) -> None:
    argv = ["buy", "$6B", "--gpu", "H100"]
    for value in ("overlay.yaml", ""):  # an empty variable is as good as none (click's rule)
        monkeypatch.setenv("GPUCOST_CATALOGUE", value)
        mine = fast_values(argv)
        kind, theirs = typer_values(monkeypatch, argv)
        assert mine == (kind, normal(theirs)) and theirs["catalogue_file"] == (value or None)


# Tokens a command line of buy is made of: its options with and without values, values, and
# the odd ones (help, '--', negative numbers, run-together flags, unknown options).
TOKENS = [
    "$6B", "6e9", "B", "H100", "", "-5", "--", "-", "-h", "--help", "--gpu", "-g", "-gH100", "--gpu=H200",
    "--price", "30000", "--price=1..2", "-q", "--quiet", "--json", "-f", "json", "csv", "xml", "--format=csv",
    "-qf", "--explain", "--as-of", "2024-05", "2024-13", "--catalogue", "x.yaml", "--sensitivity",
    "--sensitivity-of", "gpus", "--gpux", "--debug", "--json=1",
]  # fmt: skip


VALUES = ["$6B", "H100", "H200", "", "30000", "1..2", "json", "csv", "xml", "2024-05", "2024-13", "x.yaml", "gpus"]
OPTIONS = ["--gpu", "-g", "--price", "-f", "--format", "--as-of", "--catalogue", "--sensitivity-of"]
FLAGS = ["-q", "--quiet", "--json", "--explain", "--sensitivity"]
# a part of a line: an option and its value (apart or joined), a flag, a bare value, or an odd token
PART = st.one_of(
    st.tuples(st.sampled_from(OPTIONS), st.sampled_from(VALUES)).map(list),
    st.tuples(st.sampled_from([o for o in OPTIONS if o.startswith("--")]), st.sampled_from(VALUES)).map(
        lambda p: [f"{p[0]}={p[1]}"]
    ),
    st.sampled_from(FLAGS).map(lambda f: [f]),
    st.sampled_from(VALUES).map(lambda v: [v]),
    st.sampled_from(TOKENS).map(lambda t: [t]),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.tuples(st.sampled_from([[], ["$6B", "--gpu", "H100"]]), st.lists(PART, max_size=5)).map(
        lambda line: line[0] + [t for p in line[1] for t in p]
    )
)
def test_generated_lines_read_alike_or_go_to_typer(monkeypatch: pytest.MonkeyPatch, tokens: list[str]) -> None:
    """On any line the fast path reads, typer reads the same values; where the fast path finds
    a usage error, typer finds the same one, word for word."""
    argv = ["buy", *tokens]
    mine = fast_values(argv)
    if mine is None:
        return  # typer's line
    kind, theirs = typer_values(monkeypatch, argv)
    assert kind == mine[0], (argv, theirs)
    if kind == "ok":
        assert normal(theirs) == mine[1]
    else:
        assert run_line(argv, False, monkeypatch) == run_line(argv, True, monkeypatch)


# ---------------------------------------------------------------------------- whole runs

RUNS = [
    *READ[:4],
    ["power", "100k", "--gpu", "H100", "--json"],
    ["runway", "$6B", "--burn", "$3B/yr", "-q"],
    ["calc", "6e9 USD / H100.price", "-q"],
    ["calc", "100k GPU * H100.tdp to MW", "--format", "csv"],
    # usage errors the fast path reports itself
    ["buy", "$6B"],  # a missing option
    ["runway", "$6B"],
    ["calc", "--json"],  # a missing argument
    ["train", "--params", "70B", "--gpu", "H100"],
    ["buy", "$6B", "--gpu", "H100", "--gpu", "H200"],  # an option given twice
    ["buy", "$6B", "-g", "H100", "--gpu=H200", "--gpux"],  # twice, before an unknown option
    ["buy", "$6B", "--gpu", "H100", "-q", "--json"],  # formats that exclude each other
    ["buy", "$6B", "--gpu", "H100", "-q", "-f", "csv"],
    ["buy", "$6B", "--gpu", "H100", "--json", "--format", "csv"],
    ["buy", "$6B", "--gpu", "H100", "--as-of", "2024-13"],  # not a date
    ["buy", "$6B", "--gpu", "H100", "-q", "--sensitivity"],
    ["buy", "$6B", "--gpu", "H100", "--catalogue", "/nonexistent/overlay.yaml"],
    ["buy", "B", "--gpu", "H100"],  # the shell ate the '$'
    ["calc", "B/yr * 2 yr"],
    # errors of the computation
    ["buy", "$6B", "--gpu", "H10"],
    ["buy", "6 MW", "--gpu", "H100"],
    ["buy", "$6B", "--gpu", "NoPrice-X", "-q"],
    ["calc", "1 +"],
    ["calc", "3 MW + 2 USD", "--json"],
    ["power", "100k", "--gpu", "H100", "--grid", "mars"],
    ["train", "--params", "70B", "--tokens", "1.4T", "--gpu", "H100", "--count", "2048", "--mode", "x"],
    ["buy", "$6B", "--gpu", "H100", "--sensitivity-of", "nothing"],
    # an unknown command (the fast path words it as typer's root group does)
    ["bye"],
    ["Buy", "$6B"],
    ["xyzzy", "--help"],
    [""],
    ["it's"],
    ["calcx", "1 + 1", "-q"],
    # lines left to typer (the same code runs: a check that the fall-back is complete)
    *TO_TYPER,
]


def run_line(argv: list[str], via_typer: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of the whole command line, run in-process."""
    from cli import main as entry
    from cli.app import make_app
    from cli.main import COMMANDS

    out, err = io.StringIO(), io.StringIO()
    with monkeypatch.context() as patch:
        patch.setattr(sys, "stdout", out)
        patch.setattr(sys, "stderr", err)
        patch.setattr(sys, "argv", ["gpucost", *argv])
        try:
            if via_typer:  # as cli.main builds it for a line the fast path leaves
                make_app([argv[0]] if argv and argv[0] in COMMANDS else COMMANDS)()
            else:
                entry.main()
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("argv", RUNS, ids=" ".join)
def test_a_run_is_byte_identical_either_way(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> None:
    via_fast = run_line(argv, via_typer=False, monkeypatch=monkeypatch)
    via_typer = run_line(argv, via_typer=True, monkeypatch=monkeypatch)
    assert via_fast == via_typer
    assert via_fast[0] in (0, 2) and (via_fast[1] or via_fast[2])  # it said something


def test_the_table_covers_both_paths_and_every_error_the_fast_path_words() -> None:
    """Every fast-path message kind is in RUNS, read by the fast path itself."""
    fast_lines = [a for a in RUNS if plain(a) is not None]
    assert len(fast_lines) >= 20 and any(plain(a) is None for a in RUNS)
    kinds = {"missing option": ["buy", "$6B"], "missing argument": ["calc", "--json"]}
    kinds["given twice"] = ["buy", "$6B", "--gpu", "H100", "--gpu", "H200"]
    for argv in kinds.values():
        assert argv in fast_lines


# ---------------------------------------------------------------------------- prebuilt --help


def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, texts: dict[str, str], typer_version: str) -> None:
    """A wheel's layout: site/estimator/data/help.json, typer's dist-info folder beside it."""
    import json

    import typer

    from estimator import __version__, paths

    data = tmp_path / "site" / "estimator" / "data"
    data.mkdir(parents=True)
    (tmp_path / "site" / f"typer-{typer.__version__}.dist-info").mkdir()
    doc = {"version": __version__, "typer": typer_version, "texts": texts}
    (data / "help.json").write_text(json.dumps(doc), encoding="utf-8")
    monkeypatch.setattr(paths, "data_dir", lambda: data)


@pytest.mark.parametrize("argv", [[], ["--help"], ["-h"], ["buy", "--help"], ["calc", "-h"], ["catalogue", "--help"]])
def test_a_prebuilt_help_is_printed_as_shipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    import typer

    from cli.main import COMMANDS

    texts = {
        name: f"help of {name or 'the root'}\n" for name in ["", *COMMANDS]
    }  # not typer's: seen to come from the file
    installed(tmp_path, monkeypatch, texts, typer.__version__)
    shown = texts[argv[0] if len(argv) == 2 else ""]
    assert run_line(argv, via_typer=False, monkeypatch=monkeypatch) == (0, shown, "")


@pytest.mark.parametrize("typer_version", ["0.0.1", None])
def test_a_help_made_by_another_typer_or_broken_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, typer_version: str | None
) -> None:
    texts = {"": "stale\n", "buy": "stale\n"}
    installed(tmp_path, monkeypatch, texts, typer_version)  # type: ignore[arg-type]
    assert run_line(["buy", "--help"], False, monkeypatch) == run_line(["buy", "--help"], True, monkeypatch)
    assert "stale" not in run_line(["buy", "--help"], False, monkeypatch)[1]


def test_the_help_texts_are_what_typer_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    from cli.app import help_texts

    for name, text in help_texts().items():
        argv = [name, "--help"] if name else ["--help"]
        assert run_line(argv, via_typer=True, monkeypatch=monkeypatch) == (0, text, "")
    assert run_line([], via_typer=True, monkeypatch=monkeypatch) == (0, help_texts()[""], "")  # `gpucost` alone


def test_an_eof_error_inside_a_command_is_said_alike_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    """click would call it a Ctrl-C (exit 130); both paths report one error line, exit 2."""
    import estimator.api

    def broken(*args: object, **kwargs: object) -> None:
        raise EOFError("truncated pickle")

    monkeypatch.setattr(estimator.api, "calc", broken)
    via_fast = run_line(["calc", "1"], via_typer=False, monkeypatch=monkeypatch)
    assert via_fast == run_line(["calc", "1"], via_typer=True, monkeypatch=monkeypatch)
    assert via_fast[0] == 2 and "unexpected end of input" in via_fast[2] and via_fast[2].count("\n") == 1
