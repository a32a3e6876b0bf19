"""train, cluster, carbon and sensitivity, worked by hand from the fixture catalogue.

Fixture: H100 989 TFLOP/s dense BF16, 1,275 W server power per GPU, price 30,000 USD
(25,000..40,000), rental 2 USD/GPU-hour (1.5..3); MFU 0.4 (0.3..0.5); IT overhead 0.1
(0.05..0.15); PUE 1.2 (1.1..1.5); 0.08 USD/kWh (0.05..0.12); grid 0.4 kg/kWh (0.3..0.5),
world 0.5; server factor 1.5 (1.25..1.75); network share 0.2 (0.15..0.25); facility
10 M USD/MW (8..12 M); hardware life 5 yr (4..6); facility life 20 yr (15..25).
"""

from __future__ import annotations

import json

import pytest

from estimator import api
from estimator.catalogue import load_catalogue
from estimator.errors import InputError
from estimator.language.literal import parse_estimate as v
from estimator.tornado import sensitivity

TrainInputs = ClusterInputs = dict  # the inputs by name, as the API takes them


def train(cat, gpu, inputs):  # the library call with the catalogue first, as these tests were written
    return api.train(gpu, catalogue=cat, **inputs)


def cluster(cat, count, gpu, inputs):
    return api.cluster(count, gpu, catalogue=cat, **inputs)


def power(cat, count, gpu, **kw):
    return api.power(count, gpu, catalogue=cat, **kw)


def outputs(result):
    return {o.key: o.estimate for o in result.outputs}


def test_gpt3_compute_is_6nd() -> None:
    # 6 x 175e9 params x 300e9 tokens = 3.15e23 FLOP
    r = train(
        load_catalogue(),
        "H100",
        TrainInputs(params=v("175B", "p"), tokens=v("300B", "t"), count=v("1k", "n")),
    )
    assert outputs(r)["flops"].typical == pytest.approx(3.15e23)
    assert any("6 x parameters x tokens" in n for n in r.notes)


def test_train_70b_on_2048_h100() -> None:
    r = train(
        load_catalogue(),
        "H100",
        TrainInputs(params=v("70B", "p"), tokens=v("1.4T", "t"), count=v("2048", "n"), mfu=v("0.4", "m")),
    )
    out = outputs(r)
    assert r.primary.key == "days"
    # 6 x 70e9 x 1.4e12 = 5.88e23 FLOP; per GPU 989e12 x 0.4 = 3.956e14 FLOP/s
    assert out["flops"].typical == pytest.approx(5.88e23)
    # 5.88e23 / 3.956e14 = 1.48635e9 GPU-seconds = 412,874.6 GPU-hours
    assert out["gpu_hours"].typical == pytest.approx(412_874.6, rel=1e-6)
    # 412,874.6 / 2048 GPUs / 24 h = 8.39996 days
    assert out["days"].typical == pytest.approx(8.39996, rel=1e-5)
    # rented: 412,874.6 x 2 USD = 825,749.2; range x1.5 .. x3
    assert out["cost_rented"].typical == pytest.approx(825_749.2, rel=1e-6)
    assert (out["cost_rented"].low, out["cost_rented"].high) == pytest.approx((619_311.9, 1_238_623.8), rel=1e-6)
    # owned hardware: 30,000 x 1.5 / (1 - 0.2) = 56,250 USD per GPU over 5 x 8,766 h = 1.283367 USD/h
    assert out["owned_hardware"].typical == pytest.approx(412_874.6 * 56_250 / (5 * 8766), rel=1e-6)
    # facility: 1,275 W x 1.1 = 1,402.5 W = 0.0014025 MW x 10 M USD = 14,025 USD over 20 x 8,766 h
    assert out["owned_facility"].typical == pytest.approx(412_874.6 * 14_025 / (20 * 8766), rel=1e-6)
    # energy: 412,874.6 GPU-h x 1,402.5 W x 1.2 = 694,868 kWh; x 0.08 USD = 55,589 USD
    assert out["energy"].typical == pytest.approx(694.868, rel=1e-5)
    assert out["owned_energy"].typical == pytest.approx(55_589.4, rel=1e-5)
    assert out["cost_owned"].typical == pytest.approx(529_870.4 + 33_029.4 + 55_589.4, rel=1e-5)
    # emissions: 694,868 kWh x 0.4 kg = 277.9 t
    assert out["emissions"].typical == pytest.approx(277.947, rel=1e-5)
    assert out["emissions"].unit_text == "tCO2e"


