"""A command's values on their way to its formula.

Each command gathers its values (what the user gave and the catalogue figures it assumes,
each with its source, as declared by its :class:`~estimator.commands.spec.Input` records)
and then runs a *formula*: a pure function from those values to the outputs. Keeping the
formula apart lets :func:`~estimator.tornado.sensitivity` re-run it with one input at its
low and then its high end, the others at their typical values (a tornado).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Callable

from estimator.catalogue.schema import bounds_problem
from estimator.errors import DimensionError, InputError, MissingFigure
from estimator.results import Assumption, Output, Result
from estimator.values import Estimate, fit

if TYPE_CHECKING:
    from estimator.catalogue import Accelerator, Catalogue, Figure
    from estimator.commands.spec import Input

Values = dict[str, "Estimate"]
Formula = Callable[[Values], list[Output]]

KINDS = {
    "USD": "sum of money",
    "USD/yr": "rate of spending",
    "GPU": "count",
    "USD/GPU": "price per accelerator",
    "USD/GPU/h": "price per GPU-hour",
    "USD/kWh": "price of energy",
    "kg/kWh": "carbon intensity",
    "FLOP": "number of operations",
    "yr": "duration",
    "d": "duration",
    "": "plain number",
}


def require(est: Estimate, unit: str, what: str, example: str) -> Estimate:
    """``est`` in ``unit`` (a plain number reads as money, a count, days...), or a DimensionError."""
    value = fit(est, unit, allow_plain=True)
    if value is None:
        got = est.unit_text or "a plain number"
        raise DimensionError(f"{what}: {est} is in {got}, not a {KINDS.get(unit, unit)}", f"write it like {example}")
    return value


def whole_count(est: Estimate, what: str) -> Estimate:
    """A count of accelerators: one value must be whole (up to float noise: 0.1 * 3 * 1000 is
    300); the ends of a range (``7 ±10%``, ``1..2``) are rounded outward, so it only widens, and
    its typical value (the midpoint) may fall between two counts."""

    def snapped(x: float) -> float:
        near = float(round(x))
        return near if abs(x - near) <= 1e-9 * max(1.0, abs(x)) else x

    low, typical, high = snapped(est.low), snapped(est.typical), snapped(est.high)
    if est.is_exact and typical != math.floor(typical):
        raise InputError(
            f"{what}: {est.typical!r} is not a whole number of accelerators", "give a whole count, e.g. 8 or 100k"
        )
    return Estimate(typical, float(math.floor(low)), float(math.ceil(high)), est.unit)


def positive(est: Estimate, what: str, example: str) -> Estimate:
    if est.low <= 0:
        raise InputError(f"{what} must be more than zero, got {est}", f"write it like {example}")
    return est


def catalogue_assumption(cat: Catalogue, fig: Figure, label: str, unit: str) -> Assumption:
    """A stored figure as used in a calculation: the figure's value in ``unit``, its sources
    resolved, and the label the calculation gives it."""
    return Assumption(
        key=fig.name,
        label=label,
        estimate=fig.estimate.to(unit),
        sources=tuple(cat.source(s) for s in fig.sources),
        as_of=fig.as_of,
        note=fig.note,
    )


def user_assumption(key: str, label: str, est: Estimate) -> Assumption:
    return Assumption(key=key, label=label, estimate=est, origin="user", note="given on the command line")


class Model:
    """A command's values, with the assumptions behind them, ready for its formula."""

    def __init__(self, command: str, cat: Catalogue | None = None) -> None:
        self.command = command
        self.cat = cat
        self.values: Values = {}
        self.labels: dict[str, str] = {}
        self.inputs: dict[str, object] = {}
        self.assumptions: list[Assumption] = []
        self.skipped: list[str] = []  # the parts not computed, and why (also in the notes)

    def given(self, inp: Input, est: Estimate, label: str | None = None) -> Estimate:
        """A value the user typed (a positive quantity of its unit; a count of GPUs is whole)."""
        value = positive(require(est, inp.unit, inp.what, inp.example), inp.what, inp.example).to(inp.unit)
        if inp.unit == "GPU":
            value = whole_count(value, inp.what)
        self.values[inp.name] = value
        self.labels[inp.name] = label or inp.label
        self.inputs[inp.name] = value
        return value

    def figure(self, name: str, acc: Accelerator, key: str, label: str, unit: str) -> Estimate:
        """A figure of an accelerator from the catalogue."""
        assert self.cat is not None
        return self._use(name, catalogue_assumption(self.cat, acc.figure(key), label, unit))

    def point(self, inp: Input, acc: Accelerator, as_of: str | None, given: Estimate | None) -> Estimate:
        """A dated price: the user's, or the catalogue's latest at ``as_of``."""
        assert self.cat is not None and inp.point is not None
        label = f"{acc.name} {inp.label}"
        if given is not None:
            value = positive(require(given, inp.unit, inp.what, inp.example), inp.what, inp.example).to(inp.unit)
            self.inputs[inp.name] = value
            return self._use(inp.name, user_assumption(f"{acc.name}.{inp.point}", label, value))
        return self._use(inp.name, catalogue_assumption(self.cat, acc.point(inp.point, as_of), label, inp.unit))

    def setting(
        self, inp: Input, given: Estimate | None, label: str | None = None, note: str | None = None
    ) -> Estimate:
        """A default: the user's value or the catalogue's (or the input's fallback when the
        catalogue has none), within the default's bounds (``catalogue.schema``'s, which
        validation checks too). ``note`` replaces the catalogue's note (a value forced by a
        price point, say)."""
        key = inp.setting
        assert key is not None
        label = label or inp.label
        if given is not None:
            est = require(given, inp.unit, inp.what, inp.example)
            self.inputs[inp.name] = est
            a = user_assumption(f"defaults.{key}", label, est)
            if note:
                a = a.replace(origin="catalogue", note=note)
        elif inp.fallback is not None and (self.cat is None or self.cat.default_or(key, None) is None):
            a = Assumption(
                f"defaults.{key}", label, Estimate.exact(inp.fallback), origin="default", note="not in the catalogue"
            )
        else:
            assert self.cat is not None
            a = catalogue_assumption(self.cat, self.cat.default(key), label, inp.unit)
        problem = bounds_problem(key, a.estimate)
        if problem:
            where = inp.what if given is not None else f"the catalogue's defaults.{key}"
            raise InputError(f"{where} {problem}", f"write it like {inp.example}")
        return self._use(inp.name, a)

    def optional(self, notes: list[str], what: str, gather: Callable[[], object]) -> bool:
        """Gather a part's figures; when the catalogue lacks one, say so in the notes and go on."""
        try:
            gather()
        except MissingFigure as exc:
            note = f"{what} not computed: {exc.message} ({exc.hint})"
            notes.append(note)
            self.skipped.append(note)
            return False
        return True

    def _use(self, name: str, a: Assumption) -> Estimate:
        self.values[name] = a.estimate
        self.labels[name] = a.label
        self.assumptions.append(a)
        return a.estimate

    def run(
        self, formula: Formula, notes: list[str], breakdown: list[str] | None = None, keys: tuple[str, ...] = ()
    ) -> Result:
        """Run the formula; ``keys`` are every result key the command documents (null in JSON
        when this run could not compute one)."""
        outputs = formula(self.values)
        result = Result(self.command, dict(self.inputs), self.assumptions, outputs, notes, keys=keys)
        result.skipped = list(self.skipped)
        result.formula = formula
        result.values = dict(self.values)
        result.labels = dict(self.labels)
        result.breakdown = breakdown or []
        return result
