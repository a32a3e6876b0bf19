"""Start-up guards that do not depend on the machine's speed: what each path imports.

The one-liner must not pull in numpy, pydantic or rich; ``--help`` and usage errors must not
import pint; a warm catalogue cache means no YAML parser.  Each case runs in a fresh
interpreter, since the test process itself has imported everything.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import json, sys
from cli.main import main
sys.argv = ["gpucost"] + json.loads(sys.argv[1])
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
watched = ["numpy", "pydantic", "rich", "pint", "yaml", "typer", "estimator.api", "estimator.commands.train"]
sys.stderr.write("\\nMODULES " + json.dumps([m for m in watched if m in sys.modules]) + "\\n")
"""


def imported(args: list[str], env_extra: dict[str, str] | None = None) -> tuple[set[str], str]:
    env = {**os.environ, **(env_extra or {})}
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True, env=env, timeout=60
    )
    line = [x for x in proc.stderr.splitlines() if x.startswith("MODULES ")][-1]
    return set(json.loads(line[len("MODULES ") :])), proc.stdout


def test_one_liner_imports_no_numpy_pydantic_rich() -> None:
    mods, out = imported(["buy", "$6B", "--gpu", "H100", "-q"])
    assert out == "200000\n"
    assert "pint" in mods  # it did compute
    assert not mods & {"numpy", "pydantic", "rich"}


ONE_LINERS = [
    ["buy", "$6B", "--gpu", "H100", "-q"],
    ["buy", "$6B", "--gpu", "H100", "--json"],
    ["power", "100k", "--gpu", "H100", "--json"],
    ["runway", "$6B", "--burn", "$3B/yr", "-q"],
    ["calc", "6e9 USD / H100.price", "-q"],
    ["cluster", "1k", "--gpu", "H100", "-q"],
]


@pytest.mark.parametrize("args", ONE_LINERS, ids=" ".join)
def test_one_liners_skip_typer(args: list[str]) -> None:
    """The fast path reads them (cli/fast.py): no typer or click; a number command loads its own
    declaration only (not train's) and not the API module (calc's evaluator)."""
    mods, out = imported(args)
    assert out and "pint" in mods
    assert not mods & {"typer", "rich"}
    if args[0] != "calc":
        assert not mods & {"estimator.api", "estimator.commands.train"}


def test_json_path_imports_no_rich() -> None:
    mods, out = imported(["power", "100k", "--gpu", "H100", "--json"])
    assert json.loads(out)["command"] == "power"
    assert not mods & {"numpy", "pydantic", "rich"}


@pytest.mark.parametrize("args", [["--help"], ["buy", "--help"], ["power", "-h"], ["bye"], ["buy"], ["--version"]])
def test_help_and_usage_errors_skip_pint(args: list[str]) -> None:
    mods, _ = imported(args)
    assert "pint" not in mods and "yaml" not in mods and "rich" not in mods


@pytest.mark.parametrize("args", [["--version"], ["buy", "$6B"], ["buy", "$6B", "--gpu", "H1", "--gpu", "H2"]])
def test_version_and_the_fast_paths_usage_errors_skip_typer(args: list[str]) -> None:
    mods, _ = imported(args)
    assert not mods & {"typer", "pint", "yaml", "rich"}


def test_warm_cache_skips_yaml(tmp_path: Path) -> None:
    env = {"GPUCOST_CACHE_DIR": str(tmp_path)}
    cold, _ = imported(["buy", "$6B", "--gpu", "H100", "-q"], env)
    warm, out = imported(["buy", "$6B", "--gpu", "H100", "-q"], env)
    assert "yaml" in cold and "yaml" not in warm
    assert out == "200000\n"


def test_installed_console_script_runs(tmp_path: Path) -> None:
    """The console script of this environment, run from an unrelated directory."""
    script = Path(sys.executable).with_name("gpucost")
    exe = str(script) if script.exists() else shutil.which("gpucost")
    assert exe, "the gpucost console script is not installed in this environment"
    proc = subprocess.run(
        [exe, "runway", "$6B", "--burn", "$3B/yr", "-q"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    # 6e9 USD / 3e9 USD per year = 2 years
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "2\n", "")
    proc = subprocess.run([exe, "buy", "B", "--gpu", "H100"], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert proc.returncode == 2 and proc.stdout == "" and proc.stderr.startswith("error: ")


def test_python_dash_m_cli(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "cli", "runway", "$6B", "--burn", "$3B/yr", "-q"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert (proc.returncode, proc.stdout) == (0, "2\n")


def test_shell_completion_of_commands_and_gpu_names() -> None:
    """bash completion, driven the way the installed completion script drives it."""

    def complete(words: str, cword: int) -> list[str]:
        env = {**os.environ, "COMP_WORDS": words, "COMP_CWORD": str(cword), "_GPUCOST_COMPLETE": "complete_bash"}
        proc = subprocess.run(
            [sys.executable, "-c", "from cli.main import main; main()"], env=env, capture_output=True, text=True
        )
        assert proc.returncode == 0 and proc.stderr == ""
        return proc.stdout.split()

    assert complete("gpucost bu", 1) == ["buy"]
    assert complete("gpucost buy --gpu H1", 3) == ["H100", "H100-SXM", "H100-SXM5"]
    assert "check" in complete("gpucost ", 1)


@pytest.mark.parametrize(
    "args",
    [
        ["gpus", "--json"],  # a long output: every byte is flushed before the fast exit
        ["buy", "$6B", "--gpu", "H100", "-q"],
        ["buy", "B", "--gpu", "H100"],  # a usage error: exit 2 and its line on stderr
        ["bye"],
        ["--version"],
    ],
)
def test_the_console_script_skips_teardown_but_nothing_else(args: list[str]) -> None:
    # script() leaves with os._exit after flushing: the same bytes and exit code as main()
    def run(entry: str) -> subprocess.CompletedProcess[bytes]:
        code = f"import sys; sys.argv[0] = 'gpucost'; from cli.main import {entry}; {entry}()"
        return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, timeout=60)

    slow, fast = run("main"), run("script")
    assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr)


def test_a_failing_claim_still_exits_one_through_the_script(tmp_path: Path) -> None:
    claims = tmp_path / "c.yaml"
    claims.write_text("claims:\n  - {id: a, expr: '2 * 3', expect: '7'}\n")
    proc = subprocess.run([sys.executable, "-m", "cli", "check", str(claims), "-q"], capture_output=True, timeout=60)
    assert proc.returncode == 1
