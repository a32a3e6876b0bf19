"""The public Python API: what the command line calls, for scripts and notebooks.

Every argument that is a quantity takes a string as typed on the command line (``"$6B"``,
``"100k"``, ``"1.1..1.4"``, ``"0.08 USD/kWh"``) or an :class:`~estimator.values.Estimate`.
Every function returns a :class:`~estimator.results.Result` (``.outputs``, ``.assumptions``
with sources, ``.to_dict()``) and raises :class:`~estimator.errors.EstimatorError` on bad
input.  The catalogue defaults to the bundled one with ``GPUCOST_CATALOGUE`` on top.

    >>> from estimator import buy
    >>> buy("$6B", "H100", price="$30k").primary.estimate.typical
    200000.0
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Union

from estimator.catalogue import Catalogue, load_catalogue
from estimator.commands import SPECS
from estimator.commands.spec import CatalogueArg, as_of_date, catalogue_of, quantity
from estimator.errors import CalcError, InputError
from estimator.language.evaluate import Context, calculate
from estimator.language.literal import parse_estimate
from estimator.results import Output, Result
from estimator.values import Estimate

if TYPE_CHECKING:
    from estimator.claims import ClaimFile, Verdict
    from estimator.scan import Scan

Value = Union[str, float, "Estimate"]

__all__ = [
    "buy",
    "calc",
    "check_claims",
    "cluster",
    "load_catalogue",
    "power",
    "runway",
    "scan_text",
    "train",
    "value",
]


def value(x: Value | float | None, what: str, default_unit: str = "") -> Estimate | None:
    """``x`` as an Estimate: a string is read like a command-line argument (a plain number
    takes ``default_unit``), a number is a plain number; None stays None."""
    if isinstance(x, str) and default_unit:
        return parse_estimate(x, what, default_unit)
    est = None if x is None else quantity(x, what)
    if est is not None and default_unit and isinstance(x, (int, float)):
        return Estimate.exact(est.typical, default_unit)  # a number takes the unit, as "6" does
    return est


# The number commands, built from their declarations in estimator/commands/ (signatures,
# reading of every argument, defaults): buy(budget, gpu, *, price, as_of, catalogue)...
buy = SPECS["buy"].api()
power = SPECS["power"].api()
runway = SPECS["runway"].api()
train = SPECS["train"].api()
cluster = SPECS["cluster"].api()


def calc(expression: str, *, as_of: str | None = None, catalogue: CatalogueArg = None) -> Result:
    """Evaluate a calc-language expression; the Result lists the catalogue figures it used."""
    if not isinstance(expression, str):
        raise InputError(f"expression: {type(expression).__name__} is not text", "pass the expression as a str")
    as_of = as_of_date(as_of)
    loaded: list[Catalogue] = []

    def load() -> Catalogue:
        if not loaded:
            loaded.append(catalogue_of(catalogue))
        return loaded[0]

    ctx = Context(load, as_of=as_of)
    try:
        est = calculate(expression, ctx)
    except CalcError as exc:
        raise exc.within(expression, label=f"in {expression!r}") from None
    return Result("calc", {"expr": expression, "as_of": as_of}, ctx.assumptions, [Output("value", expression, est)])


def check_claims(
    paths: list[str] | str,
    *,
    as_of: str | None = None,
    catalogue: CatalogueArg = None,
    stdin: str | bytes = "",
) -> tuple[list[ClaimFile], list[Verdict]]:
    """Check claim files (``"-"`` reads ``stdin``, text or UTF-8 bytes): the files read and one
    Verdict per claim.

    ``estimator.exit_code(verdicts)`` gives 0 (all hold), 1 (a claim fails), 2 (errors)."""
    from estimator.claims import check_files  # LAZY: the one-liners do not pay for the claim checker

    given: list[object] = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)  # a str is one file
    if not all(isinstance(p, (str, os.PathLike)) for p in given):
        raise InputError("paths: give a list of file names", "e.g. check_claims(['claims.yaml'])")
    names = [str(os.fspath(p)) for p in given]  # type: ignore[call-overload]
    as_of = as_of_date(as_of)

    cat = catalogue_of(catalogue)
    return check_files(names, lambda: cat, lambda: stdin, as_of)


def scan_text(
    text: str,
    *,
    path: str = "<text>",
    as_of: str | None = None,
    tolerance: float | str = 0.25,
    gpu: str | None = None,
    catalogue: CatalogueArg = None,
) -> Scan:
    """Find the compute figures in ``text`` and check the pairs (see ``gpucost scan``)."""
    from estimator.claims import parse_tolerance
    from estimator.scan import scan  # LAZY: nor for scan's patterns

    if not isinstance(text, str):
        raise InputError(f"text: {type(text).__name__} is not text", "pass the article as a str")
    if not text.strip():  # a failed download piped in (curl -s ... | gpucost scan -) is not a clean text
        raise InputError(f"{path}: the text is empty", "check the file, or the command that fed it")
    tolerance = parse_tolerance(tolerance, "tolerance")  # as --tolerance reads it: 25% or 0.25
    as_of = as_of_date(as_of)
    cat = catalogue_of(catalogue)
    return scan(text, path, lambda: cat, as_of=as_of, tolerance=tolerance, gpu=gpu)
