"""The wheel's prebuilt checked copy of the bundled catalogue (.ci/hatch_build.py).

In-process tests move the bundled data folder into a temporary one (``estimator.paths.data_dir``
patched) and write a copy there, sometimes a forged one whose body says the H100 costs $24,000
instead of $30,000: a $6B buy then shows which catalogue answered (6e9 / 30,000 = 200,000 from
the YAML, 6e9 / 24,000 = 250,000 from the copy).  Subprocess tests check what a fresh
interpreter imports, on an installed layout made by hand and on the real wheel.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest

import estimator.paths
from estimator import __version__
from estimator.catalogue.check import Layer
from estimator.catalogue.load import CACHE_FORMAT, cache_key, cache_text, parse_bytes, read_layer, write_prebuilt
from estimator.errors import CatalogueError
from estimator.paths import PREBUILT_NAME

ROOT = Path(__file__).resolve().parent.parent
YAML = ROOT / "data" / "gpu_specs.yaml"
FROM_YAML = "200000\n"  # 6e9 USD / 30,000 USD (the H100's 2024-07 typical price)
FROM_FORGED_COPY = "250000\n"  # 6e9 USD / 24,000 USD


def h100_latest_price(data: dict[str, Any]) -> dict[str, Any]:
    point: dict[str, Any] = data["gpus"]["H100-SXM"]["price"][-1]
    assert point["as_of"] == "2024-07" and point["typical"] == "30000 USD"
    return point


def forged(yaml_bytes: bytes, **key: Any) -> str:
    """A well-formed copy keyed to ``yaml_bytes`` whose H100 costs 24,000 USD."""
    layer, problems = parse_bytes(YAML.read_bytes(), "bundled")
    assert problems == []
    h100_latest_price(layer.data)["typical"] = "24000 USD"
    return cache_text(Layer("x", layer.data), {**cache_key(yaml_bytes, keep_lines=False), **key})


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bundled: None) -> Path:
    """The bundled catalogue in a folder of its own, as in an installed wheel (no copy yet)."""
    folder = tmp_path / "site-data"
    folder.mkdir()
    shutil.copyfile(YAML, folder / "gpu_specs.yaml")
    monkeypatch.setattr(estimator.paths, "data_dir", lambda: folder)
    return folder


def buy(cli: Any) -> str:
    code, out, err = cli("buy", "$6B", "--gpu", "H100", "-q")
    assert (code, err) == (0, "")
    return str(out)


def user_cache_files(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in (tmp_path / "cache").glob("catalogue-*"))


# --------------------------------------------------------------------------- the generator


def test_the_prebuilt_copy_holds_what_parse_bytes_gives(tmp_path: Path) -> None:
    out = write_prebuilt(tmp_path)
    assert out == tmp_path / PREBUILT_NAME
    head, body = out.read_bytes().split(b"\n")
    data = YAML.read_bytes()
    assert json.loads(head) == {
        "format": CACHE_FORMAT,
        "version": __version__,
        "size": len(data),
        "crc32": f"{zlib.crc32(data):08x}",
        "lines": False,
        "body": f"{zlib.crc32(body):08x}",
    }
    layer, problems = parse_bytes(data, str(YAML))
    assert problems == []
    assert json.loads(body) == {"data": layer.data, "lines": {}}
    assert h100_latest_price(json.loads(body)["data"])["typical"] == "30000 USD"


def test_the_prebuilt_copy_is_what_the_loader_writes_to_the_user_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(estimator.paths, "data_dir", lambda: YAML.parent)  # a source tree: no copy beside it
    read_layer(YAML)
    (cached,) = (tmp_path / "cache").glob("catalogue-*.json")
    assert cached.read_bytes() == write_prebuilt(tmp_path).read_bytes()


def test_a_catalogue_with_problems_makes_no_copy(installed: Path, tmp_path: Path) -> None:
    (installed / "gpu_specs.yaml").write_text("schema: 1\ngpus:\n  X:\n    tdp: {value: 700 USD}\n")
    with pytest.raises(CatalogueError):
        write_prebuilt(tmp_path)
    assert not (tmp_path / PREBUILT_NAME).exists()


# --------------------------------------------------------------------------- the loader


def test_a_matching_copy_is_read_and_nothing_is_written(installed: Path, tmp_path: Path, cli: Any) -> None:
    (installed / PREBUILT_NAME).write_text(forged((installed / "gpu_specs.yaml").read_bytes()))
    assert buy(cli) == FROM_FORGED_COPY
    assert user_cache_files(tmp_path) == []
    assert sorted(p.name for p in installed.iterdir()) == [PREBUILT_NAME, "gpu_specs.yaml"]


def test_the_real_copy_gives_the_yamls_answer(installed: Path, tmp_path: Path, cli: Any) -> None:
    write_prebuilt(installed)
    assert buy(cli) == FROM_YAML
    assert user_cache_files(tmp_path) == []


def test_a_copy_of_an_edited_yaml_is_ignored(installed: Path, tmp_path: Path, cli: Any) -> None:
    # the copy was made from the YAML as shipped; then the YAML's H100 price became 24,000
    write_prebuilt(installed)
    yaml = installed / "gpu_specs.yaml"
    text = yaml.read_text(encoding="utf-8")
    old = '{as_of: "2024-07", typical: 30000 USD'
    assert text.count(old) == 1
    yaml.write_text(text.replace(old, '{as_of: "2024-07", typical: 24000 USD'), encoding="utf-8")
    assert buy(cli) == FROM_FORGED_COPY  # 6e9 / 24,000: the YAML answered, not the stale copy
    assert len(user_cache_files(tmp_path)) == 1  # the usual cold path, which writes the user cache
    assert sorted(p.name for p in installed.iterdir()) == [PREBUILT_NAME, "gpu_specs.yaml"]


@pytest.mark.parametrize(
    "change",
    [
        "a comment added to the YAML",  # same figures, other bytes: size and CRC differ
        "one byte of the YAML changed, same size",  # the CRC differs
        "another gpucost version",
        "another cache format",
        "made with lines kept",
    ],
)
def test_a_stale_copy_is_ignored(installed: Path, tmp_path: Path, cli: Any, change: str) -> None:
    yaml = installed / "gpu_specs.yaml"
    original = yaml.read_bytes()
    key: dict[str, Any] = {
        "another gpucost version": {"version": "0.0.1"},
        "another cache format": {"format": CACHE_FORMAT - 1},
        "made with lines kept": {"lines": True},
    }.get(change, {})
    (installed / PREBUILT_NAME).write_text(forged(original, **key))
    if change == "a comment added to the YAML":
        yaml.write_bytes(original + b"# edited\n")
    elif change == "one byte of the YAML changed, same size":
        assert original.count(b"# ") > 0
        yaml.write_bytes(original.replace(b"# ", b"#-", 1))
    assert buy(cli) == FROM_YAML


def body_digit_flipped(text: str) -> str:
    # still JSON and still keyed to the YAML, but the body no longer matches its CRC
    assert text.count('"30000 USD"') >= 1
    return text.replace('"30000 USD"', '"90000 USD"')  # 6e9 / 90,000 = 66,666 if it were believed


def shape_wrong(text: str) -> str:
    head = json.loads(text.split("\n")[0])
    body = json.dumps({"data": [], "lines": {}})
    return json.dumps({**head, "body": f"{zlib.crc32(body.encode()):08x}"}) + "\n" + body


CORRUPT = {
    "empty": lambda text: "",
    "not JSON": lambda text: "{not json",
    "null": lambda text: "null\nnull",
    "header only": lambda text: text.split("\n")[0],
    "truncated": lambda text: text[: len(text) // 2],
    "a digit flipped in the body": body_digit_flipped,
    "a list for data (CRC right)": shape_wrong,
    "nested past the parser": lambda text: "[" * 200_000 + "\n" + text.split("\n")[1],
}


@pytest.mark.parametrize("damage", list(CORRUPT), ids=list(CORRUPT))
def test_a_corrupt_copy_is_ignored(installed: Path, tmp_path: Path, cli: Any, damage: str) -> None:
    good = write_prebuilt(installed).read_text(encoding="utf-8")
    (installed / PREBUILT_NAME).write_text(CORRUPT[damage](good), encoding="utf-8")
    assert buy(cli) == FROM_YAML
    assert sorted(p.name for p in installed.iterdir()) == [PREBUILT_NAME, "gpu_specs.yaml"]


@pytest.mark.parametrize("what", ["not UTF-8", "a folder"])
def test_an_unreadable_copy_is_ignored(installed: Path, cli: Any, what: str) -> None:
    copy = installed / PREBUILT_NAME
    if what == "a folder":
        copy.mkdir()
    else:
        copy.write_bytes(b"\xff\xfe\x00{" + b"\x80" * 100)
    assert buy(cli) == FROM_YAML


def test_no_cache_turns_the_copy_off_too(installed: Path, cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    (installed / PREBUILT_NAME).write_text(forged((installed / "gpu_specs.yaml").read_bytes()))
    monkeypatch.setenv("GPUCOST_NO_CACHE", "1")
    assert buy(cli) == FROM_YAML


def test_only_the_bundled_file_has_a_copy(
    installed: Path, tmp_path: Path, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the same bytes elsewhere (a base catalogue) do not read the bundled file's copy
    (installed / PREBUILT_NAME).write_text(forged((installed / "gpu_specs.yaml").read_bytes()))
    elsewhere = tmp_path / "base.yaml"
    shutil.copyfile(YAML, elsewhere)
    monkeypatch.setenv("GPUCOST_BASE_CATALOGUE", str(elsewhere))
    assert buy(cli) == FROM_YAML
    monkeypatch.delenv("GPUCOST_BASE_CATALOGUE")
    assert buy(cli) == FROM_FORGED_COPY


def test_an_overlay_wanting_lines_does_not_take_a_copy_without_them(installed: Path, cli: Any) -> None:
    (installed / PREBUILT_NAME).write_text(forged((installed / "gpu_specs.yaml").read_bytes()))
    layer = read_layer(installed / "gpu_specs.yaml", keep_lines=True)
    assert h100_latest_price(layer.data)["typical"] == "30000 USD" and layer.lines


# --------------------------------------------------------------------------- fresh interpreters

PROBE = """
import json, sys
from cli.main import main
sys.argv = ["gpucost", "buy", "$6B", "--gpu", "H100", "-q"]
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
import estimator
sys.stderr.write("\\nPROBE " + json.dumps({"yaml": "yaml" in sys.modules, "from": estimator.__file__}) + "\\n")
"""


def probe(site: Path, cache: Path) -> tuple[str, bool, Path]:
    """Run the one-liner from the package tree ``site`` with the cache folder ``cache``:
    its stdout, whether yaml was imported, and where estimator came from."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GPUCOST")}
    env.update(PYTHONPATH=str(site), GPUCOST_CACHE_DIR=str(cache), PYTHONDONTWRITEBYTECODE="1")
    proc = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, cwd=site.parent, timeout=60
    )
    line = [x for x in proc.stderr.splitlines() if x.startswith("PROBE ")]
    assert proc.returncode == 0 and line, proc.stderr
    seen = json.loads(line[-1][len("PROBE ") :])
    return proc.stdout, seen["yaml"], Path(seen["from"])


