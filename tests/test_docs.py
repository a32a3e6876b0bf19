"""The README's generated sections are current, and every command has help with examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_readme_catalogue_section_is_current() -> None:
    from cli.docs import render

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert render(text) == text, "README is stale: run python -m cli.docs README.md"


COMMANDS = [c for c in main.COMMANDS if c != "catalogue"]  # the group has no --help examples of its own


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_examples_and_a_readme_section(cli, command) -> None:
    code, out, _ = cli(command, "--help")
    assert code == 0
    assert "Examples:" in out and f"gpucost {command}" in out.split("Examples:")[1]
    assert f"### `gpucost {command}" in (ROOT / "README.md").read_text(encoding="utf-8")
