"""The composite GitHub Action (action.yml), run step by step the way the runner runs it.

Each `run:` step is written to a file and run with `bash --noprofile --norc -eo pipefail FILE`
(GitHub's `shell: bash`), with the step's `env:` mapping after `${{ inputs.X }}` and
`${{ steps.ID.outputs.NAME }}` are replaced, and GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP
and GITHUB_ACTION_PATH pointing at temp paths. `uses:` steps are skipped: setup-python's
`python-path` output is a stand-in interpreter that makes a "venv" whose gpucost is the installed
console script, and whose pip records its arguments instead of installing (no network).
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
STEPS = ACTION["runs"]["steps"]

HOLDS = 'claims:\n  - {id: a, expr: "2 * 3", expect: "6"}\n'
FAILS = 'claims:\n  - {id: f, expr: "2 * 3", expect: "7"}\n'
BROKEN = "claims: [\n"

INPUT = re.compile(r"\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}")
OUTPUT = re.compile(r"\$\{\{\s*steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)\s*\}\}")


def installed_gpucost() -> Path | None:
    """The console script of the gpucost under test: next to this Python, else on PATH."""
    scripts = Path(sys.executable).parent
    for name in ("gpucost", "gpucost.exe"):
        if (scripts / name).is_file():
            return scripts / name
    found = shutil.which("gpucost")
    return Path(found) if found else None


GPUCOST = installed_gpucost()
needs_gpucost = pytest.mark.skipif(GPUCOST is None, reason="no installed gpucost console script found")

FAKE_PYTHON = """#!/bin/bash
# Stand-in for the interpreter setup-python gives (and for the venv's python): records its
# arguments one per line, "-m venv [--clear] DIR" makes a venv-like DIR, "-m pip ..." does nothing.
printf '%s\\n' "$0" "$@" "--" >> {log}
if [ "$1" = -m ] && [ "$2" = venv ]; then
    dir="${{@: -1}}"
    mkdir -p "$dir/{bindir}"
    cp "$0" "$dir/{bindir}/python{exe}"
    ln -s {target} "$dir/{bindir}/gpucost{exe}"
    exit 0
fi
if [ "$1" = -m ] && [ "$2" = pip ]; then exit 0; fi
exit 3
"""


@dataclass
class Run:
    code: int
    out: str  # stdout and stderr of every step, in order
    ws: Path  # the workspace (working directory)
    temp: Path  # RUNNER_TEMP
    action_path: Path  # GITHUB_ACTION_PATH
    summary: Path  # GITHUB_STEP_SUMMARY
    outputs: dict[str, dict[str, str]]
    python_log: Path


def read_outputs(path: Path) -> dict[str, str]:
    """Parse a GITHUB_OUTPUT file: `name=value` lines and `name<<DELIM` blocks."""
    values: dict[str, str] = {}
    lines = path.read_text().splitlines() if path.exists() else []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delim = line.split("<<", 1)
            end = lines.index(delim, i + 1)
            values[name] = "\n".join(lines[i + 1 : end])
            i = end + 1
            continue
        name, _, value = line.partition("=")
        values[name] = value
        i += 1
    return values


def run_action(
    tmp_path: Path,
    target: Path | None = None,
    layout: str = "posix",
    **inputs: str,
) -> Run:
    """Run the action's steps like the runner; inputs use `_` for `-` in their names."""
    assert GPUCOST is not None
    given = {name.replace("_", "-"): value for name, value in inputs.items()}
    unknown = set(given) - set(ACTION["inputs"])
    assert not unknown, f"not inputs of action.yml: {unknown}"
    values = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    values.update(given)

    ws, temp, action_path = tmp_path / "ws", tmp_path / "runner-temp", tmp_path / "action"
    for folder in (ws, temp, action_path):
        folder.mkdir(exist_ok=True)
    summary = tmp_path / "step-summary.md"
    summary.touch()
    log = tmp_path / "python-calls.txt"
    fake = tmp_path / "setup-python" / "python"
    fake.parent.mkdir(exist_ok=True)
    bindir, exe = ("Scripts", ".exe") if layout == "windows" else ("bin", "")
    fake.write_text(FAKE_PYTHON.format(log=log, bindir=bindir, exe=exe, target=target or GPUCOST))
    fake.chmod(0o755)

    # the job's PATH must not provide gpucost: the action has to call its own by path
    path = os.pathsep.join(
        d for d in os.environ.get("PATH", "").split(os.pathsep) if d and not (Path(d) / "gpucost").exists()
    )
    base = {**os.environ, "PATH": path, "RUNNER_TEMP": str(temp), "GITHUB_ACTION_PATH": str(action_path)}
    base["GITHUB_STEP_SUMMARY"] = str(summary)
    outputs: dict[str, dict[str, str]] = {}
    out = []

    def expand(text: str) -> str:
        text = INPUT.sub(lambda m: values[m.group(1)], text)
        text = OUTPUT.sub(lambda m: outputs.get(m.group(1), {}).get(m.group(2), ""), text)
        assert "${{" not in text, f"unsupported expression in {text!r}"
        return text

    code = 0
    for n, step in enumerate(STEPS):
        if "uses" in step:
            if step["uses"].startswith("actions/setup-python@") and "id" in step:
                outputs[step["id"]] = {"python-path": str(fake)}
            continue
        assert step["shell"] == "bash"
        script = tmp_path / f"step-{n}.sh"
        script.write_text(step["run"])
        output_file = temp / f"output-{n}"
        output_file.touch()
        env = {**base, "GITHUB_OUTPUT": str(output_file)}
        env.update({k: expand(str(v)) for k, v in step.get("env", {}).items()})
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=ws,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        out.append(proc.stdout + proc.stderr)
        if "id" in step:
            outputs[step["id"]] = read_outputs(output_file)
        code = proc.returncode
        if code:
            break  # a failing step fails the action; later steps do not run
    return Run(code, "".join(out), ws, temp, action_path, summary, outputs, log)


