"""The calculations behind the commands.

Each command gathers its values (what the user gave and the catalogue figures it assumes,
each with its source) and then runs a *formula*: a pure function from those values to
the outputs.  Keeping the formula apart lets :func:`sensitivity` re-run it with one input
at its low and then its high end, the others at their typical values (a tornado).
"""

from __future__ import annotations

from dataclasses import dataclass
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
        """A value the user typed (a positive quantity of ``unit``)."""
        value = positive(require(est, unit, what, example), what, example).to(unit)
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
            value = positive(require(given, unit, option, example), option, example)
            return self._use(name, user_assumption(f"{acc.name}.{key}", label, value.to(unit)))
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
        minimum: float = 0.0,
        maximum: float | None = None,
        fallback: Estimate | None = None,
    ) -> Estimate:
        """A cluster default: the user's value or the catalogue's (or ``fallback`` when absent)."""
        option = option or f"defaults.{key}"
        if given is not None:
            est = require(given, unit, option, example)
            a = user_assumption(f"defaults.{key}", label, est)
        elif fallback is not None and (self.cat is None or key not in self.cat.defaults_raw):
            a = Assumption(f"defaults.{key}", label, fallback, origin="default", note="not in the catalogue")
        else:
            assert self.cat is not None
            a = catalogue_assumption(self.cat, self.cat.default(key), label, unit)
        if a.estimate.low < minimum or (maximum is not None and a.estimate.high > maximum):
            bounds = f"between {minimum:g} and {maximum:g}" if maximum is not None else f"at least {minimum:g}"
            raise InputError(f"{option} must be {bounds}, got {a.estimate}", f"write it like {example}")
        return self._use(name, a)

    def _use(self, name: str, a: Assumption) -> Estimate:
        self.values[name] = a.estimate
        self.labels[name] = a.label
        self.assumptions.append(a)
        return a.estimate

    def run(self, formula: Formula, notes: list[str], breakdown: list[str] | None = None) -> Result:
        outputs = formula(self.values)
        result = Result(self.command, dict(self.inputs), self.assumptions, outputs, notes)
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
        return [Output("gpus", f"{acc.name} bought", (v["budget"] / v["price"]).to("GPU").floor())]

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
    m.setting("pue", "pue", pue, "--pue", "PUE", "", "1.2", minimum=1.0)
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


# --------------------------------------------------------------------------- owning hardware


def _ownership(m: Model, acc: Accelerator, as_of: str | None, price: Estimate | None) -> None:
    """The figures behind owning accelerators: capex parts, lifetimes, power and energy."""
    m.point("price", acc, "price", as_of, price, "--price", f"{acc.name} unit price", "USD/GPU", "'$30k'")
    m.setting("server_factor", "server_cost_factor", None, "", "server cost / its GPUs' cost", "", "1.6", 1.0)
    m.setting("network_share", "network_cost_share", None, "", "network share of cluster cost", "", "0.19", 0, 0.9)
    m.setting(
        "facility_per_mw",
        "facility_capex_per_mw",
        None,
        "",
        "facility capex per MW of IT",
        "USD/MW",
        "'10M USD/MW'",
    )
    m.setting("depreciation", "depreciation_years", None, "", "hardware life", "yr", "5 yr", 0.1)
    m.setting("facility_life", "facility_life_years", None, "", "facility life", "yr", "20 yr", 0.1)
    m.figure("system_power", acc, "system_power", f"{acc.name} server power per GPU", "W/GPU")


def _hardware_per_gpu(v: Values) -> Estimate:
    """Chips, servers and network per GPU: price x server factor / (1 - network share)."""
    return v["price"] * v["server_factor"] / (1 - v["network_share"])


def _it_per_gpu(v: Values) -> Estimate:
    return v["system_power"] * (v["it_overhead"] + 1)


# --------------------------------------------------------------------------- train


@dataclass(frozen=True)
class TrainInputs:
    flops: Estimate | None = None
    params: Estimate | None = None
    tokens: Estimate | None = None
    count: Estimate | None = None
    days: Estimate | None = None
    mfu: Estimate | None = None
    precision: str = "bf16"
    rental: Estimate | None = None
    price: Estimate | None = None
    pue: Estimate | None = None
    electricity: Estimate | None = None
    it_overhead: Estimate | None = None
    grid: str | Estimate | None = None
    as_of: str | None = None


