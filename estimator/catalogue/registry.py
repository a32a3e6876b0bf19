"""The merged catalogue: layers merged field by field, names and aliases resolved, figures
read into objects on first use."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, TypeVar

from estimator.catalogue.check import Layer, check_sources_only
from estimator.catalogue.load import build_figure, read_layer
from estimator.catalogue.objects import (
    Accelerator,
    Figure,
    Lazy,
    Source,
    date_key,
    never_chosen,
    normal_date,
    normal_name,
)
from estimator.catalogue.schema import DEFAULT_FIGURES, GPU_FIGURES, GPU_POINTS
from estimator.errors import CatalogueError, MissingFigure, Problem, UnknownAccelerator, close_matches
from estimator.paths import bundled_path

T = TypeVar("T")


class Catalogue:
    """The merged catalogue: sources, accelerators (by name or alias) and defaults.

    The ``*_raw`` dicts are the merged plain data; outside this module, read it through
    ``names``, ``aliases()``, ``gpu()``, ``default()``/``default_or()`` and ``source()``."""

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
                    taken = f"{alias!r} is already a name or alias of {owner}"
                    clash = Problem(path, None, f"gpus.{name}.aliases", taken)
                    raise CatalogueError(
                        [clash], "give the accelerator a name of its own, or add fields under its existing name"
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
                points = entry.get(key) or []
                mine = [str(normal_date(p.get("as_of")) or "") if isinstance(p, dict) else "" for p in points]
                hidden = never_chosen([*loaded, *mine]) if all(loaded) and all(mine) else {}
                for i, when in enumerate(mine):
                    where = at(f"gpus.{name}.{key}[{i}]")
                    if len(loaded) + i in hidden:
                        self.warnings.append(
                            f"{where}: this point ({when}) is never used: the {key} point of {canonical} dated "
                            f"{hidden[len(loaded) + i]} is picked for every --as-of from {when} on "
                            "(date yours by month or day)"
                        )
                    elif latest and when and date_key(when) < date_key(latest):
                        after = min((d for d in loaded if date_key(d) > date_key(when)), key=date_key)
                        self.warnings.append(
                            f"{where}: this point ({when}) is older than the {key} point of {canonical} already "
                            f"loaded ({latest}), so it is used only with an --as-of from {when} until before {after}"
                        )

    def _check_references(self) -> None:
        ids = set(self.sources_raw)
        for layer in self.layers:
            problems = check_sources_only(layer, ids)
            if problems:
                raise CatalogueError(problems, f"run: gpucost catalogue validate {layer.path}")

    # -- lookups

    @property
    def names(self) -> list[str]:
        return sorted(self.gpus_raw)

    def aliases(self) -> dict[str, str]:
        """Every name an accelerator goes by, as written (its canonical name and its aliases),
        to its canonical name."""
        out: dict[str, str] = {}
        for canonical in self.names:
            out[canonical] = canonical
            for alias in self.gpus_raw[canonical].get("aliases", []):
                out[str(alias)] = canonical
        return out

    def resolve(self, name: str) -> str:
        """The canonical name of ``name`` (any case, with or without spaces and dashes)."""
        canonical = self._names.get(normal_name(name))
        if canonical is None:
            spelled = list(self.aliases())
            close = close_matches(name, spelled, n=3, cutoff=0.5)
            if not close:
                options = {**{n: n for n in self._names}, **{normal_name(n): n for n in self.names}}
                close = [options[c] for c in close_matches(normal_name(name), list(options), n=3)]
            raise UnknownAccelerator(name, close)
        return canonical

    def gpu(self, name: str) -> Accelerator:
        canonical = self.resolve(name)
        if canonical not in self._built:
            self._built[canonical] = self._build(canonical)
        return self._built[canonical]

    def _build(self, name: str) -> Accelerator:
        raw = self.gpus_raw[name]

        def figure(key: str, value: Any) -> Figure:
            return build_figure(f"{name}.{key}", value, GPU_FIGURES[key])

        def points(key: str, values: Any) -> list[Figure]:
            return [build_figure(f"{name}.{key}", p, GPU_POINTS[key]) for p in values]

        return Accelerator(
            name=name,
            aliases=tuple(raw.get("aliases", [])),
            vendor=str(raw.get("vendor", "")),
            released=str(normal_date(raw.get("released", "")) or ""),
            figures=Lazy({k: raw[k] for k in GPU_FIGURES if k in raw}, figure),
            points=Lazy({k: raw.get(k, []) for k in GPU_POINTS}, points),
        )

    def default(self, key: str) -> Figure:
        if key not in self.defaults_raw:
            raise MissingFigure(f"the catalogue has no default {key}", "add it under defaults: in an overlay file")
        if key not in self._defaults:
            self._defaults[key] = build_figure(f"defaults.{key}", self.defaults_raw[key], DEFAULT_FIGURES[key])
        return self._defaults[key]

    def default_or(self, key: str, fallback: T) -> Figure | T:
        """The default ``key``, or ``fallback`` when the catalogue has none."""
        return self.default(key) if key in self.defaults_raw else fallback

    def source_ids(self) -> list[str]:
        """The ids of every source the loaded files define."""
        return sorted(self.sources_raw)

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
