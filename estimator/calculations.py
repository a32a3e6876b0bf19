"""The calculations behind the commands.

Each command gathers its values (what the user gave and the catalogue figures it assumes,
each with its source) and then runs a *formula*: a pure function from those values to
the outputs.  Keeping the formula apart lets :func:`sensitivity` re-run it with one input
at its low and then its high end, the others at their typical values (a tornado).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from estimator.errors import DimensionError, InputError
from estimator.results import Assumption, Output, Result

if TYPE_CHECKING:
    from estimator.catalogue import Accelerator, Catalogue, Figure
    from estimator.values import Estimate

Values = dict[str, "Estimate"]
Formula = Callable[[Values], list[Output]]

GRID_REGIONS = ("world", "us", "china", "eu", "france", "norway")


def require(est: Estimate, unit: str, what: str, example: str) -> Estimate:
    """``est`` in ``unit`` (a plain number reads as money, a count, days...), or a DimensionError."""
    from estimator.values import fit

    value = fit(est, unit, allow_plain=True)
    if value is None:
        got = est.unit_text or "a plain number"
        raise DimensionError(f"{what}: {est} is in {got}, not a {_kind(unit)}", f"write it like {example}")
    return value


def whole_count(est: Estimate, what: str) -> Estimate:
    """A count of accelerators: one value must be whole (up to float noise: 0.1 * 3 * 1000 is
    300); the ends of a range (``7 ±10%``, ``1..2``) are rounded outward, so it only widens, and
    its typical value (the midpoint) may fall between two counts."""
    import math

    from estimator.values import Estimate

    def snapped(x: float) -> float:
        near = float(round(x))
        return near if abs(x - near) <= 1e-9 * max(1.0, abs(x)) else x

    low, typical, high = snapped(est.low), snapped(est.typical), snapped(est.high)
    if est.is_exact and typical != math.floor(typical):
        raise InputError(
            f"{what}: {est.typical!r} is not a whole number of accelerators", "give a whole count, e.g. 8 or 100k"
        )
    return Estimate(typical, float(math.floor(low)), float(math.ceil(high)), est.unit)


def positive(est: Estimate, what: str, example: str) -> Estimate:
    if est.low <= 0:
        raise InputError(f"{what} must be more than zero, got {est}", f"write it like {example}")
    return est


def _kind(unit: str) -> str:
    return {
        "USD": "sum of money",
        "USD/yr": "rate of spending",
        "GPU": "count",
        "USD/GPU": "price per accelerator",
        "USD/GPU/h": "price per GPU-hour",
        "USD/kWh": "price of energy",
        "kg/kWh": "carbon intensity",
        "FLOP": "number of operations",
        "yr": "duration",
        "d": "duration",
        "": "plain number",
    }.get(unit, unit)


def catalogue_assumption(cat: Catalogue, fig: Figure, label: str, unit: str) -> Assumption:
    return Assumption(
        key=fig.name,
        label=label,
        estimate=fig.estimate.to(unit),
        sources=tuple(cat.source(s) for s in fig.sources),
        as_of=fig.as_of,
        note=fig.note,
    )


def user_assumption(key: str, label: str, est: Estimate) -> Assumption:
    return Assumption(key=key, label=label, estimate=est, origin="user", note="given on the command line")


class Model:
    """A command's values, with the assumptions behind them, ready for its formula."""

    def __init__(self, command: str, cat: Catalogue | None = None) -> None:
        self.command = command
        self.cat = cat
        self.values: Values = {}
        self.labels: dict[str, str] = {}
        self.inputs: dict[str, object] = {}
        self.assumptions: list[Assumption] = []

    def given(self, name: str, est: Estimate, unit: str, what: str, example: str, label: str) -> Estimate:
        """A value the user typed (a positive quantity of ``unit``; a count of GPUs is whole)."""
        value = positive(require(est, unit, what, example), what, example).to(unit)
        if unit == "GPU":
            value = whole_count(value, what)
        self.values[name] = value
        self.labels[name] = label
        self.inputs[name] = value
        return value

    def figure(self, name: str, acc: Accelerator, key: str, label: str, unit: str) -> Estimate:
        """A figure of an accelerator from the catalogue."""
        assert self.cat is not None
        return self._use(name, catalogue_assumption(self.cat, acc.figure(key), label, unit))

    def point(
        self,
        name: str,
        acc: Accelerator,
        key: str,
        as_of: str | None,
        given: Estimate | None,
        option: str,
        label: str,
        unit: str,
        example: str,
    ) -> Estimate:
        """A dated price: the user's, or the catalogue's latest at ``as_of``."""
        assert self.cat is not None
        if given is not None:
            value = positive(require(given, unit, option, example), option, example).to(unit)
            self.inputs[name] = value
            return self._use(name, user_assumption(f"{acc.name}.{key}", label, value))
        return self._use(name, catalogue_assumption(self.cat, acc.point(key, as_of), label, unit))

    def setting(
        self,
        name: str,
        key: str,
        given: Estimate | None,
        option: str,
        label: str,
        unit: str,
        example: str,
        fallback: Estimate | None = None,
    ) -> Estimate:
        """A cluster default: the user's value or the catalogue's (or ``fallback`` when absent),
        within the default's bounds (``catalogue.DEFAULT_BOUNDS``, which validation checks too)."""
        from estimator.catalogue import bounds_problem

        option = option or f"defaults.{key}"
        if given is not None:
            est = require(given, unit, option, example)
            self.inputs[name] = est
            a = user_assumption(f"defaults.{key}", label, est)
        elif fallback is not None and (self.cat is None or key not in self.cat.defaults_raw):
            a = Assumption(f"defaults.{key}", label, fallback, origin="default", note="not in the catalogue")
        else:
            assert self.cat is not None
            a = catalogue_assumption(self.cat, self.cat.default(key), label, unit)
        problem = bounds_problem(key, a.estimate)
        if problem:
            where = option if given is not None else f"the catalogue's defaults.{key}"
            raise InputError(f"{where} {problem}", f"write it like {example}")
        return self._use(name, a)

    def _use(self, name: str, a: Assumption) -> Estimate:
        self.values[name] = a.estimate
        self.labels[name] = a.label
        self.assumptions.append(a)
        return a.estimate

    def run(
        self, formula: Formula, notes: list[str], breakdown: list[str] | None = None, keys: tuple[str, ...] = ()
    ) -> Result:
        """Run the formula; ``keys`` are every result key the command documents (null in JSON
        when this run could not compute one)."""
        outputs = formula(self.values)
        result = Result(self.command, dict(self.inputs), self.assumptions, outputs, notes, keys=keys)
        result.formula = formula
        result.values = dict(self.values)
        result.labels = dict(self.labels)
        result.breakdown = breakdown or []
        return result


