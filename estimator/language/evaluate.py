"""The value of a calc syntax tree: estimate arithmetic, catalogue references, conversions.

Every result is checked to be finite; an error points at the operator or name that caused it.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from estimator.catalogue.schema import ACCELERATOR_FIELDS, DEFAULT_FIGURES, GPU_POINTS
from estimator.commands.model import catalogue_assumption
from estimator.errors import CalcError, EstimatorError, Span, close_matches
from estimator.language import functions
from estimator.language.literal import unit_of
from estimator.language.parse import MAX_DEPTH, BinOp, Convert, Default, Lit, Name, Neg, Node, Pow, Ref, parse
from estimator.results import Assumption
from estimator.units import MAX_POWER
from estimator.values import Estimate, NumberOutOfRange

if TYPE_CHECKING:
    from estimator.catalogue import Catalogue

__all__ = ["MAX_DEPTH", "MAX_EXPONENT", "FIELDS", "Context", "calculate", "evaluate"]

MAX_EXPONENT = 64

# An accelerator's fields calc reads (``H100.tdp``), from the catalogue's field table.
FIELDS = {f.key: f.unit for f in ACCELERATOR_FIELDS}


@dataclass
class Context:
    """What an evaluation may read: the catalogue (loaded on first use) and a price date."""

    catalogue_loader: Callable[[], Catalogue]
    as_of: str | None = None
    assumptions: list[Assumption] = field(default_factory=list)
    _catalogue: Catalogue | None = None

    @property
    def catalogue(self) -> Catalogue:
        if self._catalogue is None:
            self._catalogue = self.catalogue_loader()
        return self._catalogue

    def use(self, assumption: Assumption) -> None:
        if all(a.key != assumption.key for a in self.assumptions):
            self.assumptions.append(assumption)


def at(col: int) -> Span:
    return Span(col - 1, col)


def evaluate(node: Node, ctx: Context) -> Estimate:
    """The value of a parsed expression."""
    if isinstance(node, Lit):
        return node.value
    if isinstance(node, Ref):
        return _reference(node, ctx)
    if isinstance(node, Default):
        return _default(node, ctx)
    if isinstance(node, Neg):
        return -evaluate(node.operand, ctx)
    if isinstance(node, BinOp):
        return _binary(node, ctx)
    if isinstance(node, Pow):
        return _pow(node, ctx)
    if isinstance(node, Convert):
        return _convert(node, ctx)
    if isinstance(node, Name):
        if node.name in functions.functions():
            raise CalcError(f"{node.name} {{at}} is a function", f"call it: {node.name}(...)", at(node.col))
        hint = "write a field, e.g. H100.price, or a unit such as MW"
        raise CalcError(f"{node.name!r} {{at}} is not a value", hint, at(node.col))
    return functions.call(node, ctx, evaluate)


def calculate(text: str, ctx: Context) -> Estimate:
    """Parse and evaluate ``text``; the assumptions it used are added to ``ctx``."""
    tree = parse(text)  # the parser bounds the tree, so evaluating cannot recurse too deep
    try:
        return evaluate(tree, ctx)
    except OverflowError:  # pint's unit conversion factors, e.g. (1 MW)**64 in grams and metres
        raise CalcError(
            "the result overflows: its unit's conversion factor is beyond what a float holds (1.8e308)",
            "use a smaller power or convert to a unit nearer the result's",
        ) from None


def _default(node: Default, ctx: Context) -> Estimate:
    if node.key not in DEFAULT_FIGURES:
        raise CalcError(
            f"unknown default {node.key!r}", "defaults are " + ", ".join(sorted(DEFAULT_FIGURES)), at(node.col)
        )
    fig = ctx.catalogue.default(node.key)
    a = catalogue_assumption(ctx.catalogue, fig, f"default {node.key}", DEFAULT_FIGURES[node.key])
    ctx.use(a)
    return a.estimate


def _binary(node: BinOp, ctx: Context) -> Estimate:
    left, right = evaluate(node.left, ctx), evaluate(node.right, ctx)
    try:
        if node.op == "*":
            out = (left * right).reduced()
        elif node.op == "/":
            out = (left / right).reduced()
        elif node.op == "+":
            out = left + right
        else:
            out = left - right
    except NumberOutOfRange as exc:
        raise CalcError(f"the result {exc.direction}", exc.hint, at(node.col)) from None
    except OverflowError:  # pint's unit arithmetic on W*W*...*W
        raise _unit_power(node.col) from None
    except EstimatorError as exc:
        if node.op in "+-":
            verb, prep = ("add", "to") if node.op == "+" else ("subtract", "from")
            raise CalcError(
                f"cannot {verb} {_units(right)} {prep} {_units(left)}",
                "both sides of + and - need the same kind of unit",
                at(node.col),
            ) from None
        raise CalcError(exc.message, exc.hint, at(node.col)) from None
    if any(abs(p) > MAX_POWER for p in out.unit._units.values()):
        raise _unit_power(node.col)
    return _finite(out, node.col)


def _unit_power(col: int) -> CalcError:
    return CalcError(
        f"the unit of the result {{at}} has a power beyond {MAX_POWER}",
        f"a unit's powers go up to {MAX_POWER} (W**64)",
        at(col),
    )


def _pow(node: Pow, ctx: Context) -> Estimate:
    base, exponent = evaluate(node.base, ctx), evaluate(node.exponent, ctx)
    if not exponent.is_exact or exponent.unit_text:
        raise CalcError("the exponent {at} must be a plain number", "e.g. 2 ** 10", at(node.col))
    e = exponent.typical
    if abs(e) > MAX_EXPONENT:
        raise CalcError(f"exponent {e:g} {{at}} is over {MAX_EXPONENT}", "use a smaller power", at(node.col))
    try:
        return _finite(_power(base, e, node.col).reduced(), node.col)
    except NumberOutOfRange as exc:
        raise CalcError(f"the result {exc.direction}", exc.hint, at(node.col)) from None


def _convert(node: Convert, ctx: Context) -> Estimate:
    value = evaluate(node.operand, ctx)
    try:
        return value.to(unit_of(node.unit, at(node.col)))
    except NumberOutOfRange as exc:
        raise CalcError(f"the result {exc.direction}", exc.hint, at(node.col)) from None
    except CalcError:
        raise
    except EstimatorError:
        raise CalcError(
            f"cannot convert {_units(value)} to {node.unit}", "the units measure different things", at(node.col)
        ) from None


def _units(value: Estimate) -> str:
    return value.unit_text or "a plain number"


def _finite(value: Estimate, col: int) -> Estimate:
    if not all(math.isfinite(x) for x in (value.low, value.typical, value.high)):
        raise CalcError("the result overflows", "the numbers are too large", at(col))
    return value


def _power(base: Estimate, e: float, col: int) -> Estimate:
    if e < 0 and base.low <= 0 <= base.high:
        raise CalcError(
            f"a range that includes zero cannot be raised to the power {e:g}",
            "a negative power of zero is unbounded; narrow the range",
            at(col),
        )
    try:
        corners = [base.low**e, base.high**e]
        typical = base.typical**e
        if base.low < 0 < base.high and e > 0:
            corners.append(0.0)
        unit: Any = base.unit**e
    except (OverflowError, ZeroDivisionError, ValueError, TypeError):
        raise CalcError(f"cannot raise to the power {e:g}", "the result is out of range", at(col)) from None
    if any(isinstance(c, complex) for c in [*corners, typical]):
        raise CalcError("negative number to a fractional power", "use a whole power", at(col))
    for x, y in ((base.low, corners[0]), (base.high, corners[1]), (base.typical, typical)):
        if x != 0 and abs(y) < sys.float_info.min:
            raise CalcError("the power {at} is too small a number (below 2.2e-308)", "use a smaller power", at(col))
    return Estimate(float(typical), float(min(corners)), float(max(corners)), unit)


def _reference(node: Ref, ctx: Context) -> Estimate:

    if node.field not in FIELDS:
        close = close_matches(node.field, list(FIELDS), n=1)
        hint = f"did you mean {node.gpu}.{close[0]}?" if close else "fields are " + ", ".join(FIELDS)
        start = node.col + len(node.gpu)
        raise CalcError(f"unknown field {node.field!r}", hint, Span(start, start + len(node.field)))
    try:
        acc = ctx.catalogue.gpu(node.gpu)
        fig = acc.point(node.field, ctx.as_of) if node.field in GPU_POINTS else acc.figure(node.field)
    except EstimatorError as exc:
        raise CalcError(exc.message, exc.hint, Span(node.col - 1, node.col - 1 + len(node.gpu))) from None
    a = catalogue_assumption(ctx.catalogue, fig, f"{acc.name} {node.field}", FIELDS[node.field])
    ctx.use(a)
    return a.estimate
