"""ruff (lint and format) and mypy --strict on estimator/, so that `pytest` runs every check."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_check() -> None:
    proc = run("ruff", "check", "estimator", "cli", "tests", "benchmarks", ".ci")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_format() -> None:
    proc = run("ruff", "format", "--check", "estimator", "cli", "tests", "benchmarks", ".ci")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_strict_on_estimator() -> None:
    proc = run("mypy", "--strict", "estimator")
    assert proc.returncode == 0, proc.stdout + proc.stderr
