"""The catalogue's field table is the one list of fields: the loader checks it, calc reads
every field of it, ``gpus`` shows every field of it, and the tables derived from it are the
ones the code had written out by hand."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from cli import catalogue_view
from estimator.api import calc
from estimator.catalogue import load_catalogue, schema
from estimator.catalogue.schema import ACCELERATOR_FIELDS, DEFAULT, FIELDS, FIGURE, POINT
from estimator.language.evaluate import FIELDS as CALC_FIELDS
from estimator.units import unit

ROOT = Path(__file__).parent.parent


def test_the_derived_tables_are_the_ones_written_out_before() -> None:
    assert schema.GPU_FIGURES == {
        "memory": "GB/GPU",
        "bandwidth": "TB/s/GPU",
        "tdp": "W/GPU",
        "system_power": "W/GPU",
        "bf16_dense": "FLOP/s/GPU",
        "fp8_dense": "FLOP/s/GPU",
    }
    assert schema.GPU_POINTS == {"price": "USD/GPU", "rental": "USD/GPU/h"}
    assert catalogue_view.COLUMNS == {
        "memory": ("memory", "GB/GPU"),
        "bandwidth": ("bandwidth", "TB/s/GPU"),
        "tdp": ("TDP", "W/GPU"),
        "system_power": ("server W/GPU", "W/GPU"),
        "bf16_dense": ("BF16 dense", "TFLOP/s/GPU"),
        "fp8_dense": ("FP8 dense", "TFLOP/s/GPU"),
    }
    assert catalogue_view.POINTS == {"price": ("price", "USD/GPU"), "rental": ("rental", "USD/GPU/h")}
    assert catalogue_view.HEADERS == [
        "name", "vendor", "released", "memory", "bandwidth", "TDP", "server W/GPU", "BF16 dense", "FP8 dense",
        "price (as of)", "rental (as of)",
    ]  # fmt: skip
    assert CALC_FIELDS == {**schema.GPU_FIGURES, **schema.GPU_POINTS}
    assert schema.DATED_DEFAULTS == {
        "electricity_price", "allin_capex_per_gpu", "facility_capex_per_mw", "grid_carbon", "grid_carbon_world",
        "grid_carbon_us", "grid_carbon_china", "grid_carbon_eu", "grid_carbon_france", "grid_carbon_norway",
    }  # fmt: skip
    assert schema.bounds("pue") == (1.0, 3.0) and schema.bounds("network_cost_share") == (0.0, 0.9)
    assert schema.bounds("grid_carbon_eu") == (0.0, 2.0) and schema.bounds("electricity_price") == (0.0, 2.0)
    assert schema.bounds("no such key") == (0.0, None)


def test_every_field_has_a_key_of_its_own_and_help() -> None:
    keys = [f.key for f in FIELDS]
    assert len(keys) == len(set(keys))
    for f in FIELDS:
        assert f.kind in (FIGURE, POINT, DEFAULT) and f.help, f
        assert f.dated == (f.kind == POINT) or f.kind == DEFAULT, f  # points are dated; figures never
        low, high = f.bounds
        assert high is None or low <= high, f


def test_every_unit_is_a_unit_and_every_column_shows_its_kind() -> None:
    for f in FIELDS:
        kept = unit(f.unit)
        assert unit(f.column[1]).dimensionality == kept.dimensionality, f.key
        per_gpu = kept.dimensionality.get("[accelerator]", 0)
        assert per_gpu == (-1 if f.kind != DEFAULT or f.unit.endswith("/GPU") else 0), f.key  # W/GPU, not W


def _value(f: schema.Field) -> float:
    """A value inside the field's bounds: 7 for a figure, the middle of a bounded default."""
    low, high = f.bounds
    return 7.0 if high is None else (low + high) / 2


@pytest.fixture
def every_field(tmp_path: Path) -> Path:
    """An overlay giving accelerator X every accelerator field and every default, written from
    the schema (each in the unit gpus shows it in, so the table shows the number as written)."""
    lines = ["sources:", "  s: {title: T, publisher: P, date: '2024'}", "gpus:", "  X:", "    vendor: V"]
    for f in ACCELERATOR_FIELDS:
        figure = f"{{value: '{_value(f):g} {f.column[1]}', source: s}}"
        lines.append(
            f"    {f.key}: [{{as_of: '2024', {figure[1:-1]}}}]" if f.kind == POINT else f"    {f.key}: {figure}"
        )
    lines.append("defaults:")
    for f in FIELDS:
        if f.kind == DEFAULT:
            dated = ", as_of: '2024'" if f.dated else ""
            lines.append(f"  {f.key}: {{value: '{_value(f):g} {f.unit}', source: s{dated}}}")
    path = tmp_path / "all.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_calc_reads_every_field(every_field: Path) -> None:
    cat = load_catalogue(every_field)
    for f in FIELDS:
        expr = f"defaults.{f.key}" if f.kind == DEFAULT else f"X.{f.key}"
        est = calc(expr, catalogue=cat).output("value").estimate
        # written in the unit gpus shows: 7 TFLOP/s/GPU for bf16_dense is 7e12 FLOP/s/GPU
        scale = 1e12 if f.kind != DEFAULT and f.column[1].startswith("TFLOP") else 1.0
        assert est.to(f.unit or "dimensionless").typical == pytest.approx(_value(f) * scale), expr


def test_gpus_shows_every_accelerator_field(every_field: Path, cli) -> None:
    code, out, _ = cli("gpus", "X", "--json", "--catalogue", str(every_field))
    assert code == 0
    entry = json.loads(out)["gpu"]
    assert set(entry["figures"]) == {f.key for f in ACCELERATOR_FIELDS if f.kind == FIGURE}
    for f in ACCELERATOR_FIELDS:
        shown = entry["figures"][f.key] if f.kind == FIGURE else entry[f.key][0]
        assert shown["value"] == 7.0 and unit(shown["unit"]) == unit(f.column[1]), f.key  # TB/GPU/s is TB/s/GPU
    code, out, _ = cli("gpus", "X", "--catalogue", str(every_field))
    for f in ACCELERATOR_FIELDS:
        assert f"  {f.column[0]}" in out, f.key
    header = catalogue_view.HEADERS
    assert all(f.column[0] in " ".join(header) for f in ACCELERATOR_FIELDS)


def test_calc_help_names_every_field() -> None:
    from cli.commands.calc import EPILOG

    listed = " ".join(EPILOG.split())
    for f in ACCELERATOR_FIELDS:
        assert f".{f.key}" in listed, f.key


def test_the_package_names_resolve_to_their_modules() -> None:
    import estimator.catalogue as package

    assert set(package.__all__) == set(package._WHERE)
    for name, module in package._WHERE.items():
        value = getattr(package, name)
        assert value is getattr(importlib.import_module(module), name), name
        if isinstance(value, type) or callable(value):  # defined there, not re-exported from elsewhere
            assert value.__module__ == module, name
    with pytest.raises(AttributeError):
        package.no_such_name  # noqa: B018