def train(cat: Catalogue, gpu: str, t: TrainInputs) -> Result:
    """A training run: compute (given, or 6ND), wall-clock days or GPUs needed, GPU-hours,
    cost rented and owned, energy and emissions."""
    from estimator.values import Estimate

    m = Model("train", cat)
    notes = []
    if t.flops is not None:
        if t.params is not None or t.tokens is not None:
            raise InputError("give either --flops or --params with --tokens, not both", "e.g. --flops 3.15e23")
        m.given("flops", t.flops, "FLOP", "--flops", "3.15e23", "training compute")
    elif t.params is not None and t.tokens is not None:
        m.given("params", t.params, "param", "--params", "70B", "parameters")
        m.given("tokens", t.tokens, "token", "--tokens", "1.4T", "training tokens")
        notes.append("compute = 6 x parameters x tokens (the 6ND rule for dense transformers)")
    else:
        raise InputError("training compute is missing", "give --flops, or --params and --tokens")
    if (t.count is None) == (t.days is None):
        raise InputError("give exactly one of --count (GPUs) or --days (to solve for GPUs)", "e.g. --count 2048")
    acc = cat.gpu(gpu)
    m.inputs.update(gpu=acc.name, precision=t.precision, as_of=t.as_of)
    if t.count is not None:
        m.given("count", t.count, "GPU", "--count", "2048", "accelerators")
    else:
        assert t.days is not None
        m.given("days", t.days, "d", "--days", "'90 d' or 90", "wall-clock days")
    if t.precision not in ("bf16", "fp8"):
        raise InputError(f"--precision: unknown {t.precision!r}", "use bf16 or fp8")
    peak_key = f"{t.precision}_dense"
    m.figure("peak", acc, peak_key, f"{acc.name} {t.precision.upper()} dense peak", "FLOP/s/GPU")
    m.setting("mfu", "mfu", t.mfu, "--mfu", "model FLOPs utilization", "", "0.4", 1e-6, 1.0)
    m.point(
        "rental",
        acc,
        "rental",
        t.as_of,
        t.rental,
        "--rental",
        f"{acc.name} rental price",
        "USD/GPU/h",
        "'$2/h'",
    )
    _ownership(m, acc, t.as_of, t.price)
    _power_settings(m, t.pue, t.electricity, t.it_overhead)
    grid_setting(m, t.grid)
    notes.append(
        "owned cost = GPU-hours x (hardware / its life + facility / its life + energy per GPU-hour); "
        "hardware = price x server factor / (1 - network share)"
    )

    def formula(v: Values) -> list[Output]:
        six_nd = v["params"] * v["tokens"] * Estimate.exact(6.0, "FLOP/param/token") if "params" in v else None
        flops = (v["flops"] if six_nd is None else six_nd).to("FLOP")
        rate = v["peak"] * v["mfu"]  # FLOP/s per GPU
        gpu_hours = (flops / rate).to("GPU*h")
        if "count" in v:
            count = v["count"]
            days = (gpu_hours / count).to("d")
        else:
            days = v["days"]
            count = (gpu_hours / days).to("GPU").ceil()
        hardware = (gpu_hours * _hardware_per_gpu(v) / v["depreciation"]).to("USD")
        facility = (gpu_hours * _it_per_gpu(v) * v["facility_per_mw"] / v["facility_life"]).to("USD")
        energy = (gpu_hours * _it_per_gpu(v) * v["pue"]).to("MWh")
        energy_cost = (energy * v["electricity"]).to("USD")
        time = Output("days", "wall-clock days", days)
        needed = Output("count", "GPUs needed" if "days" in v else "GPUs", count)
        return [
            *([time, needed] if "count" in v else [needed, time]),
            Output("flops", "training compute", flops),
            Output("gpu_hours", "GPU-hours", gpu_hours),
            Output("cost_rented", "cost, rented", (gpu_hours * v["rental"]).to("USD")),
            Output("cost_owned", "cost, owned (amortized)", hardware + facility + energy_cost),
            Output("owned_hardware", "  hardware amortization", hardware),
            Output("owned_facility", "  facility amortization", facility),
            Output("owned_energy", "  energy", energy_cost),
            Output("energy", "energy", energy),
            Output("emissions", "emissions", (energy * v["grid"]).to("tCO2e")),
        ]

    return m.run(formula, notes, ["owned_hardware", "owned_facility", "owned_energy", "cost_rented"])


# --------------------------------------------------------------------------- cluster


@dataclass(frozen=True)
class ClusterInputs:
    years: Estimate | None = None
    utilization: Estimate | None = None
    maintenance: Estimate | None = None
    price: Estimate | None = None
    rental: Estimate | None = None
    pue: Estimate | None = None
    electricity: Estimate | None = None
    it_overhead: Estimate | None = None
    grid: str | Estimate | None = None
    as_of: str | None = None


