"""Running a command line: everything it raises becomes one ``error:`` line and an exit code.

httpie style: the commands do the work, this does the errors. Every library error and every
usage error is one line on stderr with exit code 2; ``--debug`` prints the traceback first.
Nothing here imports typer or click: the one-liner's fast path (``cli/fast.py``) runs
through the same handler as the typer app, and click's exceptions are told apart by class.
"""

from __future__ import annotations

import re
import sys
from typing import Any, Callable

from cli.caret import caret
from cli.output import error, silence_stdout
from cli.status import ExitStatus, error_status
from estimator.errors import CalcError, EstimatorError


class CommandLineError(Exception):
    """A usage error the fast path found: the message click would give, and the command
    whose ``--help`` the hint names."""

    def __init__(self, message: str, command_path: str) -> None:
        super().__init__(message)
        self.message, self.command_path = message, command_path

    def format_message(self) -> str:
        return self.message


def _is(exc: BaseException, name: str) -> bool:
    """Whether ``exc`` is click's exception class ``name`` (or one derived from it)."""
    return any(c.__name__ == name and "click" in c.__module__ for c in type(exc).__mro__)


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


def _traceback() -> None:
    """``--debug``: the traceback on stderr; the error line and exit code follow as without it."""
    import traceback

    traceback.print_exc()


def run(program: Callable[[], Any], args: list[str], prog_name: str = "gpucost") -> int:
    """Run ``program`` (click's main, or the fast path) and turn what it raises into an exit code."""

    debug = "--debug" in args
    prepare_streams()
    try:
        rv = program()
    except EstimatorError as exc:
        if debug:
            _traceback()
        error(exc.message, exc.hint)
        if isinstance(exc, CalcError) and exc.span and exc.source and sys.stderr.isatty():
            sys.stderr.write(caret(exc.source, exc.span))
        return error_status(exc)
    except CommandLineError as exc:
        error(exc.message, f"see '{exc.command_path} --help'")
        return ExitStatus.BAD_INPUT
    except BrokenPipeError as exc:  # the reader went away (`| head`): not an error of ours
        silence_stdout()
        return error_status(exc)
    except OSError as exc:  # writing the output failed: a full disk, a closed device
        if debug:
            _traceback()
        silence_stdout()
        error(f"cannot write the output: {exc.strerror or exc}", "check the disk, or where the output goes")
        return error_status(exc)
    except Exception as exc:
        if _is(exc, "ClickException"):
            return _usage(exc, args, prog_name, debug)
        if _is(exc, "Abort"):
            if isinstance(exc.__cause__, EOFError):  # click turns EOFError into Abort: not a Ctrl-C
                if debug:
                    _traceback()
                error(
                    "unexpected end of input (EOFError)", "this is a bug in gpucost; rerun with --debug and report it"
                )
                return error_status(exc)
            sys.stderr.write("aborted\n")
            return error_status(exc)
        # a bug: still one line, never a traceback (unless --debug)
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


def _usage(exc: Any, args: list[str], prog_name: str, debug: bool) -> int:
    """A click usage error (or the help that `gpucost` alone asks for) as one line."""
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
