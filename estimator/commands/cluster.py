"""cluster: owning accelerators for some years: capex by part, opex, TCO and the owned cost
per GPU-hour against renting, with energy and emissions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from estimator.commands.model import Model, Values
from estimator.commands.owning import PURCHASE, RENTAL, it_per_gpu, ownership
from estimator.commands.power import ACCELERATOR, COUNT, POWER_SETTINGS, energy_settings, grid_setting
from estimator.commands.spec import Function, Input, Spec
from estimator.results import Output, Result
from estimator.values import Estimate

if TYPE_CHECKING:
    from estimator.catalogue import Catalogue

YEARS = Input(
    "years",
    "yr",
    "years owned",
    "'4' or '3..5 yr'",
    "Years owned (default: hardware life).",
    "YEARS",
    setting="depreciation_years",
)
UTILIZATION = Input(
    "utilization",
    "",
    "utilization (share of hours busy)",
    "0.8",
    "Share of hours busy (default: catalogue).",
    "SHARE",
    setting="utilization",
    fallback=1.0,
)
MAINTENANCE = Input(
    "maintenance",
    "",
    "maintenance and staff per year (share of hardware capex)",
    "0.05",
    "Maintenance and staff per year, share of hardware capex.",
    "SHARE",
    setting="maintenance_share",
    fallback=0.0,
)

KEYS = (
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


def run(cat: Catalogue | None, v: dict[str, Any], as_of: str | None) -> Result:
    assert cat is not None
    m = Model("cluster", cat)
    m.given(COUNT, v["count"])
    acc = cat.gpu(v["gpu"])
    m.inputs.update(gpu=acc.name, as_of=as_of)
    if v["years"] is not None:
        m.given(YEARS, v["years"])
    else:
        m.setting(YEARS, None, label="years owned (hardware life)")
    ownership(m, acc, as_of, v["price"])
    notes: list[str] = []
    rented = m.optional(notes, "the comparison with renting", lambda: m.point(RENTAL, acc, as_of, v["rental"]))
    energy_settings(m, v)
    m.setting(MAINTENANCE, v["maintenance"])
    m.setting(UTILIZATION, v["utilization"])
    grid_setting(m, v["grid"])

    def formula(v: Values) -> list[Output]:
        n, years = v["count"], v["years"]
        chips = (n * v["price"]).to("USD")
        servers = (chips * (v["server_factor"] - 1)).to("USD")
        network = ((chips + servers) * v["network_share"] / (1 - v["network_share"])).to("USD")
        it = (n * it_per_gpu(v)).to("MW")
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
    breakdown = ["capex_chips", "capex_servers", "capex_network", "facility_in_tco", "opex_in_tco"]
    result = m.run(formula, notes, breakdown, KEYS)
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


SPEC = Spec(
    "cluster",
    "Owning a cluster: capex by part, opex, TCO and $/GPU-hour against renting, with CO2.",
    (COUNT, ACCELERATOR, YEARS, UTILIZATION, MAINTENANCE, PURCHASE, RENTAL, *POWER_SETTINGS),
    run,
    (
        Function("cluster_capex", "capex", "capex of a cluster (USD)"),
        Function("cluster_tco", "tco", "total cost of ownership (USD)"),
        Function("gpu_hour_cost", "cost_per_gpu_hour", "owned cost per GPU-hour (USD/GPU/h)"),
    ),
)
