"""Reading catalogue files: parse, check (``check``), cache; a checked figure as an object.

A checked file's plain data is cached as JSON, named by its path and content, so a one-liner
does not import or run the YAML parser when nothing changed.  Figures are read into
:class:`Figure` objects lazily, per entry, by the registry.
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path
from typing import Any

from estimator import __version__
from estimator.catalogue.check import Layer, check_layer, figure_estimate, figure_sources
from estimator.catalogue.objects import Figure, normal_date
from estimator.errors import CatalogueError, CatalogueFileError, EstimatorError, Problem
from estimator.files import read_file, read_limited
from estimator.paths import cache_dir
from estimator.yamlfile import load_yaml, plain_dates

CACHE_FORMAT = 2
MAX_FILE_BYTES = 2_000_000


# --------------------------------------------------------------------------- reading


def _cache_file(path: Path, data: bytes) -> Path | None:
    """The cache file of a catalogue file: named by its path and its content (size and CRC-32),
    so an edit is seen even when it keeps the size and the modification time (cp -p, rsync -t,
    tar x, two edits within one clock tick)."""
    folder = cache_dir()
    if folder is None:
        return None
    key = f"{path}|{__version__}|{CACHE_FORMAT}"
    return folder / f"catalogue-{zlib.crc32(key.encode()):08x}-{len(data)}-{zlib.crc32(data):08x}.json"


def read_layer(path: str | Path, what: str = "catalogue", keep_lines: bool = False) -> Layer:
    """Read and check one catalogue file; raises CatalogueError listing its problems.
    ``keep_lines``: also keep (and cache) the line of every key, for an overlay's warnings."""
    p = Path(path).expanduser()
    if not p.exists():
        raise CatalogueFileError(
            f"{what} file not found: {path}", "check the path given to --catalogue or GPUCOST_CATALOGUE"
        )
    if not p.is_file():
        raise CatalogueFileError(f"{what} {path} is not a regular file", "give the path of a YAML file")
    try:
        with p.open("rb") as stream:
            data = read_limited(stream, MAX_FILE_BYTES, str(path))
    except EstimatorError as exc:
        raise CatalogueFileError(exc.message, exc.hint) from None
    except OSError as exc:
        raise CatalogueFileError(
            f"cannot read {what} {path} ({exc.strerror})", "check the file's permissions"
        ) from None
    cache = _cache_file(p.resolve(), data)
    if cache is not None:
        try:
            cached = json.loads(cache.read_text(encoding="utf-8"))
            if isinstance(cached, dict) and isinstance(cached.get("data"), dict):
                return Layer(str(path), cached["data"], cached.get("lines") or {})
        except (OSError, ValueError):
            pass
    layer, problems = parse_bytes(data, str(path))
    if problems:
        raise CatalogueError(problems, f"run: gpucost catalogue validate {path}")
    if cache is not None:
        _write_cache(cache, {"data": layer.data, "lines": layer.lines if keep_lines else {}})
    return layer


def _write_cache(cache: Path, content: dict[str, Any]) -> None:
    """Write atomically (a temporary file renamed into place); a cache that cannot be written
    (read-only or full disk, data JSON cannot hold) is simply not written."""
    tmp = cache.with_suffix(f".{os.getpid()}.tmp")
    try:
        text = json.dumps(content)
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(cache)
        stem = cache.name.rsplit("-", 2)[0]
        for old in cache.parent.glob(f"{stem}-*.json"):
            if old != cache:
                old.unlink(missing_ok=True)
    except (OSError, TypeError, ValueError):
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def parse_layer(p: Path, label: str, known_sources: set[str] | None = None) -> tuple[Layer, list[Problem]]:
    """Parse and check a file: its data, and every problem in it."""
    try:
        data = read_file(str(p), MAX_FILE_BYTES, "catalogue file")
    except EstimatorError as exc:
        return Layer(label, {}), [Problem(label, 1, None, exc.message)]
    return parse_bytes(data, label, known_sources)


def parse_bytes(data: bytes, label: str, known_sources: set[str] | None = None) -> tuple[Layer, list[Problem]]:
    """Parse and check a catalogue file's bytes."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return Layer(label, {}), [Problem(label, line, None, "the file is not UTF-8 text")]
    parsed, lines, problems = load_yaml(text, label)
    if problems:
        return Layer(label, {}), problems
    layer = Layer(label, plain_dates(parsed), lines)
    return layer, check_layer(layer, known_sources)


def build_figure(name: str, raw: dict[str, Any], unit: str) -> Figure:
    """A checked file's figure as an object (its estimate read on the way)."""
    as_of = raw.get("as_of")
    return Figure(
        name=name,
        estimate=figure_estimate(raw, unit),
        sources=tuple(figure_sources(raw)),
        as_of=normal_date(as_of) if as_of is not None else None,
        note=raw.get("note"),
        scope=str(raw.get("scope", "gpu")),
    )
