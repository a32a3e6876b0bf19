"""The three questions of the May 2024 report, worked by hand from the fixture catalogue.

Fixture figures (tests/fixtures/catalogue.yaml): H100 price 30,000 USD (25,000..40,000) as of
2024-05 and 35,000 (30,000..40,000) as of 2023-06; TDP 700 W; server power 1,275 W per GPU
(10.2 kW / 8); IT overhead 0.1 (0.05..0.15); PUE 1.2 (1.1..1.5); 0.08 USD/kWh (0.05..0.12).
"""

from __future__ import annotations

import json

import pytest

from estimator import api
from estimator.catalogue import load_catalogue
from estimator.errors import DimensionError, InputError, MissingFigure, UnknownAccelerator
from estimator.language.literal import parse_estimate as v


def buy(cat, budget, gpu, **kw):  # the library call with the catalogue first, as these tests were written
    return api.buy(budget, gpu, catalogue=cat, **kw)


def power(cat, count, gpu, **kw):
    return api.power(count, gpu, catalogue=cat, **kw)


runway = api.runway


@pytest.fixture
def cat():
    return load_catalogue()


def test_six_billion_buys_two_hundred_thousand(cat) -> None:
    # 6e9 USD / 30,000 USD = 200,000 GPU; range 6e9/40,000 = 150,000 .. 6e9/25,000 = 240,000
    out = buy(cat, v("$6B", "budget"), "H100").primary.estimate
    assert out.unit_text == "GPU"
    assert (out.low, out.typical, out.high) == (150_000, 200_000, 240_000)


def test_buy_with_given_price_and_floor(cat) -> None:
    # 1e6 USD / 30,000 USD = 33.33 -> 33 whole GPUs
    result = buy(cat, v("1e6 USD", "budget"), "H100", price=v("$30k", "price"))
    assert result.primary.estimate.typical == 33
    assert result.assumptions[0].origin == "user"


def test_buy_as_of_picks_older_point(cat) -> None:
    # at 2023-12 the latest point is 2023-06: 6e9 / 35,000 = 171,428.57 -> 171,428
    result = buy(cat, v("$6B", "budget"), "H100", as_of="2023-12")
    assert result.primary.estimate.typical == 171_428
    assert result.assumptions[0].as_of == "2023-06"


def test_buy_errors(cat) -> None:
    with pytest.raises(DimensionError, match="not a sum of money"):
        buy(cat, v("3 MW", "budget"), "H100")
    with pytest.raises(InputError, match="more than zero"):
        buy(cat, v("0 USD", "budget"), "H100")
    with pytest.raises(UnknownAccelerator, match="H10"):
        buy(cat, v("$6B", "budget"), "H10")
    with pytest.raises(MissingFigure, match="no purchase price for NoPrice-X"):
        buy(cat, v("$6B", "budget"), "NoPrice-X")
    with pytest.raises(MissingFigure, match="at or before 2020"):
        buy(cat, v("$6B", "budget"), "H100", as_of="2020")


def test_power_of_a_hundred_thousand_h100(cat) -> None:
    result = power(cat, v("100k", "count"), "H100")
    out = {o.key: o.estimate for o in result.outputs}
    # chips: 100,000 x 700 W = 70 MW
    assert out["chip_power"].typical == pytest.approx(70)
    # IT: 100,000 x 1,275 W x 1.1 = 140.25 MW; range x1.05 = 133.875 .. x1.15 = 146.625
    assert out["it_power"].typical == pytest.approx(140.25)
    assert out["it_power"].low == pytest.approx(133.875)
    assert out["it_power"].high == pytest.approx(146.625)
    # facility: 140.25 x 1.2 = 168.3 MW; low 133.875 x 1.1 = 147.2625, high 146.625 x 1.5 = 219.9375
    assert out["facility_power"].typical == pytest.approx(168.3)
    assert out["facility_power"].low == pytest.approx(147.2625)
    assert out["facility_power"].high == pytest.approx(219.9375)
    # energy: 168.3 MW x 8,766 h = 1,475,317.8 MWh/yr
    assert out["energy_per_year"].typical == pytest.approx(1_475_317.8)
    # bill: 1,475,317.8 MWh x 80 USD/MWh = 118,025,424 USD/yr
    assert out["energy_cost_per_year"].typical == pytest.approx(118_025_424)
    assert out["energy_cost_per_year"].unit_text == "USD/yr"


def test_power_overrides(cat) -> None:
    # 1,000 x 1,275 W x (1 + 0) x 1.0 = 1.275 MW; x 8,766 h = 11,176.65 MWh; x 100 USD/MWh
    result = power(
        cat,
        v("1000", "n"),
        "H100",
        pue=v("1", "pue"),
        electricity=v("0.1 USD/kWh", "e"),
        it_overhead=v("0", "o"),
    )
    out = {o.key: o.estimate for o in result.outputs}
    assert out["facility_power"].typical == pytest.approx(1.275)
    assert out["energy_cost_per_year"].typical == pytest.approx(1_117_665)


def test_power_errors(cat) -> None:
    with pytest.raises(DimensionError, match="not a count"):
        power(cat, v("3 MW", "count"), "H100")
    with pytest.raises(InputError, match="at least 1"):
        power(cat, v("100k", "count"), "H100", pue=v("0.9", "pue"))
    with pytest.raises(DimensionError, match="price of energy"):
        power(cat, v("100k", "count"), "H100", electricity=v("5 USD", "e"))


def test_runway() -> None:
    # 6e9 / 3e9 per year = 2 years
    assert runway(v("$6B", "b"), v("$3B/yr", "r")).primary.estimate.typical == pytest.approx(2)
    # 6e9 / (3e9..6e9 per year) = 1 .. 2 years; typical 6 / 4.5 = 1.333
    out = runway(v("$6B", "b"), v("$3B..$6B/yr", "r")).primary.estimate
    assert (out.low, out.typical, out.high) == pytest.approx((1, 4 / 3, 2))
    # 6e9 / 250e6 per month = 24 months = 2 years
    assert runway(v("$6B", "b"), v("250M USD/mo", "r")).primary.estimate.typical == pytest.approx(2)


def test_runway_errors() -> None:
    with pytest.raises(DimensionError, match="not a rate of spending"):
        runway(v("$6B", "b"), v("3 MW", "r"))
    with pytest.raises(DimensionError, match="not a rate of spending"):
        runway(v("$6B", "b"), v("$3B", "r"))
    with pytest.raises(InputError, match="more than zero"):
        runway(v("$6B", "b"), v("0 USD/yr", "r"))


def test_buy_says_what_a_system_price_includes(cli, tmp_path) -> None:
    overlay = tmp_path / "sys.yaml"
    overlay.write_text(
        'sources:\n  rack: {title: "A rack price", publisher: Me, date: "2030-01"}\n'
        "gpus:\n  H100:\n    price:\n"
        '      - {as_of: "2030-01", value: 50000 USD, scope: system, source: rack}\n'
    )
    code, out, err = cli("buy", "$6B", "--gpu", "H100", "--catalogue", str(overlay), "--json")
    doc = json.loads(out)
    assert doc["result"]["gpus"]["value"] == 120_000  # $6B / $50k a GPU of the whole system
    assert doc["notes"] == [
        "the price point is a whole system's cost per accelerator (servers and network included); "
        "the facility is not included"
    ]
    code, out, err = cli("buy", "$6B", "--gpu", "H100", "--json")
    assert json.loads(out)["notes"] == ["GPU purchase price only: servers, network and facility are not included"]
