"""Checking a catalogue file's data: every problem, with its file, line and field.

Each figure is read as it will be used (its unit's dimension, low <= typical <= high, the
bounds of a default), each source id is looked up, each date and alias checked.
"""

from __future__ import annotations

from typing import Any

from estimator.catalogue.objects import never_chosen, normal_date, normal_name
from estimator.catalogue.schema import (
    DATED_DEFAULTS,
    DEFAULT_FIGURES,
    FIGURE_KEYS,
    GPU_FIGURES,
    GPU_POINTS,
    GPU_TEXT,
    SCHEMA,
    SCOPES,
    SOURCE_KEYS,
    bounds_problem,
)
from estimator.errors import EstimatorError, InputError, Problem, close_matches
from estimator.language.literal import parse_estimate
from estimator.record import Record, fill
from estimator.values import Estimate, fit


class Layer(Record):
    """One checked file's plain data."""

    path: str
    data: dict[str, Any]
    lines: dict[str, int]

    __slots__ = ("path", "data", "lines")
    mutable = True

    def __init__(self, path: str, data: dict[str, Any], lines: dict[str, int] | None = None) -> None:
        fill(self, path, data, {} if lines is None else lines)


def check_layer(layer: Layer, known_sources: set[str] | None = None) -> list[Problem]:
    """Every problem in one file's data (dimensions, sources, dates, ranges, aliases)."""
    data, problems = layer.data, []

    def at(path: str, message: str) -> None:
        line = layer.lines.get(path)
        if line is None:
            parent = path.rsplit(".", 1)[0]
            line = layer.lines.get(parent, 1)
        problems.append(Problem(layer.path, line, path, message))

    def section(key: str, shape: str) -> dict[Any, Any]:
        """A top-level section, a mapping (a problem and an empty one when it is not)."""
        value = data.get(key) or {}
        if not isinstance(value, dict):
            at(key, f"must be a mapping of {shape}")
            return {}
        return value

    allowed = {"schema", "sources", "gpus", "defaults"}
    for key in data:
        if key not in allowed:
            at(str(key), f"unknown section (expected one of {', '.join(sorted(allowed))})")
    if data.get("schema", SCHEMA) != SCHEMA:
        at("schema", f"unsupported schema {data.get('schema')!r} (this gpucost reads schema {SCHEMA})")
    sources = section("sources", "id -> {title, publisher, url, date}")
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
            est = figure_estimate(raw, unit)
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

    gpus = section("gpus", "name -> entry")
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
                dates = [str(normal_date(p.get("as_of")) or "") if isinstance(p, dict) else "" for p in raw]
                if all(dates):
                    for i, later in never_chosen(dates).items():
                        at(
                            f"{path}[{i}]",
                            f"this point ({dates[i]}) is never used: the point dated {later} is picked for every "
                            f"--as-of from {dates[i]} on (date it by month or day, or drop it)",
                        )
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
    defaults = section("defaults", "name -> figure")
    for key, raw in defaults.items():
        path = f"defaults.{key}"
        if key not in DEFAULT_FIGURES:
            close = close_matches(str(key), list(DEFAULT_FIGURES), n=1)
            at(path, "unknown default" + (f" (did you mean {close[0]}?)" if close else ""))
            continue
        check_figure(path, raw, DEFAULT_FIGURES[key], dated=key in DATED_DEFAULTS, default=key)
    return problems


def check_sources_only(layer: Layer, ids: set[str]) -> list[Problem]:
    """Source ids a file uses that no loaded file defines."""
    problems = []
    for path, raw in iter_figures(layer.data):
        for sid in figure_sources(raw):
            if sid not in ids:
                problems.append(Problem(layer.path, None, f"{path}.source", f"unknown source id {sid!r}"))
    return problems


def iter_figures(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for name, entry in (data.get("gpus") or {}).items():
        for key, raw in entry.items():
            if key in GPU_FIGURES:
                out.append((f"gpus.{name}.{key}", raw))
            elif key in GPU_POINTS:
                out.extend((f"gpus.{name}.{key}[{i}]", p) for i, p in enumerate(raw))
    out.extend((f"defaults.{k}", v) for k, v in (data.get("defaults") or {}).items())
    return out


def figure_sources(raw: dict[str, Any]) -> list[str]:
    src = raw.get("source")
    return [str(s) for s in (src if isinstance(src, list) else [src] if src else [])]


def figure_estimate(raw: dict[str, Any], unit: str) -> Estimate:
    """The Estimate of a figure, checked: one dimension, low <= typical <= high, not negative."""

    def read(key: str) -> Estimate:
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
