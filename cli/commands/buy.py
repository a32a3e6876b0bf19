from typing import Annotated, Optional

import typer

from cli.options import Options, common_options, complete_gpu

EPILOG = """\b
Examples:
  gpucost buy '$6B' --gpu H100
  gpucost buy '6 billion USD' --gpu H100 --price '25000..40000 USD'
  gpucost buy '$6B' --gpu H100 -q          # bare number, for $(...)
  gpucost buy '$6B' --gpu H100 --json --explain
"""


def register(app: typer.Typer) -> None:
    app.command(epilog=EPILOG)(buy)


@common_options
def buy(
    budget: Annotated[
        str,
        typer.Argument(
            metavar="BUDGET",
            help="Money to spend: '$6B', '6e9 USD', '$6 billion' (single quotes keep the $).",
        ),
    ],
    gpu: Annotated[
        str,
        typer.Option(
            "--gpu",
            "-g",
            metavar="NAME",
            autocompletion=complete_gpu,
            help="Accelerator name or alias, e.g. H100 (see gpucost gpus).",
        ),
    ],
    price: Annotated[
        Optional[str],
        typer.Option(metavar="PRICE", help="Unit price instead of the catalogue's: '$30k', '25000..40000 USD'."),
    ] = None,
    sensitivity: Annotated[
        bool, typer.Option("--sensitivity", help="Show which input's range moves the result most.")
    ] = False,
    opts: Options = Options(),
) -> None:
    """How many GPUs a budget buys at the catalogue's (or a given) unit price."""
    from cli.render import render
    from estimator.api import buy as compute

    result = compute(budget, gpu, price=price, as_of=opts.as_of, catalogue=opts.catalogue)
    render(result, opts, sensitivity)