def test_gpu_hours_times_rental_anchor() -> None:
    # 2.788M GPU-hours at 2 USD = 5.576M USD; FLOPs = 2.788e6 h x 3,600 s x 3.956e14 FLOP/s
    flops = 2.788e6 * 3600 * 989e12 * 0.4
    r = train(
        load_catalogue(),
        "H100",
        TrainInputs(flops=v(f"{flops!r}", "f"), count=v("1000", "n"), mfu=v("0.4", "m")),
    )
    assert outputs(r)["gpu_hours"].typical == pytest.approx(2.788e6)
    assert outputs(r)["cost_rented"].typical == pytest.approx(5.576e6)


def test_solve_for_count() -> None:
    r = train(
        load_catalogue(),
        "H100",
        TrainInputs(params=v("70B", "p"), tokens=v("1.4T", "t"), days=v("90", "d"), mfu=v("0.4", "m")),
    )
    # 412,874.6 GPU-hours / (90 x 24 h) = 191.15 -> 192 GPUs
    assert r.primary.key == "count"
    assert r.primary.estimate.typical == 192


def test_train_errors() -> None:
    cat = load_catalogue()
    with pytest.raises(InputError, match="training compute is missing"):
        train(cat, "H100", TrainInputs(count=v("8", "n")))
    with pytest.raises(InputError, match="exactly one of --count"):
        train(cat, "H100", TrainInputs(flops=v("1e20", "f")))
    with pytest.raises(InputError, match="mfu must be between"):  # the API names its keyword
        train(cat, "H100", TrainInputs(flops=v("1e20", "f"), count=v("8", "n"), mfu=v("1.5", "m")))
    with pytest.raises(InputError, match="not a duration"):
        train(cat, "H100", TrainInputs(flops=v("1e20", "f"), days=v("5 MW", "d")))


def test_cluster_100k_h100_for_4_years() -> None:
    r = cluster(load_catalogue(), v("100k", "n"), "H100", ClusterInputs(years=v("4", "y")))
    out = outputs(r)
    # chips 100,000 x 30,000 = 3.0e9; servers 3.0e9 x 0.5 = 1.5e9; network 4.5e9 x 0.2 / 0.8 = 1.125e9
    assert out["capex_chips"].typical == pytest.approx(3.0e9)
    assert out["capex_servers"].typical == pytest.approx(1.5e9)
    assert out["capex_network"].typical == pytest.approx(1.125e9)
    # facility: 100,000 x 1,402.5 W = 140.25 MW x 10 M USD = 1.4025e9; 4 of 20 years = 280.5e6
    assert out["capex_facility"].typical == pytest.approx(1.4025e9)
    assert out["facility_in_tco"].typical == pytest.approx(280.5e6)
    # energy: 140.25 MW x 1.2 x 8,766 h = 1,475,317.8 MWh x 80 USD = 118,025,424 USD/yr
    assert out["energy_cost_per_year"].typical == pytest.approx(118_025_424)
    assert out["maintenance_per_year"].typical == 0
    # TCO = 3.0e9 + 1.5e9 + 1.125e9 + 280.5e6 + 4 x 118,025,424 = 6,377,601,696
    assert out["tco"].typical == pytest.approx(6_377_601_696)
    # per GPU-hour: 6,377,601,696 / (100,000 x 4 x 8,766) = 1.818845
    assert r.primary.key == "cost_per_gpu_hour"
    assert out["cost_per_gpu_hour"].typical == pytest.approx(1.818845, rel=1e-6)
    # rent / own = 2 / 1.818845 = 1.0996
    assert out["rent_over_own"].typical == pytest.approx(1.09960, rel=1e-4)
    assert r.notes[0].startswith("buy or rent: at typical values buying is cheaper, but the ranges overlap")
    # emissions: 1,475,317.8 MWh x 0.4 t/MWh = 590,127.1 t/yr
    assert out["emissions_per_year"].typical == pytest.approx(590_127.1, rel=1e-6)
    # capex = 3.0e9 + 1.5e9 + 1.125e9 + 1.4025e9 = 7.0275e9; opex = energy (no maintenance)
    assert out["capex"].typical == pytest.approx(7.0275e9)
    assert out["opex_per_year"].typical == pytest.approx(118_025_424)
    assert out["opex_in_tco"].typical == pytest.approx(4 * 118_025_424)
    assert out["energy_per_year"].typical == pytest.approx(1_475_317.8)
    assert out["rental_per_gpu_hour"].typical == 2
    assert r.breakdown == ["capex_chips", "capex_servers", "capex_network", "facility_in_tco", "opex_in_tco"]


