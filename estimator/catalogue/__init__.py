"""The accelerator catalogue: sourced, dated figures read from YAML.

The bundled ``data/gpu_specs.yaml`` and any overlay (``--catalogue FILE`` or
``GPUCOST_CATALOGUE``) have one shape; overlay entries merge field by field and price points
add.  The package, by idea:

- ``schema``: the field table (unit, help, bounds, date, ``gpus`` column of every figure);
- ``objects``: ``Source``, ``Figure``, ``Accelerator``, and date and name spellings;
- ``load``: reading, checking (every problem with file, line and field) and caching a file;
- ``registry``: ``Catalogue`` (merge, resolve, gpu, default, source) and ``load_catalogue``.
"""

from __future__ import annotations

from estimator.catalogue.load import (
    CACHE_FORMAT,
    MAX_FILE_BYTES,
    Layer,
    build_figure,
    check_layer,
    check_sources_only,
    figure_estimate,
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
    "load_catalogue",
    "normal_date",
    "normal_name",
    "parse_bytes",
    "parse_layer",
    "read_layer",
]
