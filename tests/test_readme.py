"""Every example in the README runs as shown, from a folder that holds only what a fresh clone
has (``data/`` and ``tests/fixtures/``) and the files the README itself defines (a YAML block whose first line is
``# NAME.yaml``).

- ```` ```console ```` blocks: each ``$ command`` runs; the lines shown under it must appear in
  its output, in order, up to runs of spaces (a line ``...`` stands for any lines), and a shown
  ``error:`` means exit 2.
- ```` ```sh ```` blocks: each ``gpucost`` line runs and exits 0; a trailing ``# N`` comment on a
  ``-q`` line is the number it prints.
The set-up lines (which create venvs) and the benchmark lines are run by CI and by hand.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent
needs_script = pytest.mark.skipif(not (BIN / "gpucost").exists(), reason="the console script is not installed")


def blocks(kind: str) -> list[tuple[int, str]]:
    """(line number, text) of every fenced block of ``kind``."""
    out = []
    for m in re.finditer(rf"^```{kind}\n(.*?)^```", README, re.S | re.M):
        out.append((README.count("\n", 0, m.start()) + 1, m[1]))
    return out


def console_examples() -> list[tuple[str, str, list[str]]]:
    examples = []
    for line, text in blocks("console"):
        command, shown = None, []
        for row in text.splitlines():
            if row.startswith("$ "):
                if command:
                    examples.append((f"README:{line}", command, shown))
                command, shown = row[2:], []
            else:
                shown.append(row)
        if command:
            examples.append((f"README:{line}", command, shown))
    return examples


def sh_examples() -> list[tuple[str, str]]:
    out = []
    for line, text in blocks("sh"):
        for row in text.splitlines():
            if re.match(r"^(GPUCOST_\w+=\S+ )?gpucost ", row) or row.startswith("printf "):
                out.append((f"README:{line}", row))
    return out


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder like a fresh clone: data/, tests/fixtures/, and the YAML files the README names."""
    folder = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "data", folder / "data")
    shutil.copytree(ROOT / "tests" / "fixtures", folder / "tests" / "fixtures")
    for _, text in blocks("yaml"):
        first = text.splitlines()[0] if text else ""
        m = re.match(r"^# ([\w.-]+\.yaml)$", first)
        if m:
            (folder / m[1]).write_text(text, encoding="utf-8")
    return folder


def run(command: str, folder: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GPUCOST")}
    env.update(PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}", NO_COLOR="1", GPUCOST_CACHE_DIR=str(folder / ".cache"))
    return subprocess.run(["bash", "-c", command], cwd=folder, capture_output=True, text=True, env=env, timeout=120)


def test_the_readme_has_examples() -> None:
    assert len(console_examples()) >= 8 and len(sh_examples()) >= 15


@needs_script
@pytest.mark.parametrize("where, command, shown", console_examples(), ids=[c[1][:60] for c in console_examples()])
def test_console_examples(workdir, where, command, shown) -> None:
    r = run(command, workdir)
    output = (r.stdout + r.stderr).splitlines()
    expect_error = any(s.startswith("error:") for s in shown)
    assert r.returncode == (2 if expect_error else 0), f"{where}: {command}\n{r.stderr}"
    rows = [" ".join(o.split()) for o in output]  # column widths depend on the terminal
    i = 0
    for want in (" ".join(s.split()) for s in shown):
        if want.strip() == "...":
            continue
        while i < len(rows) and rows[i] != want:
            i += 1
        assert i < len(rows), f"{where}: `{command}` did not print, in order:\n{want}\n--- it printed:\n" + "\n".join(
            rows
        )
        i += 1


@needs_script
@pytest.mark.parametrize("where, command", sh_examples(), ids=[c[1][:60] for c in sh_examples()])
def test_sh_examples(workdir, where, command) -> None:
    r = run(command, workdir)
    assert r.returncode == 0, f"{where}: {command}\n{r.stderr}"
    m = re.search(r" -q\s+#\s*([\d.]+)\s*$", command)
    if m:
        assert r.stdout.strip() == m[1], f"{where}: {command} printed {r.stdout!r}"
