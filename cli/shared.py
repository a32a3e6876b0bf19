"""The shared options as data, and what a command does with them once they are read.

Nothing here imports typer: the typer options (``cli/options.py``) and the one-liner's own
parser (``cli/fast.py``) are both built from the declarations below, and both hand what they
read to :func:`options`, so a value is checked the same way whichever parser read it.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Optional

from cli.output import warning
from estimator import catalogue as catalogue_package  # its loader loads on first use (PEP 562)
from estimator.catalogue.objects import normal_date
from estimator.errors import CatalogueFileError

if TYPE_CHECKING:
    from estimator.catalogue import Catalogue

FORMATS = ("table", "json", "jsonl", "csv", "markdown")  # every command's --format
CHECK_FORMATS = (*FORMATS, "junit")  # check's: JUnit XML for CI too
QUIET = "quiet"  # the format name of -q: only the primary value (or nothing)
TEXT, FLAG, CHOICE = "text", "flag", "choice"


class Param:
    """One option or argument of a command, as both parsers read it: ``name`` is the Python
    parameter, ``flags`` the spellings (long first), ``kind`` text, flag or choice."""

    __slots__ = ("name", "flags", "kind", "metavar", "help", "choices", "envvar", "required", "positional", "default")

    def __init__(
        self,
        name: str,
        flags: tuple[str, ...] = (),
        kind: str = TEXT,
        metavar: str | None = None,
        help: str = "",
        choices: tuple[str, ...] = (),
        envvar: str | None = None,
        required: bool = False,
        positional: bool = False,
        default: str | None = None,
    ) -> None:
        self.name, self.flags, self.kind, self.metavar, self.help = name, flags, kind, metavar, help
        self.choices, self.envvar, self.required, self.positional = choices, envvar, required, positional
        self.default = default  # the value when not given (a flag's is False)

    def __repr__(self) -> str:
        return f"Param({self.name!r}, {self.flags!r})"


# The shared options, declared once; a command declares the ones it honours (the rest are usage errors).
SHARED: dict[str, Param] = {
    p.name: p
    for p in (
        Param(
            "format",
            ("--format", "-f"),
            CHOICE,
            "FORMAT",
            "table (default), json, jsonl, csv or markdown.",
            choices=FORMATS,
        ),
        Param("json_", ("--json",), FLAG, help="Same as --format json (see README: output contract)."),
        Param(
            "quiet", ("--quiet", "-q"), FLAG, help="Print only the typical value, a bare number in the result's unit."
        ),
        Param("explain", ("--explain",), FLAG, help="List every assumption used, with its source."),
        Param(
            "catalogue_file",
            ("--catalogue",),
            metavar="FILE",
            help="A YAML overlay on the bundled catalogue (e.g. negotiated prices).",
            envvar="GPUCOST_CATALOGUE",
        ),
        Param("as_of", ("--as-of",), metavar="DATE", help="Use the latest price at or before DATE (YYYY-MM[-DD])."),
        Param("debug", ("--debug",), FLAG, help="Show tracebacks."),
    )
}
CHECK_FORMAT = Param(
    "format", ("--format", "-f"), CHOICE, "FORMAT", "table (default), json, jsonl, csv, markdown or junit.",
    choices=CHECK_FORMATS,
)  # fmt: skip
# the names commands use for them in ``honours=``
OPTION_OF = {"format": "format", "json": "json_", "quiet": "quiet", "explain": "explain"}
OPTION_OF |= {"catalogue": "catalogue_file", "as_of": "as_of", "debug": "debug"}
EVERY = tuple(OPTION_OF)

# A number command's sensitivity view.
SENSITIVITY = (
    Param("sensitivity", ("--sensitivity",), FLAG, help="Show which input's range moves the result most."),
    Param(
        "sensitivity_of",
        ("--sensitivity-of",),
        metavar="RESULT",
        help="The result the sensitivity view looks at (a --json key).",
    ),
)


class UsageError(Exception):
    """A value the command line cannot take, found after parsing; shown as click shows a
    bad parameter (``Invalid value for '--as-of': ...``) whichever parser read it."""

    def __init__(self, message: str, param_hint: str) -> None:
        super().__init__(message)
        self.message, self.param_hint = message, param_hint

    def format_message(self) -> str:
        return f"Invalid value for {self.param_hint}: {self.message}"


def repeated(values: list[str]) -> str:
    """The words of "an option given twice", whichever parser found it."""
    shown = ", then ".join(repr(v) for v in values)
    return f"given more than once ({shown}); a run takes one value"


class Options:
    """What the shared options asked for together: ``format`` is one of FORMATS or
    CHECK_FORMATS, or QUIET for -q."""

    __slots__ = ("format", "explain", "catalogue_file", "as_of", "debug", "_catalogue")

    def __init__(
        self,
        format: str = "table",
        explain: bool = False,
        catalogue_file: Optional[str] = None,
        as_of: Optional[str] = None,
        debug: bool = False,
    ) -> None:
        self.format, self.explain, self.catalogue_file, self.as_of, self.debug = (
            format,
            explain,
            catalogue_file,
            as_of,
            debug,
        )
        self._catalogue: Optional[Catalogue] = None

    def __repr__(self) -> str:
        return f"Options(format={self.format!r}, as_of={self.as_of!r}, catalogue_file={self.catalogue_file!r})"

    @property
    def json(self) -> bool:
        return self.format == "json"

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


def as_of_date(text: str | None) -> str | None:
    """``--as-of`` as the date it means (spaces dropped), or a usage error."""
    if text is None:
        return None
    date = normal_date(text)
    if date is None:
        raise UsageError(f"{text!r} is not a date (write YYYY-MM or YYYY-MM-DD)", "'--as-of'")
    return date


def output_format(fmt: Optional[str], json_: bool, quiet: bool) -> str:
    """The format ``--format``, ``--json`` and ``-q`` ask for together, or a usage error."""
    if json_ and quiet:
        raise UsageError("--json and --quiet exclude each other", "'--quiet'")
    if json_ and fmt is not None and fmt != "json":
        raise UsageError(f"--json and --format {fmt} exclude each other", "'--json'")
    if quiet and fmt is not None:
        raise UsageError("--quiet prints no report, so it takes no --format", "'--quiet'")
    if quiet:
        return QUIET
    if json_:
        return "json"
    return fmt if fmt is not None else "table"


def options(given: dict[str, Any]) -> Options:
    """The Options of the shared options' values (by Python name; one not declared is absent),
    or the first usage error among them, in the order click would find it."""
    fmt = given.get("format")
    fmt = getattr(fmt, "value", fmt)  # typer hands --format over as its Enum
    opts = Options(
        format=output_format(fmt, bool(given.get("json_")), bool(given.get("quiet"))),
        explain=bool(given.get("explain")),
        catalogue_file=given.get("catalogue_file"),
        as_of=as_of_date(given.get("as_of")),
        debug=bool(given.get("debug")),
    )
    path = opts.catalogue_file
    if path is not None and not os.path.isfile(os.path.expanduser(path)):
        there = os.path.exists(os.path.expanduser(path))
        raise CatalogueFileError(
            f"catalogue {path} is not a regular file" if there else f"catalogue file not found: {path}",
            "give the path of a YAML file" if there else "check the path given to --catalogue or GPUCOST_CATALOGUE",
        )
    return opts


def read_stdin(limit: int) -> bytes:
    """Standard input's bytes, at most ``limit`` + 1 (the reader refuses more), decoded later
    as UTF-8 whatever the locale; a closed stdin reads as empty."""
    import sys

    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        return b""
    data: bytes = stream.read(limit + 1)
    return data