def claims(tmp_path: Path, files: dict[str, str]) -> Path:
    """Write files (relative path: text) in the workspace; returns the workspace."""
    ws = tmp_path / "ws"
    ws.mkdir(exist_ok=True)
    for name, text in files.items():
        path = ws / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return ws


def counts(run: Run) -> str:
    found = re.findall(r"^\d+ holds?, \d+ fails?, \d+ errors?, \d+ claims?$", run.out, re.M)
    assert found, run.out
    return found[0]


def error_lines(run: Run) -> list[str]:
    return [line for line in run.out.splitlines() if line.startswith("error: ")]


# the action file itself


def test_scripts_take_inputs_only_through_env() -> None:
    for step in STEPS:
        assert "${{" not in step.get("run", ""), step.get("name")
        for value in step.get("env", {}).values():
            # only a whole `${{ inputs.X }}` or `${{ steps.ID.outputs.N }}`, of inputs that exist
            m = INPUT.fullmatch(str(value)) or OUTPUT.fullmatch(str(value))
            assert m, value
            if m.re is INPUT:
                assert m.group(1) in ACTION["inputs"]


def test_setup_python_leaves_the_callers_python_alone() -> None:
    (setup,) = [s for s in STEPS if str(s.get("uses", "")).startswith("actions/setup-python@")]
    assert setup["uses"] == "actions/setup-python@v6"  # Node 24; v5 runs on the removed Node 20
    assert str(setup["with"]["update-environment"]).lower() == "false"
    assert setup["with"]["python-version"] == "${{ inputs.python-version }}"
    text = (ROOT / "action.yml").read_text()
    assert "${{ github.action_path }}" not in text  # the host path in container jobs
    install = next(s for s in STEPS if s.get("id") == "install")
    assert '"$GITHUB_ACTION_PATH"' in install["run"]
    assert '"$RUNNER_TEMP/' in install["run"]
    assert install["env"]["PYTHON"] == f"${{{{ steps.{setup['id']}.outputs.python-path }}}}"


@needs_gpucost
@pytest.mark.parametrize("layout", ["posix", "windows"])
def test_install_step_makes_a_private_venv(tmp_path: Path, layout: str) -> None:
    claims(tmp_path, {"a.yaml": HOLDS})
    run = run_action(tmp_path, layout=layout, files="a.yaml")
    assert run.code == 0, run.out
    venv = run.temp / "gpucost-venv"
    bindir, exe = ("Scripts", ".exe") if layout == "windows" else ("bin", "")
    calls = [c.strip("\n").split("\n") for c in run.python_log.read_text().split("--\n") if c.strip()]
    fake = str(tmp_path / "setup-python" / "python")
    assert calls[0] == [fake, "-m", "venv", "--clear", str(venv)]
    assert calls[1][0] == f"{venv}/{bindir}/python{exe}"
    assert calls[1][1:4] == ["-m", "pip", "install"]
    assert calls[1][-1] == str(run.action_path)
    assert run.outputs["install"]["gpucost"] == f"{venv}/{bindir}/gpucost{exe}"
    assert counts(run) == "1 hold, 0 fail, 0 error, 1 claim"


# files


@needs_gpucost
def test_multi_line_files_checks_every_file(tmp_path: Path) -> None:
    claims(tmp_path, {"claims/a.yaml": HOLDS, "claims/b.yaml": FAILS, "claims/c.yaml": HOLDS})
    run = run_action(tmp_path, files="claims/a.yaml\nclaims/b.yaml\nclaims/c.yaml\n")
    assert run.code == 1, run.out
    assert counts(run) == "2 hold, 1 fail, 0 error, 3 claims"


