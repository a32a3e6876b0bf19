"""The calculations behind the commands: pure functions from estimates to a Result."""

from __future__ import annotations

from typing import TYPE_CHECKING

from estimator.errors import DimensionError, InputError
from estimator.results import Assumption, Output, Result

if TYPE_CHECKING:
    from estimator.catalogue import Catalogue, Figure
    from estimator.values import Estimate


def require(est: Estimate, unit: str, what: str, example: str) -> Estimate:
    """``est`` in ``unit``, or a DimensionError that says what was expected."""
    if not est.same_dimension(unit):
        got = est.unit_text or "a plain number"
        raise DimensionError(f"{what}: {est} is in {got}, not a {_kind(unit)}", f"write it like {example}")
    return est.to(unit)


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
        "USD/kWh": "price of energy",
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


def buy(
    cat: Catalogue,
    budget: Estimate,
    gpu: str,
    price: Estimate | None = None,
    as_of: str | None = None,
) -> Result:
    """How many accelerators a budget buys at the catalogue (or given) unit price."""
    budget = positive(require(budget, "USD", "budget", "'$6B' or '6e9 USD'"), "budget", "'$6B'")
    acc = cat.gpu(gpu)
    if price is not None:
        price = positive(require(price, "USD/GPU", "--price", "'$30k' or '30000 USD'"), "--price", "'$30k'")
        unit_price = user_assumption(f"{acc.name}.price", f"{acc.name} unit price", price.to("USD/GPU"))
    else:
        unit_price = catalogue_assumption(cat, acc.point("price", as_of), f"{acc.name} unit price", "USD/GPU")
    count = (budget / unit_price.estimate).to("GPU").floor()
    return Result(
        command="buy",
        inputs={"budget": budget, "gpu": acc.name, "as_of": as_of},
        assumptions=[unit_price],
        outputs=[Output("gpus", f"{acc.name} bought", count)],
        notes=["GPU purchase price only: servers, network and facility are not included"],
    )


def power(
    cat: Catalogue,
    count: Estimate,
    gpu: str,
    pue: Estimate | None = None,
    electricity: Estimate | None = None,
    it_overhead: Estimate | None = None,
) -> Result:
    """Power a cluster draws: chips, IT load, facility (x PUE), energy and its bill per year."""
    count = positive(require(count, "GPU", "count", "100k or 100,000"), "count", "100k").to("GPU")
    acc = cat.gpu(gpu)
    tdp = catalogue_assumption(cat, acc.figure("tdp"), f"{acc.name} chip TDP", "W/GPU")
    system = catalogue_assumption(
        cat, acc.figure("system_power"), f"{acc.name} server power per GPU", "W/GPU"
    )
    overhead = _setting(cat, "it_overhead", it_overhead, "IT beyond GPU servers (share)", "", "0.1")
    pue_a = _setting(cat, "pue", pue, "PUE", "", "1.2")
    price = _setting(cat, "electricity_price", electricity, "electricity price", "USD/kWh", "'0.08 USD/kWh'")
    if pue_a.estimate.low < 1:
        raise InputError(f"--pue must be at least 1, got {pue_a.estimate}", "typical values are 1.1 to 1.6")
    chips = (count * tdp.estimate).to("MW")
    servers = count * system.estimate
    it = (servers * (overhead.estimate + 1)).to("MW")
    facility = (it * pue_a.estimate).to("MW")
    energy = facility.to("MWh/yr")
    bill = (energy * price.estimate).to("USD/yr")
    return Result(
        command="power",
        inputs={"count": count, "gpu": acc.name},
        assumptions=[tdp, system, overhead, pue_a, price],
        outputs=[
            Output("facility_power", "facility power (IT x PUE)", facility),
            Output("chip_power", "chip power (count x TDP)", chips),
            Output("it_power", "IT power (servers + network, storage)", it),
            Output("energy_per_year", "energy per year at full draw", energy),
            Output("energy_cost_per_year", "energy bill per year", bill),
        ],
        notes=["energy assumes the facility draws its full power all year (8,766 h)"],
    )


def runway(budget: Estimate, burn: Estimate) -> Result:
    """How long a sum lasts at a rate of spending."""
    budget = positive(require(budget, "USD", "budget", "'$6B'"), "budget", "'$6B'")
    burn = positive(require(burn, "USD/yr", "--burn", "'$3B/yr' or '$3B..$6B/yr'"), "--burn", "'$3B/yr'")
    years = (budget / burn).to("yr")
    return Result(
        command="runway",
        inputs={"budget": budget, "burn": burn},
        assumptions=[],
        outputs=[Output("runway", "runway", years), Output("months", "runway in months", years.to("mo"))],
    )


def _setting(
    cat: Catalogue, key: str, given: Estimate | None, label: str, unit: str, example: str
) -> Assumption:
    option = "--" + {"it_overhead": "it-overhead", "electricity_price": "electricity"}.get(key, key)
    if given is not None:
        est = require(given, unit, option, example)
        if est.low < 0:
            raise InputError(f"{option} cannot be negative, got {est}", f"write it like {example}")
        return user_assumption(f"defaults.{key}", label, est)
    return catalogue_assumption(cat, cat.default(key), label, unit)
