"""Reading catalogue files: parse, check (``check``), cache; a checked figure as an object.

A checked file's plain data is cached as JSON, named by its path and content, so a one-liner
does not import or run the YAML parser when nothing changed.  The wheel ships such a copy of
the bundled catalogue beside it (made by ``write_prebuilt`` at build time), so the first run
after an install, or one with a fresh or read-only home, skips the parser too.  Figures are
read into :class:`Figure` objects lazily, per entry, by the registry.
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
from estimator.paths import PREBUILT_NAME, bundled_path, cache_dir, prebuilt_path

CACHE_FORMAT = 3
MAX_FILE_BYTES = 2_000_000


# --------------------------------------------------------------------------- reading


def read_layer(path: str | Path, what: str = "catalogue", keep_lines: bool = False) -> Layer:
    """Read and check one catalogue file; raises CatalogueError listing its problems.
    ``keep_lines``: also keep (and cache) the line of every key, for an overlay's warnings.

    A checked copy is tried first: for the bundled file the one the wheel ships next to it,
    then the one in the user's cache folder; either counts only when made from these very bytes.
    """
    p = Path(path).expanduser()
    data = _read_bytes(p, path, what)
    resolved = p.resolve()
    key = cache_key(data, keep_lines)
    cache = _cache_file(resolved, data)
    for copy in (_prebuilt_of(resolved), cache):
        layer = read_cached(copy, key, str(path)) if copy is not None else None
        if layer is not None:
            return layer
    layer, problems = parse_bytes(data, str(path))
    if problems:
        raise CatalogueError(problems, f"run: gpucost catalogue validate {path}")
    if cache is not None:
        _write_cache(cache, layer, key)
    return layer


def _read_bytes(p: Path, path: str | Path, what: str) -> bytes:
    if not p.exists():
        raise CatalogueFileError(
            f"{what} file not found: {path}", "check the path given to --catalogue or GPUCOST_CATALOGUE"
        )
    if not p.is_file():
        raise CatalogueFileError(f"{what} {path} is not a regular file", "give the path of a YAML file")
    try:
        with p.open("rb") as stream:
            return read_limited(stream, MAX_FILE_BYTES, str(path))
    except EstimatorError as exc:
        raise CatalogueFileError(exc.message, exc.hint) from None
    except OSError as exc:
        raise CatalogueFileError(
            f"cannot read {what} {path} ({exc.strerror})", "check the file's permissions"
        ) from None


# --------------------------------------------------------------------------- checked copies
#
# A checked copy is two lines of JSON: a header, then the body {"data": ..., "lines": ...}.
# The header names what the body was made from (the catalogue's size and CRC-32, gpucost's
# version, CACHE_FORMAT, whether lines were kept) and carries the body's own CRC-32, so a copy
# made from other bytes, by another version, or damaged since (truncated, a flipped digit that
# is still JSON) is never taken for the file.  The user's cache and the wheel's prebuilt copy
# have this one format, written by cache_text and read by read_cached.


def cache_key(data: bytes, keep_lines: bool) -> dict[str, Any]:
    """What a checked copy of a catalogue file's bytes ``data`` must have been made from."""
    return {
        "format": CACHE_FORMAT,
        "version": __version__,
        "size": len(data),
        "crc32": f"{zlib.crc32(data):08x}",
        "lines": keep_lines,
    }


def cache_text(layer: Layer, key: dict[str, Any]) -> str:
    """A checked copy of ``layer``, made from the bytes that ``key`` describes."""
    body = json.dumps({"data": layer.data, "lines": layer.lines if key["lines"] else {}})
    header = json.dumps({**key, "body": f"{zlib.crc32(body.encode()):08x}"})
    return f"{header}\n{body}"


def read_cached(file: Path, key: dict[str, Any], label: str) -> Layer | None:
    """The layer in the checked copy ``file`` when it was made as ``key`` says and is whole;
    None for anything else (missing, unreadable, stale, damaged, another shape), never an error."""
    try:
        raw = file.read_bytes()
    except OSError:
        return None
    head, _, body = raw.partition(b"\n")
    try:
        header = json.loads(head)
        if not isinstance(header, dict) or header.pop("body", None) != f"{zlib.crc32(body):08x}" or header != key:
            return None
        content = json.loads(body)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested beyond the parser
        return None
    if not isinstance(content, dict):
        return None
    data, lines = content.get("data"), content.get("lines")
    if not isinstance(data, dict) or not isinstance(lines, dict):
        return None
    return Layer(label, data, lines)


def _prebuilt_of(resolved: Path) -> Path | None:
    """The wheel's checked copy of the catalogue at ``resolved`` when that is the bundled one
    (and caching is on: ``GPUCOST_NO_CACHE`` turns it off too, so the YAML is checked again)."""
    if cache_dir() is None or resolved != bundled_path().resolve():
        return None
    return prebuilt_path()


def _cache_file(path: Path, data: bytes) -> Path | None:
    """The cache file of a catalogue file: named by its path and its content (size and CRC-32),
    so an edit is seen even when it keeps the size and the modification time (cp -p, rsync -t,
    tar x, two edits within one clock tick)."""
    folder = cache_dir()
    if folder is None:
        return None
    key = f"{path}|{__version__}|{CACHE_FORMAT}"
    return folder / f"catalogue-{zlib.crc32(key.encode()):08x}-{len(data)}-{zlib.crc32(data):08x}.json"


def _write_cache(cache: Path, layer: Layer, key: dict[str, Any]) -> None:
    """Write atomically (a temporary file renamed into place); a cache that cannot be written
    (read-only or full disk, data JSON cannot hold) is simply not written."""
    tmp = cache.with_suffix(f".{os.getpid()}.tmp")
    try:
        text = cache_text(layer, key)
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(text.encode())
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


def write_prebuilt(folder: str | Path) -> Path:
    """Check the bundled catalogue and write its checked copy into ``folder`` under the name the
    loader looks for beside it; the wheel's build hook calls this (in a source tree, so the
    bundled file is ``data/gpu_specs.yaml``).  A catalogue with problems is an error, not a copy."""
    source = bundled_path()
    data = source.read_bytes()
    layer, problems = parse_bytes(data, str(source))
    if problems:
        raise CatalogueError(problems, f"run: gpucost catalogue validate {source}")
    out = Path(folder) / PREBUILT_NAME
    out.write_bytes(cache_text(layer, cache_key(data, keep_lines=False)).encode())
    return out


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
    from estimator.yamlfile import load_yaml, plain_dates  # LAZY: a checked copy answers most runs

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
