"""buy: how many accelerators a budget buys at the catalogue's (or a given) unit price."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from estimator.commands.model import Model, Values
from estimator.commands.power import ACCELERATOR
from estimator.commands.spec import Function, Input, Spec
from estimator.results import Output, Result
from estimator.values import floor_quotient

if TYPE_CHECKING:
    from estimator.catalogue import Catalogue

BUDGET = Input(
    "budget",
    "USD",
    "budget",
    "'$6B' or '6e9 USD'",
    "Money to spend: '$6B', '6e9 USD', '$6 billion' (single quotes keep the $).",
    "BUDGET",
    required=True,
    positional=True,
)
PRICE = Input(
    "price",
    "USD/GPU",
    "unit price",
    "'$30k'",
    "Unit price instead of the catalogue's: '$30k', '25000..40000 USD'.",
    "PRICE",
    point="price",
)


def run(cat: Catalogue | None, v: dict[str, Any], as_of: str | None) -> Result:
    assert cat is not None
    m = Model("buy", cat)
    m.given(BUDGET, v["budget"])
    acc = cat.gpu(v["gpu"])
    m.inputs.update(gpu=acc.name, as_of=as_of)
    m.point(PRICE, acc, as_of, v["price"])

    def formula(v: Values) -> list[Output]:
        return [Output("gpus", f"{acc.name} bought", floor_quotient(v["budget"], v["price"], "GPU"))]

    system = v["price"] is None and acc.point("price", as_of).scope == "system"
    note = (
        "the price point is a whole system's cost per accelerator (servers and network included); "
        "the facility is not included"
        if system
        else "GPU purchase price only: servers, network and facility are not included"
    )
    return m.run(formula, [note])


SPEC = Spec(
    "buy",
    "How many GPUs a budget buys at the catalogue's (or a given) unit price.",
    (BUDGET, ACCELERATOR, PRICE),
    run,
    (Function("buy", "gpus", "GPUs a budget buys"),),
)
