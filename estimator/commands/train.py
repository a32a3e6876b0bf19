"""train: a training run's compute (given, or 6ND), wall-clock days or GPUs needed,
GPU-hours, cost rented and owned, energy and emissions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from estimator.commands.model import Model, Values
from estimator.commands.owning import PURCHASE, RENTAL, hardware_per_gpu, it_per_gpu, ownership, server_power
from estimator.commands.power import ACCELERATOR, POWER_SETTINGS, power_settings
from estimator.commands.spec import CHOICE, Function, Input, Spec
from estimator.errors import InputError
from estimator.results import Output, Result
from estimator.values import Estimate

if TYPE_CHECKING:
    from estimator.catalogue import Catalogue

PARAMS = Input("params", "param", "parameters", "70B", "Model parameters, e.g. 70B (with --tokens).", "N")
TOKENS = Input("tokens", "token", "training tokens", "1.4T", "Training tokens, e.g. 1.4T (with --params).", "N")
GPUS = Input("count", "GPU", "accelerators", "2048", "GPUs in the run, e.g. 2048.", "GPUS")
DAYS = Input("days", "d", "wall-clock days", "'90 d' or 90", "Wall-clock days: solve for the GPUs needed.", "DAYS")
MFU = Input(
    "mfu",
    "",
    "model FLOPs utilization",
    "0.4",
    "Model FLOPs utilization, e.g. 0.4 (default: catalogue).",
    setting="mfu",
)
FLOPS = Input("flops", "FLOP", "training compute", "3.15e23", "Training compute, e.g. 3.15e23.", "FLOP")
PRECISION = Input(
    "precision",
    label="precision",
    help="bf16 or fp8: which dense peak to use.",
    metavar="P",
    kind=CHOICE,
    choices=("bf16", "fp8"),
    default="bf16",
)

OWNED_KEYS = ("cost_owned", "owned_hardware", "owned_facility", "owned_energy", "energy", "emissions")


def run(cat: Catalogue | None, v: dict[str, Any], as_of: str | None) -> Result:
    assert cat is not None
    m = Model("train", cat)
    notes = []
    if v["flops"] is not None:
        if v["params"] is not None or v["tokens"] is not None:
            raise InputError("give either --flops or --params with --tokens, not both", "e.g. --flops 3.15e23")
        m.given(FLOPS, v["flops"])
    elif v["params"] is not None and v["tokens"] is not None:
        m.given(PARAMS, v["params"])
        m.given(TOKENS, v["tokens"])
        notes.append("compute = 6 x parameters x tokens (the 6ND rule for dense transformers)")
    else:
        raise InputError("training compute is missing", "give --flops, or --params and --tokens")
    if (v["count"] is None) == (v["days"] is None):
        raise InputError("give exactly one of --count (GPUs) or --days (to solve for GPUs)", "e.g. --count 2048")
    acc = cat.gpu(v["gpu"])
    precision: str = v["precision"] or PRECISION.default or "bf16"
    m.inputs.update(gpu=acc.name, precision=precision, as_of=as_of)
    if v["count"] is not None:
        m.given(GPUS, v["count"])
    else:
        m.given(DAYS, v["days"])
    m.figure("peak", acc, f"{precision}_dense", f"{acc.name} {precision.upper()} dense peak", "FLOP/s/GPU")
    m.setting(MFU, v["mfu"])
    rented = m.optional(notes, "rented cost", lambda: m.point(RENTAL, acc, as_of, v["rental"]))
    # energy needs only the server power; the owned cost needs the price and the capex figures too
    powered = m.optional(notes, "energy and emissions", lambda: server_power(m, acc))
    owned = powered and m.optional(notes, "owned cost", lambda: ownership(m, acc, as_of, v["price"], power=False))
    power_settings(m, v)
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
        if not powered:
            return out
        energy = (gpu_hours * it_per_gpu(v) * v["pue"]).to("MWh")
        if owned:
            hardware = (gpu_hours * hardware_per_gpu(v) / v["depreciation"]).to("USD")
            facility = (gpu_hours * it_per_gpu(v) * v["facility_per_mw"] / v["facility_life"]).to("USD")
            energy_cost = (energy * v["electricity"]).to("USD")
            out += [
                Output("cost_owned", "cost, owned (amortized)", hardware + facility + energy_cost),
                Output("owned_hardware", "  hardware amortization", hardware),
                Output("owned_facility", "  facility amortization", facility),
                Output("owned_energy", "  energy", energy_cost),
            ]
        return [
            *out,
            Output("energy", "energy", energy),
            Output("emissions", "emissions", (energy * v["grid"]).to("tCO2e")),
        ]

    first = ("days", "count") if v["count"] is not None else ("count", "days")
    keys = (*first, "flops", "gpu_hours", "cost_rented", *OWNED_KEYS)
    result = m.run(formula, notes, ["owned_hardware", "owned_facility", "owned_energy", "cost_rented"], keys)
    computed = {o.key for o in result.outputs}
    result.focus = next((k for k in ("cost_owned", "cost_rented") if k in computed), None)  # cost moves more than days
    return result


SPEC = Spec(
    "train",
    "A training run: compute, days (or GPUs needed), GPU-hours, cost rented and owned, energy, CO2.",
    (PARAMS, TOKENS, ACCELERATOR, GPUS, DAYS, MFU, FLOPS, RENTAL, PURCHASE, *POWER_SETTINGS, PRECISION),
    run,
    (
        Function("train_days", "days", "wall-clock days of a run (d)"),
        Function("train_gpus", "count", "GPUs a run needs to finish in days= (GPU)"),
        Function("train_gpu_hours", "gpu_hours", "GPU-hours of a run"),
        Function("train_cost", "cost_rented", "cost of a run at the rental price (USD)"),
        Function("train_cost_owned", "cost_owned", "cost of a run on owned hardware (USD)"),
        Function("train_energy", "energy", "energy of a run (MWh)"),
        Function("train_emissions", "emissions", "emissions of a run (tCO2e)"),
    ),
)
