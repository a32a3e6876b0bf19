"""The output and catalogue options every command shares, added by one decorator.

Like sqlite-utils' ``@output_options``: a command declares ``opts: Options`` as its last
parameter; ``@common_options`` replaces it with ``--json``, ``-q``, ``--explain``,
``--catalogue``, ``--as-of`` and ``--debug`` and hands the command one ``Options``.
"""

from __future__ import annotations

import functools
import inspect
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, Callable, Optional

import typer

if TYPE_CHECKING:
    from estimator.catalogue import Catalogue
    from estimator.values import Estimate

PANEL = "Output and catalogue"


@dataclass
class Options:
    json: bool = False
    quiet: bool = False
    explain: bool = False
    catalogue_file: Optional[str] = None
    as_of: Optional[str] = None
    debug: bool = False
    _catalogue: Optional[Catalogue] = field(default=None, repr=False)

    def catalogue(self) -> Catalogue:
        """The bundled catalogue with the overlay file on top, loaded once."""
        if self._catalogue is None:
            self._catalogue = load(self.catalogue_file)
        return self._catalogue

    def value(self, text: str, what: str, default_unit: str = "") -> Estimate:
        from estimator.language.literal import parse_estimate

        return parse_estimate(text, what, default_unit)


def load(overlay: str | None) -> Catalogue:
    """The catalogue with ``overlay`` on top; what the overlay does that is legal but likely a
    surprise (a shadowed source id, an older price point) is said on stderr."""
    from cli.output import warning
    from estimator.catalogue import load_catalogue

    cat = load_catalogue(overlay)
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
    from estimator.catalogue import normal_date

    date = normal_date(text)
    if date is None:
        raise typer.BadParameter(f"{text!r} is not a date (write YYYY-MM or YYYY-MM-DD)", param_hint="'--as-of'")
    return date


_COMMON = [
    ("json_", bool, typer.Option("--json", help="Print one JSON object (see README: output contract).")),
    (
        "quiet",
        bool,
        typer.Option("--quiet", "-q", help="Print only the typical value, a bare number in the result's unit."),
    ),
    ("explain", bool, typer.Option("--explain", help="List every assumption used, with its source.")),
    (
        "catalogue_file",
        Optional[str],
        typer.Option(
            "--catalogue",
            envvar="GPUCOST_CATALOGUE",
            metavar="FILE",
            help="A YAML overlay on the bundled catalogue (e.g. negotiated prices).",
        ),
    ),
    (
        "as_of",
        Optional[str],
        typer.Option("--as-of", metavar="DATE", help="Use the latest price at or before DATE (YYYY-MM[-DD])."),
    ),
    ("debug", bool, typer.Option("--debug", help="Show tracebacks.")),
]


def common_options(fn: Callable[..., Any] | None = None, *, catalogue: bool = True, as_of: bool = True) -> Any:
    """Replace the command's ``opts`` parameter with the shared options.  A command that does
    not read the catalogue (``catalogue=False``) or dated prices (``as_of=False``) does not get
    those options, so giving one is a usage error rather than silently ignored."""
    if fn is None:
        return functools.partial(common_options, catalogue=catalogue, as_of=as_of)
    sig = inspect.signature(fn)
    params = [p for name, p in sig.parameters.items() if name != "opts"]
    wanted = [c for c in _COMMON if (catalogue or c[0] != "catalogue_file") and (as_of or c[0] != "as_of")]
    for name, typ, info in wanted:
        info.rich_help_panel = PANEL
        default: Any = None if typ is not bool else False
        params.append(
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=Annotated[typ, info])
        )

    @functools.wraps(fn)
    def wrapper(**kwargs: Any) -> Any:
        opts = Options(
            json=kwargs.pop("json_"),
            quiet=kwargs.pop("quiet"),
            explain=kwargs.pop("explain"),
            catalogue_file=kwargs.pop("catalogue_file", None),
            as_of=kwargs.pop("as_of", None),
            debug=kwargs.pop("debug"),
        )
        if opts.catalogue_file is not None and not os.path.isfile(os.path.expanduser(opts.catalogue_file)):
            from estimator.errors import CatalogueError

            there = os.path.exists(os.path.expanduser(opts.catalogue_file))
            raise CatalogueError(
                f"catalogue {opts.catalogue_file} is not a regular file"
                if there
                else f"catalogue file not found: {opts.catalogue_file}",
                "give the path of a YAML file to --catalogue or GPUCOST_CATALOGUE",
            )
        if opts.json and opts.quiet:
            raise typer.BadParameter("--json and --quiet exclude each other", param_hint="'--quiet'")
        opts.as_of = as_of_date(opts.as_of)
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
        return super().parse_args(ctx, args)  # type: ignore[no-any-return]

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
        from estimator.catalogue import load_catalogue

        cat = load_catalogue()
    except Exception:  # completion must never print a traceback into the shell
        return []
    names = set(cat.names)
    for entry in cat.gpus_raw.values():
        names.update(str(a) for a in entry.get("aliases", []) if " " not in str(a))
    return sorted(n for n in names if n.lower().startswith(incomplete.lower()))


def complete_grid(incomplete: str) -> list[str]:
    from estimator.commands.power import GRID_REGIONS

    return [r for r in GRID_REGIONS if r.startswith(incomplete.lower())]


Sensitivity = Annotated[bool, typer.Option("--sensitivity", help="Show which input's range moves the result most.")]
SensitivityOf = Annotated[
    Optional[str],
    typer.Option("--sensitivity-of", metavar="RESULT", help="The result the sensitivity view looks at (a --json key)."),
]