def test_cluster_utilization_and_maintenance() -> None:
    r = cluster(
        load_catalogue(),
        v("100k", "n"),
        "H100",
        ClusterInputs(years=v("4", "y"), utilization=v("0.5", "u"), maintenance=v("0.05", "m")),
    )
    # maintenance: 5% of 5.625e9 hardware = 281.25e6 a year, 1.125e9 over 4 years
    # TCO = 6,377,601,696 + 1.125e9 = 7,502,601,696; hours halve: / (100,000 x 4 x 8,766 x 0.5)
    assert outputs(r)["cost_per_gpu_hour"].typical == pytest.approx(7_502_601_696 / 1.7532e9, rel=1e-6)


def test_tornado_order() -> None:
    r = cluster(load_catalogue(), v("100k", "n"), "H100", ClusterInputs(years=v("4", "y")))
    swings = sensitivity(r)
    # swings of USD per GPU-hour, worked by hand (see the module docstring's figures):
    # price 1.5515..2.3536 (0.802), server factor 1.5515..2.0862 (0.535), network 1.7245..1.9258
    # (0.201), electricity (0.118), PUE (0.045), facility life (0.043), facility capex (0.032),
    # IT overhead (0.020); rental and grid do not move it and are left out
    assert [s.name for s in swings] == [
        "price",
        "server_factor",
        "network_share",
        "electricity",
        "pue",
        "facility_life",
        "facility_per_mw",
        "it_overhead",
    ]
    price = swings[0]
    assert (price.at_low, price.at_high) == pytest.approx((1.55153, 2.35357), rel=1e-4)


def test_power_grid_regions() -> None:
    cat = load_catalogue()
    # 100k H100: 1,475,317.8 MWh a year x 0.5 t/MWh (world) = 737,658.9 t
    world = outputs(power(cat, v("100k", "n"), "H100", grid="world"))["emissions_per_year"]
    assert world.typical == pytest.approx(737_658.9)
    given = outputs(power(cat, v("100k", "n"), "H100", grid=v("0.1 kg/kWh", "g")))["emissions_per_year"]
    assert given.typical == pytest.approx(147_531.78)
    with pytest.raises(InputError, match="unknown region 'mars'"):
        power(cat, v("100k", "n"), "H100", grid="mars")


def test_cli_train_and_cluster(cli) -> None:
    code, out, _ = cli(
        "train",
        "--params",
        "70B",
        "--tokens",
        "1.4T",
        "--gpu",
        "H100",
        "--count",
        "2048",
        "--mfu",
        "0.4",
        "-q",
    )
    assert code == 0 and float(out) == pytest.approx(8.39996, rel=1e-5)
    code, out, _ = cli("cluster", "100k", "--gpu", "H100", "--years", "4", "--json", "--sensitivity")
    doc = json.loads(out)
    assert doc["result"]["tco"]["value"] == pytest.approx(6_377_601_696)
    assert doc["breakdown"][0] == "capex_chips"
    assert doc["sensitivity"]["output"] == "cost_per_gpu_hour"
    assert doc["sensitivity"]["inputs"][0]["name"] == "price"
    code, out, _ = cli("cluster", "100k", "--gpu", "H100", "--years", "4", "--sensitivity")
    assert "cost breakdown" in out and "sensitivity of owned cost per GPU-hour" in out
    assert "█" in out


def test_cli_grid(cli) -> None:
    code, out, _ = cli("power", "100k", "--gpu", "H100", "--grid", "world", "--json")
    assert json.loads(out)["result"]["emissions_per_year"]["value"] == pytest.approx(737_658.9)
    code, out, err = cli("power", "100k", "--gpu", "H100", "--grid", "mars")
    assert code == 2 and "unknown region 'mars'" in err


def test_calc_functions() -> None:
    from estimator.language.evaluate import Context, calculate

    def calc(text):
        return calculate(text, Context(load_catalogue))

    assert calc("train_days(70B, 1.4T, H100, count=2048, mfu=0.4)").typical == pytest.approx(8.39996, rel=1e-5)
    assert calc("train_gpus(70B, 1.4T, H100, days=90, mfu=0.4)").typical == 192
    assert calc("gpu_hour_cost(100k, H100, years=4)").typical == pytest.approx(1.818845, rel=1e-6)
    assert calc("emissions(100k, H100, grid=world)").typical == pytest.approx(737_658.9)


