"""What a command takes, declared once.

Each number command (``estimator/commands/<name>.py``) lists its inputs as :class:`Input`
records (name, unit, label, example, help, the catalogue default or dated point behind it)
in a :class:`Spec`, next to its formula. Everything else is built from that declaration:

- the Python API function (``estimator.buy``...): :meth:`Spec.api`, with a real signature;
- the command line's typer options and arguments (``cli/commands/build.py``);
- the calc-language functions and their argument checking (``estimator/language/functions.py``), the
  function list in ``calc --help`` and the README's function table (``cli/docs.py``).

A test compares each of those with the declaration, so they cannot drift apart.
"""

from __future__ import annotations

import datetime as _dt
import inspect
import math
import os
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Callable, Iterator, Mapping, Union

from estimator import catalogue as catalogue_package  # its loader loads on first use (PEP 562)
from estimator.catalogue.objects import normal_date
from estimator.errors import InputError
from estimator.language.literal import parse_estimate
from estimator.record import Record, fill
from estimator.values import Estimate

if TYPE_CHECKING:
    from estimator.catalogue import Catalogue
    from estimator.results import Result

QUANTITY, GPU, GRID, CHOICE = "quantity", "gpu", "grid", "choice"

# a Catalogue, a function returning one (called after the values are read), or an overlay path
CatalogueArg = Union["Catalogue", Callable[[], "Catalogue"], str, "os.PathLike[str]", None]


_AS_OPTIONS: ContextVar[bool] = ContextVar("as_options", default=False)


@contextmanager
def named_as_options() -> Iterator[None]:
    """Within: error messages name inputs by their command-line options (``--price``)."""
    token = _AS_OPTIONS.set(True)
    try:
        yield
    finally:
        _AS_OPTIONS.reset(token)


class Input(Record):
    """One input of a command.

    ``name`` is the keyword in Python and calc and the key in the JSON ``inputs``; the
    command-line option is ``--name`` with ``_`` as ``-`` (or an argument when
    ``positional``). ``unit`` is the unit the formula needs (a plain number given there reads
    as that unit where that is unambiguous: USD, GPU, days...). ``setting`` names the
    catalogue default used when the input is not given, ``point`` the accelerator's dated
    point (price, rental)."""

    name: str
    unit: str
    label: str
    example: str
    help: str
    metavar: str
    kind: str
    required: bool
    positional: bool
    short: str | None  # a one-letter command-line spelling, e.g. "-g"
    setting: str | None
    point: str | None
    fallback: float | None  # the value when the catalogue has no such default
    choices: tuple[str, ...]
    default: str | None  # the choice taken when none is given

    __slots__ = (
        "name",
        "unit",
        "label",
        "example",
        "help",
        "metavar",
        "kind",
        "required",
        "positional",
        "short",
        "setting",
        "point",
        "fallback",
        "choices",
        "default",
    )

    def __init__(
        self,
        name: str,
        unit: str = "",
        label: str = "",
        example: str = "",
        help: str = "",
        metavar: str = "X",
        kind: str = QUANTITY,
        required: bool = False,
        positional: bool = False,
        short: str | None = None,
        setting: str | None = None,
        point: str | None = None,
        fallback: float | None = None,
        choices: tuple[str, ...] = (),
        default: str | None = None,
    ) -> None:
        fill(
            self,
            name,
            unit,
            label,
            example,
            help,
            metavar,
            kind,
            required,
            positional,
            short,
            setting,
            point,
            fallback,
            choices,
            default,
        )

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def what(self) -> str:
        """How error messages name it: its keyword (``price``, as the API and calc spell
        it), or on the command line its option (``--price``; an argument by its name)."""
        return self.option if _AS_OPTIONS.get() and not self.positional else self.name

    @property
    def calc_param(self) -> str:
        """``name``, or ``name?`` when it may be left out (the calc signature's spelling)."""
        return self.name if self.required else f"{self.name}?"


class Function(Record):
    """A calc function: one output of a command (``train_days`` is train's ``days``)."""

    name: str
    output: str
    doc: str

    __slots__ = ("name", "output", "doc")

    def __init__(self, name: str, output: str, doc: str) -> None:
        fill(self, name, output, doc)


Runner = Callable[["Catalogue | None", dict[str, Any], "str | None"], "Result"]


