"""power: what a cluster draws (chips, IT load, facility at PUE), its energy, bill and emissions.

The power settings (PUE, electricity price, IT overhead, grid) are declared here once; train
and cluster take the same ones.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from estimator.commands.model import Model, Values
from estimator.commands.spec import GPU, GRID, Function, Input, Spec
from estimator.errors import InputError
from estimator.results import Output, Result

if TYPE_CHECKING:
    from estimator.catalogue import Catalogue

GRID_REGIONS = ("world", "us", "china", "eu", "france", "norway")

COUNT = Input(
    "count",
    "GPU",
    "accelerators",
    "100k or 100,000",
    "How many accelerators: 100k, 100,000, 1.5M.",
    "COUNT",
    required=True,
    positional=True,
)
ACCELERATOR = Input(
    "gpu",
    label="accelerator",
    help="Accelerator name or alias, e.g. H100.",
    metavar="NAME",
    kind=GPU,
    required=True,
    short="-g",
)
PUE = Input(
    "pue", "", "PUE", "1.2", "Power usage effectiveness, e.g. 1.2 or 1.1..1.4 (default: catalogue).", setting="pue"
)
ELECTRICITY = Input(
    "electricity",
    "USD/kWh",
    "electricity price",
    "'0.08 USD/kWh'",
    "Energy price, e.g. '0.08 USD/kWh' (default: catalogue).",
    "PRICE",
    setting="electricity_price",
)
IT_OVERHEAD = Input(
    "it_overhead",
    "",
    "IT beyond GPU servers (share)",
    "0.1",
    "IT power beyond the GPU servers, as a share of it, e.g. 0.1 (default: catalogue).",
    "SHARE",
    setting="it_overhead",
)
GRID_CARBON = Input(
    "grid",
    "kg/kWh",
    "grid carbon intensity",
    "'0.4 kg/kWh'",
    f"Carbon: a region ({', '.join(GRID_REGIONS[:4])}, ...) or '0.4 kg/kWh'.",
    "GRID",
    kind=GRID,
    setting="grid_carbon",
)
POWER_SETTINGS = (PUE, ELECTRICITY, IT_OVERHEAD, GRID_CARBON)


def power_settings(m: Model, values: dict[str, Any]) -> None:
    """IT overhead, PUE, electricity price and grid carbon: given, or the catalogue's."""
    energy_settings(m, values)
    grid_setting(m, values.get("grid"))


def energy_settings(m: Model, values: dict[str, Any]) -> None:
    for inp in (IT_OVERHEAD, PUE, ELECTRICITY):
        m.setting(inp, values.get(inp.name))


def grid_setting(m: Model, grid: object) -> None:
    """Carbon intensity: a region's catalogue average, a given value, or the default grid."""
    if isinstance(grid, str):
        region = grid.strip().lower()
        if region not in GRID_REGIONS:
            raise InputError(
                f"--grid: unknown region {grid!r}", f"use one of {', '.join(GRID_REGIONS)} or a value like '0.4 kg/kWh'"
            )
        regional = Input("grid", "kg/kWh", f"grid carbon ({region})", "us", setting=f"grid_carbon_{region}")
        m.setting(regional, None)
    else:
        m.setting(GRID_CARBON, grid)  # type: ignore[arg-type]


def run(cat: Catalogue | None, v: dict[str, Any], as_of: str | None) -> Result:
    assert cat is not None
    m = Model("power", cat)
    m.given(COUNT, v["count"])
    acc = cat.gpu(v["gpu"])
    m.inputs["gpu"] = acc.name
    m.figure("tdp", acc, "tdp", f"{acc.name} chip TDP", "W/GPU")
    m.figure("system_power", acc, "system_power", f"{acc.name} server power per GPU", "W/GPU")
    power_settings(m, v)

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


SPEC = Spec(
    "power",
    "Power a cluster draws: chips, IT load, facility (x PUE), energy, its bill and CO2 per year.",
    (COUNT, ACCELERATOR, *POWER_SETTINGS),
    run,
    (
        Function("power", "facility_power", "facility power (MW)"),
        Function("chip_power", "chip_power", "count x TDP (MW)"),
        Function("it_power", "it_power", "IT power (MW)"),
        Function("energy", "energy_per_year", "energy per year (MWh/yr)"),
        Function("energy_cost", "energy_cost_per_year", "energy bill per year (USD/yr)"),
        Function("emissions", "emissions_per_year", "emissions per year (tCO2e/yr)"),
    ),
    dated=False,
)