def installed_by_hand(tmp_path: Path) -> Path:
    """estimator/ and cli/ with the data inside estimator/, as the wheel lays them out."""
    site = tmp_path / "site"
    for package in ("estimator", "cli"):
        shutil.copytree(ROOT / package, site / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "data", site / "estimator" / "data")
    return site


def test_a_fresh_interpreter_reads_the_copy_without_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = installed_by_hand(tmp_path)
    data = site / "estimator" / "data"
    monkeypatch.setattr(estimator.paths, "data_dir", lambda: data)
    write_prebuilt(data)
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    for cache in (tmp_path / "fresh-cache", blocker / "cache"):  # empty, and one that cannot be made
        out, yaml, origin = probe(site, cache)
        assert (out, yaml) == (FROM_YAML, False)
        assert origin == site / "estimator" / "__init__.py"
    assert not list((tmp_path / "fresh-cache").glob("catalogue-*"))  # nothing to write: the copy answered
    (data / PREBUILT_NAME).unlink()  # the probe does see yaml when there is no copy
    assert probe(site, tmp_path / "cold-cache")[:2] == (FROM_YAML, True)


# --------------------------------------------------------------------------- the real wheel

CANNOT_FETCH = (
    "No matching distribution found",
    "Could not find a version that satisfies",
    "NewConnectionError",
    "Network is unreachable",
    "Temporary failure in name resolution",
)


def test_the_built_wheel_carries_the_copy_and_uses_it(tmp_path: Path) -> None:
    out = tmp_path / "wheels"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    if proc.returncode != 0 and any(m in proc.stdout + proc.stderr for m in CANNOT_FETCH):
        pytest.skip("the build backend (hatchling, pyyaml, pint) could not be fetched: " + proc.stderr[-300:])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (wheel,) = out.glob("gpucost-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(site)
    assert f"estimator/data/{PREBUILT_NAME}" in names and "estimator/data/gpu_specs.yaml" in names
    assert (site / "estimator" / "data" / PREBUILT_NAME).read_bytes() == write_prebuilt(tmp_path).read_bytes()
    stdout, yaml, origin = probe(site, tmp_path / "fresh-cache")
    assert (stdout, yaml) == (FROM_YAML, False)
    assert origin == site / "estimator" / "__init__.py"
    assert not list((tmp_path / "fresh-cache").glob("catalogue-*"))
    # the --help texts, written by typer at build time: the same bytes typer prints here
    import json

    import typer

    from cli.app import help_texts

    shipped = json.loads((site / "estimator" / "data" / "help.json").read_text(encoding="utf-8"))
    assert shipped["typer"] == typer.__version__ and shipped["texts"] == help_texts()
