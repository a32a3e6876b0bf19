"""Where gpucost's files live: the bundled data, its prebuilt checked copy and the cache folder.

The lowest layer of the package: it imports nothing of the project, so ``units`` (the pint
cache) and the catalogue loader (checked catalogues) can both ask it for a folder.
"""

from __future__ import annotations

import os
from pathlib import Path

PREBUILT_NAME = "gpu_specs.checked.json"


def data_dir() -> Path:
    """The bundled data: inside the installed package, or ``data/`` in a source checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "data"
    return installed if installed.is_dir() else here.parent / "data"


def bundled_path() -> Path:
    """The bundled accelerator catalogue."""
    return data_dir() / "gpu_specs.yaml"


def prebuilt_path() -> Path:
    """The bundled catalogue's checked copy, written by the wheel's build hook (.ci/hatch_build.py)
    next to it, so the first run after an install needs no YAML parser and no writable cache.
    A source checkout or an editable install has none; it is only ever read."""
    return data_dir() / PREBUILT_NAME


def cache_dir() -> Path | None:
    """Where checked catalogues and pint's parsed units are cached (None: no cache)."""
    if os.environ.get("GPUCOST_NO_CACHE"):
        return None
    base = os.environ.get("GPUCOST_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "gpucost" if xdg else Path.home() / ".cache" / "gpucost"
