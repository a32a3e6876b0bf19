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

from typing import TYPE_CHECKING, Any, Callable, Union

from estimator.catalogue import Catalogue, load_catalogue

if TYPE_CHECKING:
    from estimator.claims import ClaimFile, Verdict
    from estimator.results import Result
    from estimator.scan import Scan
    from estimator.values import Estimate

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
    """``x`` as an Estimate: a string is read like a command-line argument, a number is a
    plain number (a count, USD, days... where those are expected); None stays None."""
    from estimator.values import Estimate

    if x is None or isinstance(x, Estimate):
        return x
    if isinstance(x, bool) or not isinstance(x, (str, int, float)):
        from estimator.errors import InputError

        raise InputError(
            f"{what}: {x!r} is not a quantity", "give text such as '$6B' or '100k', a number, or an Estimate"
        )
    from estimator.units import parse_estimate

    return parse_estimate(x if isinstance(x, str) else repr(float(x)), what, default_unit)


def _name(gpu: object) -> str:
    if not isinstance(gpu, str) or not gpu.strip():
        from estimator.errors import InputError

        raise InputError(f"gpu: {gpu!r} is not an accelerator name", "give a name such as 'H100' (see gpucost gpus)")
    return gpu


def _must(x: Value, what: str, default_unit: str = "") -> Estimate:
    est = value(x, what, default_unit)
    assert est is not None
    return est


CatalogueArg = Union[Catalogue, Callable[[], Catalogue], None]


def _cat(catalogue: CatalogueArg) -> Catalogue:
    """The catalogue given, or from a loader (called after the values are read), or the default."""
    if catalogue is None:
        return load_catalogue()
    return catalogue() if callable(catalogue) else catalogue


def buy(
    budget: Value,
    gpu: str,
    *,
    price: Value | None = None,
    as_of: str | None = None,
    catalogue: CatalogueArg = None,
) -> Result:
    """How many ``gpu`` a ``budget`` buys at the catalogue's price (at ``as_of``) or ``price``."""
    from estimator import calculations

    gpu, money = _name(gpu), _must(budget, "budget", "USD")
    unit_price = value(price, "--price", "USD")
    return calculations.buy(_cat(catalogue), money, gpu, price=unit_price, as_of=as_of)


def power(
    count: Value,
    gpu: str,
    *,
    pue: Value | None = None,
    electricity: Value | None = None,
    it_overhead: Value | None = None,
    grid: str | Value | None = None,
    catalogue: CatalogueArg = None,
) -> Result:
    """Chip, IT and facility power of ``count`` accelerators, energy, its bill and emissions.

    ``grid`` is a region (``"us"``, ``"world"``, ``"eu"``, ...) or an intensity (``"0.4 kg/kWh"``)."""
    from estimator import calculations

    gpu, n = _name(gpu), _must(count, "count", "GPU")
    return calculations.power(_cat(catalogue), n, gpu, **_settings(pue, electricity, it_overhead, grid))


def runway(budget: Value, burn: Value) -> Result:
    """How long ``budget`` lasts at a ``burn`` rate (``"$3B..$6B/yr"``)."""
    from estimator import calculations

    return calculations.runway(_must(budget, "budget", "USD"), _must(burn, "--burn"))


def train(
    gpu: str,
    *,
    flops: Value | None = None,
    params: Value | None = None,
    tokens: Value | None = None,
    count: Value | None = None,
    days: Value | None = None,
    mfu: Value | None = None,
    precision: str = "bf16",
    rental: Value | None = None,
    price: Value | None = None,
    pue: Value | None = None,
    electricity: Value | None = None,
    it_overhead: Value | None = None,
    grid: str | Value | None = None,
    as_of: str | None = None,
    catalogue: CatalogueArg = None,
) -> Result:
    """A training run on ``gpu``: compute (``flops`` or 6 x ``params`` x ``tokens``), days on
    ``count`` GPUs (or GPUs needed for ``days``), GPU-hours, cost rented and owned, energy, CO2."""
    from estimator import ownership

    gpu = _name(gpu)
    inputs = ownership.TrainInputs(
        flops=value(flops, "--flops", "FLOP"),
        params=value(params, "--params", "param"),
        tokens=value(tokens, "--tokens", "token"),
        count=value(count, "--count", "GPU"),
        days=value(days, "--days", "d"),
        mfu=value(mfu, "--mfu"),
        precision=precision.lower(),
        rental=value(rental, "--rental", "USD/GPU/h"),
        price=value(price, "--price", "USD/GPU"),
        **_settings(pue, electricity, it_overhead, grid),
        as_of=as_of,
    )
    return ownership.train(_cat(catalogue), gpu, inputs)


