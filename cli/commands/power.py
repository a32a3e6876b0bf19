from typing import Annotated

import typer

from cli.options import (
    Command,
    Electricity,
    Gpu,
    Grid,
    ItOverhead,
    Options,
    Pue,
    Sensitivity,
    SensitivityOf,
    common_options,
)

EPILOG = """\b
Examples:
  gpucost power 100k --gpu H100
  gpucost power 100,000 --gpu H100 --pue 1.1..1.4 --electricity '0.05..0.10 USD/kWh'
  gpucost power 100k --gpu H100 -q         # facility power in MW
  gpucost power 20k --gpu B200 --json --grid world
  gpucost power 100k --gpu H100 --sensitivity
"""


def register(app: typer.Typer) -> None:
    app.command(epilog=EPILOG, cls=Command)(power)


@common_options(as_of=False)
def power(
    count: Annotated[str, typer.Argument(metavar="COUNT", help="How many accelerators: 100k, 100,000, 1.5M.")],
    gpu: Gpu,
    pue: Pue = None,
    electricity: Electricity = None,
    it_overhead: ItOverhead = None,
    grid: Grid = None,
    sensitivity: Sensitivity = False,
    sensitivity_of: SensitivityOf = None,
    opts: Options = Options(),
) -> None:
    """Power a cluster draws: chips, IT load, facility (x PUE), energy, its bill and CO2 per year."""
    from cli.render import render
    from estimator.api import power as compute

    settings = {"pue": pue, "electricity": electricity, "it_overhead": it_overhead, "grid": grid}
    result = compute(count, gpu, **settings, catalogue=opts.catalogue)
    render(result, opts, sensitivity, sensitivity_of)
