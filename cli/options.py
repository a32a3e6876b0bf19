"""The typer side of the shared options (declared as data in cli/shared.py, which the fast
path reads too), and the decorator that adds them.

Like sqlite-utils' ``@output_options``: a command declares ``opts: Options`` as its last
parameter; ``@common_options(honours=...)`` replaces it with the shared options it reads
(``--format``, ``--json``, ``-q``, ``--explain``, ``--catalogue``, ``--as-of``, ``--debug``;
one it does not read is not declared, so giving it is a usage error) and hands the command
one ``Options`` whose ``format`` is what ``--format``/``--json``/``-q`` asked for together.
"""

from __future__ import annotations

import copy
import enum
import functools
import inspect
from typing import Annotated, Any, Callable, Optional, overload

import typer

from cli.invoke import UnexpectedEOF
from cli.shared import (
    CHECK_FORMAT,
    EVERY,
    FLAG,
    OPTION_OF,
    QUIET,
    SENSITIVITY,
    SHARED,
    Options,
    Param,
    UsageError,
    options,
    read_stdin,
    repeated,
)
from estimator import catalogue as catalogue_package  # its loader loads on first use (PEP 562)
from estimator.commands.power import GRID_REGIONS

__all__ = ["QUIET", "Options", "read_stdin", "Command", "Format", "CheckFormat", "common_options"]

PANEL = "Output and catalogue"
_USAGE_ERROR = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")  # click's, via typer

# The --format choices as click wants them (an Enum: its values are the choices).
Format = enum.Enum("Format", [(v, v) for v in SHARED["format"].choices], type=str)  # type: ignore[misc]
CheckFormat = enum.Enum("CheckFormat", [(v, v) for v in CHECK_FORMAT.choices], type=str)  # type: ignore[misc]


def annotated(param: Param, choices: Any = None) -> Any:
    """The typer declaration (an ``Annotated`` type) of a shared option declared in cli/shared.py."""
    info = typer.Option(*param.flags, metavar=param.metavar, help=param.help, envvar=param.envvar)
    if param.kind == FLAG:
        return Annotated[bool, info]
    return Annotated[Optional[choices], info] if choices is not None else Annotated[Optional[str], info]


FormatOption = annotated(SHARED["format"], Format)
CheckFormatOption = annotated(CHECK_FORMAT, CheckFormat)
# the typer declaration of each shared option, by the name commands use in ``honours=``
TYPED: dict[str, Any] = {
    name: FormatOption if name == "format" else annotated(SHARED[python]) for name, python in OPTION_OF.items()
}


def _declared(alias: Any, help: str | None) -> Any:
    """The shared option ``alias`` in the Output panel, with a command's own help text."""
    typ, info = alias.__origin__, copy.copy(alias.__metadata__[0])
    info.rich_help_panel = PANEL
    if help is not None:
        info.help = help
    return Annotated[typ, info]


CommandFn = Callable[..., Any]


@overload
def common_options(
    fn: CommandFn, *, honours: tuple[str, ...] = ..., formats: Any = ..., help: dict[str, str] | None = ...
) -> CommandFn: ...


@overload
def common_options(
    fn: None = None, *, honours: tuple[str, ...] = ..., formats: Any = ..., help: dict[str, str] | None = ...
) -> Callable[[CommandFn], CommandFn]: ...


def shared_parameters(
    honours: tuple[str, ...] = EVERY, formats: Any = FormatOption, help: dict[str, str] | None = None
) -> list[inspect.Parameter]:
    """The typer parameters of the shared options a command ``honours``, in SHARED's order."""
    unknown = set(honours) - set(OPTION_OF)
    assert not unknown, f"no shared option {unknown}"
    params = []
    for name, python in OPTION_OF.items():
        if name not in honours:
            continue
        alias = formats if name == "format" else TYPED[name]
        default: Any = False if alias.__origin__ is bool else None
        annotation = _declared(alias, (help or {}).get(name))
        params.append(inspect.Parameter(python, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation))
    return params