def test_missing_rental_leaves_out_only_what_needs_it() -> None:
    cat = load_catalogue()
    r = train(cat, "NoRental-Z", TrainInputs(flops=v("3.6e20", "f"), count=v("10", "n"), mfu=v("0.5", "m")))
    out = outputs(r)
    # 3.6e20 / (100e12 x 0.5) = 7.2e6 GPU-seconds = 2,000 GPU-hours; / 10 GPUs = 200 h = 8.333 days
    assert out["gpu_hours"].typical == pytest.approx(2000)
    assert out["days"].typical == pytest.approx(200 / 24)
    assert "cost_rented" not in out and "cost_owned" in out
    assert any(
        n.startswith("rented cost not computed: the catalogue has no rental price for NoRental-Z") for n in r.notes
    )
    c = cluster(cat, v("10", "n"), "NoRental-Z", ClusterInputs(years=v("4", "y")))
    assert "rent_over_own" not in outputs(c) and "cost_per_gpu_hour" in outputs(c)


def test_system_scope_price_adds_no_servers_or_network(tmp_path) -> None:
    overlay = tmp_path / "o.yaml"
    overlay.write_text(
        "gpus:\n  H100:\n    price:\n      - {as_of: '2030', scope: system, value: 50000 USD, source: test-price}\n"
    )
    out = outputs(cluster(load_catalogue(overlay), v("100", "n"), "H100", ClusterInputs(years=v("4", "y"))))
    # 100 x 50,000 = 5e6 of chips, and nothing added for servers or network
    assert out["capex_chips"].typical == 5e6
    assert out["capex_servers"].typical == 0 and out["capex_network"].typical == 0


def test_sensitivity_of_another_result(cli) -> None:
    code, out, _ = cli("power", "100k", "--gpu", "H100", "--sensitivity-of", "energy_cost_per_year", "--json")
    doc = json.loads(out)["sensitivity"]
    # the bill moves with the price of electricity (0.05..0.12 USD/kWh) more than with PUE (1.1..1.5)
    assert doc["output"] == "energy_cost_per_year"
    assert [s["name"] for s in doc["inputs"]][:2] == ["electricity", "pue"]
    code, out, err = cli("power", "100k", "--gpu", "H100", "--sensitivity-of", "nope")
    assert code == 2 and "power has no result 'nope'" in err


def test_train_sensitivity_looks_at_cost() -> None:
    r = train(load_catalogue(), "H100", TrainInputs(params=v("70B", "p"), tokens=v("1.4T", "t"), count=v("2048", "n")))
    assert r.focus == "cost_owned"
    # MFU 0.3..0.5 moves the owned cost most: 1/0.5 .. 1/0.3 of the GPU-hours
    assert sensitivity(r)[0].name == "mfu"


def test_energy_needs_no_purchase_price(cli, tmp_path) -> None:
    overlay = tmp_path / "x.yaml"
    overlay.write_text(
        'sources:\n  mine: {title: "Mine", publisher: Me, date: "2030-01"}\n'
        "gpus:\n  X1:\n    vendor: Nobody\n"
        "    system_power: {value: 1000 W, source: mine}\n"
        "    bf16_dense: {value: 1000 TFLOP/s, source: mine}\n"
    )
    code, out, err = cli(
        "train",
        "--params",
        "1B",
        "--tokens",
        "1T",
        "--gpu",
        "X1",
        "--count",
        "10",
        "--catalogue",
        str(overlay),
        "--json",
    )
    assert code == 0, err
    doc = json.loads(out)
    # 6 x 1e9 x 1e12 = 6e21 FLOP at 1e15 x 0.4 FLOP/s a GPU: 1.5e7 GPU-s = 4,166.67 GPU-h;
    # x 1,000 W x (1 + 0.1 IT overhead) x 1.2 PUE = 5.5e6 Wh = 5.5 MWh; x 0.4 kg/kWh = 2.2 t
    assert doc["result"]["energy"]["value"] == pytest.approx(5.5)
    assert doc["result"]["emissions"]["value"] == pytest.approx(2.2)
    assert doc["result"]["cost_owned"] is None
    assert any(
        n.startswith("owned cost not computed: the catalogue has no purchase price for X1") for n in doc["notes"]
    )
