"""The accelerator catalogue: sourced, dated figures read from YAML.

The bundled ``data/gpu_specs.yaml`` and any overlay (``--catalogue FILE`` or
``GPUCOST_CATALOGUE``) have one shape; overlay entries merge field by field and price points
add.  The package, by idea:

- ``schema``: the field table (unit, help, bounds, date, ``gpus`` column of every figure);
- ``objects``: ``Source``, ``Figure``, ``Accelerator``, and date and name spellings;
- ``check``: checking a file's data (every problem with file, line and field);
- ``load``: reading, checking and caching a file, and a checked figure as a ``Figure``;
- ``registry``: ``Catalogue`` (merge, resolve, gpu, default, source) and ``load_catalogue``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# Each public name and the module that defines it: a name loads its module on first use
# (PEP 562), so a module that needs only the field table (``schema``, no imports of its own)
# does not load the loader, the registry and the quantity grammar with it.
_WHERE = {
    "figure_sources": "estimator.catalogue.check",
    "iter_figures": "estimator.catalogue.check",
    "CACHE_FORMAT": "estimator.catalogue.load",
    "MAX_FILE_BYTES": "estimator.catalogue.load",
    "Layer": "estimator.catalogue.check",
    "build_figure": "estimator.catalogue.load",
    "check_layer": "estimator.catalogue.check",
    "check_sources_only": "estimator.catalogue.check",
    "figure_estimate": "estimator.catalogue.check",
    "parse_bytes": "estimator.catalogue.load",
    "parse_layer": "estimator.catalogue.load",
    "read_layer": "estimator.catalogue.load",
    "Accelerator": "estimator.catalogue.objects",
    "Figure": "estimator.catalogue.objects",
    "Source": "estimator.catalogue.objects",
    "date_key": "estimator.catalogue.objects",
    "normal_date": "estimator.catalogue.objects",
    "normal_name": "estimator.catalogue.objects",
    "Catalogue": "estimator.catalogue.registry",
    "load_catalogue": "estimator.catalogue.registry",
    "ACCELERATOR_FIELDS": "estimator.catalogue.schema",
    "DATED_DEFAULTS": "estimator.catalogue.schema",
    "DEFAULT": "estimator.catalogue.schema",
    "DEFAULT_BOUNDS": "estimator.catalogue.schema",
    "DEFAULT_FIGURES": "estimator.catalogue.schema",
    "FIELDS": "estimator.catalogue.schema",
    "FIGURE": "estimator.catalogue.schema",
    "FIGURE_KEYS": "estimator.catalogue.schema",
    "GPU_FIGURES": "estimator.catalogue.schema",
    "GPU_POINTS": "estimator.catalogue.schema",
    "GPU_TEXT": "estimator.catalogue.schema",
    "POINT": "estimator.catalogue.schema",
    "SCHEMA": "estimator.catalogue.schema",
    "SCOPES": "estimator.catalogue.schema",
    "SOURCE_KEYS": "estimator.catalogue.schema",
    "Field": "estimator.catalogue.schema",
    "bounds": "estimator.catalogue.schema",
    "bounds_problem": "estimator.catalogue.schema",
    "close_matches": "estimator.errors",
    "bundled_path": "estimator.paths",
    "cache_dir": "estimator.paths",
    "data_dir": "estimator.paths",
}

if TYPE_CHECKING:
    from estimator.catalogue.check import (
        Layer,
        check_layer,
        check_sources_only,
        figure_estimate,
        figure_sources,
        iter_figures,
    )
    from estimator.catalogue.load import (
        CACHE_FORMAT,
        MAX_FILE_BYTES,
        build_figure,
        parse_bytes,
        parse_layer,
        read_layer,
    )
    from estimator.catalogue.objects import Accelerator, Figure, Source, date_key, normal_date, normal_name
    from estimator.catalogue.registry import Catalogue, load_catalogue
    from estimator.catalogue.schema import (
        ACCELERATOR_FIELDS,
        DATED_DEFAULTS,
        DEFAULT,
        DEFAULT_BOUNDS,
        DEFAULT_FIGURES,
        FIELDS,
        FIGURE,
        FIGURE_KEYS,
        GPU_FIGURES,
        GPU_POINTS,
        GPU_TEXT,
        POINT,
        SCHEMA,
        SCOPES,
        SOURCE_KEYS,
        Field,
        bounds,
        bounds_problem,
    )
    from estimator.errors import close_matches
    from estimator.paths import bundled_path, cache_dir, data_dir

__all__ = [
    "ACCELERATOR_FIELDS",
    "DEFAULT",
    "FIGURE",
    "POINT",
    "CACHE_FORMAT",
    "DATED_DEFAULTS",
    "DEFAULT_BOUNDS",
    "DEFAULT_FIGURES",
    "FIELDS",
    "FIGURE_KEYS",
    "GPU_FIGURES",
    "GPU_POINTS",
    "GPU_TEXT",
    "MAX_FILE_BYTES",
    "SCHEMA",
    "SCOPES",
    "SOURCE_KEYS",
    "Accelerator",
    "Catalogue",
    "Field",
    "Figure",
    "Layer",
    "Source",
    "bounds",
    "bounds_problem",
    "build_figure",
    "bundled_path",
    "cache_dir",
    "check_layer",
    "check_sources_only",
    "close_matches",
    "data_dir",
    "date_key",
    "figure_estimate",
    "figure_sources",
    "iter_figures",
    "load_catalogue",
    "normal_date",
    "normal_name",
    "parse_bytes",
    "parse_layer",
    "read_layer",
]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'estimator.catalogue' has no attribute {name!r}")