def common_options(
    fn: CommandFn | None = None,
    *,
    honours: tuple[str, ...] = EVERY,
    formats: Any = FormatOption,
    help: dict[str, str] | None = None,
) -> Any:
    """Replace the command's ``opts`` parameter with the shared options it ``honours`` (names
    of ``OPTION_OF``): an option a command does not read is not declared, so giving it is a
    usage error rather than silently ignored.  ``formats`` is the ``--format`` declaration
    (``check`` adds junit); ``help`` overrides an option's help text for this command."""
    if fn is None:
        return functools.partial(common_options, honours=honours, formats=formats, help=help)
    sig = inspect.signature(fn)
    params = [p for name, p in sig.parameters.items() if name != "opts"]
    params += shared_parameters(honours, formats, help)

    @functools.wraps(fn)
    def wrapper(**kwargs: Any) -> Any:
        given = {python: kwargs.pop(python) for python in OPTION_OF.values() if python in kwargs}
        return fn(**kwargs, opts=options(given))

    del wrapper.__wrapped__  # typer must see the new signature, not the wrapped one
    wrapper.__signature__ = sig.replace(parameters=params)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in params}
    return wrapper


class Command(typer.core.TyperCommand):
    """A command that refuses an option given twice (``--gpu H100 --gpu H200``): click would
    silently keep the last value."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            repeated_options(self, args)
            return super().parse_args(ctx, args)
        except typer.BadParameter as exc:  # click's parser errors too: the hint names this command's help
            exc.ctx = exc.ctx or ctx
            raise
        except _USAGE_ERROR as exc:
            exc.ctx = exc.ctx or ctx
            raise

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:  # a value found bad after parsing: shown as click shows one
            raise typer.BadParameter(exc.message, ctx=ctx, param_hint=exc.param_hint) from None
        except EOFError as exc:  # click would print a blank line and report it as Ctrl-C (exit 130)
            raise UnexpectedEOF(f"unexpected end of input ({exc})") from exc


def repeated_options(command: Any, args: list[str]) -> None:
    """A usage error when a single-valued option appears more than once in ``args``."""
    names: dict[str, Any] = {}
    for param in command.params:
        is_value = not (param.is_flag or param.multiple or param.count) if hasattr(param, "is_flag") else False
        if getattr(param, "param_type_name", "") == "option" and is_value:
            for opt in [*param.opts, *param.secondary_opts]:
                names[opt] = param
    seen: dict[str, list[str]] = {}
    i = 0
    while i < len(args):
        token = args[i]
        i += 1
        if token == "--":
            break
        if token.startswith("--"):
            name, eq, value = token.partition("=")
        elif token.startswith("-") and len(token) > 1:
            name, value = token[:2], token[2:]
            eq = "=" if value else ""
        else:
            continue
        param = names.get(name)
        if param is None:
            continue
        if not eq:
            value = args[i] if i < len(args) else ""
            i += 1
        key = param.name
        seen.setdefault(key, []).append(value)
        if len(seen[key]) > 1:
            raise typer.BadParameter(repeated(seen[key]), param_hint=f"'{param.opts[0]}'")


def complete_gpu(incomplete: str) -> list[str]:
    """Shell completion for accelerator names and aliases (from the cached catalogue)."""
    try:
        cat = catalogue_package.load_catalogue()
    except Exception:  # completion must never print a traceback into the shell
        return []
    names = set(cat.names) | {n for n in cat.aliases() if " " not in n}
    return sorted(n for n in names if n.lower().startswith(incomplete.lower()))


def complete_grid(incomplete: str) -> list[str]:

    return [r for r in GRID_REGIONS if r.startswith(incomplete.lower())]


Sensitivity = Annotated[bool, typer.Option(*SENSITIVITY[0].flags, help=SENSITIVITY[0].help)]
SensitivityOf = Annotated[
    Optional[str], typer.Option(*SENSITIVITY[1].flags, metavar=SENSITIVITY[1].metavar, help=SENSITIVITY[1].help)
]
