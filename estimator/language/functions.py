"""calc functions: the number commands, called with arguments bound by their declaration.

A call takes positions in declaration order or keywords; a bare name is an accelerator, a
region or a choice; every other argument is an expression. The command runs as it does on the
command line and the call's value is the command's declared output.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from estimator.commands import functions as declared
from estimator.commands.spec import CHOICE, GPU, GRID, Function, Input, Spec
from estimator.errors import CalcError, EstimatorError, Span, close_matches
from estimator.language.parse import Call, Lit, Name, Node

if TYPE_CHECKING:
    from estimator.language.evaluate import Context
    from estimator.values import Estimate

Evaluate = Callable[[Node, "Context"], "Estimate"]


def functions() -> dict[str, tuple[Spec, Function]]:
    return declared()


def signature(spec: Spec, fn: Function) -> str:
    """``train_days(params?, tokens?, gpu, ...)``: the calc spelling of a function's arguments."""
    return f"{fn.name}({', '.join(i.calc_param for i in spec.inputs)})"


def at(col: int) -> Span:
    return Span(col - 1, col)


def call(node: Call, ctx: Context, evaluate: Evaluate) -> Estimate:
    """The value of a function call."""

    table = functions()
    where = at(node.col)
    if node.func not in table:
        close = close_matches(node.func, list(table), n=1)
        hint = f"did you mean {close[0]}?" if close else "functions: " + ", ".join(table)
        raise CalcError(f"unknown function {node.func!r}", hint, where)
    spec, fn = table[node.func]
    inputs = {i.name: i for i in spec.inputs}
    names = list(inputs)
    usage = signature(spec, fn)
    if len(node.args) > len(names):
        raise CalcError(f"{node.func} {{at}} takes at most {len(names)} arguments", usage, where)
    bound: dict[str, Any] = {}
    for pname, arg in zip(names, node.args, strict=False):
        bound[pname] = argument(inputs[pname], arg, ctx, evaluate)
    for key, arg in node.kwargs:
        if key not in inputs:
            raise CalcError(f"{node.func} has no argument {key!r}", usage, where)
        if key in bound:
            raise CalcError(f"{node.func} got {key!r} twice", usage, where)
        bound[key] = argument(inputs[key], arg, ctx, evaluate)
    missing = [i.name for i in spec.inputs if i.required and i.name not in bound]
    if missing:
        raise CalcError(f"{node.func} {{at}} needs {', '.join(missing)}", usage, where)
    try:
        result = spec.call(bound, ctx.catalogue if spec.catalogue else None, ctx.as_of)
    except CalcError:
        raise
    except EstimatorError as exc:
        raise CalcError(f"{node.func}(...) {{at}}: {exc.message}", exc.hint, where) from None
    for a in result.assumptions:
        if a.origin == "catalogue":
            ctx.use(a)
    for o in result.outputs:
        if o.key == fn.output:
            value: Estimate = o.estimate
            return value
    why = result.skipped
    hint = "give the missing figure as an argument" if why else usage
    reason = f": {why[0]}" if why else ""
    raise CalcError(f"{node.func} {{at}} has no result{reason}", hint, where)


def argument(inp: Input, arg: Node, ctx: Context, evaluate: Evaluate) -> Any:
    """An argument's value: a bare name for an accelerator, a region or a choice; otherwise
    the expression's value."""
    if inp.kind in (GRID, CHOICE, GPU) and isinstance(arg, Lit) and arg.word:
        return arg.word  # grid=us is the US region, not a microsecond
    if inp.kind in (GRID, CHOICE) and isinstance(arg, Name):
        return arg.name
    if inp.kind == GPU:
        if isinstance(arg, Name):
            return arg.name
        if isinstance(arg, Lit) and arg.value.is_exact and not arg.value.unit_text:
            raise CalcError("expected an accelerator name", "e.g. buy($6B, H100)", at(arg.col))
        raise CalcError(f"expected an accelerator name for {inp.name}", "e.g. H100, B200, MI300X")
    if inp.kind == CHOICE:
        raise CalcError(
            f"expected one of {', '.join(inp.choices)} for {inp.name}", f"e.g. {inp.name}={inp.choices[-1]}"
        )
    if isinstance(arg, Name):
        raise CalcError(
            f"{arg.name!r} {{at}} is not a value for {inp.name}", "give a quantity, e.g. $6B or 100k", at(arg.col)
        )
    return evaluate(arg, ctx)