def cluster(cat: Catalogue, count: Estimate, gpu: str, c: ClusterInputs) -> Result:
    """Owning a cluster for some years: capex by part, opex, TCO, $/GPU-hour against renting."""
    from estimator.values import Estimate

    m = Model("cluster", cat)
    m.given("count", count, "GPU", "count", "100k", "accelerators")
    acc = cat.gpu(gpu)
    m.inputs.update(gpu=acc.name, as_of=c.as_of)
    if c.years is not None:
        m.given("years", c.years, "yr", "--years", "'4' or '3..5 yr'", "years owned")
    else:
        m.setting("years", "depreciation_years", None, "--years", "years owned (hardware life)", "yr", "4")
    _ownership(m, acc, c.as_of, c.price)
    m.point(
        "rental",
        acc,
        "rental",
        c.as_of,
        c.rental,
        "--rental",
        f"{acc.name} rental price",
        "USD/GPU/h",
        "'$2/h'",
    )
    _power_settings(m, c.pue, c.electricity, c.it_overhead)
    zero, full = Estimate.exact(0.0), Estimate.exact(1.0)
    m.setting(
        "maintenance",
        "maintenance_share",
        c.maintenance,
        "--maintenance",
        "maintenance and staff per year (share of hardware capex)",
        "",
        "0.05",
        0.0,
        1.0,
        fallback=zero,
    )
    m.setting(
        "utilization",
        "utilization",
        c.utilization,
        "--utilization",
        "utilization (share of hours busy)",
        "",
        "0.8",
        1e-6,
        1.0,
        fallback=full,
    )
    grid_setting(m, c.grid)

    def formula(v: Values) -> list[Output]:
        n, years = v["count"], v["years"]
        chips = (n * v["price"]).to("USD")
        servers = (chips * (v["server_factor"] - 1)).to("USD")
        network = ((chips + servers) * v["network_share"] / (1 - v["network_share"])).to("USD")
        it = (n * _it_per_gpu(v)).to("MW")
        facility = (it * v["facility_per_mw"]).to("USD")
        facility_share = (facility * years / v["facility_life"]).to("USD")
        hardware = chips + servers + network
        energy = (it * v["pue"]).to("MWh/yr")
        energy_cost = (energy * v["electricity"]).to("USD/yr")
        maintenance = (hardware * v["maintenance"] / Estimate.exact(1.0, "yr")).to("USD/yr")
        opex = energy_cost + maintenance
        tco = (hardware + facility_share + opex * years).to("USD")
        hours = (n * years * v["utilization"]).to("GPU*h")
        per_hour = (tco / hours).to("USD/GPU/h")
        return [
            Output("cost_per_gpu_hour", "owned cost per GPU-hour", per_hour),
            Output("rental_per_gpu_hour", "rental price per GPU-hour", v["rental"]),
            Output("rent_over_own", "rent / own (> 1: owning is cheaper)", (v["rental"] / per_hour).to("")),
            Output("capex", "capex", (hardware + facility).to("USD")),
            Output("capex_chips", "  chips", chips),
            Output("capex_servers", "  servers (beyond the GPUs)", servers),
            Output("capex_network", "  network", network),
            Output("capex_facility", "  facility", facility),
            Output("opex_per_year", "opex per year", opex),
            Output("energy_cost_per_year", "  energy", energy_cost),
            Output("maintenance_per_year", "  maintenance and staff", maintenance),
            Output("tco", "total cost of ownership", tco),
            Output("facility_in_tco", "  facility share in the period", facility_share),
            Output("opex_in_tco", "  opex over the period", (opex * years).to("USD")),
            Output("energy_per_year", "energy per year", energy),
            Output("emissions_per_year", "emissions per year", (energy * v["grid"]).to("tCO2e/yr")),
        ]

    notes = [
        "TCO = hardware (chips, servers, network) + facility x years / facility life + opex x years; no resale value",
        "owned cost per GPU-hour = TCO / (GPUs x years x 8,766 h x utilization)",
    ]
    return m.run(formula, notes, ["capex_chips", "capex_servers", "capex_network", "facility_in_tco", "opex_in_tco"])


# --------------------------------------------------------------------------- sensitivity


@dataclass(frozen=True)
class Swing:
    """How far one input's range moves an output, the others held at their typical values."""

    name: str
    label: str
    input: Estimate
    at_low: float
    at_high: float

    @property
    def width(self) -> float:
        return abs(self.at_high - self.at_low)


def sensitivity(result: Result, output: str | None = None) -> list[Swing]:
    """A tornado: every ranged input's swing of ``output`` (default the main one), widest first."""
    from estimator.values import Estimate

    if result.formula is None:
        raise InputError(f"{result.command} has no sensitivity view", "use buy, power, runway, train or cluster")
    key = output or result.primary.key
    typical = {k: Estimate(e.typical, e.typical, e.typical, e.unit) for k, e in result.values.items()}

    def run(values: Values) -> float:
        assert result.formula is not None
        return next(o.estimate.typical for o in result.formula(values) if o.key == key)

    swings = []
    for name, est in result.values.items():
        if est.is_exact:
            continue
        low = run({**typical, name: Estimate(est.low, est.low, est.low, est.unit)})
        high = run({**typical, name: Estimate(est.high, est.high, est.high, est.unit)})
        if low != high:  # an input that does not move this output is left out
            swings.append(Swing(name, result.labels.get(name, name), est, low, high))
    return sorted(swings, key=lambda s: s.width, reverse=True)
