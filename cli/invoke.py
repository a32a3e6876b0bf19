"""What buy, power, runway, train, cluster and calc do once their arguments are read.

Both parsers call these: the typer commands (``cli/commands/build.py``, ``calc.py``) and the
one-liner's fast path (``cli/fast.py``), with every parameter's value by its Python name, so
the checks, the computation and the output are one code whichever parser read the line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cli.render import emit
from cli.reports import NumberReport
from cli.shared import EVERY, OPTION_OF, QUIET, Options, Param, UsageError, options
from cli.shell import check_dollar, check_expression
from estimator.commands import spec_of
from estimator.commands.spec import CHOICE, GPU, GRID, named_as_options

if TYPE_CHECKING:
    from estimator.commands.spec import Spec

# calc's one argument (its shared options are all of them)
EXPRESSION = Param(
    "expression", metavar="EXPR", help="The expression, in single quotes.", required=True, positional=True
)


class UnexpectedEOF(RuntimeError):
    """An EOFError inside a command: a bug, reported as one error line."""


def honours(spec: Spec) -> tuple[str, ...]:
    """The shared options a number command takes: ``--as-of`` only when it reads dated prices,
    ``--catalogue`` only when it reads the catalogue."""
    return tuple(o for o in EVERY if (spec.catalogue or o != "catalogue") and (spec.dated or o != "as_of"))


def shared_options(given: dict[str, Any]) -> Options:
    """Pop the shared options' values out of ``given`` and read them."""
    return options({name: given.pop(name) for name in OPTION_OF.values() if name in given})


def number(name: str, given: dict[str, Any]) -> int:
    """Run the number command ``name`` on the values read (inputs, --sensitivity/-of and the
    shared options it honours, by Python name); returns the exit code."""

    spec = spec_of(name)
    given = dict(given)
    with named_as_options():  # on the command line an input is its option: --price
        opts = shared_options(given)
        for inp in spec.inputs:
            if inp.kind not in (GPU, GRID, CHOICE) and isinstance(given.get(inp.name), str):
                check_dollar(given[inp.name], inp.what, money="USD" in inp.unit)
        sensitivity, sensitivity_of = given.pop("sensitivity"), given.pop("sensitivity_of")
        if (sensitivity or sensitivity_of) and opts.format not in ("table", "json"):
            shown = "-q" if opts.format == QUIET else f"--format {opts.format}"
            raise UsageError(
                f"the sensitivity view shows in the table and in --json, not with {shown}", "'--sensitivity'"
            )
        values = {i.name: given.pop(i.name) for i in spec.inputs}  # both parsers give every one
        assert not given, f"{name} has no parameters {sorted(given)}"
        result = spec.call(values, opts.catalogue if spec.catalogue else None, opts.as_of if spec.dated else None)
        return _emit(result, opts, sensitivity, sensitivity_of)


def calc(given: dict[str, Any]) -> int:
    """Run calc on the values read (the expression and the shared options)."""
    given = dict(given)
    opts = shared_options(given)
    from estimator import api  # LAZY: the evaluator loads when a command runs, not for --help

    expression = given["expression"]
    check_expression(expression)
    return _emit(api.calc(expression, as_of=opts.as_of, catalogue=opts.catalogue), opts)


def _emit(result: Any, opts: Options, sensitivity: bool = False, of: str | None = None) -> int:
    return emit(NumberReport(result, sensitivity, of), opts.format, explain=opts.explain)
