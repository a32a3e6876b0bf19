"""One version: ``estimator.__version__``; the package metadata and ``--version`` read it."""

from __future__ import annotations

from pathlib import Path

import pytest

from estimator import __version__

ROOT = Path(__file__).parent.parent


def test_pyproject_takes_the_version_from_the_package() -> None:
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and project["project"]["dynamic"] == ["version"]
    assert project["tool"]["hatch"]["version"] == {"path": "estimator/__init__.py"}


def test_version_prints_the_package_version(cli) -> None:
    assert cli("--version") == (0, f"gpucost {__version__}\n", "")
