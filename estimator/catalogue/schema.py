"""The catalogue's field table: every figure a file may hold, once.

Each :class:`Field` says what a figure is (its help text), the unit it is kept in, its
bounds, whether it needs a date, and how ``gpucost gpus`` titles and shows it.  The loader's
checks, calc's ``H100.tdp`` and ``defaults.pue``, the ``gpus`` columns and the README's field
table all read this table, so a new figure or default is one line here (a new kind of dated point
also needs its list on ``Accelerator``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from estimator.record import Record, fill

if TYPE_CHECKING:
    from estimator.values import Estimate

SCHEMA = 1  # the catalogue file format this gpucost reads (``schema: 1``)

FIGURE = "figure"  # one figure of an accelerator (``tdp: {value: 700 W, source: ...}``)
POINT = "point"  # a list of dated figures of an accelerator (price points)
DEFAULT = "default"  # a figure under ``defaults:``, for every accelerator


class Field(Record):
    """One figure the catalogue may hold.

    ``unit``: the unit it is kept in (any unit of the same dimension is accepted);
    ``bounds``: the lowest and highest value in that unit (None: no highest);
    ``dated``: a figure that needs ``as_of``; ``title`` and ``shown``: the ``gpus`` column
    title and the unit the column shows (an accelerator's fields only)."""

    key: str
    kind: str
    unit: str
    help: str
    bounds: tuple[float, float | None]
    dated: bool
    title: str
    shown: str

    __slots__ = ("key", "kind", "unit", "help", "bounds", "dated", "title", "shown")

    def __init__(
        self,
        key: str,
        kind: str,
        unit: str,
        help: str,
        bounds: tuple[float, float | None] = (0.0, None),
        dated: bool = False,
        title: str = "",
        shown: str = "",
    ) -> None:
        fill(self, key, kind, unit, help, bounds, dated, title, shown)

    @property
    def column(self) -> tuple[str, str]:
        """The ``gpus`` column: its title and the unit it shows."""
        return self.title or self.key, self.shown or self.unit


def _grid(region: str, name: str) -> Field:
    return Field(f"grid_carbon_{region}", DEFAULT, "kg/kWh", f"grid carbon intensity, {name}", GRID, dated=True)


# The bounds of a default: a share above 1 is a percentage written without its %; a PUE above
# 3 is worse than any facility surveyed (Uptime Institute's 2007 average was about 2.5), so it
# is almost surely a typing error.  The bounds hold alike for the bundled catalogue, overlays
# and values given on the command line.  Electricity above 2 USD/kWh is several times the
# dearest retail power anywhere, so it is cents typed as dollars; a grid above 2 kg/kWh is
# dirtier than coal (about 1 kg/kWh), so it is grams typed as kilograms.
ELECTRICITY = (0.0, 2.0)
GRID = (0.0, 2.0)
FIELDS: tuple[Field, ...] = (
    Field("memory", FIGURE, "GB/GPU", "memory per accelerator", title="memory"),
    Field("bandwidth", FIGURE, "TB/s/GPU", "memory bandwidth", title="bandwidth"),
    Field("tdp", FIGURE, "W/GPU", "the chip's thermal design power", title="TDP"),
    Field("system_power", FIGURE, "W/GPU", "a server's maximum power per accelerator", title="server W/GPU"),
    Field("bf16_dense", FIGURE, "FLOP/s/GPU", "dense BF16 compute", title="BF16 dense", shown="TFLOP/s/GPU"),
    Field("fp8_dense", FIGURE, "FLOP/s/GPU", "dense FP8 compute", title="FP8 dense", shown="TFLOP/s/GPU"),
    Field("price", POINT, "USD/GPU", "purchase price", dated=True, title="price"),
    Field("rental", POINT, "USD/GPU/h", "rental price per GPU-hour", dated=True, title="rental"),
    Field("pue", DEFAULT, "", "power usage effectiveness: facility power / IT power", (1.0, 3.0)),
    Field("electricity_price", DEFAULT, "USD/kWh", "electricity price", ELECTRICITY, dated=True),
    Field("it_overhead", DEFAULT, "", "IT power beyond the GPU servers, as a share of it", (0.0, 1.0)),
    Field("grid_carbon", DEFAULT, "kg/kWh", "grid carbon intensity (the default region)", GRID, dated=True),
    Field("mfu", DEFAULT, "", "model FLOP utilization of a training run", (1e-6, 1.0)),
    Field("depreciation_years", DEFAULT, "yr", "hardware life over which it is written off", (0.1, None)),
    Field("allin_capex_factor", DEFAULT, "", "all-in cluster capex / the GPUs' price", (1.0, None)),
    Field("allin_capex_per_gpu", DEFAULT, "USD/GPU", "all-in cluster capex per GPU", dated=True),
    Field("server_cost_factor", DEFAULT, "", "server cost / its GPUs' cost", (1.0, None)),
    Field("network_cost_share", DEFAULT, "", "network share of cluster cost", (0.0, 0.9)),
    Field("facility_capex_per_mw", DEFAULT, "USD/MW", "facility capex per MW of IT power", dated=True),
    Field("facility_life_years", DEFAULT, "yr", "facility life over which it is written off", (0.1, None)),
    Field("maintenance_share", DEFAULT, "", "yearly maintenance as a share of capex", (0.0, 1.0)),
    Field("utilization", DEFAULT, "", "share of hours the GPUs are busy", (1e-6, 1.0)),
    _grid("world", "world average"),
    _grid("us", "United States"),
    _grid("china", "China"),
    _grid("eu", "European Union"),
    _grid("france", "France"),
    _grid("norway", "Norway"),
)
BY_KEY = {f.key: f for f in FIELDS}
ACCELERATOR_FIELDS = tuple(f for f in FIELDS if f.kind in (FIGURE, POINT))

# The same table by kind, as the loader and the commands look it up: key -> unit.
GPU_FIGURES = {f.key: f.unit for f in FIELDS if f.kind == FIGURE}
GPU_POINTS = {f.key: f.unit for f in FIELDS if f.kind == POINT}
DEFAULT_FIGURES = {f.key: f.unit for f in FIELDS if f.kind == DEFAULT}
DEFAULT_BOUNDS = {f.key: f.bounds for f in FIELDS if f.kind == DEFAULT}
DATED_DEFAULTS = {f.key for f in FIELDS if f.kind == DEFAULT and f.dated}

GPU_TEXT = {"vendor", "released", "note", "form_factor"}  # an accelerator's plain-text fields
SOURCE_KEYS = {"title", "publisher", "url", "date", "accessed", "note"}
FIGURE_KEYS = {"value", "typical", "low", "high", "source", "note", "as_of", "scope"}
# A price point's scope: the accelerator alone (default) or the whole system per accelerator
# (servers and network included, e.g. a rack price / 72): then no server or network cost is added.
SCOPES = {"gpu", "system"}


def bounds(key: str) -> tuple[float, float | None]:
    """The bounds of the default ``key`` (not negative when the table sets none)."""
    return DEFAULT_BOUNDS.get(key, (0.0, None))


def bounds_problem(key: str, est: Estimate) -> str | None:
    """Why ``est`` is out of the bounds of the default ``key``, or None."""
    low, high = bounds(key)
    if est.low >= low and (high is None or est.high <= high):
        return None
    shown = f"{est.typical!r}" if est.is_exact else f"{est.low!r}..{est.high!r}"
    unit = f" {est.unit_text}" if est.unit_text else ""
    if high is None:
        where = f"at least {low:g}"
    elif low >= 1:  # a factor: PUE
        where = f"at least {low:g} and at most {high:g}"
    else:  # a share
        where = f"between {low:g} and {high:g}"
    share = high == 1.0 and est.high > 1.0
    return f"must be {where}, got {shown}{unit}" + (" (a share is a fraction: 0.1, or 10%)" if share else "")
