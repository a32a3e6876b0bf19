"""Propagated ranges are never narrower than the true range of each command's formula:
sample the input box and check that every sampled result lies inside the computed range."""

from __future__ import annotations

import itertools
import random

import pytest

from estimator import api
from estimator.catalogue import load_catalogue
from estimator.values import Estimate


def buy(cat, budget, gpu, **kw):  # the library call with the catalogue first, as these tests were written
    return api.buy(budget, gpu, catalogue=cat, **kw)


def power(cat, count, gpu, **kw):
    return api.power(count, gpu, catalogue=cat, **kw)


runway = api.runway


def box(rng: random.Random, lo: float, hi: float, unit: str) -> Estimate:
    a, b = sorted((rng.uniform(lo, hi), rng.uniform(lo, hi)))
    return Estimate(rng.uniform(a, b), a, b, Estimate.exact(1, unit).unit)


def whole(e: Estimate) -> Estimate:
    """A count of GPUs: whole numbers (the commands refuse fractional counts)."""
    low, high = float(round(e.low)), float(round(e.high))
    return Estimate(min(max(float(round(e.typical)), low), high), low, high, e.unit)


def grid(e: Estimate) -> list[float]:
    return [e.low + t * (e.high - e.low) for t in (0, 0.3, 0.7, 1)]


def inside(value: float, est: Estimate) -> bool:
    slack = 1e-9 * max(abs(est.low), abs(est.high), 1)
    return est.low - slack <= value <= est.high + slack


@pytest.mark.parametrize("seed", range(10))
def test_power_ranges_contain_samples(seed: int) -> None:
    rng = random.Random(seed)
    cat = load_catalogue()
    count = whole(box(rng, 1_000, 200_000, "GPU"))
    pue = box(rng, 1.0, 2.0, "")
    price = box(rng, 0.02, 0.3, "USD/kWh")
    overhead = box(rng, 0.0, 0.3, "")
    out = {
        o.key: o.estimate for o in power(cat, count, "H100", pue=pue, electricity=price, it_overhead=overhead).outputs
    }
    for n, p, e, o in itertools.product(grid(count), grid(pue), grid(price), grid(overhead)):
        facility_mw = n * 1275 * (1 + o) * p / 1e6  # fixture: 1,275 W per GPU
        assert inside(facility_mw, out["facility_power"])
        # MW x 8,766 h = MWh; x 1,000 kWh/MWh x USD/kWh
        assert inside(facility_mw * 8766 * 1000 * e, out["energy_cost_per_year"])


@pytest.mark.parametrize("seed", range(10))
def test_buy_and_runway_ranges_contain_samples(seed: int) -> None:
    rng = random.Random(seed)
    cat = load_catalogue()
    budget = box(rng, 1e8, 1e10, "USD")
    unit_price = box(rng, 5_000, 50_000, "USD/GPU")
    burn = box(rng, 1e8, 5e9, "USD/yr")
    bought = buy(cat, budget, "H100", price=unit_price).primary.estimate
    years = runway(budget, burn).primary.estimate
    for b, p, r in itertools.product(grid(budget), grid(unit_price), grid(burn)):
        assert inside(float(int(b / p + 1e-9)), bought)
        assert inside(b / r, years)
