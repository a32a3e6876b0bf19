"""Hermetic tests: a fixed catalogue and a private cache folder unless a test asks otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def fixed_catalogue(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Point the base catalogue at tests/fixtures/catalogue.yaml, cache in a temp folder."""
    path = FIXTURES / "catalogue.yaml"
    monkeypatch.setenv("GPUCOST_BASE_CATALOGUE", str(path))
    monkeypatch.setenv("GPUCOST_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GPUCOST_CATALOGUE", raising=False)
    monkeypatch.delenv("GPUCOST_NO_CACHE", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    return path


@pytest.fixture
def bundled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use the real bundled catalogue instead of the fixture."""
    monkeypatch.delenv("GPUCOST_BASE_CATALOGUE", raising=False)


@pytest.fixture
def cli():
    """Run the CLI in-process: returns (exit_code, stdout, stderr)."""
    from typer.testing import CliRunner

    from cli.main import app

    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        result = runner.invoke(app, list(args), input=input, catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return invoke
