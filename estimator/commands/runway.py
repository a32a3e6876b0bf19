"""runway: how long money lasts at a rate of spending."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from estimator.commands.model import Model, Values
from estimator.commands.spec import Function, Input, Spec
from estimator.results import Output, Result

if TYPE_CHECKING:
    from estimator.catalogue import Catalogue

AVAILABLE = Input(
    "budget",
    "USD",
    "budget",
    "'$6B'",
    "Money available: '$6B', '6e9 USD'.",
    "BUDGET",
    required=True,
    positional=True,
)
BURN = Input(
    "burn",
    "USD/yr",
    "burn rate",
    "'$3B/yr' or '$3B..$6B/yr'",
    "Rate of spending: '$3B/yr', '$3B..$6B/yr', '250M USD/month'.",
    "RATE",
    required=True,
    short="-b",
)


def run(cat: Catalogue | None, v: dict[str, Any], as_of: str | None) -> Result:
    m = Model("runway")
    m.given(AVAILABLE, v["budget"])
    m.given(BURN, v["burn"])

    def formula(v: Values) -> list[Output]:
        years = (v["budget"] / v["burn"]).to("yr")
        return [Output("runway", "runway", years), Output("months", "runway in months", years.to("mo"))]

    return m.run(formula, [])


SPEC = Spec(
    "runway",
    "How long money lasts at a rate of spending.",
    (AVAILABLE, BURN),
    run,
    (Function("runway", "runway", "how long money lasts (yr)"),),
    catalogue=False,
    dated=False,
)
