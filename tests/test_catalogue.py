"""The catalogue: lookups, dated price points, overlays, caching and validation."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from estimator.catalogue import Catalogue, load_catalogue, parse_layer, read_layer
from estimator.errors import CatalogueError, UnknownAccelerator


def test_aliases_resolve_loosely() -> None:
    cat = load_catalogue()
    for name in ["H100", "h100", "H100-SXM", "h100 sxm", "H100_SXM5"]:
        assert cat.resolve(name) == "H100-SXM"


def test_unknown_name_suggests() -> None:
    with pytest.raises(UnknownAccelerator) as err:
        load_catalogue().resolve("H1OO")
    assert "did you mean" in (err.value.hint or "")


def test_price_point_selection() -> None:
    acc = load_catalogue().gpu("H100")
    assert acc.point("price").as_of == "2024-05"
    assert acc.point("price", "2024-04").as_of == "2023-06"
    # a month means its last day: a 2024-05 point counts at --as-of 2024-05
    assert acc.point("price", "2024-05").as_of == "2024-05"
    assert acc.point("price", "2025-01-01").estimate.typical == 30000


def write(tmp_path: Path, text: str, name: str = "c.yaml") -> Path:
    p = tmp_path / name
    p.write_text(textwrap.dedent(text))
    return p


def test_overlay_merges_fields_and_adds_points(tmp_path: Path) -> None:
    overlay = write(
        tmp_path,
        """
        sources:
          ours: {title: Our quote, publisher: us, date: "2025-01"}
        gpus:
          h100:
            tdp: {value: 650 W, source: ours}
            price:
              - {as_of: "2025-01", value: 22000 USD, source: ours}
          MyChip:
            aliases: [MC1]
            tdp: {value: 300 W, source: ours}
        """,
    )
    cat = load_catalogue(overlay)
    acc = cat.gpu("H100")
    assert acc.figure("tdp").estimate.typical == 650
    assert acc.figure("system_power").estimate.typical == 1275  # kept from the base
    assert [p.as_of for p in acc.price] == ["2023-06", "2024-05", "2025-01"]
    assert cat.gpu("mc1").name == "MyChip"


def test_environment_overlay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    overlay = write(tmp_path, "defaults:\n  pue: {value: 1.05, source: test-defaults}\n")
    monkeypatch.setenv("GPUCOST_CATALOGUE", str(overlay))
    assert load_catalogue().default("pue").estimate.typical == 1.05


def test_checked_file_is_cached_as_json(tmp_path: Path, fixed_catalogue: Path) -> None:
    cache = tmp_path / "cache"
    read_layer(fixed_catalogue)
    files = list(cache.glob("catalogue-*.json"))
    assert len(files) == 1
    # a cached copy is read without YAML: break the cache and the loader falls back to parsing
    files[0].write_text("{not json")
    assert read_layer(fixed_catalogue).data["gpus"]["H100-SXM"]["vendor"] == "NVIDIA"


BAD = [
    ("tdp: {value: 700 USD, source: s}", ":9: gpus.X.tdp: value 700 USD has the wrong unit"),
    ("tdp: {value: 700 W}", ":9: gpus.X.tdp.source: every figure needs a source id"),
    ("tdp: {value: 700 W, source: nope}", ":9: gpus.X.tdp.source: unknown source id 'nope'"),
    ("price: [{typical: 1 USD, source: s}]", ":9: gpus.X.price[0].as_of: a dated figure needs as_of"),
    ("price: [{as_of: '2024-13', value: 1 USD, source: s}]", "gpus.X.price[0].as_of: a dated figure"),
    ("released: 'soon'", ":9: gpus.X.released: bad date 'soon'"),
    ("tdp: {value: -700 W, source: s}", "gpus.X.tdp: a figure cannot be negative"),
    ("tdp: {typical: 700 W, low: 800 W, high: 900 W, source: s}", "low <= typical <= high does not hold"),
    ("aliases: [H100]", "gpus.X.aliases: alias 'H100' is also a name or alias of H100-SXM"),
    ("tpd: {value: 700 W, source: s}", ":9: gpus.X.tpd: unknown field (did you mean tdp?)"),
    ("tdp: {value: 700 W, typical: 700 W, source: s}", "give either value or typical/low/high"),
    ("tdp: 700 W", "gpus.X.tdp: a figure is {value: Q, source: ID}"),
    ("tdp: {value: [1], source: s}", "value must be a quantity"),
    ("price: [{as_of: '2024', value: 1 USD, source: s, scope: rack}]", "scope is gpu or system, not 'rack'"),
]


@pytest.mark.parametrize("line, message", BAD, ids=[b[0] for b in BAD])
def test_validation_problems(tmp_path: Path, line: str, message: str) -> None:
    text = (
        "schema: 1\nsources:\n  s: {title: T, publisher: P, date: '2024'}\n"
        "gpus:\n  H100-SXM:\n    aliases: [H100]\n    vendor: NVIDIA\n  X:\n    " + line + "\n"
    )
    path = write(tmp_path, text)
    layer, problems = parse_layer(path, str(path))
    from estimator.catalogue import check_layer

    problems = check_layer(layer, known_sources=set())
    assert any(message in str(p) for p in problems), problems
    assert all(str(p).startswith(f"{path}:") and p.file == str(path) for p in problems)


@pytest.mark.parametrize(
    "text, message",
    [
        ("", ":1: the file is empty"),
        ("gpus: [1, 2\n", "not valid YAML"),
        ("- 1\n- 2\n", "the top level must be a mapping"),
        ("a: &x [1]\nb: *x\n", "anchors and aliases are not allowed"),
        ("gpus: {}\ngpus: {}\n", ":2: gpus: duplicate key"),
        ("schema: 2\n", ":1: schema: unsupported schema 2"),
        ("sources:\n  s: {title: T}\n", "a source needs a url or a publisher"),
        ("defaults:\n  puee: {value: 1.2, source: s}\n", "unknown default (did you mean pue?)"),
    ],
)
def test_file_level_problems(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    _, problems = parse_layer(path, str(path))
    assert any(message in str(p) for p in problems), problems


def test_read_layer_raises_first_problem_with_count(tmp_path: Path) -> None:
    path = write(tmp_path, "gpus:\n  X:\n    tdp: {value: 1 USD}\n")
    with pytest.raises(CatalogueError) as err:
        read_layer(path)
    assert err.value.message.startswith(f"{path}:3: gpus.X.tdp")
    assert "more problem" in err.value.message
    assert "gpucost catalogue validate" in (err.value.hint or "")


def test_unknown_source_across_layers(tmp_path: Path) -> None:
    path = write(tmp_path, "gpus:\n  H100:\n    tdp: {value: 1 W, source: missing}\n")
    with pytest.raises(CatalogueError, match="unknown source id 'missing'"):
        load_catalogue(path)


# ----------------------------------------------------------------- the bundled catalogue

REQUIRED = ["H100-SXM", "H100-PCIe", "H200", "B200", "A100-SXM", "MI300X"]


@pytest.fixture
def real(bundled: None) -> Catalogue:
    return load_catalogue()


def test_bundled_catalogue_is_valid(real: Catalogue) -> None:
    from estimator.catalogue import bundled_path, check_layer

    path = bundled_path()
    layer, problems = parse_layer(path, str(path))
    assert problems == []
    assert check_layer(layer, known_sources=set()) == []


@pytest.mark.parametrize("name", REQUIRED)
def test_bundled_entries_have_the_core_figures(real: Catalogue, name: str) -> None:
    acc = real.gpu(name)
    for key in ["tdp", "system_power", "memory", "bf16_dense"]:
        fig = acc.figure(key)
        assert fig.sources, f"{name}.{key} has no source"
    assert acc.price, f"{name} has no purchase price"
    assert all(p.as_of for p in acc.price)
    # system power per GPU includes the chip: it is never below the chip's TDP
    assert acc.figure("system_power").estimate.low >= acc.figure("tdp").estimate.typical
    assert acc.released


def test_every_bundled_figure_is_sourced_and_every_source_used(real: Catalogue) -> None:
    from estimator.catalogue.check import figure_sources, iter_figures

    data = real.layers[0].data
    used: set[str] = set()
    for path, raw in iter_figures(data):
        ids = figure_sources(raw)
        assert ids, f"{path} has no source"
        used.update(ids)
    assert set(data["sources"]) == used, set(data["sources"]) ^ used
    for sid, src in data["sources"].items():
        assert src.get("title") and (src.get("date") or src.get("accessed")), sid
        assert src.get("url") or src.get("publisher"), sid


def test_bundled_defaults(real: Catalogue) -> None:
    for key in ["pue", "electricity_price", "it_overhead"]:
        fig = real.default(key)
        assert fig.sources
        assert fig.estimate.low <= fig.estimate.typical <= fig.estimate.high
    assert 1.0 <= real.default("pue").estimate.low
    assert real.default("electricity_price").as_of


def test_h100_is_the_h100_sxm_datasheet_part(real: Catalogue) -> None:
    acc = real.gpu("H100")
    assert acc.name == "H100-SXM"
    # NVIDIA H100 SXM datasheet: 700 W max TDP; dense BF16 989 TFLOP/s (1,979 with sparsity)
    assert acc.figure("tdp").estimate.typical == 700
    assert acc.figure("bf16_dense").estimate.to("TFLOP/s/GPU").typical == pytest.approx(989, rel=0.01)


@pytest.mark.parametrize(
    "dates, hidden",
    [
        (["2024", "2024-01"], {0: "2024-01"}),  # 2024-01-01, the first day one can ask for, is January's
        (["2024", "2024-02"], {}),  # --as-of 2024-01 picks the year-only point
        (["2024-01", "2024-01-01"], {0: "2024-01-01"}),
        (["2024-01", "2024-01-02"], {}),  # 2024-01-01 picks the month
        (["2023-08", "2023-08"], {0: "2023-08"}),  # a tie: the later in load order wins
        (["2024-05", "2023-06"], {}),
    ],
)
def test_never_chosen_matches_the_picking_rule(dates: list[str], hidden: dict[int, str]) -> None:
    from estimator.catalogue.objects import never_chosen

    assert never_chosen(dates) == hidden
