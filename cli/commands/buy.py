from typing import Annotated

import typer

from cli.options import Command, Gpu, Options, Price, Sensitivity, SensitivityOf, common_options

EPILOG = """\b
Examples:
  gpucost buy '$6B' --gpu H100
  gpucost buy '6 billion USD' --gpu H100 --price '25000..40000 USD'
  gpucost buy '$6B' --gpu H100 -q          # bare number, for $(...)
  gpucost buy '$6B' --gpu H100 --json --explain
"""


def register(app: typer.Typer) -> None:
    app.command(epilog=EPILOG, cls=Command)(buy)


@common_options
def buy(
    budget: Annotated[
        str,
        typer.Argument(
            metavar="BUDGET",
            help="Money to spend: '$6B', '6e9 USD', '$6 billion' (single quotes keep the $).",
        ),
    ],
    gpu: Gpu,
    price: Price = None,
    sensitivity: Sensitivity = False,
    sensitivity_of: SensitivityOf = None,
    opts: Options = Options(),
) -> None:
    """How many GPUs a budget buys at the catalogue's (or a given) unit price."""
    from cli.render import render
    from estimator.api import buy as compute

    result = compute(budget, gpu, price=price, as_of=opts.as_of, catalogue=opts.catalogue)
    render(result, opts, sensitivity, sensitivity_of)
