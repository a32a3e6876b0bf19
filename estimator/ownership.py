"""Owning and using accelerators: a training run (``train``) and a cluster's cost of
ownership (``cluster``), built on the same Model as the other commands."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Callable

from estimator.calculations import Model, Values, _power_settings, grid_setting
from estimator.errors import InputError, MissingFigure
from estimator.results import Output, Result

if TYPE_CHECKING:
    from estimator.catalogue import Accelerator, Catalogue
    from estimator.values import Estimate


# --------------------------------------------------------------------------- owning hardware


def _ownership(m: Model, acc: Accelerator, as_of: str | None, price: Estimate | None) -> None:
    """The figures behind owning accelerators: capex parts, lifetimes, power and energy."""
    m.point("price", acc, "price", as_of, price, "--price", f"{acc.name} unit price", "USD/GPU", "'$30k'")
    point = acc.point("price", as_of) if price is None else None
    if point is not None and point.scope == "system":  # the price already covers servers and network
        from estimator.values import Estimate

        note = f"the {point.as_of} price point of {acc.name} is per accelerator of a whole system"
        m.setting(
            "server_factor", "server_cost_factor", Estimate.exact(1.0), "", "server cost / its GPUs' cost", "", "1"
        )
        m.setting("network_share", "network_cost_share", Estimate.exact(0.0), "", "network share", "", "0")
        m.assumptions[-2:] = [replace(a, note=note, origin="catalogue") for a in m.assumptions[-2:]]
    else:
        m.setting("server_factor", "server_cost_factor", None, "", "server cost / its GPUs' cost", "", "1.6")
        m.setting("network_share", "network_cost_share", None, "", "network share of cluster cost", "", "0.19")
    m.setting(
        "facility_per_mw",
        "facility_capex_per_mw",
        None,
        "",
        "facility capex per MW of IT",
        "USD/MW",
        "'10M USD/MW'",
    )
    m.setting("depreciation", "depreciation_years", None, "", "hardware life", "yr", "5 yr")
    m.setting("facility_life", "facility_life_years", None, "", "facility life", "yr", "20 yr")
    m.figure("system_power", acc, "system_power", f"{acc.name} server power per GPU", "W/GPU")


def _optional(notes: list[str], what: str, gather: Callable[[], object]) -> bool:
    """Gather a part's figures; when the catalogue lacks one, say so in the notes and go on."""
    try:
        gather()
    except MissingFigure as exc:
        notes.append(f"{what} not computed: {exc.message} ({exc.hint})")
        return False
    return True


def _hardware_per_gpu(v: Values) -> Estimate:
    """Chips, servers and network per GPU: price x server factor / (1 - network share)."""
    return v["price"] * v["server_factor"] / (1 - v["network_share"])


def _it_per_gpu(v: Values) -> Estimate:
    return v["system_power"] * (v["it_overhead"] + 1)


# --------------------------------------------------------------------------- train

OWNED_KEYS = ("cost_owned", "owned_hardware", "owned_facility", "owned_energy", "energy", "emissions")


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
    m.setting("mfu", "mfu", t.mfu, "--mfu", "model FLOPs utilization", "", "0.4")
    rented = _optional(
        notes,
        "rented cost",
        lambda: m.point(
            "rental", acc, "rental", t.as_of, t.rental, "--rental", f"{acc.name} rental price", "USD/GPU/h", "'$2/h'"
        ),
    )
    owned = _optional(notes, "owned cost, energy and emissions", lambda: _ownership(m, acc, t.as_of, t.price))
    _power_settings(m, t.pue, t.electricity, t.it_overhead)
    grid_setting(m, t.grid)
    if owned:
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
        time = Output("days", "wall-clock days", days)
        needed = Output("count", "GPUs needed" if "days" in v else "GPUs", count)
        out = [
            *([time, needed] if "count" in v else [needed, time]),
            Output("flops", "training compute", flops),
            Output("gpu_hours", "GPU-hours", gpu_hours),
        ]
        if rented:
            out.append(Output("cost_rented", "cost, rented", (gpu_hours * v["rental"]).to("USD")))
        if owned:
            hardware = (gpu_hours * _hardware_per_gpu(v) / v["depreciation"]).to("USD")
            facility = (gpu_hours * _it_per_gpu(v) * v["facility_per_mw"] / v["facility_life"]).to("USD")
            energy = (gpu_hours * _it_per_gpu(v) * v["pue"]).to("MWh")
            energy_cost = (energy * v["electricity"]).to("USD")
            out += [
                Output("cost_owned", "cost, owned (amortized)", hardware + facility + energy_cost),
                Output("owned_hardware", "  hardware amortization", hardware),
                Output("owned_facility", "  facility amortization", facility),
                Output("owned_energy", "  energy", energy_cost),
                Output("energy", "energy", energy),
                Output("emissions", "emissions", (energy * v["grid"]).to("tCO2e")),
            ]
        return out

    first = ("days", "count") if t.count is not None else ("count", "days")
    keys = (*first, "flops", "gpu_hours", "cost_rented", *OWNED_KEYS)
    result = m.run(formula, notes, ["owned_hardware", "owned_facility", "owned_energy", "cost_rented"], keys)
    computed = {o.key for o in result.outputs}
    result.focus = next((k for k in ("cost_owned", "cost_rented") if k in computed), None)  # cost moves more than days
    return result


# --------------------------------------------------------------------------- cluster

CLUSTER_KEYS = (
    "cost_per_gpu_hour",
    "rental_per_gpu_hour",
    "rent_over_own",
    "capex",
    "capex_chips",
    "capex_servers",
    "capex_network",
    "capex_facility",
    "opex_per_year",
    "energy_cost_per_year",
    "maintenance_per_year",
    "tco",
    "facility_in_tco",
    "opex_in_tco",
    "energy_per_year",
    "emissions_per_year",
)


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
    notes: list[str] = []
    rented = _optional(
        notes,
        "the comparison with renting",
        lambda: m.point(
            "rental", acc, "rental", c.as_of, c.rental, "--rental", f"{acc.name} rental price", "USD/GPU/h", "'$2/h'"
        ),
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
            *(
                [
                    Output("rental_per_gpu_hour", "rental price per GPU-hour", v["rental"]),
                    Output("rent_over_own", "rent / own (> 1: owning is cheaper)", (v["rental"] / per_hour).to("")),
                ]
                if rented
                else []
            ),
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

    notes += [
        "TCO = hardware (chips, servers, network) + facility x years / facility life + opex x years; no resale value",
        "owned cost per GPU-hour = TCO / (GPUs x years x 8,766 h x utilization)",
    ]
    result = m.run(
        formula,
        notes,
        ["capex_chips", "capex_servers", "capex_network", "facility_in_tco", "opex_in_tco"],
        CLUSTER_KEYS,
    )
    years, life = result.values["years"], result.values["facility_life"]
    if years.to("yr").high > life.to("yr").low:
        result.notes.append("the period may outlast the facility: its cost is counted pro rata, as if rebuilt")
    if rented:
        ratio = next(o.estimate for o in result.outputs if o.key == "rent_over_own")
        verdict = "buying is cheaper" if ratio.typical > 1 else "renting is cheaper"
        if ratio.low <= 1 <= ratio.high:
            verdict += ", but the ranges overlap: either can win"
        result.notes.insert(0, f"buy or rent: at typical values {verdict} (rent / own = {ratio.typical:.2f})")
    return result
