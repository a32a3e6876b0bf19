"""The GitHub Action and pre-commit hook definitions call real commands and options."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_action_runs_check_with_real_formats(cli) -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    script = "\n".join(step.get("run", "") for step in action["runs"]["steps"])
    assert "gpucost check" in script
    for fmt in ("junit", "markdown"):
        assert f"--format {fmt}" in script
    assert "GITHUB_STEP_SUMMARY" in script
    assert "${{" not in script  # inputs come in through env:, never pasted into the script
    code, out, _ = cli("check", "--help")
    for fmt in ("table", "json", "jsonl", "junit", "markdown"):
        assert fmt in out


def test_pre_commit_hooks(cli) -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["gpucost-check"]["entry"] == "gpucost check"
    assert hooks["gpucost-catalogue-validate"]["entry"] == "gpucost catalogue validate"
    for hook in hooks.values():
        args = hook["entry"].split()[1:]
        assert cli(*args, "--help")[0] == 0
