"""Owning accelerators: the capex parts, lifetimes and power behind train's owned cost and
cluster's cost of ownership. These are catalogue defaults, not options."""

from __future__ import annotations

from typing import TYPE_CHECKING

from estimator.commands.model import Model, Values
from estimator.commands.spec import Input
from estimator.values import Estimate

if TYPE_CHECKING:
    from estimator.catalogue import Accelerator

PURCHASE = Input(
    "price",
    "USD/GPU",
    "unit price",
    "'$30k'",
    "Purchase price per GPU for the owned cost.",
    "PRICE",
    point="price",
)
RENTAL = Input(
    "rental", "USD/GPU/h", "rental price", "'$2/h'", "Rental price per GPU-hour, e.g. '$2/h'.", "PRICE", point="rental"
)
SERVER_FACTOR = Input("server_factor", "", "server cost / its GPUs' cost", "1.6", setting="server_cost_factor")
NETWORK_SHARE = Input("network_share", "", "network share of cluster cost", "0.19", setting="network_cost_share")
FACILITY_PER_MW = Input(
    "facility_per_mw", "USD/MW", "facility capex per MW of IT", "'10M USD/MW'", setting="facility_capex_per_mw"
)
DEPRECIATION = Input("depreciation", "yr", "hardware life", "5 yr", setting="depreciation_years")
FACILITY_LIFE = Input("facility_life", "yr", "facility life", "20 yr", setting="facility_life_years")


def ownership(m: Model, acc: Accelerator, as_of: str | None, price: Estimate | None, power: bool = True) -> None:
    """The figures behind owning accelerators: capex parts, lifetimes, and (unless ``power``
    is False, for a caller that gathered it already) the server power."""
    m.point(PURCHASE, acc, as_of, price)
    point = acc.point("price", as_of) if price is None else None
    if point is not None and point.scope == "system":  # the price already covers servers and network
        note = f"the {point.as_of} price point of {acc.name} is per accelerator of a whole system"
        m.setting(SERVER_FACTOR, Estimate.exact(1.0), note=note)
        m.setting(NETWORK_SHARE, Estimate.exact(0.0), label="network share", note=note)
    else:
        m.setting(SERVER_FACTOR, None)
        m.setting(NETWORK_SHARE, None)
    m.setting(FACILITY_PER_MW, None)
    m.setting(DEPRECIATION, None)
    m.setting(FACILITY_LIFE, None)
    if power:
        server_power(m, acc)


def server_power(m: Model, acc: Accelerator) -> None:
    m.figure("system_power", acc, "system_power", f"{acc.name} server power per GPU", "W/GPU")


def hardware_per_gpu(v: Values) -> Estimate:
    """Chips, servers and network per GPU: price x server factor / (1 - network share)."""
    return v["price"] * v["server_factor"] / (1 - v["network_share"])


def it_per_gpu(v: Values) -> Estimate:
    return v["system_power"] * (v["it_overhead"] + 1)
