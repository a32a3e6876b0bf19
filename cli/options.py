"""The shared options, declared once as typed aliases, and the decorator that adds them.

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
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, Callable, Optional, overload

import typer

from cli.output import warning
from estimator import catalogue as catalogue_package  # its loader loads on first use (PEP 562)
from estimator.catalogue.objects import normal_date
from estimator.commands.power import GRID_REGIONS
from estimator.errors import CatalogueFileError

if TYPE_CHECKING:
    from estimator.catalogue import Catalogue

PANEL = "Output and catalogue"


class Format(str, enum.Enum):
    """The output formats every command takes (``--format``)."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"


class CheckFormat(str, enum.Enum):
    """``check``'s formats: every command's, and JUnit XML for CI."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"
    junit = "junit"


QUIET = "quiet"  # the format name of -q: only the primary value (or nothing)

# The shared options, declared once: every command that honours one takes it from here.
FormatOption = Annotated[
    Optional[Format],
    typer.Option("--format", "-f", metavar="FORMAT", help="table (default), json, jsonl, csv or markdown."),
]
CheckFormatOption = Annotated[
    Optional[CheckFormat],
    typer.Option("--format", "-f", metavar="FORMAT", help="table (default), json, jsonl, csv, markdown or junit."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Same as --format json (see README: output contract).")]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print only the typical value, a bare number in the result's unit.")
]
ExplainOption = Annotated[bool, typer.Option("--explain", help="List every assumption used, with its source.")]
CatalogueOption = Annotated[
    Optional[str],
    typer.Option(
        "--catalogue",
        envvar="GPUCOST_CATALOGUE",
        metavar="FILE",
        help="A YAML overlay on the bundled catalogue (e.g. negotiated prices).",
    ),
]
AsOfOption = Annotated[
    Optional[str],
    typer.Option("--as-of", metavar="DATE", help="Use the latest price at or before DATE (YYYY-MM[-DD])."),
]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show tracebacks.")]

SHARED: dict[str, Any] = {
    "format": FormatOption,
    "json": JsonOption,
    "quiet": QuietOption,
    "explain": ExplainOption,
    "catalogue": CatalogueOption,
    "as_of": AsOfOption,
    "debug": DebugOption,
}
EVERY = tuple(SHARED)
# the Python parameter each becomes (click's name for it)
_PARAM = {name: {"json": "json_", "catalogue": "catalogue_file"}.get(name, name) for name in SHARED}


@dataclass
class Options:
    format: str = Format.table.value  # one of Format, CheckFormat, or QUIET for -q
    explain: bool = False
    catalogue_file: Optional[str] = None
    as_of: Optional[str] = None
    debug: bool = False
    _catalogue: Optional[Catalogue] = field(default=None, repr=False)

    @property
    def json(self) -> bool:
        return self.format == Format.json.value

    @property
    def quiet(self) -> bool:
        return self.format == QUIET

    def catalogue(self) -> Catalogue:
        """The bundled catalogue with the overlay file on top, loaded once."""
        if self._catalogue is None:
            self._catalogue = load(self.catalogue_file)
        return self._catalogue


def load(overlay: str | None) -> Catalogue:
    """The catalogue with ``overlay`` on top; what the overlay does that is legal but likely a
    surprise (a shadowed source id, an older price point) is said on stderr."""

    cat = catalogue_package.load_catalogue(overlay)
    for message in cat.warnings:
        warning(message)
    return cat


def read_stdin(limit: int) -> bytes:
    """Standard input's bytes, at most ``limit`` + 1 (the reader refuses more), decoded later
    as UTF-8 whatever the locale; a closed stdin reads as empty."""
    import sys

    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        return b""
    data: bytes = stream.read(limit + 1)
    return data


def as_of_date(text: str | None) -> str | None:
    """``--as-of`` as the date it means (spaces dropped), or a usage error."""
    if text is None:
        return None

    date = normal_date(text)
    if date is None:
        raise typer.BadParameter(f"{text!r} is not a date (write YYYY-MM or YYYY-MM-DD)", param_hint="'--as-of'")
    return date


def output_format(fmt: Optional[enum.Enum], json_: bool, quiet: bool) -> str:
    """The format ``--format``, ``--json`` and ``-q`` ask for together, or a usage error."""
    if json_ and quiet:
        raise typer.BadParameter("--json and --quiet exclude each other", param_hint="'--quiet'")
    if json_ and fmt is not None and fmt.value != Format.json.value:
        raise typer.BadParameter(f"--json and --format {fmt.value} exclude each other", param_hint="'--json'")
    if quiet and fmt is not None:
        raise typer.BadParameter("--quiet prints no report, so it takes no --format", param_hint="'--quiet'")
    if quiet:
        return QUIET
    if json_:
        return Format.json.value
    return fmt.value if fmt is not None else Format.table.value


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


def common_options(
    fn: CommandFn | None = None,
    *,
    honours: tuple[str, ...] = EVERY,
    formats: Any = FormatOption,
    help: dict[str, str] | None = None,
) -> Any:
    """Replace the command's ``opts`` parameter with the shared options it ``honours`` (names
    of ``SHARED``): an option a command does not read is not declared, so giving it is a usage
    error rather than silently ignored.  ``formats`` is the ``--format`` declaration
    (``check`` adds junit); ``help`` overrides an option's help text for this command."""
    if fn is None:
        return functools.partial(common_options, honours=honours, formats=formats, help=help)
    unknown = set(honours) - set(SHARED)
    assert not unknown, f"no shared option {unknown}"
    sig = inspect.signature(fn)
    params = [p for name, p in sig.parameters.items() if name != "opts"]
    for name in SHARED:
        if name not in honours:
            continue
        alias = formats if name == "format" else SHARED[name]
        typ = alias.__origin__
        default: Any = False if typ is bool else None
        annotation = _declared(alias, (help or {}).get(name))
        params.append(
            inspect.Parameter(_PARAM[name], inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
        )

    @functools.wraps(fn)
    def wrapper(**kwargs: Any) -> Any:
        given = {name: kwargs.pop(_PARAM[name], None) for name in SHARED}
        opts = Options(
            format=output_format(given["format"], bool(given["json"]), bool(given["quiet"])),
            explain=bool(given["explain"]),
            catalogue_file=given["catalogue"],
            as_of=as_of_date(given["as_of"]),
            debug=bool(given["debug"]),
        )
        if opts.catalogue_file is not None and not os.path.isfile(os.path.expanduser(opts.catalogue_file)):
            there = os.path.exists(os.path.expanduser(opts.catalogue_file))
            raise CatalogueFileError(
                f"catalogue {opts.catalogue_file} is not a regular file"
                if there
                else f"catalogue file not found: {opts.catalogue_file}",
                "give the path of a YAML file" if there else "check the path given to --catalogue or GPUCOST_CATALOGUE",
            )
        return fn(**kwargs, opts=opts)

    del wrapper.__wrapped__  # typer must see the new signature, not the wrapped one
    wrapper.__signature__ = sig.replace(parameters=params)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in params}
    return wrapper


class Command(typer.core.TyperCommand):
    """A command that refuses an option given twice (``--gpu H100 --gpu H200``): click would
    silently keep the last value."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        repeated_options(self, args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except EOFError as exc:  # click would print a blank line and report it as Ctrl-C (exit 130)
            raise UnexpectedEOF(f"unexpected end of input ({exc})") from exc


class UnexpectedEOF(RuntimeError):
    """An EOFError inside a command: a bug, reported as one error line."""


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
            shown = ", then ".join(repr(v) for v in seen[key])
            raise typer.BadParameter(
                f"given more than once ({shown}); a run takes one value",
                param_hint=f"'{param.opts[0]}'",
            )


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


Sensitivity = Annotated[bool, typer.Option("--sensitivity", help="Show which input's range moves the result most.")]
SensitivityOf = Annotated[
    Optional[str],
    typer.Option("--sensitivity-of", metavar="RESULT", help="The result the sensitivity view looks at (a --json key)."),
]