def cluster(
    count: Value,
    gpu: str,
    *,
    years: Value | None = None,
    utilization: Value | None = None,
    maintenance: Value | None = None,
    price: Value | None = None,
    rental: Value | None = None,
    pue: Value | None = None,
    electricity: Value | None = None,
    it_overhead: Value | None = None,
    grid: str | Value | None = None,
    as_of: str | None = None,
    catalogue: CatalogueArg = None,
) -> Result:
    """Owning ``count`` accelerators for ``years``: capex by part, opex, TCO, $/GPU-hour vs renting."""
    from estimator import ownership

    inputs = ownership.ClusterInputs(
        years=value(years, "--years", "yr"),
        utilization=value(utilization, "--utilization"),
        maintenance=value(maintenance, "--maintenance"),
        price=value(price, "--price", "USD/GPU"),
        rental=value(rental, "--rental", "USD/GPU/h"),
        **_settings(pue, electricity, it_overhead, grid),
        as_of=as_of,
    )
    gpu, n = _name(gpu), _must(count, "count", "GPU")
    return ownership.cluster(_cat(catalogue), n, gpu, inputs)


def _settings(
    pue: Value | None, electricity: Value | None, it_overhead: Value | None, grid: str | Value | None
) -> dict[str, Any]:
    """The power settings power, train and cluster share, read from text."""
    return {
        "pue": value(pue, "--pue"),
        "electricity": value(electricity, "--electricity", "USD/kWh"),
        "it_overhead": value(it_overhead, "--it-overhead"),
        "grid": _grid(grid),
    }


def _grid(grid: str | Value | None) -> str | Estimate | None:
    """A region name stays a name; other text is read as kg/kWh."""
    from estimator.calculations import GRID_REGIONS

    if isinstance(grid, str) and (grid.strip().lower() in GRID_REGIONS or grid.strip().replace("_", "").isalpha()):
        return grid
    return value(grid, "--grid", "kg/kWh")


def calc(expression: str, *, as_of: str | None = None, catalogue: CatalogueArg = None) -> Result:
    """Evaluate a calc-language expression; the Result lists the catalogue figures it used."""
    from estimator.language import CalcError, Context, calculate
    from estimator.results import Output, Result

    loaded: list[Catalogue] = []

    def load() -> Catalogue:
        if not loaded:
            loaded.append(_cat(catalogue))
        return loaded[0]

    ctx = Context(load, as_of=as_of)
    try:
        est = calculate(expression, ctx)
    except CalcError as exc:
        raise CalcError(f"in {expression!r}: {exc.message}", exc.hint) from None
    return Result("calc", {"expr": expression, "as_of": as_of}, ctx.assumptions, [Output("value", expression, est)])


def check_claims(
    paths: list[str],
    *,
    as_of: str | None = None,
    catalogue: CatalogueArg = None,
    stdin: str | bytes = "",
) -> tuple[list[ClaimFile], list[Verdict]]:
    """Check claim files (``"-"`` reads ``stdin``, text or UTF-8 bytes): the files read and one
    Verdict per claim.

    ``estimator.claims.exit_code(verdicts)`` gives 0 (all hold), 1 (a claim fails), 2 (errors)."""
    from estimator.claims import check_files

    cat = _cat(catalogue)
    return check_files(paths, lambda: cat, lambda: stdin, as_of)


def scan_text(
    text: str,
    *,
    path: str = "<text>",
    as_of: str | None = None,
    tolerance: float = 0.25,
    gpu: str | None = None,
    catalogue: CatalogueArg = None,
) -> Scan:
    """Find the compute figures in ``text`` and check the pairs (see ``gpucost scan``)."""
    from estimator.errors import InputError
    from estimator.scan import scan

    if not isinstance(text, str):
        raise InputError(f"text: {type(text).__name__} is not text", "pass the article as a str")
    cat = _cat(catalogue)
    return scan(text, path, lambda: cat, as_of=as_of, tolerance=tolerance, gpu=gpu)