@needs_gpucost
def test_multi_line_files_keeps_spaces_and_ignores_blank_lines(tmp_path: Path) -> None:
    claims(tmp_path, {"my claims/a b.yaml": HOLDS, "c.yaml": HOLDS})
    run = run_action(tmp_path, files="  my claims/a b.yaml  \n\n\tc.yaml\r\n")
    assert run.code == 0, run.out
    assert counts(run) == "2 hold, 0 fail, 0 error, 2 claims"


@needs_gpucost
def test_multi_line_files_does_not_split_a_line(tmp_path: Path) -> None:
    claims(tmp_path, {"a.yaml": HOLDS, "b.yaml": HOLDS})
    run = run_action(tmp_path, files="a.yaml b.yaml\nb.yaml\n")
    assert run.code == 2, run.out
    assert error_lines(run) == [
        "error: files: no file matches 'a.yaml b.yaml' (one path per line keeps spaces; "
        "a single line is split at spaces)"
    ]


@needs_gpucost
def test_space_separated_files(tmp_path: Path) -> None:
    claims(tmp_path, {"a.yaml": HOLDS, "b.yaml": FAILS, "c.yaml": HOLDS})
    run = run_action(tmp_path, files=" a.yaml  b.yaml\tc.yaml ")
    assert run.code == 1, run.out
    assert counts(run) == "2 hold, 1 fail, 0 error, 3 claims"


@needs_gpucost
def test_glob(tmp_path: Path) -> None:
    files = {"claims/a.yaml": HOLDS, "claims/b.yaml": FAILS, "claims/notes.txt": "x", "claims/sub/c.yaml": HOLDS}
    claims(tmp_path, files)
    run = run_action(tmp_path, files="claims/*.yaml")
    assert run.code == 1, run.out
    assert counts(run) == "1 hold, 1 fail, 0 error, 2 claims"


@needs_gpucost
def test_globstar_and_overlapping_patterns(tmp_path: Path) -> None:
    claims(tmp_path, {"claims/a.yaml": HOLDS, "claims/x/b.yaml": FAILS, "claims/x/y/c.yaml": HOLDS})
    # ** matches any depth, including none; a file matched twice is checked once
    run = run_action(tmp_path, files="claims/**/*.yaml\nclaims/a.yaml\n")
    assert run.code == 1, run.out
    assert counts(run) == "2 hold, 1 fail, 0 error, 3 claims"


@needs_gpucost
@pytest.mark.parametrize("files", ["claims/*.yml", "claims/a.yaml claims/none.yaml", "claims/a.yaml\nmissing/**/x\n"])
def test_pattern_matching_nothing_is_an_error(tmp_path: Path, files: str) -> None:
    claims(tmp_path, {"claims/a.yaml": HOLDS})
    run = run_action(tmp_path, files=files)
    assert run.code == 2, run.out
    (line,) = error_lines(run)
    assert line.startswith("error: files: no file matches '")
    assert "hold" not in run.out  # nothing was checked
    assert run.summary.read_text() == ""


@needs_gpucost
@pytest.mark.parametrize("files", ["", "   ", "\n  \n\t\n"])
def test_empty_files_is_an_error(tmp_path: Path, files: str) -> None:
    run = run_action(tmp_path, files=files)
    assert run.code == 2, run.out
    assert error_lines(run) == ["error: files: no claim files given"]


# exit status


@needs_gpucost
@pytest.mark.parametrize(
    ("files", "code"),
    [({"a.yaml": HOLDS}, 0), ({"a.yaml": HOLDS, "b.yaml": FAILS}, 1), ({"a.yaml": FAILS, "b.yaml": BROKEN}, 2)],
)
def test_exit_status_is_gpucosts(tmp_path: Path, files: dict[str, str], code: int) -> None:
    claims(tmp_path, files)
    run = run_action(tmp_path, files="*.yaml", junit="out/report.xml")
    assert run.code == code, run.out
    assert (run.ws / "out/report.xml").stat().st_size > 0
    assert run.summary.read_text().strip()


# junit


@needs_gpucost
def test_junit_creates_its_folder(tmp_path: Path) -> None:
    claims(tmp_path, {"a.yaml": HOLDS, "b.yaml": FAILS + '  - {id: g, expr: "1 + 1", expect: "2"}\n'})
    run = run_action(tmp_path, files="a.yaml b.yaml", junit="reports/sub/g.xml")
    assert run.code == 1, run.out
    root = ET.parse(run.ws / "reports/sub/g.xml").getroot()
    assert len(root.findall(".//testcase")) == 3
    assert len(root.findall(".//testcase/failure")) == 1


