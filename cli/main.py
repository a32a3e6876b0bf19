"""The gpucost app: commands are added from ``cli/commands``; errors become exit codes here.

``main()`` handles errors (httpie style), the commands do the work.  Every library error
and every usage error becomes one ``error:`` line on stderr and exit code 2; ``--debug``
re-raises instead.
"""

from __future__ import annotations

import re
import sys
from typing import Any, Optional

import typer

from cli.caret import caret
from cli.output import error, shorten, silence_stdout, warning
from cli.status import ExitStatus, error_status
from estimator import __version__
from estimator.errors import CalcError, EstimatorError, close_matches

__all__ = ["error", "shorten", "silence_stdout", "warning", "ExitStatus", "main", "make_app"]

HELP = """Check the numbers in AI-compute news and plans.

A sourced, dated catalogue of accelerators feeds a unit-aware calculator: how many GPUs a
budget buys, how much power a cluster draws, how long money lasts at a burn rate.
"""

_USAGE_ERROR = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")  # click's, via typer
_CLICK_ERRORS = tuple(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


def prepare_streams() -> None:
    """Make stdout and stderr safe to write: a closed one (``>&-``) becomes /dev/null, as for a
    reader that went away; one that cannot encode all of Unicode (cp1252 on Windows runners)
    writes UTF-8 when redirected and replaces what it cannot show on a terminal."""
    import os

    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
            continue
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if encoding in ("utf-8", "utf8") or not hasattr(stream, "reconfigure"):
            continue
        try:
            if name == "stdout" and not stream.isatty():
                stream.reconfigure(encoding="utf-8")
            else:
                stream.reconfigure(errors="replace")
        except (OSError, ValueError):
            pass


class App(typer.core.TyperGroup):
    """The root command: maps every error to one ``error:`` line and an exit code, and loads
    a command's module only when that command is asked for, so ``gpucost --help`` and a
    mistyped command import none of them (the list of commands is ``SUMMARIES``)."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [name for name in SUMMARIES if name in self.commands or name in self.lazy]

    def get_command(self, ctx: Any, name: str) -> Any:
        if name not in self.commands and name in self.lazy:
            self.add_command(load_command(name), name)
        return self.commands.get(name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """As click's, with the did-you-mean taken from every command, loaded or not."""
        try:
            return self._click_resolve_command(ctx, args)
        except _USAGE_ERROR as exc:
            matches = close_matches(args[0], self.list_commands(ctx)) if args else []
            if matches and "Did you mean" not in exc.message:
                exc.message = f"{exc.message.rstrip('.')}. Did you mean {', '.join(map(repr, matches))}?"
            raise

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names), default=0)  # as click shortens a command's help
        rows = [(name, shortened(SUMMARIES[name], limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    lazy: frozenset[str] = frozenset()  # the commands make_app offers (typer builds the group)

    def main(  # type: ignore[override]
        self,
        args: Optional[list[str]] = None,
        prog_name: Optional[str] = None,
        complete_var: Optional[str] = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        args = sys.argv[1:] if args is None else list(args)
        code = run(super().main, args, prog_name or "gpucost", complete_var, extra)
        if standalone_mode:
            sys.exit(code)
        return code


def _traceback() -> None:
    """``--debug``: the traceback on stderr; the error line and exit code follow as without it."""
    import traceback

    traceback.print_exc()


def run(program: Any, args: list[str], prog_name: str, complete_var: Optional[str], extra: dict[str, Any]) -> int:
    """Run ``program`` (click's main) and turn what it raises into an exit code."""

    debug = "--debug" in args
    prepare_streams()
    try:
        rv = program(args=args, prog_name=prog_name, complete_var=complete_var, standalone_mode=False, **extra)
    except EstimatorError as exc:
        if debug:
            _traceback()
        error(exc.message, exc.hint)
        if isinstance(exc, CalcError) and exc.span and exc.source and sys.stderr.isatty():
            sys.stderr.write(caret(exc.source, exc.span))
        return error_status(exc)
    except _CLICK_ERRORS as exc:
        if debug:
            _traceback()
        if type(exc).__name__ == "NoArgsIsHelpError":  # `gpucost` alone: the help, not an error
            sys.stdout.write(exc.format_message().rstrip() + "\n")
            return ExitStatus.OK
        ctx = getattr(exc, "ctx", None)
        path = ctx.command_path if ctx is not None else prog_name
        message = exc.format_message()
        hint = f"see '{path} --help'"
        option = str(getattr(exc, "option_name", "") or "")  # click's NoSuchOption names it
        if re.match(r"-[\d$.]", option):
            value = next((a for a in args if a.startswith(option)), option)
            hint = (
                f"a value starting with '-' is read as an option; amounts are positive, or put the value "
                f"last, after '--': {path} [OPTIONS] -- '{value}'"
            )
        error(message, hint)
        return error_status(exc)
    except typer.Abort as exc:
        if isinstance(exc.__cause__, EOFError):  # click turns EOFError into Abort: not a Ctrl-C
            if debug:
                _traceback()
            error("unexpected end of input (EOFError)", "this is a bug in gpucost; rerun with --debug and report it")
            return error_status(exc)
        sys.stderr.write("aborted\n")
        return error_status(exc)
    except BrokenPipeError as exc:  # the reader went away (`| head`): not an error of ours
        silence_stdout()
        return error_status(exc)
    except OSError as exc:  # writing the output failed: a full disk, a closed device
        if debug:
            _traceback()
        silence_stdout()
        error(f"cannot write the output: {exc.strerror or exc}", "check the disk, or where the output goes")
        return error_status(exc)
    except Exception as exc:  # a bug: still one line, never a traceback (unless --debug)
        if debug:
            _traceback()
        error(
            f"internal error: {type(exc).__name__}: {exc}",
            "this is a bug in gpucost; rerun with --debug and report the traceback",
        )
        return error_status(exc)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
    except OSError as exc:
        silence_stdout()
        error(f"cannot write the output: {exc.strerror or exc}", "check the disk, or where the output goes")
        return error_status(exc)
    return rv if isinstance(rv, int) else ExitStatus.OK


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"gpucost {__version__}\n")
        raise typer.Exit()


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


SETTINGS: dict[str, Any] = {
    "rich_markup_mode": None,
    "pretty_exceptions_enable": False,
    # a fixed help width: the README's command reference is generated from it
    "context_settings": {"help_option_names": ["-h", "--help"], "terminal_width": 100, "max_content_width": 100},
}


def load_command(name: str) -> Any:
    """The click command of ``cli/commands/<name>.py``, built from its module."""
    import importlib

    holder = typer.Typer(**SETTINGS)
    holder.callback()(lambda: None)  # a group, so that the command keeps its own name
    importlib.import_module(f"cli.commands.{name}").register(holder)
    return typer.main.get_command(holder).commands[name]  # type: ignore[attr-defined]


def _root(
    version: Optional[bool] = typer.Option(
        None, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Check the numbers in AI-compute news and plans."""


def make_app(commands: list[str] = COMMANDS) -> typer.Typer:
    """The app offering ``commands``; each command's module loads when it is asked for."""
    group = type("App", (App,), {"lazy": frozenset(commands)})  # this app's own commands
    app = typer.Typer(name="gpucost", cls=group, help=HELP, no_args_is_help=True, **SETTINGS)
    app.callback()(_root)
    return app


def __getattr__(name: str) -> Any:
    """``cli.main.app``: the whole app, built on first use (tests, docs)."""
    if name == "app":
        app = make_app()
        globals()["app"] = app
        return app
    raise AttributeError(name)


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
    """The command line (raises SystemExit with the exit code): a one-liner builds only the
    command it runs (a few ms less)."""
    import os

    args = sys.argv[1:]
    if args and args[0] in COMMANDS and "_GPUCOST_COMPLETE" not in os.environ:
        make_app([args[0]])()
    else:
        make_app()()
