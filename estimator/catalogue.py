"""The accelerator catalogue: sourced, dated figures read from YAML.

The bundled ``data/gpu_specs.yaml`` and any overlay (``--catalogue FILE`` or
``GPUCOST_CATALOGUE``) have one shape; overlay entries merge field by field and price
points add.  Each file is checked once (every problem with file:line and field); a checked
file's plain data is cached as JSON keyed by path, size and mtime, so a one-liner does not
import or run the YAML parser when nothing changed.  Figures are parsed lazily, per entry.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from estimator.errors import CatalogueError, EstimatorError, MissingFigure, UnknownAccelerator
from estimator.yamlfile import load_yaml, plain_dates

if TYPE_CHECKING:
    from estimator.values import Estimate

SCHEMA = 1
CACHE_FORMAT = 2
MAX_FILE_BYTES = 2_000_000

# Field -> the unit its figures are kept in (any unit of the same dimension is accepted).
GPU_FIGURES = {
    "memory": "GB/GPU",
    "bandwidth": "TB/s/GPU",
    "tdp": "W/GPU",
    "system_power": "W/GPU",
    "bf16_dense": "FLOP/s/GPU",
    "fp8_dense": "FLOP/s/GPU",
}
GPU_POINTS = {"price": "USD/GPU", "rental": "USD/GPU/h"}
GPU_TEXT = {"vendor", "released", "note", "form_factor"}
DEFAULT_FIGURES = {
    "pue": "",
    "electricity_price": "USD/kWh",
    "it_overhead": "",
    "grid_carbon": "kg/kWh",
    "mfu": "",
    "depreciation_years": "yr",
    "allin_capex_factor": "",
    "allin_capex_per_gpu": "USD/GPU",
    "server_cost_factor": "",
    "network_cost_share": "",
    "facility_capex_per_mw": "USD/MW",
    "facility_life_years": "yr",
    "maintenance_share": "",
    "utilization": "",
    **{f"grid_carbon_{region}": "kg/kWh" for region in ("world", "us", "china", "eu", "france", "norway")},
}
# The lowest and highest value a default may take, in its unit (None: no bound), checked alike
# for the bundled catalogue, overlays and values given on the command line.  A share above 1
# is a percentage written without its %; a PUE above 3 is worse than any facility surveyed
# (Uptime Institute's 2007 average was about 2.5), so it is almost surely a typing error.
DEFAULT_BOUNDS: dict[str, tuple[float, float | None]] = {
    "pue": (1.0, 3.0),
    "it_overhead": (0.0, 1.0),
    "mfu": (1e-6, 1.0),
    "utilization": (1e-6, 1.0),
    "maintenance_share": (0.0, 1.0),
    "network_cost_share": (0.0, 0.9),
    "server_cost_factor": (1.0, None),
    "allin_capex_factor": (1.0, None),
    "depreciation_years": (0.1, None),
    "facility_life_years": (0.1, None),
}


def bounds(key: str) -> tuple[float, float | None]:
    """The bounds of the default ``key`` (grid regions share grid_carbon's: not negative)."""
    return DEFAULT_BOUNDS.get(key, (0.0, None))


def bounds_problem(key: str, est: Estimate) -> str | None:
    """Why ``est`` is out of the bounds of the default ``key``, or None."""
    low, high = bounds(key)
    if est.low >= low and (high is None or est.high <= high):
        return None
    shown = f"{est.typical!r}" if est.is_exact else f"{est.low!r}..{est.high!r}"
    unit = f" {est.unit_text}" if est.unit_text else ""
    if high is None:
        where = f"at least {low:g}"
    elif low >= 1:  # a factor: PUE
        where = f"at least {low:g} and at most {high:g}"
    else:  # a share
        where = f"between {low:g} and {high:g}"
    share = high == 1.0 and est.high > 1.0
    return f"must be {where}, got {shown}{unit}" + (" (a share is a fraction: 0.1, or 10%)" if share else "")


DATED_DEFAULTS = {
    "electricity_price",
    "allin_capex_per_gpu",
    "facility_capex_per_mw",
    *(k for k in DEFAULT_FIGURES if k.startswith("grid_carbon")),
}
SOURCE_KEYS = {"title", "publisher", "url", "date", "accessed", "note"}
FIGURE_KEYS = {"value", "typical", "low", "high", "source", "note", "as_of", "scope"}
# A price point's scope: the accelerator alone (default) or the whole system per accelerator
# (servers and network included, e.g. a rack price / 72): then no server or network cost is added.
SCOPES = {"gpu", "system"}


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str = ""
    url: str = ""
    date: str = ""
    accessed: str = ""

    def cite(self) -> str:
        when = self.date or (f"undated, accessed {self.accessed}" if self.accessed else "")
        parts = [self.title, self.publisher, when, self.url]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class Figure:
    """A sourced figure: an estimate, the ids of its sources, and when it held."""

    name: str
    estimate: Estimate
    sources: tuple[str, ...]
    as_of: str | None = None
    note: str | None = None
    scope: str = "gpu"


@dataclass
class Accelerator:
    name: str
    aliases: tuple[str, ...]
    vendor: str
    released: str
    figures: dict[str, Figure]
    price: list[Figure]
    rental: list[Figure]

    def figure(self, key: str) -> Figure:
        if key in self.figures:
            return self.figures[key]
        raise MissingFigure(
            f"the catalogue has no {key} for {self.name}",
            "add one in an overlay file (--catalogue FILE)",
        )

    def point(self, key: str, as_of: str | None = None) -> Figure:
        """The latest price (or rental) point at or before ``as_of`` (default: latest)."""
        points = self.price if key == "price" else self.rental
        word = "purchase price" if key == "price" else "rental price"
        option = "--price" if key == "price" else "--rental"
        if not points:
            raise MissingFigure(
                f"the catalogue has no {word} for {self.name}",
                f"give one ({option} on the command line) or add it in an overlay file (--catalogue FILE)",
            )
        ordered = sorted(points, key=lambda p: date_key(p.as_of or "0"))
        if as_of is None:
            return ordered[-1]
        limit = date_key(as_of, end=True)
        eligible = [p for p in ordered if date_key(p.as_of or "0") <= limit]
        if not eligible:
            raise MissingFigure(
                f"the catalogue has no {word} for {self.name} at or before {as_of}",
                f"the earliest is from {ordered[0].as_of}; use a later --as-of or give {option}",
            )
        return eligible[-1]


def close_matches(word: str, options: list[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """Names like ``word`` for a did-you-mean hint (difflib loads only on error paths)."""
    import difflib

    return difflib.get_close_matches(word, options, n=n, cutoff=cutoff)


# --------------------------------------------------------------------------- dates

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def normal_date(value: Any) -> str | None:
    """``2024-05``-style text for a YAML date, or None when it is not one."""
    if isinstance(value, _dt.date):
        return value.isoformat()[:10]
    text = str(value).strip()
    m = _DATE.match(text)
    if not m:
        return None
    month, day = int(m[2] or 1), int(m[3] or 1)
    try:
        _dt.date(int(m[1]), month, day)
    except ValueError:
        return None
    return text


def date_key(text: str, end: bool = False) -> tuple[int, int, int]:
    """Sortable key; with ``end``, a month or year means its last day."""
    m = _DATE.match(text)
    if not m:
        return (0, 0, 0)
    fill = 99 if end else 0
    return (int(m[1]), int(m[2]) if m[2] else fill, int(m[3]) if m[3] else fill)


# --------------------------------------------------------------------------- reading


@dataclass
class Layer:
    """One checked file's plain data."""

    path: str
    data: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)


def data_dir() -> Path:
    """The bundled data: inside the installed package, or ``data/`` in a source checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "data"
    return installed if installed.is_dir() else here.parent / "data"


def bundled_path() -> Path:
    return data_dir() / "gpu_specs.yaml"


def cache_dir() -> Path | None:
    """Where checked catalogues and pint's parsed units are cached (None: no cache)."""
    if os.environ.get("GPUCOST_NO_CACHE"):
        return None
    base = os.environ.get("GPUCOST_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "gpucost" if xdg else Path.home() / ".cache" / "gpucost"


def _cache_file(path: Path, data: bytes) -> Path | None:
    """The cache file of a catalogue file: named by its path and its content (size and CRC-32),
    so an edit is seen even when it keeps the size and the modification time (cp -p, rsync -t,
    tar x, two edits within one clock tick)."""
    folder = cache_dir()
    if folder is None:
        return None
    from estimator import __version__

    key = f"{path}|{__version__}|{CACHE_FORMAT}"
    return folder / f"catalogue-{zlib.crc32(key.encode()):08x}-{len(data)}-{zlib.crc32(data):08x}.json"


def read_layer(path: str | Path, what: str = "catalogue", keep_lines: bool = False) -> Layer:
    """Read and check one catalogue file; raises CatalogueError listing its problems.
    ``keep_lines``: also keep (and cache) the line of every key, for an overlay's warnings."""
    from estimator.files import read_limited

    p = Path(path).expanduser()
    if not p.exists():
        raise CatalogueError(
            f"{what} file not found: {path}", "check the path given to --catalogue or GPUCOST_CATALOGUE"
        )
    if not p.is_file():
        raise CatalogueError(f"{what} {path} is not a regular file", "give the path of a YAML file")
    try:
        with p.open("rb") as stream:
            data = read_limited(stream, MAX_FILE_BYTES, str(path))
    except EstimatorError as exc:
        raise CatalogueError(exc.message, exc.hint) from None
    except OSError as exc:
        raise CatalogueError(f"cannot read {what} {path} ({exc.strerror})", "check the file's permissions") from None
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
        more = f"; {len(problems) - 1} more problem(s)" if len(problems) > 1 else ""
        raise CatalogueError(problems[0] + more, f"run: gpucost catalogue validate {path}")
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


def parse_layer(p: Path, label: str, known_sources: set[str] | None = None) -> tuple[Layer, list[str]]:
    """Parse and check a file: its data, and every problem as ``file:line: field: message``."""
    from estimator.files import read_file

    try:
        data = read_file(str(p), MAX_FILE_BYTES, "catalogue file")
    except EstimatorError as exc:
        return Layer(label, {}), [f"{label}:1: {exc.message}"]
    return parse_bytes(data, label, known_sources)


def parse_bytes(data: bytes, label: str, known_sources: set[str] | None = None) -> tuple[Layer, list[str]]:
    """Parse and check a catalogue file's bytes."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return Layer(label, {}), [f"{label}:{line}: the file is not UTF-8 text"]
    parsed, lines, problems = load_yaml(text, label)
    if problems:
        return Layer(label, {}), problems
    layer = Layer(label, plain_dates(parsed), lines)
    return layer, check_layer(layer, known_sources)


# --------------------------------------------------------------------------- checking


def check_layer(layer: Layer, known_sources: set[str] | None = None) -> list[str]:
    """Every problem in one file's data (dimensions, sources, dates, ranges, aliases)."""
    from estimator.language.literal import parse_estimate  # noqa: F401  (pint is needed to check units)

    data, problems = layer.data, []

    def at(path: str, message: str) -> None:
        line = layer.lines.get(path)
        if line is None:
            parent = path.rsplit(".", 1)[0]
            line = layer.lines.get(parent, 1)
        problems.append(f"{layer.path}:{line}: {path}: {message}")

    allowed = {"schema", "sources", "gpus", "defaults"}
    for key in data:
        if key not in allowed:
            at(str(key), f"unknown section (expected one of {', '.join(sorted(allowed))})")
    if data.get("schema", SCHEMA) != SCHEMA:
        at("schema", f"unsupported schema {data.get('schema')!r} (this gpucost reads schema {SCHEMA})")
    sources = data.get("sources") or {}
    if not isinstance(sources, dict):
        at("sources", "must be a mapping of id -> {title, publisher, url, date}")
        sources = {}
    for sid, src in sources.items():
        base = f"sources.{sid}"
        if not isinstance(src, dict):
            at(base, "must be a mapping with title, publisher, url, date")
            continue
        for k in src:
            if k not in SOURCE_KEYS:
                at(f"{base}.{k}", f"unknown key (expected {', '.join(sorted(SOURCE_KEYS))})")
        if not src.get("title"):
            at(base, "a source needs a title")
        if not src.get("url") and not src.get("publisher"):
            at(base, "a source needs a url or a publisher")
        if "date" not in src and "accessed" not in src:
            at(base, "a source needs a date (published) or accessed (for an undated page): YYYY[-MM[-DD]]")
        for k in ("date", "accessed"):
            if k in src and normal_date(src[k]) is None:
                at(f"{base}.{k}", f"bad date {src[k]!r} (write YYYY, YYYY-MM or YYYY-MM-DD)")
    ids = set(map(str, sources)) | (known_sources or set())

    def check_figure(path: str, raw: Any, unit: str, dated: bool, default: str | None = None) -> None:
        if not isinstance(raw, dict):
            at(path, "a figure is {value: Q, source: ID} or {typical: Q, low: Q, high: Q, source: ID}")
            return
        for k in raw:
            if k not in FIGURE_KEYS:
                at(f"{path}.{k}", f"unknown key (expected {', '.join(sorted(FIGURE_KEYS))})")
        try:
            est = figure_estimate(raw, unit, path)
        except EstimatorError as exc:
            at(path, str(exc))
        else:
            if default is not None:
                problem = bounds_problem(default, est)
                if problem:
                    at(path, problem)
            elif est.low <= 0:  # an accelerator's figures divide (GPUs a budget buys, GPUs a site runs)
                at(path, f"must be more than zero, got {est}")
        src = raw.get("source")
        if not src:
            at(f"{path}.source", "every figure needs a source id")
        else:
            for sid in src if isinstance(src, list) else [src]:
                if known_sources is not None and str(sid) not in ids:
                    close = close_matches(str(sid), sorted(ids), n=1)
                    hint = f" (did you mean {close[0]}?)" if close else ""
                    at(f"{path}.source", f"unknown source id {sid!r}{hint}")
        if "scope" in raw and raw["scope"] not in SCOPES:
            at(f"{path}.scope", f"scope is {' or '.join(sorted(SCOPES))}, not {raw['scope']!r}")
        if dated and normal_date(raw.get("as_of", "")) is None:
            at(f"{path}.as_of", "a dated figure needs as_of: YYYY, YYYY-MM or YYYY-MM-DD")
        elif "as_of" in raw and normal_date(raw["as_of"]) is None:
            at(f"{path}.as_of", f"bad date {raw['as_of']!r} (write YYYY, YYYY-MM or YYYY-MM-DD)")

    gpus = data.get("gpus") or {}
    if not isinstance(gpus, dict):
        at("gpus", "must be a mapping of name -> entry")
        gpus = {}
    claimed: dict[str, str] = {}
    for name, entry in gpus.items():
        base = f"gpus.{name}"
        aliases = entry.get("aliases") if isinstance(entry, dict) else None
        for alias in [name, *(aliases if isinstance(aliases, list) else [])]:
            norm = normal_name(str(alias))
            if norm in claimed and claimed[norm] != name:
                at(f"{base}.aliases", f"alias {alias!r} is also a name or alias of {claimed[norm]}")
            claimed[norm] = str(name)
        if not isinstance(entry, dict):
            at(base, "an accelerator entry must be a mapping of fields")
            continue
        for key, raw in entry.items():
            path = f"{base}.{key}"
            if key in GPU_FIGURES:
                check_figure(path, raw, GPU_FIGURES[key], dated=False)
            elif key in GPU_POINTS:
                if not isinstance(raw, list):
                    at(path, "a list of dated points: - {as_of: YYYY-MM, typical: ..., source: ...}")
                    continue
                for i, point in enumerate(raw):
                    check_figure(f"{path}[{i}]", point, GPU_POINTS[key], dated=True)
            elif key == "aliases":
                if not isinstance(raw, list) or not all(isinstance(a, str) for a in raw):
                    at(path, "aliases is a list of names, e.g. [H100, H100-SXM5]")
            elif key == "released":
                if normal_date(raw) is None:
                    at(path, f"bad date {raw!r} (write YYYY, YYYY-MM or YYYY-MM-DD)")
            elif key not in GPU_TEXT:
                known = [*GPU_FIGURES, *GPU_POINTS, "aliases", *GPU_TEXT]
                close = close_matches(str(key), known, n=1)
                at(path, "unknown field" + (f" (did you mean {close[0]}?)" if close else ""))
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        at("defaults", "must be a mapping of name -> figure")
        defaults = {}
    for key, raw in defaults.items():
        path = f"defaults.{key}"
        if key not in DEFAULT_FIGURES:
            close = close_matches(str(key), list(DEFAULT_FIGURES), n=1)
            at(path, "unknown default" + (f" (did you mean {close[0]}?)" if close else ""))
            continue
        check_figure(path, raw, DEFAULT_FIGURES[key], dated=key in DATED_DEFAULTS, default=key)
    return problems


def figure_estimate(raw: dict[str, Any], unit: str, where: str) -> Estimate:
    """The Estimate of a figure, checked: one dimension, low <= typical <= high, not negative."""
    from estimator.errors import InputError
    from estimator.values import Estimate, fit

    def read(key: str) -> Estimate:
        from estimator.language.literal import parse_estimate

        value = raw[key]
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise InputError(f"{key} must be a quantity such as '700 W'")
        return parse_estimate(str(value), key, default_unit="")

    if "value" in raw:
        if any(k in raw for k in ("typical", "low", "high")):
            raise InputError("give either value or typical/low/high, not both")
        est = read("value")
        lo, typ, hi = est, est, est
    elif "typical" in raw:
        typ = read("typical")
        lo = read("low") if "low" in raw else typ
        hi = read("high") if "high" in raw else typ
    else:
        raise InputError("a figure needs value or typical (with optional low and high)")
    target = f"{unit}" if unit else ""
    parts = []
    named = (("value", typ),) if "value" in raw else (("low", lo), ("typical", typ), ("high", hi))
    for label, est in named:
        fitted = fit(est, target or "dimensionless")
        if fitted is None:
            raise InputError(f"{label} {est} has the wrong unit (expected something like {unit or 'a plain number'})")
        parts.append(fitted)
    lo, typ, hi = parts if len(parts) == 3 else parts * 3
    if min(lo.low, typ.typical, hi.high) < 0:
        raise InputError("a figure cannot be negative")
    if not lo.low <= typ.typical <= hi.high:
        raise InputError(f"low <= typical <= high does not hold ({lo.low:g}, {typ.typical:g}, {hi.high:g})")
    return Estimate(typ.typical, lo.low, hi.high, typ.unit)


# --------------------------------------------------------------------------- the catalogue


def normal_name(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name).casefold()


class Catalogue:
    """The merged catalogue: sources, accelerators (by name or alias) and defaults."""

    def __init__(self, layers: list[Layer]) -> None:
        self.layers = layers
        self.paths = [layer.path for layer in layers]
        self.sources_raw: dict[str, dict[str, Any]] = {}
        self.gpus_raw: dict[str, dict[str, Any]] = {}
        self.defaults_raw: dict[str, dict[str, Any]] = {}
        self._names: dict[str, str] = {}
        self.warnings: list[str] = []  # what an overlay does that is legal but likely a surprise
        for i, layer in enumerate(layers):
            if i:
                self._warn(layer)
            self._merge(layer.data, layer.path)
        self._check_references()
        self._built: dict[str, Accelerator] = {}
        self._defaults: dict[str, Figure] = {}
        self._sources: dict[str, Source] = {}

    def _merge(self, data: dict[str, Any], path: str) -> None:
        self.sources_raw.update({str(k): v for k, v in (data.get("sources") or {}).items()})
        for name, entry in (data.get("gpus") or {}).items():
            canonical = self._names.get(normal_name(str(name)), str(name))
            for alias in entry.get("aliases", []):
                owner = self._names.get(normal_name(str(alias)))
                if owner is not None and owner != canonical:
                    raise CatalogueError(
                        f"{path}: gpus.{name}.aliases: {alias!r} is already a name or alias of {owner}",
                        "give the accelerator a name of its own, or add fields under its existing name",
                    )
            target = self.gpus_raw.setdefault(canonical, {})
            for key, value in entry.items():
                if key in GPU_POINTS:
                    target[key] = [*target.get(key, []), *value]
                elif key == "aliases":
                    target[key] = [*target.get(key, []), *value]
                else:
                    target[key] = value
            for alias in [canonical, *target.get("aliases", [])]:
                self._names[normal_name(str(alias))] = canonical
        self.defaults_raw.update(data.get("defaults") or {})

    def _warn(self, layer: Layer) -> None:
        """Warnings for an overlay: a source id that replaces one already loaded (every figure
        citing it now cites the overlay's), and a price point older than one already loaded
        (the latest is used, so the overlay's takes effect only with an earlier --as-of)."""

        def at(key: str) -> str:
            return f"{layer.path}:{layer.lines.get(key, 1)}: {key}"

        for sid in layer.data.get("sources") or {}:
            if str(sid) in self.sources_raw:
                self.warnings.append(
                    f"{at(f'sources.{sid}')}: replaces the source of that id already loaded, "
                    "for every figure that cites it (give your source an id of its own)"
                )
        for name, entry in (layer.data.get("gpus") or {}).items():
            canonical = self._names.get(normal_name(str(name)))
            if canonical is None or not isinstance(entry, dict):
                continue
            for key in GPU_POINTS:
                loaded = [str(normal_date(p.get("as_of")) or "") for p in self.gpus_raw[canonical].get(key, [])]
                latest = max(loaded, key=date_key, default="")
                for i, point in enumerate(entry.get(key) or []):
                    when = str(normal_date(point.get("as_of")) or "") if isinstance(point, dict) else ""
                    if latest and when and date_key(when) < date_key(latest):
                        self.warnings.append(
                            f"{at(f'gpus.{name}.{key}[{i}]')}: this point ({when}) is older than the {key} point "
                            f"of {canonical} already loaded ({latest}), so it is used only with --as-of before {latest}"
                        )

    def _check_references(self) -> None:
        ids = set(self.sources_raw)
        for layer in self.layers:
            problems = [p for p in check_sources_only(layer, ids)]
            if problems:
                raise CatalogueError(problems[0], f"run: gpucost catalogue validate {layer.path}")

    # -- lookups

    @property
    def names(self) -> list[str]:
        return sorted(self.gpus_raw)

    def resolve(self, name: str) -> str:
        canonical = self._names.get(normal_name(name))
        if canonical is None:
            options = {**{normal_name(n): n for n in self._names}, **{normal_name(n): n for n in self.names}}
            spelled = {n: n for n in self.names}
            for entry in self.gpus_raw.values():
                for alias in entry.get("aliases", []):
                    spelled[alias] = alias
            close = close_matches(name, list(spelled), n=3, cutoff=0.5)
            if not close:
                close = [options[c] for c in close_matches(normal_name(name), list(options), n=3)]
            hint = (
                f"did you mean {', '.join(close)}? (gpucost gpus lists them all)"
                if close
                else "gpucost gpus lists the accelerators in the catalogue"
            )
            raise UnknownAccelerator(f"unknown accelerator {name!r}", hint)
        return canonical

    def gpu(self, name: str) -> Accelerator:
        canonical = self.resolve(name)
        if canonical not in self._built:
            self._built[canonical] = self._build(canonical)
        return self._built[canonical]

    def _build(self, name: str) -> Accelerator:
        raw = self.gpus_raw[name]
        figures = {key: _figure(f"{name}.{key}", raw[key], unit) for key, unit in GPU_FIGURES.items() if key in raw}
        points = {
            key: [_figure(f"{name}.{key}", p, unit) for p in raw.get(key, [])] for key, unit in GPU_POINTS.items()
        }
        return Accelerator(
            name=name,
            aliases=tuple(raw.get("aliases", [])),
            vendor=str(raw.get("vendor", "")),
            released=str(normal_date(raw.get("released", "")) or ""),
            figures=figures,
            price=points["price"],
            rental=points["rental"],
        )

    def default(self, key: str) -> Figure:
        if key not in self.defaults_raw:
            raise MissingFigure(f"the catalogue has no default {key}", "add it under defaults: in an overlay file")
        if key not in self._defaults:
            self._defaults[key] = _figure(f"defaults.{key}", self.defaults_raw[key], DEFAULT_FIGURES[key])
        return self._defaults[key]

    def source(self, sid: str) -> Source:
        if sid not in self._sources:
            self._sources[sid] = self._source(sid)
        return self._sources[sid]

    def _source(self, sid: str) -> Source:
        raw = self.sources_raw.get(sid, {})
        return Source(
            id=sid,
            title=str(raw.get("title", sid)),
            publisher=str(raw.get("publisher", "")),
            url=str(raw.get("url", "")),
            date=str(normal_date(raw.get("date", "")) or ""),
            accessed=str(normal_date(raw.get("accessed", "")) or ""),
        )


def check_sources_only(layer: Layer, ids: set[str]) -> list[str]:
    """Source ids a file uses that no loaded file defines."""
    problems = []
    for path, raw in _iter_figures(layer.data):
        for sid in _source_ids(raw):
            if sid not in ids:
                problems.append(f"{layer.path}: {path}.source: unknown source id {sid!r}")
    return problems


def _iter_figures(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for name, entry in (data.get("gpus") or {}).items():
        for key, raw in entry.items():
            if key in GPU_FIGURES:
                out.append((f"gpus.{name}.{key}", raw))
            elif key in GPU_POINTS:
                out.extend((f"gpus.{name}.{key}[{i}]", p) for i, p in enumerate(raw))
    out.extend((f"defaults.{k}", v) for k, v in (data.get("defaults") or {}).items())
    return out


def _source_ids(raw: dict[str, Any]) -> list[str]:
    src = raw.get("source")
    return [str(s) for s in (src if isinstance(src, list) else [src] if src else [])]


def _figure(name: str, raw: dict[str, Any], unit: str) -> Figure:
    as_of = raw.get("as_of")
    return Figure(
        name=name,
        estimate=figure_estimate(raw, unit, name),
        sources=tuple(_source_ids(raw)),
        as_of=normal_date(as_of) if as_of is not None else None,
        note=raw.get("note"),
        scope=str(raw.get("scope", "gpu")),
    )


def load_catalogue(overlay: str | Path | None = None) -> Catalogue:
    """The bundled catalogue, with an overlay file (argument or GPUCOST_CATALOGUE) on top.

    ``GPUCOST_BASE_CATALOGUE`` replaces the bundled file itself (tests use a fixed one).
    """
    base = os.environ.get("GPUCOST_BASE_CATALOGUE")
    layers = [read_layer(base, "base catalogue") if base else read_layer(bundled_path(), "bundled catalogue")]
    extra = overlay or os.environ.get("GPUCOST_CATALOGUE") or None
    if extra:
        layers.append(read_layer(extra, keep_lines=True))
    return Catalogue(layers)
