import inspect
from typing import Annotated, Any, Callable

import typer

from cli import invoke
from cli.options import Command, shared_parameters
from estimator.commands import function_groups

EPILOG = """\b
Examples:
  gpucost calc '6e9 USD / H100.price'
  gpucost calc '100k GPU * H100.system_power * defaults.pue to MW'
  gpucost calc 'buy($6B, H100) / 20k'
  gpucost calc '100 MW / (H100.system_power * (1 + defaults.it_overhead) * defaults.pue) to GPU'
  gpucost calc '$10B / H100.rental to GPU*h' --as-of 2024-05 --explain
  gpucost calc '25000..40000 USD * 8' -q

\b
Language:
  numbers and units    6e9 USD, $6B, $3B/yr, 100k, 1.5M, 700 W, 0.08 USD/kWh
  ranges               25000..40000 USD, $3B..$6B/yr, 30000 USD ±20%
  operators            + - * / ** ( ), and 'to UNIT' to convert
  catalogue            H100.price .rental .tdp .system_power .memory .bandwidth
                       .bf16_dense .fp8_dense; defaults.pue .electricity_price
                       .it_overhead .grid_carbon .mfu .depreciation_years ...
"""


def functions_help(width: int = 90) -> str:
    """The functions part of the epilog, from the commands' declarations: each group's names,
    then its arguments (``?`` marks one that may be left out)."""
    import textwrap

    lines = []
    pad = " " * 23
    for group, params in function_groups():
        names = " / ".join(f.name for f in group)
        lines += textwrap.wrap(names, width, initial_indent=pad, subsequent_indent=pad)
        lines += textwrap.wrap(f"({params})", width, initial_indent=pad + "  ", subsequent_indent=pad + "   ")
    lines[0] = "  functions" + lines[0][len("  functions") :]
    return "\n".join(lines) + "\n"


def register(app: typer.Typer) -> None:
    app.command(epilog=EPILOG + functions_help(), cls=Command)(command())


def command() -> Callable[..., int]:
    """calc for typer: its argument (declared as ``invoke.EXPRESSION``, which the fast path reads too)
    and the shared options, handed to ``cli.invoke.calc``."""

    def calc(**kwargs: Any) -> int:
        return invoke.calc(kwargs)

    info = typer.Argument(metavar=invoke.EXPRESSION.metavar, help=invoke.EXPRESSION.help)
    keyword = inspect.Parameter.KEYWORD_ONLY
    params = [inspect.Parameter(invoke.EXPRESSION.name, keyword, annotation=Annotated[str, info]), *shared_parameters()]
    calc.__doc__ = SUMMARY
    calc.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    calc.__annotations__ = {p.name: p.annotation for p in params}
    return calc


SUMMARY = "Evaluate a unit-aware expression over catalogue figures, with ranges."
