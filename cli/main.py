"""The gpucost app: commands are added from ``cli/commands``; errors become exit codes here.

``main()`` handles errors (httpie style), the commands do the work.  Every library error
and every usage error becomes one ``error:`` line on stderr and exit code 2; ``--debug``
re-raises instead.
"""

from __future__ import annotations

import sys
from typing import Any

from estimator import __version__

__all__ = ["COMMANDS", "SUMMARIES", "main", "script"]

HELP = """Check the numbers in AI-compute news and plans.

A sourced, dated catalogue of accelerators feeds a unit-aware calculator: how many GPUs a
budget buys, how much power a cluster draws, how long money lasts at a burn rate.
"""


# The commands with the one line the root --help shows for each (a test checks it is the
# first line of the command's own help, so the two cannot drift).
SUMMARIES = {
    "buy": "How many GPUs a budget buys at the catalogue's (or a given) unit price.",
    "power": "Power a cluster draws: chips, IT load, facility (x PUE), energy, its bill and CO2 per year.",
    "runway": "How long money lasts at a rate of spending.",
    "train": "A training run: compute, days (or GPUs needed), GPU-hours, cost rented and owned, energy, CO2.",
    "cluster": "Owning a cluster: capex by part, opex, TCO and $/GPU-hour against renting, with CO2.",
    "calc": "Evaluate a unit-aware expression over catalogue figures, with ranges.",
    "check": "Check files of published claims: each claim holds, fails (with the ratio) or is an error.",
    "scan": "Find the compute figures in a news text and check them against the catalogue.",
    "gpus": "Browse the catalogue: every accelerator, or one with each figure's source and date.",
    "catalogue": "Work with catalogue files.",
}
COMMANDS = list(SUMMARIES)


def shortened(text: str, limit: int) -> str:
    """``text`` cut at a word to at most ``limit`` characters, with ``...`` when cut."""
    if len(text) <= limit:
        return text
    return text[: limit - 3].rsplit(" ", 1)[0].rstrip(",;:") + "..."


def __getattr__(name: str) -> Any:
    """``cli.main.app`` (the whole app, built on first use: tests, docs) and the typer side's
    names, loaded only when asked for."""
    if name not in ("app", "make_app", "load_command", "App", "SETTINGS"):
        raise AttributeError(name)  # __path__ too: `from cli.main import x` asks for it
    from cli import app as typer_side

    if name == "app":
        app = typer_side.make_app()
        globals()["app"] = app
        return app
    return getattr(typer_side, name)


def script() -> None:
    """The console script: ``main``, then out without the interpreter's teardown (freeing
    every loaded module is about a sixth of a one-liner's time). Everything is flushed
    first, and nothing of gpucost runs at exit."""
    import os

    try:
        main()
        status = 0
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
        if isinstance(exc.code, str):
            sys.stderr.write(exc.code + "\n")
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader gone or a stream closed: said already, if at all
            pass
    os._exit(status)


def main() -> None:
    """The command line (raises SystemExit with the exit code). What can be answered without
    typer is (see ``without_typer``); any other line builds the typer app, with only the
    command it runs when it names one."""
    import os

    args = sys.argv[1:]
    completing = "_GPUCOST_COMPLETE" in os.environ  # the shell asks typer for completions
    if not completing:
        code = without_typer(args)
        if code is not None:
            sys.exit(code)
    from cli.app import make_app

    make_app([args[0]] if args and args[0] in COMMANDS and not completing else COMMANDS)()


def without_typer(args: list[str]) -> int | None:
    """The exit code of ``args`` answered without typer, or None: ``--version``; the root's or
    a command's --help from the wheel's prebuilt texts; a plain one-liner (``cli/fast.py``);
    an unknown command."""
    if args == ["--version"]:
        sys.stdout.write(f"gpucost {__version__}\n")
        return 0
    if not args or (args[-1] in ("--help", "-h") and (len(args) == 1 or (len(args) == 2 and args[0] in COMMANDS))):
        text = prebuilt_help(args[0] if len(args) == 2 else "")  # `gpucost` alone shows the root's
        if text is None:
            return None
        sys.stdout.write(text)
        return 0
    if args[0] in FAST:
        from cli import fast  # LAZY: only a one-liner reads it

        return fast.main(args)
    if not args[0].startswith("-") and args[0] not in COMMANDS:
        from cli import fast

        return fast.no_such_command(args)
    return None


def prebuilt_help(command: str) -> str | None:
    """The ``--help`` of ``command`` ("" for the root) from the wheel's prebuilt ``help.json``
    (written at build time by typer itself: ``cli.app.write_help``), or None, and typer prints
    it: not installed from a wheel, made by another gpucost, or by a typer other than the one
    installed beside gpucost (its ``typer-X.dist-info`` folder says which), or unreadable."""
    import json

    from estimator.paths import data_dir

    folder = data_dir()
    try:
        with open(folder / "help.json", encoding="utf-8") as stream:
            prebuilt = json.load(stream)
        if prebuilt.get("version") != __version__:
            return None
        site = folder.parent.parent  # site-packages: estimator/data/ is two folders down
        if not (site / f"typer-{prebuilt['typer']}.dist-info").is_dir():
            return None
        text = prebuilt["texts"][command]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return text if isinstance(text, str) else None


FAST = ("buy", "power", "runway", "train", "cluster", "calc")  # the commands cli/fast.py reads
