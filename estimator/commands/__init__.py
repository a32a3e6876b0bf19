"""The number commands, each declared once (see spec.py): buy, power, runway, train, cluster.

``SPECS`` is the one list of them; the API functions, the command line and the calc
functions are built from it. ``spec_of(name)`` loads one command's module only (a one-liner
needs one); ``SPECS`` loads them all, on first use (PEP 562).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from estimator.commands.spec import Function, Input, Spec

NAMES = ("buy", "power", "runway", "train", "cluster")

if TYPE_CHECKING:
    SPECS: dict[str, Spec]


def spec_of(name: str) -> Spec:
    """The declaration of the number command ``name`` (one of NAMES)."""
    if name not in NAMES:
        raise KeyError(name)
    spec: Spec = importlib.import_module(f"estimator.commands.{name}").SPEC
    return spec


def __getattr__(name: str) -> Any:
    if name == "SPECS":
        specs = {n: spec_of(n) for n in NAMES}
        globals()["SPECS"] = specs
        return specs
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def functions() -> dict[str, tuple[Spec, Function]]:
    """Every calc function, by name, with the command it comes from."""
    return {f.name: (spec, f) for spec in map(spec_of, NAMES) for f in spec.functions}


def function_groups() -> list[tuple[list[Function], str]]:
    """The calc functions by command, with their shared argument list:
    ``([power, chip_power, ...], "count, gpu, pue?, ...")``."""
    specs = map(spec_of, NAMES)
    return [(list(s.functions), ", ".join(i.calc_param for i in s.inputs)) for s in specs if s.functions]


__all__ = ["NAMES", "SPECS", "Function", "Input", "Spec", "function_groups", "functions", "spec_of"]
