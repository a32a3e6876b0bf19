"""Errors as data: a catalogue problem's file, line and field; an unknown accelerator's
suggestions.  Whole messages are compared, so no part of one can change unnoticed."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from estimator.catalogue import load_catalogue, parse_layer, read_layer
from estimator.claims import read_claims
from estimator.errors import CatalogueError, CatalogueFileError, EstimatorError, Problem, UnknownAccelerator

ROOT = Path(__file__).parent.parent


def test_problem_says_file_line_field_message() -> None:
    assert (
        str(Problem("c.yaml", 3, "gpus.X.tdp", "must be more than zero"))
        == "c.yaml:3: gpus.X.tdp: must be more than zero"
    )
    assert str(Problem("c.yaml", None, "gpus.X.tdp.source", "unknown source id 'm'")) == (
        "c.yaml: gpus.X.tdp.source: unknown source id 'm'"
    )
    assert str(Problem("c.yaml", 1, None, "the file is empty")) == "c.yaml:1: the file is empty"


def test_catalogue_error_is_its_first_problem_and_a_count() -> None:
    a = Problem("c.yaml", 3, "gpus.X.tdp", "a figure cannot be negative")
    b = Problem("c.yaml", 3, "gpus.X.tdp.source", "every figure needs a source id")
    c = Problem("c.yaml", 9, "defaults.pue", "unknown key")
    one = CatalogueError([a], "run: gpucost catalogue validate c.yaml")
    assert (
        str(one) == "c.yaml:3: gpus.X.tdp: a figure cannot be negative (hint: run: gpucost catalogue validate c.yaml)"
    )
    assert one.problems == [a]
    three = CatalogueError([a, b, c])
    assert three.message == "c.yaml:3: gpus.X.tdp: a figure cannot be negative; 2 more problem(s)"
    assert str(three) == three.message and three.problems == [a, b, c]


def test_a_file_that_cannot_be_read_is_a_catalogue_error_without_problems() -> None:
    err = CatalogueFileError("catalogue file not found: x.yaml", "check the path")
    assert isinstance(err, CatalogueError) and err.problems == []
    assert str(err) == "catalogue file not found: x.yaml (hint: check the path)"


def test_unknown_accelerator_message_is_composed_from_its_data() -> None:
    err = UnknownAccelerator("H10", ["H100", "H100-SXM"])
    assert isinstance(err, EstimatorError)
    assert (err.name, err.suggestions) == ("H10", ("H100", "H100-SXM"))
    assert str(err) == "unknown accelerator 'H10' (hint: did you mean H100, H100-SXM? (gpucost gpus lists them all))"
    assert str(UnknownAccelerator("Hopper")) == (
        "unknown accelerator 'Hopper' (hint: gpucost gpus lists the accelerators in the catalogue)"
    )


def test_resolve_carries_the_suggestions() -> None:
    with pytest.raises(UnknownAccelerator) as err:
        load_catalogue().resolve("H10")
    # the fixture's names and aliases: H100-SXM (H100, H100-SXM5), NoPrice-X, NoRental-Z
    assert err.value.name == "H10" and err.value.suggestions == ("H100", "H100-SXM", "H100-SXM5")
    with pytest.raises(UnknownAccelerator) as err:
        load_catalogue().resolve("Hopper")
    assert err.value.suggestions == ()


def test_buy_with_an_unknown_gpu_prints_the_suggestion(cli) -> None:
    code, out, err = cli("buy", "1M", "--gpu", "H10")
    assert code == 2 and out == ""
    assert err == (
        "error: unknown accelerator 'H10' "
        "(hint: did you mean H100, H100-SXM, H100-SXM5? (gpucost gpus lists them all))\n"
    )


def test_read_layer_raises_every_problem_as_data(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("gpus:\n  X:\n    tdp: {value: 1 USD}\n    speed: 3\n")
    with pytest.raises(CatalogueError) as err:
        read_layer(path)
    assert err.value.problems == [
        Problem(str(path), 3, "gpus.X.tdp", "value 1 USD has the wrong unit (expected something like W/GPU)"),
        Problem(str(path), 3, "gpus.X.tdp.source", "every figure needs a source id"),  # the figure's line
        Problem(str(path), 4, "gpus.X.speed", "unknown field"),
    ]
    assert (
        err.value.message
        == f"{path}:3: gpus.X.tdp: value 1 USD has the wrong unit (expected something like W/GPU)"
        + ("; 2 more problem(s)")
    )
    assert err.value.hint == f"run: gpucost catalogue validate {path}"


def test_yaml_problems_are_data(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("gpus: {}\nsources: {}\ngpus: {}\n")
    _, problems = parse_layer(path, "c.yaml")
    assert problems == [Problem("c.yaml", 3, "gpus", "duplicate key")]
    path.write_text("gpus: [1, 2\n")
    _, problems = parse_layer(path, "c.yaml")
    assert [(p.file, p.line, p.field) for p in problems] == [("c.yaml", 2, None)]
    assert problems[0].message.startswith("not valid YAML: ")


def test_an_overlay_reusing_an_alias_is_a_problem_with_its_field(tmp_path: Path) -> None:
    path = tmp_path / "o.yaml"
    path.write_text(
        "sources:\n  s: {title: T, publisher: P, date: '2024'}\n"
        "gpus:\n  Other:\n    aliases: [H100]\n    tdp: {value: 1 W, source: s}\n"
    )
    with pytest.raises(CatalogueError) as err:
        load_catalogue(path)
    assert err.value.problems == [
        Problem(str(path), None, "gpus.Other.aliases", "'H100' is already a name or alias of H100-SXM")
    ]


def test_claim_file_problems_keep_their_line_without_parsing_text() -> None:
    cf = read_claims("claims: []\ntitle: t\nclaims: []\n", "c.yaml")
    assert [(v.line, v.message) for v in cf.problems] == [(3, "c.yaml:3: claims: duplicate key")]
    cf = read_claims("claims: [\n", "c.yaml")
    assert cf.problems[0].line == 2 and cf.problems[0].message.startswith("c.yaml:2: not valid YAML: ")


def _project_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in ("estimator", "cli"):
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names if a.name.split(".")[0] in ("estimator", "cli"))
    return names


def test_paths_and_units_sit_below_the_catalogue() -> None:
    """paths imports nothing of the project; units only errors and paths (no units ->
    catalogue -> units cycle); the catalogue's schema nothing but (for types) values and the
    record base (which imports nothing of the project)."""
    assert _project_imports(ROOT / "estimator" / "paths.py") == set()
    assert _project_imports(ROOT / "estimator" / "record.py") == set()
    assert _project_imports(ROOT / "estimator" / "units.py") == {"estimator.errors", "estimator.paths"}
    assert _project_imports(ROOT / "estimator" / "catalogue" / "schema.py") == {"estimator.record", "estimator.values"}
