"""The one-liner's parser: the plain command lines of buy, power, runway, train, cluster and
calc, read without building the typer app (typer and click are a fifth of a one-liner's time).

It is built from the same declarations as the typer commands (each command's inputs in
``estimator/commands/``, calc's argument and the shared options in ``cli/``), and it reads a
line only when it is sure of every token: an option it does not know (``--help`` too), ``--``,
a value starting with '-', short options run together (``-qf``), a flag given a value, a
choice it does not offer, or one argument too many, and it answers None: typer reads the line
instead, with its own messages. On a line it does read, it finds the usage errors typer would
(an option given twice, then a missing option or argument) in the order typer finds them and
with the same words; tests/test_fast.py runs a table of command lines through both parsers
and compares stdout, stderr and the exit code byte for byte.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Optional

from cli import invoke
from cli.guard import CommandLineError
from cli.guard import run as guarded
from cli.main import COMMANDS as ALL_COMMANDS
from cli.main import FAST as COMMANDS
from cli.shared import CHOICE, FLAG, OPTION_OF, SENSITIVITY, SHARED, Param, UsageError, repeated
from estimator.commands import spec_of
from estimator.errors import close_matches


def params(command: str) -> list[Param]:
    """The parameters of ``command`` in declaration order, as its typer command declares them."""
    if command == "calc":
        own = [invoke.EXPRESSION]
        shared = list(SHARED.values())
    else:
        spec = spec_of(command)
        own = [
            Param(
                i.name,
                () if i.positional else (i.option, *([i.short] if i.short else [])),
                metavar=i.metavar,
                required=i.required,
                positional=i.positional,
                default=i.default,
            )
            for i in spec.inputs
        ]
        own += SENSITIVITY
        taken = {OPTION_OF[o] for o in invoke.honours(spec)}
        shared = [p for p in SHARED.values() if p.name in taken]
    return own + shared


def parse(command: str, args: list[str], declared: list[Param]) -> Optional[dict[str, Any]]:
    """The values of ``args`` (what follows the command name) by Python name, or None when
    the line is not a plain one; raises CommandLineError, in typer's words, for the errors
    typer would find on it (an option given twice, then a missing option or argument)."""
    if not args:
        return None  # typer decides what a bare command shows
    by_flag = {flag: p for p in declared for flag in p.flags}
    positional = [p for p in declared if p.positional]
    values: dict[str, Any] = {}
    seen: dict[str, list[str]] = {}  # each value option's values, as given (for "given more than once")
    i, taken = 0, 0
    while i < len(args):
        token = args[i]
        i += 1
        if not token.startswith("-"):
            if taken == len(positional):
                return None  # an extra argument
            values[positional[taken].name] = token
            taken += 1
            continue
        if token.startswith("--"):
            name, eq, value = token.partition("=")
            attached = bool(eq)
        else:
            name, value = token[:2], token[2:]
            attached = bool(value)
        param = by_flag.get(name)
        if param is None:
            return None  # --help, '--', '-', an unknown option, a negative number
        if param.kind == FLAG:
            if attached:
                return None  # -qf, --json=1
            values[param.name] = True
            continue
        if not attached:
            if i == len(args) or args[i].startswith("-"):
                return None  # no value, or one typer may read another way
            value = args[i]
            i += 1
        seen.setdefault(param.name, []).append(value)
        if len(seen[param.name]) > 1:
            problem = UsageError(repeated(seen[param.name]), f"'{param.flags[0]}'")
            raise CommandLineError(problem.format_message(), f"gpucost {command}")
        if param.kind == CHOICE and value not in param.choices:
            return None  # typer words the list of choices
        values[param.name] = value
    for param in declared:
        if param.name not in values and param.envvar:
            values[param.name] = os.environ.get(param.envvar) or None
    for param in declared:  # typer finds a missing one after reading the rest, in declaration order
        if param.required and param.name not in values:
            what = f"argument '{param.metavar}'" if param.positional else "option " + " / ".join(map(repr, param.flags))
            raise CommandLineError(f"Missing {what}.", f"gpucost {command}")
    return {p.name: values.get(p.name, False if p.kind == FLAG else p.default) for p in declared}


def read(args: list[str]) -> Optional[dict[str, Any]]:
    """The values of the whole command line ``args``, or None when typer should read it (as
    ``parse``, and --debug goes to typer too, so that the traceback is typer's)."""
    command, rest = args[0], args[1:]
    if command not in COMMANDS or "--debug" in rest:
        return None
    return parse(command, rest, params(command))


def main(args: list[str]) -> Optional[int]:
    """The exit code of the command line ``args`` run by the fast path, or None: typer's turn."""
    try:
        values = read(args)
    except CommandLineError as exc:
        return guarded(failing(exc), args)
    if values is None:
        return None
    return guarded(lambda: run(args[0], values, f"gpucost {args[0]}"), args)


def failing(error: Exception) -> Callable[[], Any]:
    """A run that stops with ``error`` (the handler words it)."""

    def fail() -> Any:
        raise error

    return fail


def run(command: str, values: dict[str, Any], path: str) -> int:
    """Run what was read; a value found bad afterwards (``--as-of 2024-13``) is shown as typer
    shows it, and an EOFError as typer's commands show it (cli.options.Command)."""
    try:
        return invoke.calc(values) if command == "calc" else invoke.number(command, values)
    except UsageError as exc:
        raise CommandLineError(exc.format_message(), path) from None
    except EOFError as exc:
        raise invoke.UnexpectedEOF(f"unexpected end of input ({exc})") from exc


def no_such_command(args: list[str]) -> int:
    """``gpucost bye``: the error typer's root group gives (with our did-you-mean), without typer."""
    name = args[0]
    matches = close_matches(name, list(ALL_COMMANDS))
    message = f"No such command {name!r}." + (f" Did you mean {', '.join(map(repr, matches))}?" if matches else "")
    return guarded(failing(CommandLineError(message, "gpucost")), args)