# --------------------------------------------------------------------------- buy


def buy(
    cat: Catalogue,
    budget: Estimate,
    gpu: str,
    price: Estimate | None = None,
    as_of: str | None = None,
) -> Result:
    """How many accelerators a budget buys at the catalogue (or given) unit price."""
    m = Model("buy", cat)
    m.given("budget", budget, "USD", "budget", "'$6B' or '6e9 USD'", "budget")
    acc = cat.gpu(gpu)
    m.inputs.update(gpu=acc.name, as_of=as_of)
    m.point("price", acc, "price", as_of, price, "--price", f"{acc.name} unit price", "USD/GPU", "'$30k'")

    def formula(v: Values) -> list[Output]:
        from estimator.values import floor_quotient

        return [Output("gpus", f"{acc.name} bought", floor_quotient(v["budget"], v["price"], "GPU"))]

    return m.run(formula, ["GPU purchase price only: servers, network and facility are not included"])


# --------------------------------------------------------------------------- power


def grid_setting(m: Model, grid: str | Estimate | None) -> Estimate:
    """Carbon intensity: a region's catalogue average, a given value, or the default grid."""
    if isinstance(grid, str):
        region = grid.strip().lower()
        if region not in GRID_REGIONS:
            raise InputError(
                f"--grid: unknown region {grid!r}",
                f"use one of {', '.join(GRID_REGIONS)} or a value like '0.4 kg/kWh'",
            )
        return m.setting("grid", f"grid_carbon_{region}", None, "--grid", f"grid carbon ({region})", "kg/kWh", "us")
    return m.setting("grid", "grid_carbon", grid, "--grid", "grid carbon intensity", "kg/kWh", "'0.4 kg/kWh'")


def _power_settings(m: Model, pue: Estimate | None, electricity: Estimate | None, it_overhead: Estimate | None) -> None:
    m.setting("it_overhead", "it_overhead", it_overhead, "--it-overhead", "IT beyond GPU servers (share)", "", "0.1")
    m.setting("pue", "pue", pue, "--pue", "PUE", "", "1.2")
    m.setting(
        "electricity",
        "electricity_price",
        electricity,
        "--electricity",
        "electricity price",
        "USD/kWh",
        "'0.08 USD/kWh'",
    )


def power(
    cat: Catalogue,
    count: Estimate,
    gpu: str,
    pue: Estimate | None = None,
    electricity: Estimate | None = None,
    it_overhead: Estimate | None = None,
    grid: str | Estimate | None = None,
) -> Result:
    """Power a cluster draws: chips, IT load, facility (x PUE), energy, its bill and emissions."""
    m = Model("power", cat)
    m.given("count", count, "GPU", "count", "100k or 100,000", "accelerators")
    acc = cat.gpu(gpu)
    m.inputs["gpu"] = acc.name
    m.figure("tdp", acc, "tdp", f"{acc.name} chip TDP", "W/GPU")
    m.figure("system_power", acc, "system_power", f"{acc.name} server power per GPU", "W/GPU")
    _power_settings(m, pue, electricity, it_overhead)
    grid_setting(m, grid)

    def formula(v: Values) -> list[Output]:
        chips = (v["count"] * v["tdp"]).to("MW")
        it = (v["count"] * v["system_power"] * (v["it_overhead"] + 1)).to("MW")
        facility = (it * v["pue"]).to("MW")
        energy = facility.to("MWh/yr")
        return [
            Output("facility_power", "facility power (IT x PUE)", facility),
            Output("chip_power", "chip power (count x TDP)", chips),
            Output("it_power", "IT power (servers + network, storage)", it),
            Output("energy_per_year", "energy per year at full draw", energy),
            Output("energy_cost_per_year", "energy bill per year", (energy * v["electricity"]).to("USD/yr")),
            Output("emissions_per_year", "emissions per year", (energy * v["grid"]).to("tCO2e/yr")),
        ]

    return m.run(formula, ["energy assumes the facility draws its full power all year (8,766 h)"])


# --------------------------------------------------------------------------- runway


def runway(budget: Estimate, burn: Estimate) -> Result:
    """How long a sum lasts at a rate of spending."""
    m = Model("runway")
    m.given("budget", budget, "USD", "budget", "'$6B'", "budget")
    m.given("burn", burn, "USD/yr", "--burn", "'$3B/yr' or '$3B..$6B/yr'", "burn rate")

    def formula(v: Values) -> list[Output]:
        years = (v["budget"] / v["burn"]).to("yr")
        return [Output("runway", "runway", years), Output("months", "runway in months", years.to("mo"))]

    return m.run(formula, [])
