"""The number commands, each declared once (see spec.py): buy, power, runway, train, cluster.

``SPECS`` is the one list of them; the API functions, the command line and the calc
functions are built from it.
"""

from __future__ import annotations

from estimator.commands import buy, cluster, power, runway, train
from estimator.commands.spec import Function, Input, Spec

SPECS: dict[str, Spec] = {m.SPEC.name: m.SPEC for m in (buy, power, runway, train, cluster)}


def functions() -> dict[str, tuple[Spec, Function]]:
    """Every calc function, by name, with the command it comes from."""
    return {f.name: (spec, f) for spec in SPECS.values() for f in spec.functions}


def function_groups() -> list[tuple[list[Function], str]]:
    """The calc functions by command, with their shared argument list:
    ``([power, chip_power, ...], "count, gpu, pue?, ...")``."""
    return [(list(s.functions), ", ".join(i.calc_param for i in s.inputs)) for s in SPECS.values() if s.functions]


__all__ = ["SPECS", "Function", "Input", "Spec", "function_groups", "functions"]