@needs_gpucost
def test_junit_whose_parent_is_a_file_fails_the_step(tmp_path: Path) -> None:
    claims(tmp_path, {"a.yaml": HOLDS, "blocker": "not a folder"})
    run = run_action(tmp_path, files="a.yaml", junit="blocker/g.xml")
    assert run.code == 2, run.out
    assert "error: junit: cannot write 'blocker/g.xml'" in error_lines(run)


@needs_gpucost
@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can write into read-only folders")
def test_junit_in_a_read_only_folder_fails_the_step(tmp_path: Path) -> None:
    ws = claims(tmp_path, {"a.yaml": HOLDS})
    (ws / "ro").mkdir()
    (ws / "ro").chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        run = run_action(tmp_path, files="a.yaml", junit="ro/sub/g.xml")
    finally:
        (ws / "ro").chmod(0o755)
    assert run.code == 2, run.out
    assert "error: junit: cannot write 'ro/sub/g.xml'" in error_lines(run)


# reports that come out empty (e.g. gpucost crashing on a cp1252 stdout) fail the step


@needs_gpucost
@pytest.mark.parametrize(("junit", "summary", "message"), [
    ("g.xml", "false", "error: junit: nothing was written to 'g.xml'"),
    ("", "true", "error: summary: gpucost wrote no Markdown report"),
])  # fmt: skip
def test_empty_report_fails_the_step(tmp_path: Path, junit: str, summary: str, message: str) -> None:
    assert GPUCOST is not None
    claims(tmp_path, {"a.yaml": HOLDS})
    silent = tmp_path / "silent-gpucost"
    # prints nothing and exits 0 for the report formats, like a report that was lost
    silent.write_text(
        f'#!/bin/bash\ncase "$*" in *"--format junit"*|*"--format markdown"*) exit 0;; esac\nexec {GPUCOST} "$@"\n'
    )
    silent.chmod(0o755)
    run = run_action(tmp_path, target=silent, files="a.yaml", junit=junit, summary=summary)
    assert run.code == 2, run.out
    assert message in error_lines(run)


@needs_gpucost
def test_unwritable_step_summary_fails_the_step(tmp_path: Path) -> None:
    claims(tmp_path, {"a.yaml": HOLDS})
    run = run_action(tmp_path, files="a.yaml")
    assert run.code == 0
    run.summary.unlink()
    run.summary.mkdir()  # appending to a folder fails
    run = run_action(tmp_path, files="a.yaml")
    assert run.code == 2, run.out
    assert "error: summary: cannot append to the job summary" in error_lines(run)


# summary


@needs_gpucost
@pytest.mark.parametrize("value", ["true", "True", "TRUE"])
def test_summary_true_in_any_case(tmp_path: Path, value: str) -> None:
    claims(tmp_path, {"a.yaml": HOLDS})
    run = run_action(tmp_path, files="a.yaml", summary=value)
    assert run.code == 0, run.out
    text = run.summary.read_text()
    assert "|" in text and "a" in text


@needs_gpucost
@pytest.mark.parametrize("value", ["false", "False"])
def test_summary_false(tmp_path: Path, value: str) -> None:
    claims(tmp_path, {"a.yaml": HOLDS})
    run = run_action(tmp_path, files="a.yaml", summary=value)
    assert run.code == 0, run.out
    assert run.summary.read_text() == ""


@needs_gpucost
@pytest.mark.parametrize("value", ["maybe", "", "yes", "1", "true "])
def test_summary_other_values_fail(tmp_path: Path, value: str) -> None:
    claims(tmp_path, {"a.yaml": HOLDS})
    run = run_action(tmp_path, files="a.yaml", summary=value)
    assert run.code == 2, run.out
    assert error_lines(run) == [f"error: summary: '{value}' is not true or false"]
    assert run.summary.read_text() == ""


# inputs are data, never code


@needs_gpucost
@pytest.mark.parametrize(
    "inputs",
    [
        {"files": "ours.yaml $(touch PWNED1) `touch PWNED2`;touch PWNED3"},
        {"files": "ours.yaml\n$(touch PWNED1)\n`touch PWNED2`\n;touch PWNED3\n"},
        {"files": "ours.yaml", "format": "table; touch PWNED4"},
        {"files": "ours.yaml", "junit": 'x.xml"; touch PWNED5; echo "'},
        {"files": "ours.yaml", "junit": "$(touch PWNED6)/x.xml"},
        {"files": "ours.yaml", "summary": "true$(touch PWNED7)"},
        {"files": "ours.yaml", "catalogue": "$(touch PWNED8)"},
        {"files": "*$(touch PWNED9)*"},
    ],
)
def test_injection_creates_no_file(tmp_path: Path, inputs: dict[str, str]) -> None:
    claims(tmp_path, {"ours.yaml": HOLDS})
    run = run_action(tmp_path, **inputs)
    assert not list(tmp_path.rglob("PWNED*")), run.out
    assert not list(Path.cwd().glob("PWNED*"))
