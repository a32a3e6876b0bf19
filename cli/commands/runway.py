from typing import Annotated

import typer

from cli.options import Command, Options, Sensitivity, SensitivityOf, common_options

EPILOG = """\b
Examples:
  gpucost runway '$6B' --burn '$3B..$6B/yr'
  gpucost runway '6e9 USD' --burn '3e9 USD/yr' -q     # years
  gpucost runway '$6B' --burn '$4B/yr ±25%' --json
"""


def register(app: typer.Typer) -> None:
    app.command(epilog=EPILOG, cls=Command)(runway)


@common_options(catalogue=False, as_of=False)
def runway(
    budget: Annotated[str, typer.Argument(metavar="BUDGET", help="Money available: '$6B', '6e9 USD'.")],
    burn: Annotated[
        str,
        typer.Option(
            "--burn",
            "-b",
            metavar="RATE",
            help="Rate of spending: '$3B/yr', '$3B..$6B/yr', '250M USD/month'.",
        ),
    ],
    sensitivity: Sensitivity = False,
    sensitivity_of: SensitivityOf = None,
    opts: Options = Options(),
) -> None:
    """How long money lasts at a rate of spending."""
    from cli.render import render
    from estimator.api import runway as compute

    render(compute(budget, burn), opts, sensitivity, sensitivity_of)
