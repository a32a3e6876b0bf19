"""The wheel's build hook: ship a checked copy of the bundled catalogue beside it, and the
``--help`` texts (so that ``gpucost buy --help`` needs no typer).

hatchling runs this for every wheel (``[tool.hatch.build.targets.wheel.hooks.custom]`` in
pyproject.toml).  It lives in ``.ci/`` because it is build tooling: the sdist carries ``.ci/``
(so a wheel built from the sdist gets the copy too) and the wheel does not.

The copy is made by the project's own loader code (``estimator.catalogue.load.write_prebuilt``),
so it is byte for byte what a first run would write to the user's cache.  That code runs in a
child interpreter of the build environment, with this source tree first on its path: the
build backend's process imports nothing of gpucost, and no installed gpucost is picked up.
An editable install gets no copy (its catalogue is the working tree's, which changes).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

WRITE = (
    "import sys; from estimator.catalogue.load import write_prebuilt; from cli.app import write_help; "
    "print(write_prebuilt(sys.argv[1]).name); print(write_help(sys.argv[1]).name)"
)


def make_prebuilt(root: str | Path, folder: str | Path) -> list[Path]:
    """Check ``root``'s bundled catalogue and write its checked copy into ``folder``, and every
    ``--help`` as typer prints it (``help.json``); a catalogue with problems fails the build
    with the loader's message."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        "PYTHONDONTWRITEBYTECODE": "1",  # no __pycache__ left in the source tree
        "GPUCOST_NO_CACHE": "1",  # pint's parsed units are not cached in the builder's home
    }
    for name in ("GPUCOST_BASE_CATALOGUE", "GPUCOST_CATALOGUE", "GPUCOST_CACHE_DIR"):
        env.pop(name, None)
    proc = subprocess.run([sys.executable, "-c", WRITE, str(folder)], cwd=root, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"gpucost: cannot make the prebuilt catalogue cache:\n{proc.stderr}{proc.stdout}")
    return [Path(folder) / name for name in proc.stdout.split()]


class PrebuiltCatalogueHook(BuildHookInterface):
    """Adds ``estimator/data/<prebuilt>`` to a standard wheel, from a temporary folder."""

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":
            return
        self._folder = tempfile.mkdtemp(prefix="gpucost-prebuilt-")
        for made in make_prebuilt(self.root, self._folder):
            build_data["force_include"][str(made)] = f"estimator/data/{made.name}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        folder = getattr(self, "_folder", None)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
