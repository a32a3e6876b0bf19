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
from cli.shared import CHOICE, FLAG, OPTION_OF, SENSITIVITY, SHARED, Param, UsageError, repeated
from estimator.commands import spec_of
from estimator.errors import close_matches

COMMANDS = ("buy", "power", "runway", "train", "cluster", "calc")


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
    the line is not a plain one; raises ``Problem`` (an option given twice) or ``Missing``
    for the errors typer would find on it."""
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
            raise Problem(repeated(seen[param.name]), f"'{param.flags[0]}'")
        if param.kind == CHOICE and value not in param.choices:
            return None  # typer words the list of choices
        values[param.name] = value
    for param in declared:
        if param.name not in values and param.envvar:
            values[param.name] = os.environ.get(param.envvar) or None
    for param in declared:  # typer finds a missing one after reading the rest, in declaration order
        if param.required and param.name not in values:
            if param.positional:
                raise Missing(f"Missing argument '{param.metavar}'.")
            raise Missing(f"Missing option {' / '.join(repr(f) for f in param.flags)}.")
    return {p.name: values.get(p.name, False if p.kind == FLAG else p.default) for p in declared}


class Problem(UsageError):
    """A bad value typer would report as ``Invalid value for '--gpu': ...``."""


class Missing(Exception):
    """A missing option or argument, in typer's words."""


def program(args: list[str]) -> Optional[Callable[[], Any]]:
    """The run of ``args`` (the whole command line) when the fast path reads it, else None.
    Reading may itself fail with a usage error: the run then raises it as typer would show it."""
    command, rest = args[0], args[1:]
    if command not in COMMANDS or "--debug" in rest:
        return None  # --debug: typer's path, so the traceback is typer's
    path = f"gpucost {command}"
    try:
        values = parse(command, rest, params(command))
    except Problem as exc:
        error = CommandLineError(exc.format_message(), path)
    except Missing as exc:
        error = CommandLineError(str(exc), path)
    else:
        if values is None:
            return None
        return lambda: run(command, values, path)

    def fail() -> Any:
        raise error

    return fail


def run(command: str, values: dict[str, Any], path: str) -> int:
    """Run what was read; a value found bad afterwards (``--as-of 2024-13``) is shown as typer shows it."""
    try:
        return invoke.calc(values) if command == "calc" else invoke.number(command, values)
    except UsageError as exc:
        raise CommandLineError(exc.format_message(), path) from None


def main(args: list[str]) -> Optional[int]:
    """The exit code of the command line ``args`` run by the fast path, or None (typer's turn)."""
    line = program(args)
    return None if line is None else guarded(line, args)


def no_such_command(args: list[str]) -> int:
    """``gpucost bye``: the error typer's root group gives (with our did-you-mean), without typer."""
    name = args[0]
    matches = close_matches(name, list(ALL_COMMANDS))
    message = f"No such command {name!r}." + (f" Did you mean {', '.join(map(repr, matches))}?" if matches else "")

    def fail() -> Any:
        raise CommandLineError(message, "gpucost")

    return guarded(fail, args)