class Spec(Record):
    """A command: its inputs, the functions calc offers from it, and how to run it.

    ``run(catalogue, values, as_of)`` gets every input by name, read (an Estimate, a name,
    or None when not given). ``catalogue`` is False for a command that reads no catalogue,
    ``dated`` False for one that reads no dated prices (it takes no ``as_of``)."""

    name: str
    doc: str
    inputs: tuple[Input, ...]
    run: Runner
    functions: tuple[Function, ...]
    catalogue: bool
    dated: bool

    __slots__ = ("name", "doc", "inputs", "run", "functions", "catalogue", "dated")

    def __init__(
        self,
        name: str,
        doc: str,
        inputs: tuple[Input, ...],
        run: Runner,
        functions: tuple[Function, ...] = (),
        catalogue: bool = True,
        dated: bool = True,
    ) -> None:
        fill(self, name, doc, inputs, run, functions, catalogue, dated)

    def input(self, name: str) -> Input:
        return next(i for i in self.inputs if i.name == name)

    def read(self, given: Mapping[str, object]) -> dict[str, Any]:
        """Every input read from text, a number or an Estimate (None when not given)."""
        return {i.name: read(i, given.get(i.name)) for i in self.inputs}

    def call(self, given: Mapping[str, object], catalogue: CatalogueArg = None, as_of: str | None = None) -> Result:
        """Read the inputs (so a bad value is reported before the catalogue loads), then run."""
        values = self.read(given)
        when = as_of_date(as_of) if self.dated else None
        cat = catalogue_of(catalogue) if self.catalogue else None
        return self.run(cat, values, when)

    def signature(self) -> inspect.Signature:
        """The API function's signature: required inputs first (positional or keyword, in
        declaration order), then the others as keywords, then ``as_of`` and ``catalogue``."""
        kw, pos = inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD
        params = [inspect.Parameter(i.name, pos) for i in self.inputs if i.required]
        params += [inspect.Parameter(i.name, kw, default=i.default) for i in self.inputs if not i.required]
        if self.dated:
            params.append(inspect.Parameter("as_of", kw, default=None))
        if self.catalogue:
            params.append(inspect.Parameter("catalogue", kw, default=None))
        return inspect.Signature(params)

    def api(self) -> Callable[..., Result]:
        """The public Python function of this command (``estimator.buy``...)."""
        sig = self.signature()

        def command(*args: object, **kwargs: object) -> Result:
            try:
                bound = sig.bind(*args, **kwargs)
            except TypeError as exc:
                raise InputError(f"{self.name}(): {exc}", f"the arguments are {self.name}{sig}") from None
            bound.apply_defaults()
            given = dict(bound.arguments)
            catalogue = given.pop("catalogue", None)
            as_of = given.pop("as_of", None)
            return self.call(given, catalogue, as_of)

        command.__name__ = command.__qualname__ = self.name
        command.__doc__ = self.doc + "\n\n" + "\n".join(f"{i.name}: {i.help}" for i in self.inputs)
        command.__signature__ = sig  # type: ignore[attr-defined]
        return command


def as_of_date(as_of: object) -> str | None:
    """``as_of`` as the date it means (``2024-05``; a ``datetime.date`` too), or an error:
    the API refuses what ``--as-of`` refuses."""
    if as_of is None:
        return None
    date = normal_date(as_of) if isinstance(as_of, (str, _dt.date)) else None
    if date is None:
        raise InputError(f"as_of: {as_of!r} is not a date", "write YYYY, YYYY-MM or YYYY-MM-DD, e.g. '2024-05'")
    return date


def catalogue_of(catalogue: object) -> Catalogue:
    """The catalogue given, a loader's (called after the values are read), the bundled one
    with the overlay file at a path on top, or the default."""
    if catalogue is None:
        return catalogue_package.load_catalogue()
    if isinstance(catalogue, (str, os.PathLike)):
        return catalogue_package.load_catalogue(os.fspath(catalogue))
    cat = catalogue() if callable(catalogue) else catalogue
    if not isinstance(cat, catalogue_package.Catalogue):
        raise InputError(
            f"catalogue: {type(cat).__name__} is not a catalogue",
            "give a Catalogue (estimator.load_catalogue()), a function returning one, or an overlay file's path",
        )
    return cat


def read(inp: Input, x: object) -> Any:
    """One input's value: an Estimate for a quantity, a name for an accelerator or a choice;
    a grid is a region's name or a carbon intensity. None stays None."""
    if x is None and not inp.required:
        return None
    if inp.kind == GPU:
        if not isinstance(x, str) or not x.strip():
            raise InputError(
                f"{inp.name}: {x!r} is not an accelerator name", "give a name such as 'H100' (see gpucost gpus)"
            )
        return x
    if x is None:
        raise InputError(f"{inp.what} is missing", f"give it like {inp.example}")
    if inp.kind == CHOICE:
        choice = x.strip().lower() if isinstance(x, str) else x
        if choice not in inp.choices:
            raise InputError(f"{inp.what}: unknown {x!r}", f"use {' or '.join(inp.choices)}")
        return choice
    if inp.kind == GRID and isinstance(x, str) and x.strip().replace("_", "").isalpha():
        return x  # a region; the command says which regions exist
    return quantity(x, inp.what)


def quantity(x: object, what: str) -> Estimate:
    """Text as typed on the command line, a number, or an Estimate, as an Estimate."""
    if isinstance(x, Estimate):
        if not x.low <= x.typical <= x.high:
            raise InputError(
                f"{what}: the Estimate has low {x.low:g}, typical {x.typical:g}, high {x.high:g}",
                "an Estimate needs low <= typical <= high",
            )
        return x
    if isinstance(x, str):
        return parse_estimate(x, what)
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        value = float(x) if not isinstance(x, int) or abs(x) < 2**1023 else math.inf
        if not math.isfinite(value):
            raise InputError(f"{what}: {x!r} is not a finite number", "give a number such as 6e9")
        return Estimate.exact(value)
    raise InputError(f"{what}: {x!r} is not a quantity", "give text such as '$6B' or '100k', a number, or an Estimate")
